import type { TestProject } from 'vitest/node';
import { startTestServer } from './postgres-server';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The connection string of the PostgreSQL server the tests use. */
    databaseUrl: string;
  }
}

/**
 * vitest globalSetup of this package: `DATABASE_URL` when set, otherwise a throwaway server
 * (see `postgres-server.ts`), stopped after the run.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const given = process.env.DATABASE_URL;
  if (given !== undefined && given !== '') {
    project.provide('databaseUrl', given);
    return () => {};
  }
  const server = await startTestServer();
  project.provide('databaseUrl', server.url);
  return () => server.stop();
}

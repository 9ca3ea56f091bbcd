import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['dev-source'] },
  ssr: { resolve: { conditions: ['dev-source'] } },
  test: {
    name: 'adapters-postgres',
    include: ['src/**/*.test.ts'],
    // Starts a PostgreSQL server (or uses DATABASE_URL) for postgres-adapter.test.ts.
    globalSetup: ['src/test-support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});

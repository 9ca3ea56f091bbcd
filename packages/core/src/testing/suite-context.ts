import { afterAll, beforeAll, expect } from 'vitest';
import { createTicketing, type Ticketing } from '../desk';
import type { Logger } from '../events';
import type { StorageCapabilities, StoragePort } from '../storage/port';
import type { StorageConformanceOptions } from './conformance';
import { createTestClock, type TestClock } from './test-clock';

/** What every suite module of the kit receives. Internal to the kit. */
export interface SuiteContext {
  readonly options: StorageConformanceOptions;
  /** Seed of the generated comparisons. */
  readonly seed: number;
  /** Timeout of tests that run many commands (desk scenarios, races). */
  readonly slowTimeout: number;
}

/**
 * Registers `beforeAll`/`afterAll` hooks that create one storage for the enclosing
 * `describe` and destroy it afterwards; returns its accessor (valid inside tests).
 */
export function useGroupStorage(context: SuiteContext): () => StoragePort {
  let storage: StoragePort | undefined;
  beforeAll(async () => {
    storage = await context.options.createStorage();
  });
  afterAll(async () => {
    if (storage !== undefined) await destroy(context, storage);
    storage = undefined;
  });
  return () => {
    if (storage === undefined) throw new Error('The group storage is only available inside a test');
    return storage;
  };
}

/** Runs `body` on a storage of its own, destroyed afterwards (for checks of cross-tenant state). */
export async function withFreshStorage<T>(
  context: SuiteContext,
  body: (storage: StoragePort) => Promise<T>,
): Promise<T> {
  const storage = await context.options.createStorage();
  try {
    return await body(storage);
  } finally {
    await destroy(context, storage);
  }
}

async function destroy(context: SuiteContext, storage: StoragePort): Promise<void> {
  if (context.options.destroyStorage !== undefined) await context.options.destroyStorage(storage);
  else await storage.close?.();
}

/** The capabilities of a storage with every documented default applied. */
export function capabilitiesOf(storage: StoragePort): Required<StorageCapabilities> {
  return {
    concurrentTransactions: storage.capabilities.concurrentTransactions ?? false,
    durable: storage.capabilities.durable ?? false,
  };
}

/** A logger that keeps what it receives, so tests can assert that nothing failed quietly. */
export interface RecordingLogger extends Logger {
  readonly errors: Array<{ message: string; context: Record<string, unknown> | undefined }>;
}

/** A logger that records instead of printing. */
export function recordingLogger(): RecordingLogger {
  const errors: RecordingLogger['errors'] = [];
  return {
    errors,
    error: (message, context) => {
      errors.push({ message, context });
    },
    warn: () => {},
  };
}

/** A desk over `storage` with a test clock and a recording logger. */
export function testDesk(
  storage: StoragePort,
  start: Date | string = '2024-03-04T09:00:00.000Z',
): { desk: Ticketing; clock: TestClock; logger: RecordingLogger } {
  const clock = createTestClock(start);
  const logger = recordingLogger();
  return { desk: createTicketing({ storage, clock, logger }), clock, logger };
}

/** The error a promise rejects with; fails the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('Expected the call to fail, but it succeeded');
}

/** Asserts that `promise` rejects with a ticketkit error of `code`, and returns the error. */
export async function expectErrorCode(
  promise: Promise<unknown>,
  code: string,
): Promise<{ code: string; details: Record<string, unknown> }> {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(Error);
  expect(error).toMatchObject({ code });
  return error as { code: string; details: Record<string, unknown> };
}

/** The codes of the rejected results of `Promise.allSettled`, in order. */
export function rejectionCodes(results: PromiseSettledResult<unknown>[]): unknown[] {
  return results
    .filter((result): result is PromiseRejectedResult => result.status === 'rejected')
    .map((result) => (result.reason as { code?: unknown }).code ?? String(result.reason));
}

/** The fulfilled values of `Promise.allSettled`, in order. */
export function fulfilledValues<T>(results: PromiseSettledResult<T>[]): T[] {
  return results
    .filter((result): result is PromiseFulfilledResult<Awaited<T>> => result.status === 'fulfilled')
    .map((result) => result.value as T);
}

/** Ids sorted, for order-insensitive comparisons. */
export function sortedIds(rows: ReadonlyArray<{ id: string }>): string[] {
  return rows.map((row) => row.id).sort();
}

/** Sorts records by id (string order), for comparisons of "any order" results. */
export function byId<T extends { id: string }>(rows: T[]): T[] {
  return [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Waits for the next macrotask: lets other pending work (other transactions) run. */
export function nextTick(ms = 0): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

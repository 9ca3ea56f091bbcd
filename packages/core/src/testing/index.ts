/**
 * The storage conformance kit: the checks every ticketkit storage adapter runs from its own
 * test file, plus the test clock and record builders adapter tests need.
 * Requires `vitest` (an optional peer dependency of `@ticketkit/core`).
 *
 * @example
 * ```ts
 * import { runStorageConformance } from '@ticketkit/core/testing';
 * import { memoryAdapter } from '@ticketkit/adapters-memory';
 *
 * runStorageConformance({ name: 'memory', createStorage: async () => memoryAdapter() });
 * ```
 * @packageDocumentation
 */

export {
  type InspectedRowKind,
  type RawStorageInspector,
  runStorageConformance,
  type StorageConformanceOptions,
} from './conformance';
export {
  assertLedgerExtends,
  type CreditSnapshot,
  creditInvariantViolations,
  readCreditSnapshot,
} from './credit-invariants';
export { CREDIT_VECTORS, type CreditVector, type CreditVectorOp, runCreditVector } from './credit-vectors';
export {
  buildAgent,
  buildCreditAccount,
  buildCreditBlock,
  buildCreditEntry,
  buildCreditHold,
  buildCsatRating,
  buildCustomer,
  buildEvent,
  buildIdempotencyRecord,
  buildJob,
  buildLink,
  buildMessage,
  buildPipeline,
  buildQueuedTicket,
  buildReadMarker,
  buildSettings,
  buildTeam,
  buildTicket,
  fixtureInstant,
  newId,
  newTenantId,
  sparseTicket,
} from './fixtures';
export { createTestClock, type TestClock } from './test-clock';

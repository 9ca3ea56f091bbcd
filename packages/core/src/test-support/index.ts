/** Helpers shared by core's unit and property tests. Not part of the package. */
export { plusSeconds, START, TestClock } from './clock';
export { type CreditTestDesk, checkCreditInvariantsAfterEach, creditDesk, entryPairs } from './credits';
export {
  AGENT,
  OTHER_TENANT,
  sequentialIds,
  TEAM,
  TENANT,
  type TestDesk,
  type TestDeskOptions,
  testDesk,
  typesOf,
} from './desk';
export { expectError, issueCodes, issuePaths } from './errors';
export { RecordingLogger } from './logger';
export { storedState } from './snapshot';
export { instrumentedStorage, type RepositoryCall, type StorageHooks } from './storage';

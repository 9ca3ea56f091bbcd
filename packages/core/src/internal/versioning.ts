import { VersionConflictError } from '../errors';
import { RetryCommand } from '../storage/gateway';

/**
 * The error for a record that is not at the version a write expected. When the caller
 * stated the version, they get `VERSION_CONFLICT`; when core read it itself, a concurrent
 * writer won the race and the command runs again from a fresh read.
 */
export function versionMismatch(
  entity: string,
  id: string,
  statedVersion: number | undefined,
  actualVersion: number | undefined,
): Error {
  if (statedVersion === undefined) return new RetryCommand(`${entity} ${id} changed concurrently`);
  return new VersionConflictError(entity, id, statedVersion, actualVersion);
}

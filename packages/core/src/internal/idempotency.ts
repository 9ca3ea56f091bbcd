import { IdempotencyConflictError } from '../errors';
import type { JsonValue } from '../json';
import { RetryCommand } from '../storage/gateway';
import type { StorageRepositories } from '../storage/port';
import { fingerprint } from './fingerprint';

/** An idempotent command's key and the payload it was called with. */
export interface IdempotencyClaim {
  tenantId: string;
  scope: string;
  key: string;
  payload: unknown;
}

/**
 * Runs `body` at most once per key, for good: a replay with the same payload gets
 * `replay(storedResult)`, a replay with another payload is `IDEMPOTENCY_CONFLICT`. The key
 * is stored in the same transaction as the body's writes; a concurrent first use makes this
 * command run again, so it then replays.
 */
export async function runIdempotent<T>(
  tx: StorageRepositories,
  claim: IdempotencyClaim,
  now: Date,
  body: () => Promise<T>,
  toStored: (value: T) => JsonValue,
  replay: (stored: JsonValue) => Promise<T>,
): Promise<T> {
  const print = fingerprint(claim.payload);
  const existing = await tx.idempotency.find(claim.tenantId, claim.scope, claim.key);
  if (existing !== null) {
    if (existing.fingerprint !== print) throw new IdempotencyConflictError(claim.scope, claim.key);
    return replay(existing.result);
  }
  const value = await body();
  const written = await tx.idempotency.insert({
    tenantId: claim.tenantId,
    scope: claim.scope,
    key: claim.key,
    fingerprint: print,
    result: toStored(value),
    createdAt: now,
  });
  if (written !== 'ok')
    throw new RetryCommand(`idempotency key ${claim.scope}/${claim.key} taken concurrently`);
  return value;
}

import { HoldExpiredError, InvalidStateError } from '../errors';
import { fingerprint } from '../internal/fingerprint';
import { runIdempotent } from '../internal/idempotency';
import type { JsonValue } from '../json';
import type { CreditEntry, CreditHold } from '../storage/records';
import { invalidInput } from '../validation';
import type { CreditSession } from './credit-session';
import { commitHold, type HoldSpec, placeHold, voidHold } from './holds';

/** Idempotency scopes of credit mutations; a key is unique within its scope and tenant. */
export const CREDIT_SCOPES = {
  grant: 'credits.grant',
  consume: 'credits.consume',
  reserve: 'credits.reserve',
  commit: 'credits.commit',
  void: 'credits.void_hold',
  refund: 'credits.refund',
  refunded: 'credits.refunded',
  changeExpiry: 'credits.change_expiry',
  voidBlock: 'credits.void_block',
} as const;

/** What an idempotent credit mutation stores to replay: its customer, its entries' sequence range, and its record. */
export interface StoredCreditResult {
  customerId: string;
  /** Sequence of the operation's first entry; `last < first` when it wrote none. */
  first: number;
  last: number;
  blockId?: string;
  holdId?: string;
}

/**
 * Runs a credit mutation at most once per `(scope, key)`: the first run's entries are
 * remembered by their sequence range, and a replay returns those entries (and the record in
 * its current state); the same key with another payload is `IDEMPOTENCY_CONFLICT`.
 */
export async function runCreditOnce<T extends { entries: CreditEntry[] }>(
  session: CreditSession,
  scope: string,
  key: string,
  payload: unknown,
  body: () => Promise<T>,
  describe: (value: T) => { blockId?: string; holdId?: string },
  replay: (stored: StoredCreditResult, entries: CreditEntry[]) => Promise<T>,
): Promise<T> {
  const first = session.account.lastSeq + 1;
  const claim = {
    tenantId: session.tenantId,
    scope,
    key,
    payload: { customerId: session.customerId, payload },
  };
  const toStored = (value: T) =>
    ({
      customerId: session.customerId,
      first,
      last: session.account.lastSeq,
      ...describe(value),
    }) as unknown as JsonValue;
  if (session.knownAbsent(scope, key)) {
    // Checked before the account lock (so the lock is held one round trip less), and stored
    // without waiting (insertNew): a concurrent first use that committed since keeps this
    // transaction from committing, and the storage runs it again (then it replays).
    const value = await body();
    await session.tx.idempotency.insertNew({
      tenantId: claim.tenantId,
      scope,
      key,
      fingerprint: fingerprint(claim.payload),
      result: toStored(value),
      createdAt: session.now,
    });
    return value;
  }
  return runIdempotent(session.tx, claim, session.now, body, toStored, async (stored) => {
    const result = stored as unknown as StoredCreditResult;
    return replay(result, await entriesOf(session, result));
  });
}

/** The entries of a stored operation result, in sequence order. */
export async function entriesOf(session: CreditSession, stored: StoredCreditResult): Promise<CreditEntry[]> {
  if (stored.last < stored.first) return [];
  return session.tx.creditLedger.list(session.tenantId, stored.customerId, {
    afterSeq: stored.first - 1,
    limit: stored.last - stored.first + 1,
  });
}

/** A hold and the entries of the operation that made or resolved it. */
export interface HoldResult {
  hold: CreditHold;
  entries: CreditEntry[];
}

/**
 * Reserves a hold named `spec.key` once: a replay returns the hold as it is now. Throws
 * `INSUFFICIENT_CREDITS` when the balance (and overdraft) cannot cover it.
 */
export async function reserveOnce(session: CreditSession, spec: HoldSpec): Promise<HoldResult> {
  return runCreditOnce(
    session,
    CREDIT_SCOPES.reserve,
    spec.key,
    spec,
    async () => {
      const placed = await placeHold(session, spec);
      if ('short' in placed) throw placed.short;
      return placed;
    },
    (value) => ({ holdId: value.hold.id }),
    async (_stored, entries) => ({ hold: (await session.findHold(spec.key)) as CreditHold, entries }),
  );
}

/**
 * Commits `amount` of a hold once (scope key: the hold's key). A hold that timed out is
 * `HOLD_EXPIRED`; one already voided or committed (with another amount: `IDEMPOTENCY_CONFLICT`)
 * is `INVALID_STATE`; more than the hold is `VALIDATION_FAILED`.
 */
export async function commitOnce(
  session: CreditSession,
  hold: CreditHold,
  amount: number,
): Promise<HoldResult> {
  return runCreditOnce(
    session,
    CREDIT_SCOPES.commit,
    hold.key,
    { key: hold.key, amount },
    async () => {
      assertHeld(session, hold);
      if (amount > hold.amount)
        invalidInput(['amount'], 'exceeds_hold', `The hold has ${hold.amount} credits`);
      const entries = await commitHold(session, hold, amount);
      return { hold: (await session.findHold(hold.key)) as CreditHold, entries };
    },
    () => ({ holdId: hold.id }),
    async (_stored, entries) => ({ hold: (await session.findHold(hold.key)) as CreditHold, entries }),
  );
}

/** Voids a hold once (scope key: the hold's key); see {@link commitOnce} for the refusals. */
export async function voidOnce(session: CreditSession, hold: CreditHold): Promise<HoldResult> {
  return runCreditOnce(
    session,
    CREDIT_SCOPES.void,
    hold.key,
    { key: hold.key },
    async () => {
      assertHeld(session, hold);
      const entries = await voidHold(session, hold);
      return { hold: (await session.findHold(hold.key)) as CreditHold, entries };
    },
    () => ({ holdId: hold.id }),
    async (_stored, entries) => ({ hold: (await session.findHold(hold.key)) as CreditHold, entries }),
  );
}

function assertHeld(session: CreditSession, hold: CreditHold): void {
  if (hold.status === 'expired') throw new HoldExpiredError(session.customerId, hold.key, hold.resolvedAt);
  if (hold.status !== 'held') {
    throw new InvalidStateError(`Hold "${hold.key}" was already ${hold.status}`, {
      customerId: session.customerId,
      key: hold.key,
      status: hold.status,
    });
  }
}

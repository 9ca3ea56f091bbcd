import type { CreditEntry, CreditHold } from '../storage/records';
import { type ChargePlan, expireAgain, planCharge } from './charges';
import type { CreditSession } from './credit-session';

/** Job type that expires a hold at its timeout. */
export const HOLD_TIMEOUT_JOB = 'credits.hold_timeout';

/** The scheduler key of a hold's timeout job. */
export function holdTimeoutKey(holdId: string): string {
  return `${HOLD_TIMEOUT_JOB}:${holdId}`;
}

/** What a reservation is for. */
export interface HoldSpec {
  key: string;
  service: string;
  amount: number;
  /** Seconds until the hold expires; null never. */
  timeoutSeconds: number | null;
  ticketId: string | null;
  messageId: string | null;
}

/**
 * Reserves credits as a hold: one `hold` entry per block in draw order (the overdraft block
 * last, within the tenant's limit), and a timeout job when the hold expires. Returns the
 * plan's refusal instead of throwing when the credits cannot cover it, so callers choose.
 */
export async function placeHold(
  session: CreditSession,
  spec: HoldSpec,
): Promise<{ hold: CreditHold; entries: CreditEntry[] } | Extract<ChargePlan, { short: unknown }>> {
  const plan = planCharge(session, spec.service, spec.amount);
  if ('short' in plan) return plan;
  const now = session.now;
  const hold: CreditHold = {
    tenantId: session.tenantId,
    id: session.desk.newId('creditHold'),
    customerId: session.customerId,
    key: spec.key,
    service: spec.service,
    amount: spec.amount,
    draws: plan.draws,
    status: 'held',
    postedAmount: 0,
    ticketId: spec.ticketId,
    messageId: spec.messageId,
    expiresAt: spec.timeoutSeconds === null ? null : new Date(now.getTime() + spec.timeoutSeconds * 1000),
    createdAt: now,
    resolvedAt: null,
  };
  session.addHold(hold);
  const entries = plan.draws.map((draw) =>
    session.write({
      type: 'hold',
      blockId: draw.blockId,
      amount: draw.amount,
      idempotencyKey: spec.key,
      holdId: hold.id,
      service: spec.service,
      ticketId: spec.ticketId,
      messageId: spec.messageId,
    }),
  );
  if (hold.expiresAt !== null) {
    await session.desk.jobs.schedule(
      session.tx,
      {
        tenantId: session.tenantId,
        key: holdTimeoutKey(hold.id),
        type: HOLD_TIMEOUT_JOB,
        dueAt: hold.expiresAt,
        payload: { customerId: session.customerId, holdId: hold.id },
      },
      now,
    );
  }
  return { hold, entries };
}

/**
 * Commits `amount` (at most the hold's) of a held hold: `hold_posted` over its draws in
 * order, `hold_voided` for what is left of each, `credits.consumed` for what was posted.
 * The caller checks the hold is `held`.
 */
export async function commitHold(
  session: CreditSession,
  hold: CreditHold,
  amount: number,
): Promise<CreditEntry[]> {
  const entries: CreditEntry[] = [];
  const posted: Array<{ blockId: string; amount: number }> = [];
  let left = amount;
  for (const draw of hold.draws) {
    const post = Math.min(left, draw.amount);
    left -= post;
    if (post > 0) {
      posted.push({ blockId: draw.blockId, amount: post });
      entries.push(session.write(holdEntry(hold, 'hold_posted', draw.blockId, post)));
    }
    if (draw.amount > post)
      entries.push(...release(session, hold, 'hold_voided', draw.blockId, draw.amount - post));
  }
  session.updateHold({ ...hold, status: 'committed', postedAmount: amount, resolvedAt: session.now });
  await session.tx.jobs.cancel(session.tenantId, holdTimeoutKey(hold.id));
  if (amount > 0) {
    session.recordEvent('credits.consumed', hold.ticketId, {
      customerId: session.customerId,
      amount,
      service: hold.service,
      key: hold.key,
      holdKey: hold.key,
      draws: posted,
      available: session.available(),
    });
  }
  return entries;
}

/** Voids a held hold: `hold_voided` for each draw. The caller checks the hold is `held`. */
export async function voidHold(session: CreditSession, hold: CreditHold): Promise<CreditEntry[]> {
  const entries = hold.draws.flatMap((draw) =>
    release(session, hold, 'hold_voided', draw.blockId, draw.amount),
  );
  session.updateHold({ ...hold, status: 'voided', resolvedAt: session.now });
  await session.tx.jobs.cancel(session.tenantId, holdTimeoutKey(hold.id));
  return entries;
}

/** Expires a held hold at its timeout: `hold_expired` for each draw, dated at the timeout. */
export function expireHold(session: CreditSession, hold: CreditHold): CreditEntry[] {
  const at = hold.expiresAt ?? session.now;
  const entries = hold.draws.flatMap((draw) =>
    release(session, hold, 'hold_expired', draw.blockId, draw.amount, at),
  );
  session.updateHold({ ...hold, status: 'expired', resolvedAt: at });
  return entries;
}

/** Releases part of a hold from a block; credits released onto a dead block die with it. */
function release(
  session: CreditSession,
  hold: CreditHold,
  type: 'hold_voided' | 'hold_expired',
  blockId: string,
  amount: number,
  at: Date = session.now,
): CreditEntry[] {
  const expired = type === 'hold_expired';
  const entry = session.write({
    ...holdEntry(hold, type, blockId, amount),
    occurredAt: at,
    ...(expired ? { idempotencyKey: null } : {}),
  });
  return [entry, ...expireAgain(session, blockId, entry.idempotencyKey, at)];
}

function holdEntry(hold: CreditHold, type: CreditEntry['type'], blockId: string, amount: number) {
  return {
    type,
    blockId,
    amount,
    idempotencyKey: hold.key,
    holdId: hold.id,
    service: hold.service,
    ticketId: hold.ticketId,
    messageId: hold.messageId,
  };
}

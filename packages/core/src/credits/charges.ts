import { InsufficientCreditsError } from '../errors';
import type { CreditDraw, CreditEntry } from '../storage/records';
import { refundBlock } from './blocks';
import type { CreditSession } from './credit-session';
import { eligibleBlocks, planDraws } from './draw-order';
import { isExpired } from './ledger-fold';

/** How a charge will be paid: draws from blocks in draw order, the overdraft block last. */
export type ChargePlan = { draws: CreditDraw[] } | { short: InsufficientCreditsError };

/**
 * Plans a charge of `amount` credits for `service`: eligible blocks in draw order, then the
 * overdraft up to the tenant's limit. When even that is not enough, the whole charge is refused.
 */
export function planCharge(session: CreditSession, service: string, amount: number): ChargePlan {
  const plan = planDraws(eligibleBlocks(session.blocks(), service, session.now), amount);
  if (plan.rest === 0) return { draws: plan.draws };
  const overdraft = session.existingOverdraft();
  const debt = overdraft === undefined ? 0 : -(overdraft.remaining - overdraft.held);
  const headroom = Math.max(0, session.settings.overdraftLimit - debt);
  if (plan.rest <= headroom) {
    return { draws: [...plan.draws, { blockId: session.overdraftBlock().id, amount: plan.rest }] };
  }
  return {
    short: new InsufficientCreditsError(session.customerId, amount, plan.covered + headroom, { service }),
  };
}

/** What a charge pays for. */
export interface ChargeSpec {
  service: string;
  amount: number;
  idempotencyKey: string;
  ticketId: string | null;
  messageId: string | null;
}

/**
 * Charges `amount` credits at once: one `decrement` per block drawn, `credits.consumed`.
 * Throws `INSUFFICIENT_CREDITS` (writing nothing) when the balance and overdraft cannot pay.
 */
export function consumeCredits(session: CreditSession, spec: ChargeSpec): CreditEntry[] {
  const plan = planCharge(session, spec.service, spec.amount);
  if ('short' in plan) throw plan.short;
  const entries = plan.draws.map((draw) =>
    session.write({
      type: 'decrement',
      blockId: draw.blockId,
      amount: draw.amount,
      idempotencyKey: spec.idempotencyKey,
      service: spec.service,
      ticketId: spec.ticketId,
      messageId: spec.messageId,
    }),
  );
  session.recordEvent('credits.consumed', spec.ticketId, {
    customerId: session.customerId,
    amount: spec.amount,
    service: spec.service,
    key: spec.idempotencyKey,
    holdKey: null,
    draws: plan.draws,
    available: session.available(),
  });
  return entries;
}

/**
 * Refunds up to `amount` of a charge (its `decrement`/`hold_posted` entries), last draw
 * first: one `amendment` per block, referring to the entry it refunds. Overdraft credits
 * reduce the debt; those a grant already repaid come back in a new never-expiring block. Credits refunded into
 * a block that has expired expire again at once (`credit_block_expiry`), into a voided block
 * are voided again (`void`).
 */
export async function refundCharge(
  session: CreditSession,
  charge: readonly CreditEntry[],
  amount: number,
  idempotencyKey: string,
): Promise<CreditEntry[]> {
  const written: CreditEntry[] = [];
  let left = amount;
  for (const debit of [...charge].reverse()) {
    if (left === 0) break;
    const block = await session.findBlock(debit.blockId);
    const give = Math.min(left, debit.amount);
    left -= give;
    const base = {
      idempotencyKey,
      service: debit.service,
      ticketId: debit.ticketId,
      messageId: debit.messageId,
      holdId: debit.holdId,
      type: 'amendment' as const,
      refersTo: debit.id,
    };
    // Overdraft credits go back against the debt; what a grant already repaid comes back as a new block.
    const intoDebt = block?.kind === 'overdraft' ? Math.min(give, -block.remaining) : give;
    if (intoDebt > 0) written.push(session.write({ ...base, blockId: debit.blockId, amount: intoDebt }));
    if (give > intoDebt)
      written.push(
        session.write({ ...base, blockId: refundBlock(session, debit.blockId).id, amount: give - intoDebt }),
      );
    written.push(...expireAgain(session, debit.blockId, idempotencyKey));
  }
  return written;
}

/**
 * Credits that just came back to a block (a refund, a released hold) when the block can no
 * longer be used: the block's unheld credits are voided again for a voided block, or expire
 * (with `credits.expired`) for an expired one, in one entry. Nothing for usable blocks and the
 * overdraft block.
 */
export function expireAgain(
  session: CreditSession,
  blockId: string,
  idempotencyKey: string | null,
  at: Date = session.now,
): CreditEntry[] {
  const block = session.block(blockId);
  if (block === undefined || block.kind !== 'grant') return [];
  const amount = block.remaining - block.held;
  if (amount <= 0) return [];
  if (block.voidedAt !== null)
    return [session.write({ type: 'void', blockId, amount, idempotencyKey, occurredAt: at })];
  if (!isExpired(block, at)) return [];
  const entry = session.write({
    type: 'credit_block_expiry',
    blockId,
    amount,
    idempotencyKey,
    occurredAt: at,
  });
  session.recordEvent('credits.expired', null, {
    customerId: session.customerId,
    blockId,
    amount,
    expiredAt: at.toISOString(),
  });
  return [entry];
}

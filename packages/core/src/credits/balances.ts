import type { CreditBlock, CreditHold } from '../storage/records';
import { isUsable } from './ledger-fold';

/** One block in a balance. */
export interface CreditBlockBalance {
  blockId: string;
  /** `active`: can be drawn; `pending`: not effective yet; `expired`/`voided`: only held credits remain. */
  status: 'active' | 'pending' | 'expired' | 'voided';
  /** Credits the pack was granted with. */
  amount: number;
  remaining: number;
  held: number;
  /** What can be drawn from it now (0 unless active). */
  available: number;
  effectiveAt: Date;
  expiresAt: Date | null;
  priority: number;
  scope: string[] | null;
  externalRef: string | null;
  /** Staff only: what a credit of the block cost. */
  costBasis?: number;
}

/** A customer's credits at an instant. */
export interface CreditBalance {
  customerId: string;
  asOf: Date;
  /** What the customer can spend now; negative only while an overdraft is used. */
  available: number;
  /** Credits reserved by open holds. */
  held: number;
  /** Credits charged so far, less refunds. */
  posted: number;
  /** Overdraft in use (charged or held beyond the balance); 0 without. */
  overdraft: number;
  /** Available credits that expire within `withinDays` days of `asOf`. */
  expiringSoon: { withinDays: number; amount: number };
  /** Grant blocks that still hold credits (active, pending, or holding credits after expiry), in draw order. */
  blocks: CreditBlockBalance[];
}

/** A block's counters as of an instant. */
export interface BlockState {
  block: CreditBlock;
  remaining: number;
  held: number;
}

/**
 * Settles blocks' counters at `at` without writing: holds due by then are released, and the
 * unheld credits of blocks expired or voided by then are gone. This is exactly what lazy
 * expiry would write at `at` (the end state of expiries does not depend on their order), so
 * reads never need a write and cost only the open blocks and holds.
 */
export function settledStates(states: BlockState[], dueHolds: readonly CreditHold[], at: Date): BlockState[] {
  const held = new Map<string, number>();
  for (const hold of dueHolds) {
    if (hold.status !== 'held' || hold.expiresAt === null || hold.expiresAt.getTime() > at.getTime())
      continue;
    for (const draw of hold.draws) held.set(draw.blockId, (held.get(draw.blockId) ?? 0) + draw.amount);
  }
  return states.map((state) => {
    const heldNow = state.held - (held.get(state.block.id) ?? 0);
    const dead =
      state.block.kind === 'grant' &&
      ((state.block.voidedAt !== null && state.block.voidedAt.getTime() <= at.getTime()) ||
        (state.block.expiresAt !== null && state.block.expiresAt.getTime() <= at.getTime()));
    return { block: state.block, held: heldNow, remaining: dead ? heldNow : state.remaining };
  });
}

/** Builds a balance from settled block states. */
export function balanceOf(
  customerId: string,
  states: BlockState[],
  posted: number,
  at: Date,
  expiringWithinDays: number,
  includeCostBasis: boolean,
): CreditBalance {
  let available = 0;
  let held = 0;
  let overdraft = 0;
  let expiring = 0;
  const horizon = at.getTime() + expiringWithinDays * 86_400_000;
  const blocks: CreditBlockBalance[] = [];
  for (const { block, remaining, held: blockHeld } of states) {
    held += blockHeld;
    if (block.kind === 'overdraft') {
      available += remaining - blockHeld;
      overdraft += -(remaining - blockHeld);
      continue;
    }
    const usable = isUsable({ ...block, voidedAt: voidedBy(block, at) }, at);
    const free = usable ? remaining - blockHeld : 0;
    available += free;
    if (usable && block.expiresAt !== null && block.expiresAt.getTime() <= horizon) expiring += free;
    if (remaining === 0 && blockHeld === 0) continue;
    blocks.push({
      blockId: block.id,
      status: statusOf(block, at),
      amount: block.amount,
      remaining,
      held: blockHeld,
      available: free,
      effectiveAt: block.effectiveAt,
      expiresAt: block.expiresAt,
      priority: block.priority,
      scope: block.scope,
      externalRef: block.externalRef,
      ...(includeCostBasis ? { costBasis: block.costBasis } : {}),
    });
  }
  return {
    customerId,
    asOf: at,
    available,
    held,
    posted,
    overdraft,
    expiringSoon: { withinDays: expiringWithinDays, amount: expiring },
    blocks,
  };
}

function voidedBy(block: CreditBlock, at: Date): Date | null {
  return block.voidedAt !== null && block.voidedAt.getTime() <= at.getTime() ? block.voidedAt : null;
}

function statusOf(block: CreditBlock, at: Date): CreditBlockBalance['status'] {
  if (voidedBy(block, at) !== null) return 'voided';
  if (block.expiresAt !== null && block.expiresAt.getTime() <= at.getTime()) return 'expired';
  if (block.effectiveAt.getTime() > at.getTime()) return 'pending';
  return 'active';
}

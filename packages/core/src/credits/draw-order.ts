import type { CreditBlock, CreditDraw } from '../storage/records';
import { isUsable } from './ledger-fold';

/** Whether a block pays for a service: unscoped blocks pay for all, scoped ones for theirs. */
export function paysFor(block: CreditBlock, service: string): boolean {
  return block.scope === null || block.scope.includes(service);
}

/**
 * The DESIGN order in which blocks pay for a charge: scoped blocks before unscoped, then lower
 * priority, then sooner expiry (never-expiring last), then lower cost basis, then oldest
 * (effective instant, then creation, then id).
 */
export function compareDrawOrder(a: CreditBlock, b: CreditBlock): number {
  const scoped = (a.scope === null ? 1 : 0) - (b.scope === null ? 1 : 0);
  if (scoped !== 0) return scoped;
  if (a.priority !== b.priority) return a.priority - b.priority;
  const expiryA = a.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
  const expiryB = b.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
  if (expiryA !== expiryB) return expiryA < expiryB ? -1 : 1;
  if (a.costBasis !== b.costBasis) return a.costBasis - b.costBasis;
  const effective = a.effectiveAt.getTime() - b.effectiveAt.getTime();
  if (effective !== 0) return effective;
  const created = a.createdAt.getTime() - b.createdAt.getTime();
  if (created !== 0) return created;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Blocks that can pay for `service` at `now`, in draw order. */
export function eligibleBlocks(blocks: Iterable<CreditBlock>, service: string, now: Date): CreditBlock[] {
  return [...blocks]
    .filter((block) => isUsable(block, now) && paysFor(block, service) && block.remaining - block.held > 0)
    .sort(compareDrawOrder);
}

/** How a charge would be paid: draws from blocks in order, and the part left for the overdraft. */
export interface DrawPlan {
  draws: CreditDraw[];
  /** Credits no block could pay: the overdraft's share, or the shortfall. */
  rest: number;
  /** What the eligible blocks offer in all. */
  covered: number;
}

/** Plans a charge of `amount` over blocks already in draw order, each giving what it has unheld. */
export function planDraws(ordered: readonly CreditBlock[], amount: number): DrawPlan {
  const draws: CreditDraw[] = [];
  let rest = amount;
  let covered = 0;
  for (const block of ordered) {
    const free = block.remaining - block.held;
    covered += free;
    if (rest === 0) continue;
    const take = Math.min(free, rest);
    draws.push({ blockId: block.id, amount: take });
    rest -= take;
  }
  return { draws, rest, covered };
}

import type { CreditBlock, CreditEntry, CreditEntryType } from '../storage/records';

/** How one ledger entry changes its block: `remaining` and `held` deltas. */
export interface CreditEntryEffect {
  remaining: number;
  held: number;
}

/**
 * The change an entry makes to its block. This is the ledger's meaning: a block's
 * `remaining` and `held` are always the sum of these over its entries.
 */
export function creditEntryEffect(type: CreditEntryType, amount: number): CreditEntryEffect {
  switch (type) {
    case 'increment':
    case 'amendment':
    case 'expiration_change':
      return { remaining: amount, held: 0 };
    case 'decrement':
    case 'credit_block_expiry':
    case 'void':
      return { remaining: -amount, held: 0 };
    case 'hold':
      return { remaining: 0, held: amount };
    case 'hold_posted':
      return { remaining: -amount, held: -amount };
    case 'hold_voided':
    case 'hold_expired':
      return { remaining: 0, held: -amount };
  }
}

/** How an entry changes the customer's posted (charged) total. */
export function postedEffect(type: CreditEntryType, amount: number): number {
  if (type === 'decrement' || type === 'hold_posted') return amount;
  if (type === 'amendment') return -amount;
  return 0;
}

/** Per-block totals folded from ledger entries. */
export interface FoldedBlock {
  remaining: number;
  held: number;
}

/** What a sequence of entries folds to: per block, and the customer's posted total. */
export interface LedgerFold {
  blocks: Map<string, FoldedBlock>;
  posted: number;
}

/** Folds entries (in `seq` order) into per-block `remaining`/`held` and the posted total. */
export function foldLedger(entries: Iterable<CreditEntry>): LedgerFold {
  const blocks = new Map<string, FoldedBlock>();
  let posted = 0;
  for (const entry of entries) {
    const effect = creditEntryEffect(entry.type, entry.amount);
    const block = blocks.get(entry.blockId) ?? { remaining: 0, held: 0 };
    block.remaining += effect.remaining;
    block.held += effect.held;
    blocks.set(entry.blockId, block);
    posted += postedEffect(entry.type, entry.amount);
  }
  return { blocks, posted };
}

/** Whether a block can be drawn at `now`: a grant that is effective, not expired and not voided. */
export function isUsable(block: CreditBlock, now: Date): boolean {
  if (block.kind !== 'grant' || block.voidedAt !== null) return false;
  if (block.effectiveAt.getTime() > now.getTime()) return false;
  return block.expiresAt === null || block.expiresAt.getTime() > now.getTime();
}

/** Whether a grant block has reached its expiry at `now` (expiry is exclusive). */
export function isExpired(block: CreditBlock, now: Date): boolean {
  return block.expiresAt !== null && block.expiresAt.getTime() <= now.getTime();
}

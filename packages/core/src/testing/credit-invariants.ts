import { foldLedger } from '../credits/ledger-fold';
import type { StorageRepositories } from '../storage/port';
import type { CreditAccount, CreditBlock, CreditEntry, CreditHold } from '../storage/records';

/** Everything stored for one customer's credits, read through the port. */
export interface CreditSnapshot {
  account: CreditAccount | null;
  blocks: CreditBlock[];
  entries: CreditEntry[];
  /** What `creditBlocks.listOpen` returns. */
  openBlocks: CreditBlock[];
  openHolds: CreditHold[];
}

/** Reads a customer's account, every block, every ledger entry and the open holds. */
export async function readCreditSnapshot(
  storage: StorageRepositories,
  tenantId: string,
  customerId: string,
): Promise<CreditSnapshot> {
  const entries: CreditEntry[] = [];
  for (let afterSeq = 0; ; ) {
    const page = await storage.creditLedger.list(tenantId, customerId, { afterSeq, limit: 500 });
    entries.push(...page);
    if (page.length < 500) break;
    afterSeq = (page[page.length - 1] as CreditEntry).seq;
  }
  const blocks: CreditBlock[] = [];
  for (let afterId: string | null = null; ; ) {
    const page: CreditBlock[] = await storage.creditBlocks.list(tenantId, customerId, {
      afterId,
      limit: 500,
    });
    blocks.push(...page);
    if (page.length < 500) break;
    afterId = (page[page.length - 1] as CreditBlock).id;
  }
  return {
    account: await storage.creditAccounts.get(tenantId, customerId),
    blocks,
    entries,
    openBlocks: await storage.creditBlocks.listOpen(tenantId, customerId),
    openHolds: await storage.creditHolds.listOpen(tenantId, customerId),
  };
}

/**
 * The ledger invariants, as a list of violations (empty when all hold):
 * - sequences are 1..n without gaps, and the account's `lastSeq` is n;
 * - each block's `remaining` and `held` equal the fold of its entries, and the account's
 *   `posted` the fold of the posted total;
 * - grant blocks have `0 <= held <= remaining`; the overdraft block `held >= 0`,
 *   `remaining <= 0`, and uses at most `overdraftLimit`;
 * - each entry's `balanceAfter` is its `balanceBefore` plus its effect, the next entry starts
 *   from it, and the account's `balance` is the last one (and the sum of `remaining - held`);
 * - `occurredAt` never decreases along the sequence, and never follows `recordedAt`;
 * - `listOpen` returns exactly the blocks whose `remaining` or `held` is not 0, and open holds
 *   reserve exactly each block's `held`.
 */
export function creditInvariantViolations(snapshot: CreditSnapshot, overdraftLimit = 0): string[] {
  const problems: string[] = [];
  const { account, blocks, entries } = snapshot;
  entries.forEach((entry, index) => {
    if (entry.seq !== index + 1)
      problems.push(`entry ${entry.id} has seq ${entry.seq}, expected ${index + 1}`);
    if (!Number.isSafeInteger(entry.amount) || (entry.amount <= 0 && entry.type !== 'expiration_change'))
      problems.push(`entry ${entry.seq} has amount ${entry.amount}`);
    if (entry.occurredAt.getTime() > entry.recordedAt.getTime())
      problems.push(`entry ${entry.seq} occurred after it was recorded`);
    const previous = entries[index - 1];
    if (previous !== undefined) {
      if (previous.balanceAfter !== entry.balanceBefore)
        problems.push(
          `entry ${entry.seq} starts at ${entry.balanceBefore}, previous ended at ${previous.balanceAfter}`,
        );
      if (previous.occurredAt.getTime() > entry.occurredAt.getTime())
        problems.push(`entry ${entry.seq} occurred before entry ${previous.seq}`);
    } else if (entry.balanceBefore !== 0) problems.push(`the first entry starts at ${entry.balanceBefore}`);
    const one = foldLedger([entry]).blocks.get(entry.blockId) ?? { remaining: 0, held: 0 };
    if (entry.balanceAfter - entry.balanceBefore !== one.remaining - one.held)
      problems.push(`entry ${entry.seq} moves the balance by ${entry.balanceAfter - entry.balanceBefore}`);
  });
  const fold = foldLedger(entries);
  let balance = 0;
  for (const block of blocks) {
    const folded = fold.blocks.get(block.id) ?? { remaining: 0, held: 0 };
    if (folded.remaining !== block.remaining || folded.held !== block.held)
      problems.push(
        `block ${block.id} stores ${block.remaining}/${block.held}, its ledger folds to ${folded.remaining}/${folded.held}`,
      );
    balance += block.remaining - block.held;
    if (block.kind === 'grant' && !(block.held >= 0 && block.held <= block.remaining))
      problems.push(`block ${block.id} has held ${block.held} of remaining ${block.remaining}`);
    if (
      block.kind === 'overdraft' &&
      !(block.held >= 0 && block.remaining <= 0 && block.held - block.remaining <= overdraftLimit)
    )
      problems.push(`overdraft block ${block.id} has remaining ${block.remaining}, held ${block.held}`);
  }
  for (const blockId of fold.blocks.keys())
    if (!blocks.some((block) => block.id === blockId)) problems.push(`entries name unknown block ${blockId}`);
  const open = new Set(snapshot.openBlocks.map((block) => block.id));
  for (const block of blocks) {
    if ((block.remaining !== 0 || block.held !== 0) !== open.has(block.id))
      problems.push(
        `listOpen ${open.has(block.id) ? 'returns' : 'misses'} block ${block.id} (${block.remaining}/${block.held})`,
      );
  }
  const heldByHolds = new Map<string, number>();
  for (const hold of snapshot.openHolds) {
    if (hold.status !== 'held')
      problems.push(`listOpen returned hold ${hold.key} with status ${hold.status}`);
    for (const draw of hold.draws)
      heldByHolds.set(draw.blockId, (heldByHolds.get(draw.blockId) ?? 0) + draw.amount);
  }
  for (const block of blocks) {
    if ((heldByHolds.get(block.id) ?? 0) !== block.held)
      problems.push(
        `block ${block.id} holds ${block.held}, its open holds ${heldByHolds.get(block.id) ?? 0}`,
      );
  }
  if (account === null) {
    if (entries.length > 0) problems.push('entries exist without an account');
    return problems;
  }
  if (account.lastSeq !== entries.length)
    problems.push(`account lastSeq ${account.lastSeq} for ${entries.length} entries`);
  if (account.posted !== fold.posted)
    problems.push(`account posted ${account.posted}, ledger ${fold.posted}`);
  if (account.balance !== balance) problems.push(`account balance ${account.balance}, blocks ${balance}`);
  const last = entries[entries.length - 1];
  if (last !== undefined && last.balanceAfter !== account.balance)
    problems.push(`account balance ${account.balance}, last entry ${last.balanceAfter}`);
  return problems;
}

/** Throws when an entry of `before` is missing or changed in `after` (the ledger is append-only). */
export function assertLedgerExtends(before: readonly CreditEntry[], after: readonly CreditEntry[]): void {
  for (const [index, entry] of before.entries()) {
    const now = after[index];
    if (now === undefined || JSON.stringify(now) !== JSON.stringify(entry))
      throw new Error(`ledger entry ${entry.seq} changed or disappeared`);
  }
}

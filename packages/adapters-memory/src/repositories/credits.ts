import type {
  CreditAccount,
  CreditAccountRepository,
  CreditBlock,
  CreditBlockRepository,
  CreditEntry,
  CreditHold,
  CreditHoldRepository,
  CreditLedgerRepository,
  CreditWrite,
  WriteResult,
} from '@ticketkit/core';
import { deepCopy } from '../deep-copy';
import { key, type MemoryState } from '../memory-state';

/** Adds or removes `id` in the set stored under `setKey` (copy on write, so undo restores the old set). */
function toggle(map: MemoryState['openCreditBlocks'], setKey: string, id: string, member: boolean): void {
  const current = map.get(setKey);
  if ((current?.has(id) ?? false) === member) return;
  const next = new Set(current ?? []);
  if (member) next.add(id);
  else next.delete(id);
  map.set(setKey, next);
}

/** Credit accounts in memory. Transactions run one at a time, so `lock` needs no lock of its own. */
export class MemoryCreditAccounts implements CreditAccountRepository {
  constructor(private readonly state: MemoryState) {}

  async lock(tenantId: string, customerId: string, now: Date): Promise<CreditAccount> {
    const accountKey = key(tenantId, customerId);
    let account = this.state.creditAccounts.get(accountKey);
    if (account === undefined) {
      account = {
        tenantId,
        customerId,
        lastSeq: 0,
        balance: 0,
        posted: 0,
        overdraftBlockId: null,
        createdAt: new Date(now.getTime()),
        updatedAt: new Date(now.getTime()),
      };
      this.state.creditAccounts.set(accountKey, account);
    }
    return deepCopy(account);
  }

  async get(tenantId: string, customerId: string): Promise<CreditAccount | null> {
    const account = this.state.creditAccounts.get(key(tenantId, customerId));
    return account === undefined ? null : deepCopy(account);
  }

  async list(
    tenantId: string,
    query: { afterCustomerId: string | null; limit: number },
  ): Promise<CreditAccount[]> {
    const rows: CreditAccount[] = [];
    for (const account of this.state.creditAccounts.values()) {
      if (account.tenantId !== tenantId) continue;
      if (query.afterCustomerId !== null && account.customerId <= query.afterCustomerId) continue;
      rows.push(account);
    }
    rows.sort((a, b) => (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0));
    return rows.slice(0, query.limit).map(deepCopy);
  }
}

/** Credit blocks in memory, with an index of each customer's open blocks (written by the ledger's `write`). */
export class MemoryCreditBlocks implements CreditBlockRepository {
  constructor(private readonly state: MemoryState) {}

  async get(tenantId: string, id: string): Promise<CreditBlock | null> {
    const block = this.state.creditBlocks.get(tenantId, id);
    return block === undefined ? null : deepCopy(block);
  }

  async getMany(tenantId: string, ids: string[]): Promise<CreditBlock[]> {
    const found: CreditBlock[] = [];
    for (const id of new Set(ids)) {
      const block = this.state.creditBlocks.get(tenantId, id);
      if (block !== undefined) found.push(deepCopy(block));
    }
    return found;
  }

  async listOpen(tenantId: string, customerId: string): Promise<CreditBlock[]> {
    const ids = this.state.openCreditBlocks.get(key(tenantId, customerId)) ?? new Set<string>();
    return this.getMany(tenantId, [...ids]);
  }

  async list(
    tenantId: string,
    customerId: string,
    query: { afterId: string | null; limit: number },
  ): Promise<CreditBlock[]> {
    const ids = this.state.creditBlocksByCustomer.get(key(tenantId, customerId))?.items ?? [];
    const after = query.afterId;
    const chosen = ids.filter((id) => after === null || id > after).sort();
    return this.getMany(tenantId, chosen.slice(0, query.limit)).then((rows) =>
      rows.sort((a, b) => (a.id < b.id ? -1 : 1)),
    );
  }
}

/** The credit ledger in memory: one append-only list per customer, indexed by `seq`; `write` stores blocks, holds and accounts too. */
export class MemoryCreditLedger implements CreditLedgerRepository {
  constructor(private readonly state: MemoryState) {}

  /** Checks every conflict first, then applies everything: all or nothing, also inside a transaction. */
  async write(change: CreditWrite): Promise<WriteResult> {
    const { state } = this;
    const lastSeqs = new Map<string, number>();
    const newIds = new Set<string>();
    for (const entry of change.entries) {
      const customerKey = key(entry.tenantId, entry.customerId);
      const last = lastSeqs.get(customerKey) ?? lastSeqOf(state.creditLedgers.get(customerKey)?.items);
      const idKey = key(entry.tenantId, entry.id);
      if (entry.seq <= last || state.creditEntryIds.has(idKey) || newIds.has(idKey)) return 'duplicate';
      lastSeqs.set(customerKey, entry.seq);
      newIds.add(idKey);
    }
    for (const block of change.newBlocks) {
      if (state.creditBlocks.get(block.tenantId, block.id) !== undefined) return 'duplicate';
    }
    for (const hold of change.newHolds) {
      if (state.creditHolds.get(hold.tenantId, hold.id) !== undefined) return 'duplicate';
      if (state.creditHoldKeys.has(key(hold.tenantId, hold.customerId, hold.key))) return 'duplicate';
    }
    if (
      change.account !== undefined &&
      !state.creditAccounts.has(key(change.account.tenantId, change.account.customerId))
    )
      return 'stale';
    if (change.changedBlocks.some((block) => state.creditBlocks.get(block.tenantId, block.id) === undefined))
      return 'stale';
    if (change.changedHolds.some((hold) => state.creditHolds.get(hold.tenantId, hold.id) === undefined))
      return 'stale';

    for (const block of change.newBlocks) insertBlock(state, block);
    for (const block of change.changedBlocks) updateBlock(state, block);
    for (const hold of change.newHolds) insertHold(state, hold);
    for (const hold of change.changedHolds) updateHold(state, hold);
    for (const entry of change.entries) {
      state.appendList(state.creditLedgers, key(entry.tenantId, entry.customerId)).push(deepCopy(entry));
      state.creditEntryIds.set(key(entry.tenantId, entry.id), true);
    }
    if (change.account !== undefined) {
      const account = change.account;
      const accountKey = key(account.tenantId, account.customerId);
      state.creditAccounts.set(accountKey, {
        ...(state.creditAccounts.get(accountKey) as CreditAccount),
        lastSeq: account.lastSeq,
        balance: account.balance,
        posted: account.posted,
        overdraftBlockId: account.overdraftBlockId,
        updatedAt: new Date(account.updatedAt.getTime()),
      });
    }
    return 'ok';
  }

  async list(
    tenantId: string,
    customerId: string,
    query: { afterSeq: number; limit: number; occurredAtOrBefore?: Date },
  ): Promise<CreditEntry[]> {
    const items = this.state.creditLedgers.get(key(tenantId, customerId))?.items ?? [];
    const until = query.occurredAtOrBefore?.getTime();
    const rows: CreditEntry[] = [];
    for (
      let index = firstAfter(items, query.afterSeq);
      index < items.length && rows.length < query.limit;
      index++
    ) {
      const entry = items[index] as CreditEntry;
      if (until !== undefined && entry.occurredAt.getTime() > until) continue;
      rows.push(deepCopy(entry));
    }
    return rows;
  }
}

function lastSeqOf(items: readonly CreditEntry[] | undefined): number {
  return items === undefined || items.length === 0 ? 0 : (items[items.length - 1] as CreditEntry).seq;
}

/** Index of the first entry with `seq > afterSeq` (entries are in `seq` order). */
function firstAfter(items: readonly CreditEntry[], afterSeq: number): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((items[middle] as CreditEntry).seq <= afterSeq) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Credit holds in memory, with indexes by key, by customer (open ones) and by ticket (written by the ledger's `write`). */
export class MemoryCreditHolds implements CreditHoldRepository {
  constructor(private readonly state: MemoryState) {}

  async findByKey(tenantId: string, customerId: string, holdKey: string): Promise<CreditHold | null> {
    const id = this.state.creditHoldKeys.get(key(tenantId, customerId, holdKey));
    const hold = id === undefined ? undefined : this.state.creditHolds.get(tenantId, id);
    return hold === undefined ? null : deepCopy(hold);
  }

  async listOpen(tenantId: string, customerId: string): Promise<CreditHold[]> {
    const ids = this.state.openCreditHolds.get(key(tenantId, customerId)) ?? new Set<string>();
    return [...ids].map((id) => deepCopy(this.state.creditHolds.get(tenantId, id) as CreditHold));
  }

  async listForTicket(tenantId: string, ticketId: string): Promise<CreditHold[]> {
    const ids = this.state.creditHoldsByTicket.get(key(tenantId, ticketId)) ?? [];
    return ids
      .map((id) => this.state.creditHolds.get(tenantId, id) as CreditHold)
      .sort(
        (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
      )
      .map(deepCopy);
  }
}

function insertBlock(state: MemoryState, block: CreditBlock): void {
  state.creditBlocks.set(block.tenantId, block.id, deepCopy(block));
  const customerKey = key(block.tenantId, block.customerId);
  state.appendList(state.creditBlocksByCustomer, customerKey).push(block.id);
  toggle(state.openCreditBlocks, customerKey, block.id, block.remaining !== 0 || block.held !== 0);
}

function updateBlock(state: MemoryState, block: CreditBlock): void {
  const stored = state.creditBlocks.get(block.tenantId, block.id) as CreditBlock;
  state.creditBlocks.set(block.tenantId, block.id, {
    ...stored,
    remaining: block.remaining,
    held: block.held,
    voidedAt: block.voidedAt === null ? null : new Date(block.voidedAt.getTime()),
    updatedAt: new Date(block.updatedAt.getTime()),
  });
  const open = block.remaining !== 0 || block.held !== 0;
  toggle(state.openCreditBlocks, key(stored.tenantId, stored.customerId), block.id, open);
}

function insertHold(state: MemoryState, hold: CreditHold): void {
  state.creditHolds.set(hold.tenantId, hold.id, deepCopy(hold));
  state.creditHoldKeys.set(key(hold.tenantId, hold.customerId, hold.key), hold.id);
  toggle(state.openCreditHolds, key(hold.tenantId, hold.customerId), hold.id, hold.status === 'held');
  if (hold.ticketId !== null) {
    const ticketKey = key(hold.tenantId, hold.ticketId);
    state.creditHoldsByTicket.set(ticketKey, [...(state.creditHoldsByTicket.get(ticketKey) ?? []), hold.id]);
  }
}

function updateHold(state: MemoryState, hold: CreditHold): void {
  const stored = state.creditHolds.get(hold.tenantId, hold.id) as CreditHold;
  state.creditHolds.set(hold.tenantId, hold.id, {
    ...stored,
    status: hold.status,
    postedAmount: hold.postedAmount,
    resolvedAt: hold.resolvedAt === null ? null : new Date(hold.resolvedAt.getTime()),
  });
  toggle(state.openCreditHolds, key(stored.tenantId, stored.customerId), hold.id, hold.status === 'held');
}

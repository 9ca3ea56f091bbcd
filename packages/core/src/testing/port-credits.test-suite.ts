import { describe, expect, it } from 'vitest';
import type { CreditWrite, StoragePort } from '../storage/port';
import type { CreditBlock, CreditEntry, CreditHold } from '../storage/records';
import {
  buildCreditAccount,
  buildCreditBlock,
  buildCreditEntry,
  buildCreditHold,
  fixtureInstant,
  newId,
  newTenantId,
} from './fixtures';
import { byId, type SuiteContext, useGroupStorage } from './suite-context';

const range = (count: number) => Array.from({ length: count }, (_, index) => index);

const NO_CHANGE = { newBlocks: [], changedBlocks: [], newHolds: [], changedHolds: [], entries: [] };

/** `creditLedger.write` of only the given parts, on the port itself. */
function write(storage: StoragePort, change: Partial<CreditWrite>) {
  return storage.creditLedger.write({ ...NO_CHANGE, ...change });
}

async function lockAccount(storage: StoragePort, tenantId: string, customerId: string) {
  return storage.transaction((tx) => tx.creditAccounts.lock(tenantId, customerId, fixtureInstant()));
}

/** Credit accounts, blocks, the ledger and holds: round trips, uniqueness, the account lock, the one write. */
export function describeCreditRepositories(context: SuiteContext): void {
  describe('credit accounts', () => {
    const storage = useGroupStorage(context);

    it('creditAccounts.lock - creates an empty account once, then returns the stored one', async () => {
      const tenantId = newTenantId();
      const customerId = newId('cus');
      expect(await storage().creditAccounts.get(tenantId, customerId)).toBeNull();
      const empty = {
        tenantId,
        customerId,
        lastSeq: 0,
        balance: 0,
        posted: 0,
        overdraftBlockId: null,
        createdAt: fixtureInstant(),
        updatedAt: fixtureInstant(),
      };
      expect(await lockAccount(storage(), tenantId, customerId)).toEqual(empty);
      expect(await storage().creditAccounts.get(tenantId, customerId)).toEqual(empty);
      const stored = buildCreditAccount(tenantId, customerId, { createdAt: fixtureInstant() });
      expect(await write(storage(), { account: stored })).toBe('ok');
      const again = await storage().transaction((tx) =>
        tx.creditAccounts.lock(tenantId, customerId, fixtureInstant(9)),
      );
      expect(again).toEqual(stored);
      expect(await storage().creditAccounts.get(newTenantId(), customerId)).toBeNull();
    });

    it('creditLedger.write - stores every counter of the account; stale for an account that does not exist', async () => {
      const tenantId = newTenantId();
      // createdAt is fixed when the account is created; write stores the counters.
      const account = buildCreditAccount(tenantId, newId('cus'), { createdAt: fixtureInstant() });
      expect(await write(storage(), { account })).toBe('stale');
      expect(await storage().creditAccounts.get(tenantId, account.customerId)).toBeNull();
      await lockAccount(storage(), tenantId, account.customerId);
      expect(await write(storage(), { account })).toBe('ok');
      expect(await storage().creditAccounts.get(tenantId, account.customerId)).toEqual(account);
      const cleared = { ...account, overdraftBlockId: null, balance: -4 };
      expect(await write(storage(), { account: { ...cleared, createdAt: fixtureInstant(-1) } })).toBe('ok');
      expect(await storage().creditAccounts.get(tenantId, account.customerId)).toEqual(cleared);
    });

    it("creditAccounts.list - the tenant's accounts by customer id, in pages", async () => {
      const tenantId = newTenantId();
      const ids = range(5).map(() => newId('cus'));
      for (const id of ids) await lockAccount(storage(), tenantId, id);
      await lockAccount(storage(), newTenantId(), ids[0] as string);
      const sorted = [...ids].sort();
      const first = await storage().creditAccounts.list(tenantId, { afterCustomerId: null, limit: 3 });
      expect(first.map((account) => account.customerId)).toEqual(sorted.slice(0, 3));
      const rest = await storage().creditAccounts.list(tenantId, {
        afterCustomerId: sorted[2] as string,
        limit: 10,
      });
      expect(rest.map((account) => account.customerId)).toEqual(sorted.slice(3));
    });

    it(
      'creditAccounts.lock - 50 concurrent read-modify-write transactions on one account lose no update',
      async () => {
        const tenantId = newTenantId();
        const customerId = newId('cus');
        await Promise.all(
          range(50).map(() =>
            storage().transaction(async (tx) => {
              const account = await tx.creditAccounts.lock(tenantId, customerId, fixtureInstant());
              await new Promise((resolve) => setTimeout(resolve, 0));
              const next = { ...account, lastSeq: account.lastSeq + 1 };
              expect(await tx.creditLedger.write({ ...NO_CHANGE, account: next })).toBe('ok');
            }),
          ),
        );
        expect((await storage().creditAccounts.get(tenantId, customerId))?.lastSeq).toBe(50);
      },
      context.slowTimeout,
    );
  });

  describe('credit blocks', () => {
    const storage = useGroupStorage(context);

    it('creditLedger.write - stores new blocks with every field; duplicate for a taken id, per tenant', async () => {
      const tenantId = newTenantId();
      const customerId = newId('cus');
      const block = buildCreditBlock(tenantId, customerId);
      const sparse = buildCreditBlock(tenantId, customerId, {
        kind: 'overdraft',
        remaining: -3,
        held: 0,
        expiresAt: null,
        scope: null,
        externalRef: null,
        sourceBlockId: null,
        voidedAt: null,
      });
      expect(await write(storage(), { newBlocks: [block, sparse] })).toBe('ok');
      expect(await storage().creditBlocks.get(tenantId, block.id)).toEqual(block);
      expect(await storage().creditBlocks.get(tenantId, sparse.id)).toEqual(sparse);
      expect(await write(storage(), { newBlocks: [{ ...block, amount: 99 }] })).toBe('duplicate');
      expect(await storage().creditBlocks.get(tenantId, block.id)).toEqual(block);
      expect(await write(storage(), { newBlocks: [{ ...block, tenantId: newTenantId() }] })).toBe('ok');
      expect(
        byId(await storage().creditBlocks.getMany(tenantId, [block.id, sparse.id, 'blk_missing'])),
      ).toEqual(byId([block, sparse]));
      expect(await storage().creditBlocks.get(newTenantId(), block.id)).toBeNull();
    });

    it('creditLedger.write - changes remaining, held, voidedAt and updatedAt of a block only; stale when missing', async () => {
      const tenantId = newTenantId();
      const block = buildCreditBlock(tenantId, newId('cus'), { voidedAt: null });
      await write(storage(), { newBlocks: [block] });
      const changed: CreditBlock = {
        ...block,
        remaining: 1,
        held: 1,
        voidedAt: fixtureInstant(77),
        updatedAt: fixtureInstant(78),
      };
      expect(await write(storage(), { changedBlocks: [{ ...changed, amount: 1234, priority: 1 }] })).toBe(
        'ok',
      );
      expect(await storage().creditBlocks.get(tenantId, block.id)).toEqual(changed);
      expect(await write(storage(), { changedBlocks: [buildCreditBlock(tenantId, newId('cus'))] })).toBe(
        'stale',
      );
    });

    it("creditBlocks.listOpen - the customer's blocks with remaining or held not 0, never others", async () => {
      const tenantId = newTenantId();
      const customerId = newId('cus');
      const open = buildCreditBlock(tenantId, customerId);
      const heldOnly = buildCreditBlock(tenantId, customerId, { remaining: 2, held: 2 });
      const overdraft = buildCreditBlock(tenantId, customerId, { kind: 'overdraft', remaining: -2, held: 0 });
      const spent = buildCreditBlock(tenantId, customerId, { remaining: 0, held: 0 });
      const closing = buildCreditBlock(tenantId, customerId, { remaining: 4, held: 0 });
      await write(storage(), { newBlocks: [open, heldOnly, overdraft, spent, closing] });
      await write(storage(), { newBlocks: [buildCreditBlock(tenantId, newId('cus'))] });
      await write(storage(), { newBlocks: [buildCreditBlock(newTenantId(), customerId)] });
      const reopened = { ...spent, remaining: 1 };
      await write(storage(), { changedBlocks: [{ ...closing, remaining: 0 }, reopened] });
      expect(byId(await storage().creditBlocks.listOpen(tenantId, customerId))).toEqual(
        byId([open, heldOnly, overdraft, reopened]),
      );
      expect(await storage().creditBlocks.listOpen(tenantId, newId('cus'))).toEqual([]);
    });

    it('creditBlocks.list - every block of the customer by id, in pages', async () => {
      const tenantId = newTenantId();
      const customerId = newId('cus');
      const blocks = range(5).map((index) =>
        buildCreditBlock(tenantId, customerId, { remaining: index % 2 }),
      );
      await write(storage(), { newBlocks: blocks });
      await write(storage(), { newBlocks: [buildCreditBlock(tenantId, newId('cus'))] });
      const sorted = byId(blocks);
      const first = await storage().creditBlocks.list(tenantId, customerId, { afterId: null, limit: 2 });
      expect(first).toEqual(sorted.slice(0, 2));
      const rest = await storage().creditBlocks.list(tenantId, customerId, {
        afterId: sorted[1]?.id as string,
        limit: 10,
      });
      expect(rest).toEqual(sorted.slice(2));
    });
  });

  describe('credit ledger', () => {
    const storage = useGroupStorage(context);

    it('creditLedger.write - appends entries with every field; list reads them back in seq order', async () => {
      const tenantId = newTenantId();
      const customerId = newId('cus');
      const entries: CreditEntry[] = [
        buildCreditEntry(tenantId, customerId, 1),
        buildCreditEntry(tenantId, customerId, 2, {
          type: 'expiration_change',
          amount: -4,
          idempotencyKey: null,
          holdId: null,
          service: null,
          ticketId: null,
          messageId: null,
          refersTo: null,
          actor: { kind: 'system', id: null },
          balanceBefore: -1,
          balanceAfter: -5,
        }),
      ];
      expect(await write(storage(), { entries })).toBe('ok');
      expect(await write(storage(), { entries: [buildCreditEntry(tenantId, customerId, 3)] })).toBe('ok');
      const listed = await storage().creditLedger.list(tenantId, customerId, { afterSeq: 0, limit: 10 });
      expect(listed.slice(0, 2)).toEqual(entries);
      expect(listed.map((entry) => entry.seq)).toEqual([1, 2, 3]);
    });

    it('creditLedger.write - a taken seq or id is duplicate and, on the port itself, writes none of the change', async () => {
      const tenantId = newTenantId();
      const customerId = newId('cus');
      const first = buildCreditEntry(tenantId, customerId, 1);
      await write(storage(), { entries: [first] });
      await lockAccount(storage(), tenantId, customerId);
      const account = buildCreditAccount(tenantId, customerId, { createdAt: fixtureInstant() });
      const block = buildCreditBlock(tenantId, customerId);
      const hold = buildCreditHold(tenantId, customerId);
      const clash = [buildCreditEntry(tenantId, customerId, 2), buildCreditEntry(tenantId, customerId, 1)];
      expect(await write(storage(), { entries: clash, account, newBlocks: [block], newHolds: [hold] })).toBe(
        'duplicate',
      );
      const sameId = buildCreditEntry(tenantId, customerId, 2, { id: first.id });
      expect(await write(storage(), { entries: [sameId] })).toBe('duplicate');
      expect(await storage().creditLedger.list(tenantId, customerId, { afterSeq: 0, limit: 10 })).toEqual([
        first,
      ]);
      expect(await storage().creditBlocks.get(tenantId, block.id)).toBeNull();
      expect(await storage().creditHolds.findByKey(tenantId, customerId, hold.key)).toBeNull();
      expect((await storage().creditAccounts.get(tenantId, customerId))?.lastSeq).toBe(0);
      // Sequences are per customer, ids per tenant.
      expect(await write(storage(), { entries: [buildCreditEntry(tenantId, newId('cus'), 1)] })).toBe('ok');
      expect(await write(storage(), { entries: [{ ...first, tenantId: newTenantId() }] })).toBe('ok');
    });

    it('creditLedger.write - a missing changed block or hold is stale and, on the port itself, writes nothing', async () => {
      const tenantId = newTenantId();
      const customerId = newId('cus');
      const entry = buildCreditEntry(tenantId, customerId, 1);
      expect(
        await write(storage(), { entries: [entry], changedBlocks: [buildCreditBlock(tenantId, customerId)] }),
      ).toBe('stale');
      expect(
        await write(storage(), { entries: [entry], changedHolds: [buildCreditHold(tenantId, customerId)] }),
      ).toBe('stale');
      expect(await storage().creditLedger.list(tenantId, customerId, { afterSeq: 0, limit: 10 })).toEqual([]);
    });

    it('creditLedger.list - pages after a seq, stops at occurredAtOrBefore, never reads other customers', async () => {
      const tenantId = newTenantId();
      const customerId = newId('cus');
      const entries = range(8).map((index) => buildCreditEntry(tenantId, customerId, index + 1));
      await write(storage(), { entries: entries.slice(0, 5) });
      await write(storage(), { entries: entries.slice(5) });
      await write(storage(), { entries: [buildCreditEntry(tenantId, newId('cus'), 1)] });
      const list = (query: { afterSeq: number; limit: number; occurredAtOrBefore?: Date }) =>
        storage()
          .creditLedger.list(tenantId, customerId, query)
          .then((rows) => rows.map((entry) => entry.seq));
      expect(await list({ afterSeq: 0, limit: 3 })).toEqual([1, 2, 3]);
      expect(await list({ afterSeq: 3, limit: 3 })).toEqual([4, 5, 6]);
      expect(await list({ afterSeq: 6, limit: 10 })).toEqual([7, 8]);
      expect(await list({ afterSeq: 8, limit: 10 })).toEqual([]);
      expect(
        await list({ afterSeq: 0, limit: 10, occurredAtOrBefore: entries[3]?.occurredAt as Date }),
      ).toEqual([1, 2, 3, 4]);
      expect(
        await storage().creditLedger.list(newTenantId(), customerId, { afterSeq: 0, limit: 10 }),
      ).toEqual([]);
    });

    it('credits - the ledger has no way to change or remove an entry, and write is the only way to change credits', () => {
      const repositories = [
        storage().creditLedger,
        storage().creditBlocks,
        storage().creditHolds,
        storage().creditAccounts,
      ];
      for (const repository of repositories) {
        const methods = Object.keys(repository).concat(
          Object.getOwnPropertyNames(Object.getPrototypeOf(repository) ?? {}),
        );
        for (const forbidden of ['update', 'delete', 'remove', 'put', 'upsert', 'insert', 'append'])
          expect(methods).not.toContain(forbidden);
      }
    });
  });

  describe('credit holds', () => {
    const storage = useGroupStorage(context);

    it('creditLedger.write - stores new holds with every field; duplicate for a taken id or a taken key of the customer', async () => {
      const tenantId = newTenantId();
      const customerId = newId('cus');
      const hold = buildCreditHold(tenantId, customerId);
      const sparse = buildCreditHold(tenantId, customerId, {
        ticketId: null,
        messageId: null,
        expiresAt: null,
        resolvedAt: null,
        draws: [],
      });
      expect(await write(storage(), { newHolds: [hold, sparse] })).toBe('ok');
      expect(await storage().creditHolds.findByKey(tenantId, customerId, hold.key)).toEqual(hold);
      expect(await storage().creditHolds.findByKey(tenantId, customerId, sparse.key)).toEqual(sparse);
      expect(await write(storage(), { newHolds: [{ ...hold, key: 'other' }] })).toBe('duplicate');
      const sameKey = buildCreditHold(tenantId, customerId, { key: hold.key });
      expect(await write(storage(), { newHolds: [sameKey] })).toBe('duplicate');
      expect(await storage().creditHolds.findByKey(tenantId, customerId, 'other')).toBeNull();
      const elsewhere = buildCreditHold(tenantId, newId('cus'), { key: hold.key });
      expect(await write(storage(), { newHolds: [elsewhere] })).toBe('ok');
      expect(await storage().creditHolds.findByKey(tenantId, elsewhere.customerId, hold.key)).toEqual(
        elsewhere,
      );
      expect(await storage().creditHolds.findByKey(newTenantId(), customerId, hold.key)).toBeNull();
    });

    it('creditLedger.write - changes status, postedAmount and resolvedAt of a hold only; listOpen follows the status', async () => {
      const tenantId = newTenantId();
      const customerId = newId('cus');
      const a = buildCreditHold(tenantId, customerId, { resolvedAt: null });
      const b = buildCreditHold(tenantId, customerId, { resolvedAt: null });
      const done = buildCreditHold(tenantId, customerId, { status: 'expired' });
      await write(storage(), { newHolds: [a, b, done] });
      await write(storage(), { newHolds: [buildCreditHold(tenantId, newId('cus'))] });
      expect(byId(await storage().creditHolds.listOpen(tenantId, customerId))).toEqual(byId([a, b]));
      const committed: CreditHold = {
        ...a,
        status: 'committed',
        postedAmount: 2,
        resolvedAt: fixtureInstant(50),
      };
      expect(await write(storage(), { changedHolds: [{ ...committed, amount: 99, key: 'changed' }] })).toBe(
        'ok',
      );
      expect(await storage().creditHolds.findByKey(tenantId, customerId, a.key)).toEqual(committed);
      expect(await storage().creditHolds.listOpen(tenantId, customerId)).toEqual([b]);
      expect(await write(storage(), { changedHolds: [buildCreditHold(tenantId, customerId)] })).toBe('stale');
    });

    it("creditHolds.listForTicket - every hold of the ticket oldest first, never another tenant's", async () => {
      const tenantId = newTenantId();
      const ticketId = newId('tkt');
      const holds = [3, 1, 2].map((minute) =>
        buildCreditHold(tenantId, newId('cus'), { ticketId, createdAt: fixtureInstant(minute * 60_000) }),
      );
      for (const hold of holds) await write(storage(), { newHolds: [hold] });
      await write(storage(), { newHolds: [buildCreditHold(tenantId, newId('cus'))] });
      await write(storage(), { newHolds: [buildCreditHold(newTenantId(), newId('cus'), { ticketId })] });
      await write(storage(), { changedHolds: [{ ...(holds[0] as CreditHold), status: 'voided' }] });
      expect((await storage().creditHolds.listForTicket(tenantId, ticketId)).map((hold) => hold.id)).toEqual(
        [holds[1], holds[2], holds[0]].map((hold) => hold?.id),
      );
    });
  });
}

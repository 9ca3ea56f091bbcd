import { describe, expect, it } from 'vitest';
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

/** Credit accounts, blocks, the ledger and holds: round trips, uniqueness, the account lock. */
export function describeCreditRepositories(context: SuiteContext): void {
  describe('credit accounts', () => {
    const storage = useGroupStorage(context);

    it('creditAccounts.lock - creates an empty account once, then returns the stored one', async () => {
      const tenantId = newTenantId();
      const customerId = newId('cus');
      expect(await storage().creditAccounts.get(tenantId, customerId)).toBeNull();
      const created = await storage().transaction((tx) =>
        tx.creditAccounts.lock(tenantId, customerId, fixtureInstant()),
      );
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
      expect(created).toEqual(empty);
      expect(await storage().creditAccounts.get(tenantId, customerId)).toEqual(empty);
      const stored = buildCreditAccount(tenantId, customerId, { createdAt: fixtureInstant() });
      expect(await storage().creditAccounts.update(stored)).toBe('ok');
      const again = await storage().transaction((tx) =>
        tx.creditAccounts.lock(tenantId, customerId, fixtureInstant(9)),
      );
      expect(again).toEqual(stored);
      expect(await storage().creditAccounts.get(newTenantId(), customerId)).toBeNull();
    });

    it('creditAccounts.update - stores every counter; stale for an account that does not exist', async () => {
      const tenantId = newTenantId();
      const account = buildCreditAccount(tenantId, newId('cus'));
      expect(await storage().creditAccounts.update(account)).toBe('stale');
      expect(await storage().creditAccounts.get(tenantId, account.customerId)).toBeNull();
      await storage().transaction((tx) =>
        tx.creditAccounts.lock(tenantId, account.customerId, fixtureInstant()),
      );
      expect(await storage().creditAccounts.update(account)).toBe('ok');
      expect(await storage().creditAccounts.get(tenantId, account.customerId)).toEqual(account);
      const cleared = { ...account, overdraftBlockId: null, balance: -4 };
      expect(await storage().creditAccounts.update(cleared)).toBe('ok');
      expect(await storage().creditAccounts.get(tenantId, account.customerId)).toEqual(cleared);
    });

    it("creditAccounts.list - the tenant's accounts by customer id, in pages", async () => {
      const tenantId = newTenantId();
      const ids = range(5).map(() => newId('cus'));
      for (const id of ids)
        await storage().transaction((tx) => tx.creditAccounts.lock(tenantId, id, fixtureInstant()));
      await storage().transaction((tx) =>
        tx.creditAccounts.lock(newTenantId(), ids[0] as string, fixtureInstant()),
      );
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
              expect(await tx.creditAccounts.update({ ...account, lastSeq: account.lastSeq + 1 })).toBe('ok');
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

    it('creditBlocks.insert - stores every field; duplicate for a taken id, per tenant', async () => {
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
      expect(await storage().creditBlocks.insert(block)).toBe('ok');
      expect(await storage().creditBlocks.insert(sparse)).toBe('ok');
      expect(await storage().creditBlocks.get(tenantId, block.id)).toEqual(block);
      expect(await storage().creditBlocks.get(tenantId, sparse.id)).toEqual(sparse);
      expect(await storage().creditBlocks.insert({ ...block, amount: 99 })).toBe('duplicate');
      expect(await storage().creditBlocks.get(tenantId, block.id)).toEqual(block);
      expect(await storage().creditBlocks.insert({ ...block, tenantId: newTenantId() })).toBe('ok');
      expect(
        byId(await storage().creditBlocks.getMany(tenantId, [block.id, sparse.id, 'blk_missing'])),
      ).toEqual(byId([block, sparse]));
      expect(await storage().creditBlocks.get(newTenantId(), block.id)).toBeNull();
    });

    it('creditBlocks.update - changes remaining, held, voidedAt and updatedAt only; stale when missing', async () => {
      const tenantId = newTenantId();
      const block = buildCreditBlock(tenantId, newId('cus'), { voidedAt: null });
      await storage().creditBlocks.insert(block);
      const changed: CreditBlock = {
        ...block,
        remaining: 1,
        held: 1,
        voidedAt: fixtureInstant(77),
        updatedAt: fixtureInstant(78),
      };
      expect(await storage().creditBlocks.update({ ...changed, amount: 1234, priority: 1 })).toBe('ok');
      expect(await storage().creditBlocks.get(tenantId, block.id)).toEqual(changed);
      expect(await storage().creditBlocks.update(buildCreditBlock(tenantId, newId('cus')))).toBe('stale');
    });

    it("creditBlocks.listOpen - the customer's blocks with remaining or held not 0, never others", async () => {
      const tenantId = newTenantId();
      const customerId = newId('cus');
      const open = buildCreditBlock(tenantId, customerId);
      const heldOnly = buildCreditBlock(tenantId, customerId, { remaining: 2, held: 2 });
      const overdraft = buildCreditBlock(tenantId, customerId, { kind: 'overdraft', remaining: -2, held: 0 });
      const spent = buildCreditBlock(tenantId, customerId, { remaining: 0, held: 0 });
      const closing = buildCreditBlock(tenantId, customerId, { remaining: 4, held: 0 });
      for (const block of [open, heldOnly, overdraft, spent, closing])
        await storage().creditBlocks.insert(block);
      await storage().creditBlocks.insert(buildCreditBlock(tenantId, newId('cus')));
      await storage().creditBlocks.insert(buildCreditBlock(newTenantId(), customerId));
      await storage().creditBlocks.update({ ...closing, remaining: 0 });
      await storage().creditBlocks.update({ ...spent, remaining: 1 });
      const reopened = { ...spent, remaining: 1 };
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
      for (const block of blocks) await storage().creditBlocks.insert(block);
      await storage().creditBlocks.insert(buildCreditBlock(tenantId, newId('cus')));
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

    it('creditLedger.append - stores every field; list reads them back in seq order', async () => {
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
      expect(await storage().creditLedger.append(entries)).toBe('ok');
      expect(await storage().creditLedger.append([buildCreditEntry(tenantId, customerId, 3)])).toBe('ok');
      const listed = await storage().creditLedger.list(tenantId, customerId, { afterSeq: 0, limit: 10 });
      expect(listed.slice(0, 2)).toEqual(entries);
      expect(listed.map((entry) => entry.seq)).toEqual([1, 2, 3]);
    });

    it('creditLedger.append - a taken seq or id is duplicate and writes none of the batch', async () => {
      const tenantId = newTenantId();
      const customerId = newId('cus');
      const first = buildCreditEntry(tenantId, customerId, 1);
      await storage().creditLedger.append([first]);
      expect(
        await storage().creditLedger.append([
          buildCreditEntry(tenantId, customerId, 2),
          buildCreditEntry(tenantId, customerId, 1),
        ]),
      ).toBe('duplicate');
      expect(
        await storage().creditLedger.append([buildCreditEntry(tenantId, customerId, 2, { id: first.id })]),
      ).toBe('duplicate');
      expect(await storage().creditLedger.list(tenantId, customerId, { afterSeq: 0, limit: 10 })).toEqual([
        first,
      ]);
      // Sequences are per customer, ids per tenant.
      expect(await storage().creditLedger.append([buildCreditEntry(tenantId, newId('cus'), 1)])).toBe('ok');
      expect(await storage().creditLedger.append([{ ...first, tenantId: newTenantId() }])).toBe('ok');
    });

    it('creditLedger.list - pages after a seq, stops at occurredAtOrBefore, never reads other customers', async () => {
      const tenantId = newTenantId();
      const customerId = newId('cus');
      const entries = range(8).map((index) => buildCreditEntry(tenantId, customerId, index + 1));
      await storage().creditLedger.append(entries.slice(0, 5));
      await storage().creditLedger.append(entries.slice(5));
      await storage().creditLedger.append([buildCreditEntry(tenantId, newId('cus'), 1)]);
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

    it('creditLedger - has no way to change or remove an entry', () => {
      const methods = Object.keys(storage().creditLedger).concat(
        Object.getOwnPropertyNames(Object.getPrototypeOf(storage().creditLedger) ?? {}),
      );
      for (const forbidden of ['update', 'delete', 'remove', 'put', 'upsert'])
        expect(methods).not.toContain(forbidden);
    });
  });

  describe('credit holds', () => {
    const storage = useGroupStorage(context);

    it('creditHolds.insert - stores every field; duplicate for a taken id or a taken key of the customer', async () => {
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
      expect(await storage().creditHolds.insert(hold)).toBe('ok');
      expect(await storage().creditHolds.insert(sparse)).toBe('ok');
      expect(await storage().creditHolds.findByKey(tenantId, customerId, hold.key)).toEqual(hold);
      expect(await storage().creditHolds.findByKey(tenantId, customerId, sparse.key)).toEqual(sparse);
      expect(await storage().creditHolds.insert({ ...hold, key: 'other' })).toBe('duplicate');
      expect(
        await storage().creditHolds.insert(buildCreditHold(tenantId, customerId, { key: hold.key })),
      ).toBe('duplicate');
      expect(await storage().creditHolds.findByKey(tenantId, customerId, 'other')).toBeNull();
      const elsewhere = buildCreditHold(tenantId, newId('cus'), { key: hold.key });
      expect(await storage().creditHolds.insert(elsewhere)).toBe('ok');
      expect(await storage().creditHolds.findByKey(tenantId, elsewhere.customerId, hold.key)).toEqual(
        elsewhere,
      );
      expect(await storage().creditHolds.findByKey(newTenantId(), customerId, hold.key)).toBeNull();
    });

    it('creditHolds.update - changes status, postedAmount and resolvedAt only; listOpen follows the status', async () => {
      const tenantId = newTenantId();
      const customerId = newId('cus');
      const a = buildCreditHold(tenantId, customerId, { resolvedAt: null });
      const b = buildCreditHold(tenantId, customerId, { resolvedAt: null });
      const done = buildCreditHold(tenantId, customerId, { status: 'expired' });
      for (const hold of [a, b, done]) await storage().creditHolds.insert(hold);
      await storage().creditHolds.insert(buildCreditHold(tenantId, newId('cus')));
      expect(byId(await storage().creditHolds.listOpen(tenantId, customerId))).toEqual(byId([a, b]));
      const committed: CreditHold = {
        ...a,
        status: 'committed',
        postedAmount: 2,
        resolvedAt: fixtureInstant(50),
      };
      expect(await storage().creditHolds.update({ ...committed, amount: 99, key: 'changed' })).toBe('ok');
      expect(await storage().creditHolds.findByKey(tenantId, customerId, a.key)).toEqual(committed);
      expect(await storage().creditHolds.listOpen(tenantId, customerId)).toEqual([b]);
      expect(await storage().creditHolds.update(buildCreditHold(tenantId, customerId))).toBe('stale');
    });

    it("creditHolds.listForTicket - every hold of the ticket oldest first, never another tenant's", async () => {
      const tenantId = newTenantId();
      const ticketId = newId('tkt');
      const holds = [3, 1, 2].map((minute) =>
        buildCreditHold(tenantId, newId('cus'), { ticketId, createdAt: fixtureInstant(minute * 60_000) }),
      );
      for (const hold of holds) await storage().creditHolds.insert(hold);
      await storage().creditHolds.insert(buildCreditHold(tenantId, newId('cus')));
      await storage().creditHolds.insert(buildCreditHold(newTenantId(), newId('cus'), { ticketId }));
      await storage().creditHolds.update({ ...(holds[0] as CreditHold), status: 'voided' });
      expect((await storage().creditHolds.listForTicket(tenantId, ticketId)).map((hold) => hold.id)).toEqual(
        [holds[1], holds[2], holds[0]].map((hold) => hold?.id),
      );
    });
  });
}

import { describe, expect, it } from 'vitest';
import {
  checkCreditInvariantsAfterEach,
  creditDesk,
  entryPairs,
  expectError,
  typesOf,
} from '../test-support';

checkCreditInvariantsAfterEach();

describe('credits.grant', () => {
  it('grant - stores the block, one increment entry, credits.granted, and the expiry jobs', async () => {
    const t = await creditDesk();
    const { block, entries } = await t.grant(10, {
      expiresAt: '2025-09-03T00:00:00Z',
      priority: 20,
      costBasis: 1500,
      scope: ['chat_question'],
      externalRef: 'order-77',
    });
    expect(block).toMatchObject({
      customerId: t.carlaId,
      kind: 'grant',
      amount: 10,
      remaining: 10,
      held: 0,
      effectiveAt: t.clock.now(),
      expiresAt: new Date('2025-09-03T00:00:00Z'),
      priority: 20,
      costBasis: 1500,
      scope: ['chat_question'],
      externalRef: 'order-77',
      voidedAt: null,
    });
    expect(entries).toEqual([
      expect.objectContaining({
        seq: 1,
        type: 'increment',
        blockId: block.id,
        amount: 10,
        balanceBefore: 0,
        balanceAfter: 10,
        idempotencyKey: 'grant-1',
        actor: { kind: 'system', id: null },
      }),
    ]);
    expect(await t.storage.creditBlocks.get('acme', block.id)).toEqual(block);
    const [event] = await t.storedEvents();
    expect(event).toMatchObject({
      type: 'credits.granted',
      ticketId: null,
      data: {
        customerId: t.carlaId,
        blockId: block.id,
        amount: 10,
        expiresAt: '2025-09-03T00:00:00.000Z',
        externalRef: 'order-77',
        available: 10,
      },
    });
    expect((await t.storage.jobs.get('acme', `credits.block_expiry:${block.id}`))?.dueAt).toEqual(
      new Date('2025-09-03T00:00:00Z'),
    );
    // 30 days' notice by default.
    expect((await t.storage.jobs.get('acme', `credits.block_expiring:${block.id}`))?.dueAt).toEqual(
      new Date('2025-08-04T00:00:00Z'),
    );
  });

  it("grant - validForMonths ends at the start of the local day in the customer's time zone", async () => {
    const t = await creditDesk();
    await t.desk.customers.update(t.system, t.carlaId, { timeZone: 'Europe/Berlin' });
    t.clock.set(new Date('2024-08-31T10:00:00Z'));
    const { block } = await t.grant(5, { validForMonths: 6 });
    expect(block.expiresAt).toEqual(new Date('2025-02-27T23:00:00Z'));
    // Without a customer time zone, the tenant's default applies.
    const { block: danBlock } = await t.grant(5, { customerId: t.danId, validForMonths: 6 });
    expect(danBlock.expiresAt).toEqual(new Date('2025-02-28T00:00:00Z'));
  });

  it('grant - no validity never expires; a future effectiveAt is pending until then', async () => {
    const t = await creditDesk();
    const { block } = await t.grant(3, { effectiveAt: '2025-04-01T00:00:00Z' });
    expect(block.expiresAt).toBeNull();
    expect(await t.available()).toBe(0);
    expect((await t.desk.credits.balance(t.system, t.carlaId)).blocks).toEqual([
      expect.objectContaining({ blockId: block.id, status: 'pending', remaining: 3, available: 0 }),
    ]);
    t.clock.set(new Date('2025-04-01T00:00:00Z'));
    expect(await t.available()).toBe(3);
  });

  it('grant - invalid input is VALIDATION_FAILED and writes nothing', async () => {
    const t = await creditDesk();
    const base = { customerId: t.carlaId, amount: 5, idempotencyKey: 'k' };
    await expectError(t.desk.credits.grant(t.system, { ...base, amount: 0 }), 'VALIDATION_FAILED');
    await expectError(t.desk.credits.grant(t.system, { ...base, amount: 2.5 }), 'VALIDATION_FAILED');
    await expectError(
      t.desk.credits.grant(t.system, { ...base, expiresAt: '2026-01-01T00:00:00Z', validForMonths: 3 }),
      'VALIDATION_FAILED',
    );
    await expectError(
      t.desk.credits.grant(t.system, { ...base, expiresAt: t.clock.now() }),
      'VALIDATION_FAILED',
      { issues: [expect.objectContaining({ code: 'expired' })] },
    );
    await expectError(t.desk.credits.grant(t.system, { ...base, extra: 1 } as never), 'VALIDATION_FAILED');
    await expectError(t.desk.credits.grant(t.system, { ...base, customerId: 'cus_nobody' }), 'NOT_FOUND');
    expect(await t.entries()).toEqual([]);
    expect(await t.storedEvents()).toEqual([]);
  });

  it('grant - customers may not grant', async () => {
    const t = await creditDesk();
    await expectError(
      t.desk.credits.grant(t.carla, { customerId: t.carlaId, amount: 5, idempotencyKey: 'k' }),
      'FORBIDDEN',
    );
    expect(await t.entries()).toEqual([]);
  });

  it('grant - a replay returns the first entries and block; another payload is IDEMPOTENCY_CONFLICT', async () => {
    const t = await creditDesk();
    const first = await t.grant(10, { idempotencyKey: 'order-1' });
    await t.desk.credits.consume(t.system, {
      customerId: t.carlaId,
      service: 'chat_question',
      idempotencyKey: 'q1',
    });
    const again = await t.grant(10, { idempotencyKey: 'order-1' });
    expect(again.entries).toEqual(first.entries);
    expect(again.block).toEqual({ ...first.block, remaining: 9, updatedAt: again.block.updatedAt });
    await expectError(t.grant(11, { idempotencyKey: 'order-1' }), 'IDEMPOTENCY_CONFLICT');
    expect(entryPairs(await t.entries())).toEqual([
      ['increment', 10],
      ['decrement', 1],
    ]);
  });
});

describe('credits.changeExpiry', () => {
  it('changeExpiry - moves the unheld credits into a new block with the new expiry', async () => {
    const t = await creditDesk();
    const { block } = await t.grant(10, { expiresAt: '2025-04-01T00:00:00Z', priority: 30, costBasis: 7 });
    await t.desk.credits.reserve(t.system, {
      customerId: t.carlaId,
      service: 'chat_question',
      quantity: 2,
      key: 'h',
    });
    const moved = await t.desk.credits.changeExpiry(t.system, {
      customerId: t.carlaId,
      blockId: block.id,
      expiresAt: '2025-10-01T00:00:00Z',
      idempotencyKey: 'extend',
    });
    expect(moved.block).toMatchObject({
      amount: 8,
      remaining: 8,
      expiresAt: new Date('2025-10-01T00:00:00Z'),
      priority: 30,
      costBasis: 7,
      sourceBlockId: block.id,
    });
    expect(moved.entries.map((entry) => [entry.type, entry.blockId, entry.amount])).toEqual([
      ['expiration_change', block.id, -8],
      ['expiration_change', moved.block.id, 8],
    ]);
    // The old block keeps its held credits; after its expiry, only the new block is available.
    t.clock.set(new Date('2025-04-01T00:00:00Z'));
    expect(await t.available()).toBe(8);
  });

  it('changeExpiry - refuses an expired or voided block, too many credits, and a past expiry', async () => {
    const t = await creditDesk();
    const { block } = await t.grant(5, { expiresAt: '2025-04-01T00:00:00Z' });
    const change = (input: object) =>
      t.desk.credits.changeExpiry(t.system, {
        customerId: t.carlaId,
        blockId: block.id,
        expiresAt: '2026-01-01T00:00:00Z',
        idempotencyKey: `k-${Math.random()}`,
        ...input,
      });
    await expectError(change({ amount: 6 }), 'VALIDATION_FAILED');
    await expectError(change({ expiresAt: '2025-01-01T00:00:00Z' }), 'VALIDATION_FAILED');
    await expectError(change({ blockId: 'blk_missing' }), 'NOT_FOUND');
    t.clock.set(new Date('2025-04-01T00:00:00Z'));
    await expectError(change({}), 'INVALID_STATE');
    expect(entryPairs(await t.entries())).toEqual([
      ['increment', 5],
      ['credit_block_expiry', 5],
    ]);
  });
});

describe('credits.voidBlock', () => {
  it('voidBlock - voids the unheld credits; what its holds release later is voided too', async () => {
    const t = await creditDesk();
    const { block } = await t.grant(5);
    await t.desk.credits.reserve(t.system, {
      customerId: t.carlaId,
      service: 'chat_question',
      quantity: 2,
      key: 'h',
    });
    const voided = await t.desk.credits.voidBlock(t.system, {
      customerId: t.carlaId,
      blockId: block.id,
      idempotencyKey: 'v',
    });
    expect(voided.block.voidedAt).toEqual(t.clock.now());
    expect(entryPairs(voided.entries)).toEqual([['void', 3]]);
    expect(await t.available()).toBe(0);
    // Committing the hold still charges the held credits.
    await t.desk.credits.commit(t.system, { customerId: t.carlaId, key: 'h', amount: 1 });
    expect(entryPairs((await t.entries()).slice(-3))).toEqual([
      ['hold_posted', 1],
      ['hold_voided', 1],
      ['void', 1],
    ]);
    expect((await t.storage.creditBlocks.get('acme', block.id))?.remaining).toBe(0);
    await expectError(
      t.desk.credits.voidBlock(t.system, { customerId: t.carlaId, blockId: block.id, idempotencyKey: 'v2' }),
      'INVALID_STATE',
    );
    expect(typesOf(await t.storedEvents())).toEqual(['credits.granted', 'credits.consumed']);
  });
});

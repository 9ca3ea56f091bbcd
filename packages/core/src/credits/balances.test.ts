import { describe, expect, it } from 'vitest';
import { customerActor } from '../actors';
import { checkCreditInvariantsAfterEach, creditDesk, expectError, OTHER_TENANT } from '../test-support';

checkCreditInvariantsAfterEach();

describe('credits.balance', () => {
  it('balance - available, held, posted, blocks in draw order, and what expires soon', async () => {
    const t = await creditDesk({ expiringNoticeDays: 10 });
    const soon = await t.grant(3, { expiresAt: '2025-03-10T00:00:00Z', costBasis: 900 });
    const later = await t.grant(5, { expiresAt: '2025-06-01T00:00:00Z' });
    await t.desk.credits.consume(t.system, {
      customerId: t.carlaId,
      service: 'chat_question',
      idempotencyKey: 'q',
    });
    await t.desk.credits.reserve(t.system, { customerId: t.carlaId, service: 'chat_question', key: 'h' });
    const balance = await t.desk.credits.balance(t.system, t.carlaId);
    expect(balance).toEqual({
      customerId: t.carlaId,
      asOf: t.clock.now(),
      available: 6,
      held: 1,
      posted: 1,
      overdraft: 0,
      expiringSoon: { withinDays: 10, amount: 1 },
      blocks: [
        expect.objectContaining({
          blockId: soon.block.id,
          status: 'active',
          remaining: 2,
          held: 1,
          available: 1,
          costBasis: 900,
        }),
        expect.objectContaining({
          blockId: later.block.id,
          status: 'active',
          remaining: 5,
          held: 0,
          available: 5,
        }),
      ],
    });
    expect(
      (await t.desk.credits.balance(t.system, t.carlaId, { expiringWithinDays: 100 })).expiringSoon,
    ).toEqual({
      withinDays: 100,
      amount: 6,
    });
  });

  it('balance - a customer reads their own (without cost basis); another customer is NOT_FOUND', async () => {
    const t = await creditDesk();
    await t.grant(4, { costBasis: 500 });
    const own = await t.desk.credits.balance(t.carla, t.carlaId);
    expect(own.available).toBe(4);
    expect(own.blocks[0]).not.toHaveProperty('costBasis');
    await expectError(t.desk.credits.balance(t.dan, t.carlaId), 'NOT_FOUND');
    await expectError(t.desk.credits.ledger(t.dan, t.carlaId), 'NOT_FOUND');
    await expectError(t.desk.credits.hold(t.dan, t.carlaId, 'x'), 'NOT_FOUND');
    await expectError(t.desk.credits.balance(t.system, 'cus_nobody'), 'NOT_FOUND');
    await expectError(t.desk.credits.balance(customerActor(OTHER_TENANT, t.carlaId), t.carlaId), 'NOT_FOUND');
    expect(await t.desk.credits.balance(t.system, t.danId)).toMatchObject({
      available: 0,
      held: 0,
      posted: 0,
      blocks: [],
    });
  });

  it('balance - customers cannot change credits', async () => {
    const t = await creditDesk();
    await t.grant(4);
    const own = { customerId: t.carlaId };
    await expectError(
      t.desk.credits.consume(t.carla, { ...own, service: 'chat_question', idempotencyKey: 'q' }),
      'FORBIDDEN',
    );
    await expectError(
      t.desk.credits.reserve(t.carla, { ...own, service: 'chat_question', key: 'k' }),
      'FORBIDDEN',
    );
    await expectError(t.desk.credits.expire(t.carla, t.carlaId), 'FORBIDDEN');
    expect(await t.available()).toBe(4);
  });

  it('balance - at a past instant is computed from the ledger', async () => {
    const t = await creditDesk();
    const start = t.clock.now();
    await t.grant(5, { expiresAt: '2025-03-20T00:00:00Z' });
    t.clock.advance({ days: 1 });
    await t.desk.credits.consume(t.system, {
      customerId: t.carlaId,
      service: 'chat_question',
      quantity: 2,
      idempotencyKey: 'q',
    });
    t.clock.advance({ days: 1 });
    await t.desk.credits.reserve(t.system, {
      customerId: t.carlaId,
      service: 'chat_question',
      key: 'h',
      timeoutSeconds: null,
    });
    t.clock.set(new Date('2025-03-25T00:00:00Z'));
    await t.grant(1);
    const at = async (iso: Date | string) => {
      const balance = await t.desk.credits.balance(t.system, t.carlaId, { at: iso });
      return [balance.available, balance.held, balance.posted];
    };
    expect(await at(start)).toEqual([5, 0, 0]);
    expect(await at(new Date(start.getTime() + 86_400_000 + 1))).toEqual([3, 0, 2]);
    expect(await at(new Date(start.getTime() + 2 * 86_400_000 + 1))).toEqual([2, 1, 2]);
    // The block expired on 20 March with one credit still held.
    expect(await at('2025-03-21T00:00:00Z')).toEqual([0, 1, 2]);
    expect(await at('2025-03-25T00:00:00Z')).toEqual([1, 1, 2]);
  });

  it('ledger - pages oldest first; customers see no idempotency keys or agent ids', async () => {
    const t = await creditDesk();
    await t.desk.credits.grant(t.ada, { customerId: t.carlaId, amount: 3, idempotencyKey: 'g' });
    for (const key of ['a', 'b'])
      await t.desk.credits.consume(t.ada, {
        customerId: t.carlaId,
        service: 'chat_question',
        idempotencyKey: key,
      });
    const first = await t.desk.credits.ledger(t.system, t.carlaId, { limit: 2 });
    expect(first.items.map((entry) => [entry.seq, entry.type, entry.idempotencyKey])).toEqual([
      [1, 'increment', 'g'],
      [2, 'decrement', 'a'],
    ]);
    expect(first.items[0]?.actor).toEqual({ kind: 'agent', id: 'agt_ada' });
    const second = await t.desk.credits.ledger(t.system, t.carlaId, {
      limit: 2,
      cursor: first.nextCursor as string,
    });
    expect(second).toEqual({ items: [expect.objectContaining({ seq: 3 })], nextCursor: null });
    const own = await t.desk.credits.ledger(t.carla, t.carlaId);
    expect(own.items.map((entry) => [entry.seq, entry.idempotencyKey, entry.actor])).toEqual([
      [1, null, { kind: 'agent', id: null }],
      [2, null, { kind: 'agent', id: null }],
      [3, null, { kind: 'agent', id: null }],
    ]);
    await expectError(t.desk.credits.ledger(t.system, t.carlaId, { cursor: 'garbage' }), 'VALIDATION_FAILED');
  });
});

describe('credit jobs', () => {
  it('block expiry - the scheduler expires an idle account at the expiry instant', async () => {
    const t = await creditDesk({ expiringNoticeDays: null });
    const { block } = await t.grant(4, { expiresAt: '2025-03-05T00:00:00Z' });
    expect(await t.desk.scheduler.runDueJobs({ now: new Date('2025-03-04T23:59:59.999Z') })).toMatchObject({
      claimed: 0,
    });
    t.clock.set(new Date('2025-03-05T00:00:00Z'));
    expect(await t.desk.scheduler.runDueJobs()).toMatchObject({ completed: 1 });
    expect((await t.entries()).at(-1)).toMatchObject({
      type: 'credit_block_expiry',
      blockId: block.id,
      amount: 4,
      occurredAt: new Date('2025-03-05T00:00:00Z'),
    });
    const expired = (await t.storedEvents()).filter((event) => event.type === 'credits.expired');
    expect(expired.map((event) => event.data)).toEqual([
      { customerId: t.carlaId, blockId: block.id, amount: 4, expiredAt: '2025-03-05T00:00:00.000Z' },
    ]);
  });

  it('credits.expiring - fires the notice days before expiry with what is left, not for spent blocks', async () => {
    const t = await creditDesk({ expiringNoticeDays: 2 });
    const kept = await t.grant(4, { expiresAt: '2025-03-10T00:00:00Z' });
    const spent = await t.grant(1, { expiresAt: '2025-03-09T00:00:00Z' });
    await t.desk.credits.consume(t.system, {
      customerId: t.carlaId,
      service: 'chat_question',
      quantity: 2,
      idempotencyKey: 'q',
    });
    t.clock.set(new Date('2025-03-08T00:00:00Z'));
    expect(await t.desk.scheduler.runDueJobs()).toMatchObject({ completed: 2 });
    const expiring = (await t.storedEvents()).filter((event) => event.type === 'credits.expiring');
    expect(expiring.map((event) => event.data)).toEqual([
      { customerId: t.carlaId, blockId: kept.block.id, amount: 3, expiresAt: '2025-03-10T00:00:00.000Z' },
    ]);
    expect(spent.block.id).not.toBe(kept.block.id);
  });
});

import { describe, expect, it } from 'vitest';
import {
  checkCreditInvariantsAfterEach,
  creditDesk,
  entryPairs,
  expectError,
  typesOf,
} from '../test-support';

checkCreditInvariantsAfterEach();

describe('credit holds', () => {
  it('reserve - holds credits per block; commit posts part and releases the rest', async () => {
    const t = await creditDesk({ rateCard: { chat_question: 1 } });
    const a = await t.grant(1, { expiresAt: '2025-04-01T00:00:00Z' });
    const b = await t.grant(5);
    const { hold, entries } = await t.desk.credits.reserve(t.system, {
      customerId: t.carlaId,
      service: 'chat_question',
      quantity: 3,
      key: 'ticket-9',
    });
    expect(hold).toMatchObject({
      key: 'ticket-9',
      amount: 3,
      status: 'held',
      draws: [
        { blockId: a.block.id, amount: 1 },
        { blockId: b.block.id, amount: 2 },
      ],
      expiresAt: new Date(t.clock.now().getTime() + 7 * 86_400_000),
    });
    expect(entryPairs(entries)).toEqual([
      ['hold', 1],
      ['hold', 2],
    ]);
    expect(await t.desk.credits.balance(t.system, t.carlaId)).toMatchObject({ available: 3, held: 3 });
    const committed = await t.desk.credits.commit(t.system, {
      customerId: t.carlaId,
      key: 'ticket-9',
      amount: 2,
    });
    expect(committed.entries.map((entry) => [entry.type, entry.blockId, entry.amount])).toEqual([
      ['hold_posted', a.block.id, 1],
      ['hold_posted', b.block.id, 1],
      ['hold_voided', b.block.id, 1],
    ]);
    expect(committed.hold).toMatchObject({ status: 'committed', postedAmount: 2, resolvedAt: t.clock.now() });
    expect(await t.desk.credits.balance(t.system, t.carlaId)).toMatchObject({
      available: 4,
      held: 0,
      posted: 2,
    });
    expect(await t.storage.jobs.get('acme', `credits.hold_timeout:${hold.id}`)).toBeNull();
    const consumed = (await t.storedEvents()).find((event) => event.type === 'credits.consumed');
    expect(consumed?.data).toMatchObject({ amount: 2, key: 'ticket-9', holdKey: 'ticket-9' });
  });

  it('commit - a hold resolves once: replay with the same amount, conflict with another, INVALID_STATE after void', async () => {
    const t = await creditDesk();
    await t.grant(5);
    await t.desk.credits.reserve(t.system, { customerId: t.carlaId, service: 'chat_question', key: 'a' });
    await t.desk.credits.reserve(t.system, { customerId: t.carlaId, service: 'chat_question', key: 'b' });
    const first = await t.desk.credits.commit(t.system, { customerId: t.carlaId, key: 'a' });
    expect(await t.desk.credits.commit(t.system, { customerId: t.carlaId, key: 'a', amount: 1 })).toEqual(
      first,
    );
    await expectError(
      t.desk.credits.commit(t.system, { customerId: t.carlaId, key: 'a', amount: 0 }),
      'IDEMPOTENCY_CONFLICT',
    );
    await expectError(
      t.desk.credits.voidHold(t.system, { customerId: t.carlaId, key: 'a' }),
      'INVALID_STATE',
      {
        status: 'committed',
      },
    );
    await t.desk.credits.voidHold(t.system, { customerId: t.carlaId, key: 'b' });
    await expectError(t.desk.credits.commit(t.system, { customerId: t.carlaId, key: 'b' }), 'INVALID_STATE', {
      status: 'voided',
    });
    await expectError(t.desk.credits.commit(t.system, { customerId: t.carlaId, key: 'c' }), 'NOT_FOUND');
    await expectError(
      t.desk.credits.commit(t.system, { customerId: t.carlaId, key: 'b', amount: 2 }),
      'INVALID_STATE',
    );
    expect(await t.available()).toBe(4);
  });

  it('commit - more than the hold is VALIDATION_FAILED', async () => {
    const t = await creditDesk();
    await t.grant(5);
    await t.desk.credits.reserve(t.system, { customerId: t.carlaId, service: 'chat_question', key: 'a' });
    await expectError(
      t.desk.credits.commit(t.system, { customerId: t.carlaId, key: 'a', amount: 2 }),
      'VALIDATION_FAILED',
    );
    expect((await t.desk.credits.hold(t.system, t.carlaId, 'a')).status).toBe('held');
  });

  it('reserve - a short balance is INSUFFICIENT_CREDITS and stores no hold', async () => {
    const t = await creditDesk();
    await t.grant(1);
    await expectError(
      t.desk.credits.reserve(t.system, {
        customerId: t.carlaId,
        service: 'chat_question',
        quantity: 2,
        key: 'x',
      }),
      'INSUFFICIENT_CREDITS',
    );
    await expectError(t.desk.credits.hold(t.system, t.carlaId, 'x'), 'NOT_FOUND');
    expect(entryPairs(await t.entries())).toEqual([['increment', 1]]);
  });

  it('hold timeout - expires at its timeout (exclusive); a late commit is HOLD_EXPIRED', async () => {
    const t = await creditDesk();
    await t.grant(5);
    const { hold } = await t.desk.credits.reserve(t.system, {
      customerId: t.carlaId,
      service: 'chat_question',
      key: 'h',
      timeoutSeconds: 3600,
    });
    t.clock.advance({ minutes: 59, seconds: 59 });
    expect(await t.available()).toBe(4);
    t.clock.advance({ seconds: 1 });
    expect(await t.available()).toBe(5);
    await expectError(t.desk.credits.commit(t.system, { customerId: t.carlaId, key: 'h' }), 'HOLD_EXPIRED', {
      key: 'h',
      expiredAt: hold.expiresAt?.toISOString(),
    });
    const last = (await t.entries()).at(-1);
    expect(last).toMatchObject({
      type: 'hold_expired',
      amount: 1,
      occurredAt: hold.expiresAt,
      idempotencyKey: null,
    });
    expect((await t.desk.credits.hold(t.system, t.carlaId, 'h')).status).toBe('expired');
  });

  it('hold timeout - the scheduler expires holds of accounts nobody touches', async () => {
    const t = await creditDesk();
    await t.grant(5);
    await t.desk.credits.reserve(t.system, {
      customerId: t.carlaId,
      service: 'chat_question',
      key: 'h',
      timeoutSeconds: 60,
    });
    t.clock.advance({ minutes: 5 });
    expect(await t.desk.scheduler.runDueJobs()).toMatchObject({ completed: 1, failed: 0 });
    expect(entryPairs((await t.entries()).slice(-1))).toEqual([['hold_expired', 1]]);
    expect((await t.storage.creditHolds.findByKey('acme', t.carlaId, 'h'))?.status).toBe('expired');
  });

  it('holds - held credits survive their block expiry, and expire when the hold is released', async () => {
    const t = await creditDesk();
    const { block } = await t.grant(5, { expiresAt: '2025-03-05T00:00:00Z' });
    await t.desk.credits.reserve(t.system, {
      customerId: t.carlaId,
      service: 'chat_question',
      quantity: 2,
      key: 'a',
    });
    await t.desk.credits.reserve(t.system, {
      customerId: t.carlaId,
      service: 'chat_question',
      quantity: 2,
      key: 'b',
    });
    t.clock.set(new Date('2025-03-06T00:00:00Z'));
    expect(await t.desk.credits.balance(t.system, t.carlaId)).toMatchObject({
      available: 0,
      held: 4,
      blocks: [expect.objectContaining({ blockId: block.id, status: 'expired', remaining: 4, held: 4 })],
    });
    await t.desk.credits.commit(t.system, { customerId: t.carlaId, key: 'a' });
    await t.desk.credits.voidHold(t.system, { customerId: t.carlaId, key: 'b' });
    expect(entryPairs((await t.entries()).slice(2))).toEqual([
      ['hold', 2],
      ['credit_block_expiry', 1],
      ['hold_posted', 2],
      ['hold_voided', 2],
      ['credit_block_expiry', 2],
    ]);
    expect(await t.desk.credits.balance(t.system, t.carlaId)).toMatchObject({
      available: 0,
      held: 0,
      posted: 2,
    });
    expect(typesOf(await t.storedEvents()).filter((type) => type === 'credits.expired')).toHaveLength(2);
  });

  it('holds - a hold and a block due at the same instant expire as one block expiry', async () => {
    const t = await creditDesk();
    await t.grant(5, { expiresAt: '2025-03-04T09:00:00Z' });
    await t.desk.credits.reserve(t.system, {
      customerId: t.carlaId,
      service: 'chat_question',
      key: 'h',
      timeoutSeconds: 86_400,
    });
    t.clock.set(new Date('2025-03-10T00:00:00Z'));
    const { entries } = await t.desk.credits.expire(t.system, t.carlaId);
    expect(entries.map((entry) => [entry.type, entry.amount, entry.occurredAt.toISOString()])).toEqual([
      ['hold_expired', 1, '2025-03-04T09:00:00.000Z'],
      ['credit_block_expiry', 5, '2025-03-04T09:00:00.000Z'],
    ]);
    expect((await t.desk.credits.expire(t.system, t.carlaId)).entries).toEqual([]);
  });
});

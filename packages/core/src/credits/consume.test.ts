import { describe, expect, it } from 'vitest';
import {
  checkCreditInvariantsAfterEach,
  creditDesk,
  entryPairs,
  expectError,
  typesOf,
} from '../test-support';

checkCreditInvariantsAfterEach();

const RATES = { chat_question: 1, phone_followup: 3, email: null };

describe('credits.consume', () => {
  it('consume - prices quantity by the rate card and draws across blocks in draw order', async () => {
    const t = await creditDesk({ rateCard: RATES });
    const late = await t.grant(10, { expiresAt: '2025-12-01T00:00:00Z' });
    const soon = await t.grant(2, { expiresAt: '2025-06-01T00:00:00Z' });
    const { entries } = await t.desk.credits.consume(t.system, {
      customerId: t.carlaId,
      service: 'phone_followup',
      quantity: 2,
      idempotencyKey: 'call-1',
    });
    expect(entries.map((entry) => [entry.type, entry.blockId, entry.amount, entry.balanceAfter])).toEqual([
      ['decrement', soon.block.id, 2, 10],
      ['decrement', late.block.id, 4, 6],
    ]);
    expect(entries.every((entry) => entry.service === 'phone_followup')).toBe(true);
    expect(await t.available()).toBe(6);
    const consumed = (await t.storedEvents()).filter((event) => event.type === 'credits.consumed');
    expect(consumed.map((event) => event.data)).toEqual([
      {
        customerId: t.carlaId,
        amount: 6,
        service: 'phone_followup',
        key: 'call-1',
        holdKey: null,
        draws: [
          { blockId: soon.block.id, amount: 2 },
          { blockId: late.block.id, amount: 4 },
        ],
        available: 6,
      },
    ]);
  });

  it('consume - scoped blocks pay only for their services, and before unscoped ones', async () => {
    const t = await creditDesk({ rateCard: RATES });
    const any = await t.grant(5, { priority: 0 });
    const chat = await t.grant(1, { scope: ['chat_question'], priority: 90 });
    const phone = await t.grant(9, { scope: ['phone_followup'] });
    const first = await t.desk.credits.consume(t.system, {
      customerId: t.carlaId,
      service: 'chat_question',
      quantity: 2,
      idempotencyKey: 'q',
    });
    expect(first.entries.map((entry) => [entry.blockId, entry.amount])).toEqual([
      [chat.block.id, 1],
      [any.block.id, 1],
    ]);
    expect(phone.block.remaining).toBe(9);
    // The phone block cannot pay for chat: 4 left for chat, not 13.
    await expectError(
      t.desk.credits.consume(t.system, {
        customerId: t.carlaId,
        service: 'chat_question',
        quantity: 5,
        idempotencyKey: 'r',
      }),
      'INSUFFICIENT_CREDITS',
      { required: 5, available: 4 },
    );
  });

  it('consume - out of scope is SERVICE_OUT_OF_SCOPE, unknown is VALIDATION_FAILED; nothing written', async () => {
    const t = await creditDesk({ rateCard: RATES });
    await t.grant(5);
    await expectError(
      t.desk.credits.consume(t.system, { customerId: t.carlaId, service: 'email', idempotencyKey: 'e' }),
      'SERVICE_OUT_OF_SCOPE',
      { service: 'email' },
    );
    await expectError(
      t.desk.credits.consume(t.system, { customerId: t.carlaId, service: 'fax', idempotencyKey: 'f' }),
      'VALIDATION_FAILED',
    );
    expect(entryPairs(await t.entries())).toEqual([['increment', 5]]);
  });

  it('consume - a short balance refuses the whole charge and writes nothing', async () => {
    const t = await creditDesk({ rateCard: RATES });
    await t.grant(2);
    await expectError(
      t.desk.credits.consume(t.system, {
        customerId: t.carlaId,
        service: 'phone_followup',
        idempotencyKey: 'p',
      }),
      'INSUFFICIENT_CREDITS',
      { customerId: t.carlaId, required: 3, available: 2 },
    );
    expect(entryPairs(await t.entries())).toEqual([['increment', 2]]);
    expect(typesOf(await t.storedEvents())).toEqual(['credits.granted']);
  });

  it('consume - a refusal still records the expiries that came due', async () => {
    const t = await creditDesk({ rateCard: RATES });
    await t.grant(4, { expiresAt: '2025-03-10T00:00:00Z' });
    t.clock.set(new Date('2025-03-10T00:00:00Z'));
    await expectError(
      t.desk.credits.consume(t.system, {
        customerId: t.carlaId,
        service: 'chat_question',
        idempotencyKey: 'late',
      }),
      'INSUFFICIENT_CREDITS',
    );
    const entries = await t.entries();
    expect(entryPairs(entries)).toEqual([
      ['increment', 4],
      ['credit_block_expiry', 4],
    ]);
    expect(entries[1]).toMatchObject({
      occurredAt: new Date('2025-03-10T00:00:00Z'),
      actor: { kind: 'system' },
    });
    expect(typesOf(await t.storedEvents())).toEqual(['credits.granted', 'credits.expired']);
  });

  it('consume - a replay returns the first entries; another payload is IDEMPOTENCY_CONFLICT', async () => {
    const t = await creditDesk({ rateCard: RATES });
    await t.grant(5);
    const input = { customerId: t.carlaId, service: 'chat_question', idempotencyKey: 'q1' };
    const first = await t.desk.credits.consume(t.system, input);
    expect(await t.desk.credits.consume(t.ada, input)).toEqual(first);
    await expectError(t.desk.credits.consume(t.system, { ...input, quantity: 2 }), 'IDEMPOTENCY_CONFLICT');
    await expectError(
      t.desk.credits.consume(t.system, { ...input, customerId: t.danId }),
      'IDEMPOTENCY_CONFLICT',
    );
    expect(entryPairs(await t.entries())).toEqual([
      ['increment', 5],
      ['decrement', 1],
    ]);
  });

  it("consume - records the ticket and message it pays for; another customer's ticket is refused", async () => {
    const t = await creditDesk({ rateCard: RATES });
    await t.grant(5);
    const ticket = await t.open();
    const { entries } = await t.desk.credits.consume(t.system, {
      customerId: t.carlaId,
      service: 'chat_question',
      idempotencyKey: 'q',
      ticketId: ticket.id,
      messageId: 'msg_9',
    });
    expect(entries[0]).toMatchObject({ ticketId: ticket.id, messageId: 'msg_9' });
    expect((await t.history(ticket.id)).map((event) => event.type)).toContain('credits.consumed');
    await expectError(
      t.desk.credits.consume(t.system, {
        customerId: t.danId,
        service: 'chat_question',
        idempotencyKey: 'q2',
        ticketId: ticket.id,
      }),
      'VALIDATION_FAILED',
    );
  });

  it('consume - credits.low fires when available falls to the threshold, not again below it', async () => {
    const t = await creditDesk({ rateCard: RATES, lowBalanceThreshold: 2 });
    await t.grant(4);
    for (const key of ['a', 'b', 'c'])
      await t.desk.credits.consume(t.system, {
        customerId: t.carlaId,
        service: 'chat_question',
        idempotencyKey: key,
      });
    const low = (await t.storedEvents()).filter((event) => event.type === 'credits.low');
    expect(low.map((event) => event.data)).toEqual([{ customerId: t.carlaId, available: 2, threshold: 2 }]);
  });
});

describe('overdraft', () => {
  it('consume - with an overdraft limit, draws the balance first and the rest from the overdraft', async () => {
    const t = await creditDesk({ rateCard: RATES, overdraftLimit: 3 });
    const { block } = await t.grant(1);
    const { entries } = await t.desk.credits.consume(t.system, {
      customerId: t.carlaId,
      service: 'phone_followup',
      idempotencyKey: 'p',
    });
    const account = await t.storage.creditAccounts.get('acme', t.carlaId);
    expect(entries.map((entry) => [entry.blockId, entry.amount])).toEqual([
      [block.id, 1],
      [account?.overdraftBlockId, 2],
    ]);
    expect(await t.available()).toBe(-2);
    expect((await t.desk.credits.balance(t.system, t.carlaId)).overdraft).toBe(2);
    // Only 1 more fits under the limit.
    await expectError(
      t.desk.credits.consume(t.system, {
        customerId: t.carlaId,
        service: 'chat_question',
        quantity: 2,
        idempotencyKey: 'q',
      }),
      'INSUFFICIENT_CREDITS',
      { required: 2, available: 1 },
    );
  });

  it('grant - an unscoped grant repays the overdraft first; a scoped one does not', async () => {
    const t = await creditDesk({ rateCard: RATES, overdraftLimit: 5 });
    await t.desk.credits.consume(t.system, {
      customerId: t.carlaId,
      service: 'phone_followup',
      idempotencyKey: 'p',
    });
    const scoped = await t.grant(2, { scope: ['chat_question'] });
    expect(entryPairs(scoped.entries)).toEqual([['increment', 2]]);
    expect(await t.available()).toBe(-1);
    const repaid = await t.grant(10);
    const overdraftId = (await t.storage.creditAccounts.get('acme', t.carlaId))?.overdraftBlockId;
    expect(repaid.entries.map((entry) => [entry.blockId, entry.amount])).toEqual([
      [overdraftId, 3],
      [repaid.block.id, 7],
    ]);
    expect(repaid.block).toMatchObject({ amount: 10, remaining: 7 });
    expect(await t.available()).toBe(9);
    expect((await t.desk.credits.balance(t.system, t.carlaId)).overdraft).toBe(0);
  });
});

describe('credits.refund', () => {
  it('refund - overdraft credits reduce the debt; those a grant already repaid come back as a new block', async () => {
    const t = await creditDesk({ rateCard: RATES, overdraftLimit: 5 });
    await t.desk.credits.consume(t.system, {
      customerId: t.carlaId,
      service: 'phone_followup',
      idempotencyKey: 'p',
    });
    await t.grant(2);
    const refund = await t.desk.credits.refund(t.system, {
      customerId: t.carlaId,
      chargeKey: 'p',
      idempotencyKey: 'r',
    });
    const overdraftId = (await t.storage.creditAccounts.get('acme', t.carlaId))?.overdraftBlockId;
    const [intoDebt, back] = refund.entries;
    expect([intoDebt?.blockId, intoDebt?.amount]).toEqual([overdraftId, 1]);
    expect(back?.amount).toBe(2);
    expect(await t.storage.creditBlocks.get('acme', back?.blockId as string)).toMatchObject({
      kind: 'grant',
      remaining: 2,
      expiresAt: null,
      sourceBlockId: overdraftId,
    });
    expect(await t.desk.credits.balance(t.system, t.carlaId)).toMatchObject({
      available: 2,
      overdraft: 0,
      posted: 0,
    });
  });

  it('refund - puts a charge back into its blocks, last draw first, at most once', async () => {
    const t = await creditDesk({ rateCard: RATES });
    const a = await t.grant(2, { expiresAt: '2025-05-01T00:00:00Z' });
    const b = await t.grant(5, { expiresAt: '2025-09-01T00:00:00Z' });
    const charge = await t.desk.credits.consume(t.system, {
      customerId: t.carlaId,
      service: 'chat_question',
      quantity: 4,
      idempotencyKey: 'q',
    });
    const refund = await t.desk.credits.refund(t.system, {
      customerId: t.carlaId,
      chargeKey: 'q',
      amount: 3,
      idempotencyKey: 'r',
    });
    expect(refund.entries.map((entry) => [entry.type, entry.blockId, entry.amount, entry.refersTo])).toEqual([
      ['amendment', b.block.id, 2, charge.entries[1]?.id],
      ['amendment', a.block.id, 1, charge.entries[0]?.id],
    ]);
    expect(await t.available()).toBe(6);
    expect((await t.desk.credits.balance(t.system, t.carlaId)).posted).toBe(1);
    // A replay returns the same entries; a second refund of the charge is refused.
    expect(
      await t.desk.credits.refund(t.system, {
        customerId: t.carlaId,
        chargeKey: 'q',
        amount: 3,
        idempotencyKey: 'r',
      }),
    ).toEqual(refund);
    await expectError(
      t.desk.credits.refund(t.system, {
        customerId: t.carlaId,
        chargeKey: 'q',
        amount: 1,
        idempotencyKey: 'r2',
      }),
      'INVALID_STATE',
    );
  });

  it('refund - credits refunded into an expired block expire again at once', async () => {
    const t = await creditDesk({ rateCard: RATES });
    const { block } = await t.grant(3, { expiresAt: '2025-04-01T00:00:00Z' });
    await t.desk.credits.consume(t.system, {
      customerId: t.carlaId,
      service: 'chat_question',
      quantity: 2,
      idempotencyKey: 'q',
    });
    t.clock.set(new Date('2025-05-01T00:00:00Z'));
    const refund = await t.desk.credits.refund(t.system, {
      customerId: t.carlaId,
      chargeKey: 'q',
      idempotencyKey: 'r',
    });
    expect(refund.entries.map((entry) => [entry.type, entry.blockId, entry.amount])).toEqual([
      ['amendment', block.id, 2],
      ['credit_block_expiry', block.id, 2],
    ]);
    expect(await t.available()).toBe(0);
    expect((await t.desk.credits.balance(t.system, t.carlaId)).posted).toBe(0);
  });

  it('refund - unknown charges, too much, and another customer are refused', async () => {
    const t = await creditDesk({ rateCard: RATES });
    await t.grant(3);
    await t.desk.credits.consume(t.system, {
      customerId: t.carlaId,
      service: 'chat_question',
      idempotencyKey: 'q',
    });
    await expectError(
      t.desk.credits.refund(t.system, { customerId: t.carlaId, chargeKey: 'nope', idempotencyKey: 'r1' }),
      'NOT_FOUND',
    );
    await expectError(
      t.desk.credits.refund(t.system, {
        customerId: t.carlaId,
        chargeKey: 'q',
        amount: 2,
        idempotencyKey: 'r2',
      }),
      'VALIDATION_FAILED',
    );
    await expectError(
      t.desk.credits.refund(t.system, { customerId: t.danId, chargeKey: 'q', idempotencyKey: 'r3' }),
      'NOT_FOUND',
    );
    expect(entryPairs(await t.entries())).toEqual([
      ['increment', 3],
      ['decrement', 1],
    ]);
  });
});

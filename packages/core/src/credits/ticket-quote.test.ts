import { describe, expect, it } from 'vitest';
import { checkCreditInvariantsAfterEach, creditDesk, expectError } from '../test-support';
import { DEFAULT_CREDIT_SETTINGS, type TicketBillingSettings } from './credit-settings';

checkCreditInvariantsAfterEach();

const BILLING: TicketBillingSettings = {
  ...DEFAULT_CREDIT_SETTINGS.tickets,
  enabled: true,
  services: { chat: 'chat_question', phone: 'phone_followup', social: 'social_question' },
};

async function billingDesk(tickets: Partial<TicketBillingSettings> = {}, overdraftLimit = 0) {
  return creditDesk({
    rateCard: { chat_question: 2, phone_followup: 1, social_question: null },
    overdraftLimit,
    tickets: { ...BILLING, ...tickets },
  });
}

const chat = { channel: 'chat' as const, message: { body: 'How do I export?' } };

describe('credits.quoteTicket', () => {
  it('credits.quoteTicket - counts only blocks that pay for the service, as opening the ticket does', async () => {
    const t = await billingDesk();
    await t.grant(5, { scope: ['phone_followup'] });
    await t.grant(1);
    const short = await t.desk.credits.quoteTicket(t.carla, { customerId: t.carlaId, channel: 'chat' });
    expect(short).toEqual({
      billed: true,
      service: 'chat_question',
      cost: 2,
      available: 6,
      fromOverdraft: 0,
      sufficient: false,
      whenShort: 'reject',
    });
    await expectError(t.open(chat, t.carla), 'INSUFFICIENT_CREDITS');
    await t.grant(1);
    const enough = await t.desk.credits.quoteTicket(t.carla, { customerId: t.carlaId, channel: 'chat' });
    expect(enough).toMatchObject({ cost: 2, sufficient: true, fromOverdraft: 0 });
    await t.open(chat, t.carla);
    expect(await t.available()).toBe(5);
  });

  it('credits.quoteTicket - the overdraft pays what the blocks cannot, up to the limit', async () => {
    const t = await billingDesk({}, 3);
    await t.grant(1);
    const quote = () => t.desk.credits.quoteTicket(t.system, { customerId: t.carlaId, channel: 'chat' });
    expect(await quote()).toMatchObject({ available: 1, fromOverdraft: 1, sufficient: true });
    await t.open(chat, t.carla);
    expect(await quote()).toMatchObject({ available: -1, fromOverdraft: 2, sufficient: true });
    await t.open(chat, t.carla);
    expect(await quote()).toMatchObject({ available: -3, fromOverdraft: 0, sufficient: false });
    await expectError(t.open(chat, t.carla), 'INSUFFICIENT_CREDITS');
  });

  it('credits.quoteTicket - not billed: billing off, a channel without a service, or a customer without credits when only those pay', async () => {
    const off = await creditDesk();
    expect(
      await off.desk.credits.quoteTicket(off.carla, { customerId: off.carlaId, channel: 'chat' }),
    ).toMatchObject({ billed: false, service: null, cost: 0, sufficient: true });
    const t = await billingDesk({ customers: 'with_credits' });
    expect(
      await t.desk.credits.quoteTicket(t.carla, { customerId: t.carlaId, channel: 'email' }),
    ).toMatchObject({
      billed: false,
    });
    expect(
      await t.desk.credits.quoteTicket(t.carla, { customerId: t.carlaId, channel: 'chat' }),
    ).toMatchObject({
      billed: false,
    });
    await t.grant(3);
    expect(
      await t.desk.credits.quoteTicket(t.carla, { customerId: t.carlaId, channel: 'chat' }),
    ).toMatchObject({
      billed: true,
      cost: 2,
      sufficient: true,
    });
  });

  it('credits.quoteTicket - a service out of scope has no cost: opening is SERVICE_OUT_OF_SCOPE', async () => {
    const t = await billingDesk();
    await t.grant(3);
    expect(
      await t.desk.credits.quoteTicket(t.carla, { customerId: t.carlaId, channel: 'social' }),
    ).toMatchObject({
      billed: true,
      cost: null,
      sufficient: false,
    });
    await expectError(t.open({ ...chat, channel: 'social' }, t.carla), 'SERVICE_OUT_OF_SCOPE');
  });

  it("credits.quoteTicket - a customer quotes only their own tickets; another's is NOT_FOUND", async () => {
    const t = await billingDesk();
    await expectError(
      t.desk.credits.quoteTicket(t.carla, { customerId: t.danId, channel: 'chat' }),
      'NOT_FOUND',
    );
    await expectError(
      t.desk.credits.quoteTicket(t.carla, { customerId: t.carlaId, channel: 'fax' as never }),
      'VALIDATION_FAILED',
    );
  });
});

describe('credits.ledger newest first', () => {
  it('credits.ledger - newest_first pages from the latest entry back, as customers see it', async () => {
    const t = await billingDesk();
    for (let grant = 1; grant <= 5; grant++) await t.grant(grant);
    const first = await t.desk.credits.ledger(t.carla, t.carlaId, { order: 'newest_first', limit: 2 });
    expect(first.items.map((entry) => entry.amount)).toEqual([5, 4]);
    expect(first.items.every((entry) => entry.idempotencyKey === null)).toBe(true);
    const second = await t.desk.credits.ledger(t.carla, t.carlaId, {
      order: 'newest_first',
      limit: 2,
      cursor: first.nextCursor as string,
    });
    expect(second.items.map((entry) => entry.amount)).toEqual([3, 2]);
    const last = await t.desk.credits.ledger(t.carla, t.carlaId, {
      order: 'newest_first',
      limit: 2,
      cursor: second.nextCursor as string,
    });
    expect(last).toEqual({ items: [expect.objectContaining({ amount: 1 })], nextCursor: null });
    const empty = await t.desk.credits.ledger(t.dan, t.danId, { order: 'newest_first' });
    expect(empty).toEqual({ items: [], nextCursor: null });
    await expectError(t.desk.credits.ledger(t.carla, t.danId, { order: 'newest_first' }), 'NOT_FOUND');
  });
});

import { describe, expect, it } from 'vitest';
import {
  type CreditTestDesk,
  checkCreditInvariantsAfterEach,
  creditDesk,
  entryPairs,
  expectError,
  typesOf,
} from '../test-support';
import { DEFAULT_CREDIT_SETTINGS, type TicketBillingSettings } from './credit-settings';

checkCreditInvariantsAfterEach();

const BILLING: TicketBillingSettings = {
  ...DEFAULT_CREDIT_SETTINGS.tickets,
  enabled: true,
  services: { chat: 'chat_question', phone: 'phone_followup', email: 'email' },
  voidStageIds: ['spam'],
};

/** A desk billing tickets, whose default pipeline has awaiting-credits and spam stages. */
async function billingDesk(
  tickets: Partial<TicketBillingSettings> = {},
  overdraftLimit = 0,
): Promise<CreditTestDesk> {
  const t = await creditDesk({
    rateCard: { chat_question: 1, phone_followup: 2, email: null },
    overdraftLimit,
    tickets: { ...BILLING, ...tickets },
  });
  await t.desk.pipelines.create(t.system, {
    id: 'default',
    name: 'Support',
    stages: [
      { id: 'new', name: 'New', category: 'new' },
      { id: 'awaiting_credits', name: 'Awaiting credits', category: 'on_hold' },
      { id: 'waiting_on_us', name: 'Waiting on us', category: 'open' },
      { id: 'waiting_on_customer', name: 'Waiting on customer', category: 'pending' },
      { id: 'resolved', name: 'Resolved', category: 'resolved' },
      { id: 'spam', name: 'Spam', category: 'closed' },
      { id: 'closed', name: 'Closed', category: 'closed' },
    ],
  });
  return t;
}

const chat = { channel: 'chat' as const, message: { body: 'How do I export?' } };

async function holdsOf(t: CreditTestDesk, ticketId: string) {
  return t.storage.creditHolds.listForTicket('acme', ticketId);
}

describe('ticket billing', () => {
  it('tickets.create - holds the ticket charge; the first public agent reply commits it', async () => {
    const t = await billingDesk();
    await t.grant(5);
    const ticket = await t.open(chat, t.carla);
    const [hold] = await holdsOf(t, ticket.id);
    expect(hold).toMatchObject({
      key: `ticket:${ticket.id}`,
      amount: 1,
      status: 'held',
      service: 'chat_question',
    });
    expect(hold?.messageId).not.toBeNull();
    expect(await t.available()).toBe(4);
    await t.desk.tickets.addNote(t.ada, ticket.id, { body: 'Looking' });
    expect((await holdsOf(t, ticket.id))[0]?.status).toBe('held');
    await t.desk.tickets.reply(t.ada, ticket.id, { body: 'Use the export button.' });
    expect((await holdsOf(t, ticket.id))[0]).toMatchObject({ status: 'committed', postedAmount: 1 });
    await t.desk.tickets.reply(t.ada, ticket.id, { body: 'Anything else?' });
    expect(await t.desk.credits.balance(t.system, t.carlaId)).toMatchObject({
      available: 4,
      held: 0,
      posted: 1,
    });
    const history = typesOf(await t.history(ticket.id));
    expect(history.filter((type) => type === 'credits.consumed')).toHaveLength(1);
  });

  it('tickets.create - channels not billed are free; a service priced null is SERVICE_OUT_OF_SCOPE', async () => {
    const t = await billingDesk();
    await t.grant(5);
    await t.open({ channel: 'web_form' }, t.carla);
    await expectError(t.open({ channel: 'email' }, t.carla), 'SERVICE_OUT_OF_SCOPE', { service: 'email' });
    expect((await t.desk.tickets.list(t.system)).items).toHaveLength(1);
    expect(await t.available()).toBe(5);
  });

  it('tickets.create - a short balance refuses the ticket with INSUFFICIENT_CREDITS (reject)', async () => {
    const t = await billingDesk();
    await t.grant(1);
    await expectError(t.open({ channel: 'phone' }, t.carla), 'INSUFFICIENT_CREDITS', {
      required: 2,
      available: 1,
    });
    expect((await t.desk.tickets.list(t.system)).items).toEqual([]);
    expect(entryPairs(await t.entries())).toEqual([['increment', 1]]);
  });

  it('tickets.create - with overdraft allowed, a short balance holds into the overdraft', async () => {
    const t = await billingDesk({}, 2);
    await t.grant(1);
    const ticket = await t.open({ channel: 'phone' }, t.carla);
    expect((await holdsOf(t, ticket.id))[0]?.draws.map((draw) => draw.amount)).toEqual([1, 1]);
    expect(await t.available()).toBe(-1);
  });

  it('commitOn resolve - replies do not commit, resolving does', async () => {
    const t = await billingDesk({ commitOn: 'resolve' });
    await t.grant(3);
    const ticket = await t.open(chat, t.carla);
    await t.desk.tickets.reply(t.ada, ticket.id, { body: 'Try this' });
    expect((await holdsOf(t, ticket.id))[0]?.status).toBe('held');
    await t.desk.tickets.transition(t.ada, ticket.id, { stageId: 'resolved' });
    expect((await holdsOf(t, ticket.id))[0]?.status).toBe('committed');
    expect(await t.desk.credits.balance(t.system, t.carlaId)).toMatchObject({ available: 2, posted: 1 });
  });

  it('first_agent_reply - a ticket finished without a public reply voids its hold', async () => {
    const t = await billingDesk();
    await t.grant(3);
    const ticket = await t.open(chat, t.carla);
    await t.desk.tickets.transition(t.ada, ticket.id, { stageId: 'closed' });
    expect((await holdsOf(t, ticket.id))[0]?.status).toBe('voided');
    expect(await t.available()).toBe(3);
  });

  it('void - merging a ticket away or marking it spam voids its hold', async () => {
    const t = await billingDesk();
    await t.grant(3);
    const first = await t.open(chat, t.carla);
    const second = await t.open(chat, t.carla);
    const third = await t.open(chat, t.carla);
    expect(await t.available()).toBe(0);
    await t.desk.tickets.merge(t.ada, second.id, { targetId: first.id });
    await t.desk.tickets.transition(t.ada, third.id, { stageId: 'spam' });
    expect((await holdsOf(t, second.id))[0]?.status).toBe('voided');
    expect((await holdsOf(t, third.id))[0]?.status).toBe('voided');
    expect((await holdsOf(t, first.id))[0]?.status).toBe('held');
    expect(await t.available()).toBe(2);
  });

  it('await_credits - a short ticket waits in the awaiting stage; a grant pays for waiting tickets oldest first', async () => {
    const t = await billingDesk({ whenShort: 'await_credits', awaitingStageId: 'awaiting_credits' });
    const older = await t.open(chat, t.carla);
    t.clock.advance({ minutes: 1 });
    const newer = await t.open({ channel: 'phone' }, t.carla);
    expect([older.stageId, newer.stageId]).toEqual(['awaiting_credits', 'awaiting_credits']);
    expect((await t.get(older.id)).statusCategory).toBe('on_hold');
    expect(
      (await t.history(older.id)).find((event) => event.type === 'ticket.transitioned')?.data,
    ).toMatchObject({
      from: { stageId: 'new' },
      to: { stageId: 'awaiting_credits' },
      reason: 'awaiting_credits',
    });
    expect(await holdsOf(t, older.id)).toEqual([]);
    // 2 credits pay the older chat ticket (1); the phone ticket (2) keeps waiting.
    await t.grant(2);
    expect((await t.get(older.id)).stageId).toBe('new');
    expect((await t.get(newer.id)).stageId).toBe('awaiting_credits');
    expect((await holdsOf(t, older.id))[0]?.status).toBe('held');
    expect((await t.history(older.id)).at(-1)?.data).toMatchObject({ reason: 'credits_available' });
    await t.grant(1);
    expect((await t.get(newer.id)).stageId).toBe('new');
    expect(await t.desk.credits.balance(t.system, t.carlaId)).toMatchObject({ available: 0, held: 3 });
  });

  it('await_credits - staff moving a waiting ticket out must be able to hold its charge', async () => {
    const t = await billingDesk({ whenShort: 'await_credits', awaitingStageId: 'awaiting_credits' });
    const ticket = await t.open(chat, t.carla);
    await expectError(
      t.desk.tickets.transition(t.ada, ticket.id, { stageId: 'waiting_on_us' }),
      'INSUFFICIENT_CREDITS',
    );
    expect((await t.get(ticket.id)).stageId).toBe('awaiting_credits');
    // A grant for another service leaves it waiting; one that covers it releases it.
    await t.grant(1, { scope: ['phone_followup'] });
    await t.grant(1, { scope: ['chat_question'] });
    expect((await t.get(ticket.id)).stageId).toBe('new');
    expect((await holdsOf(t, ticket.id))[0]?.status).toBe('held');
  });

  it('per_question - each customer question after an answer is held and committed on its own', async () => {
    const t = await billingDesk({ billing: 'per_question' });
    await t.grant(5);
    const ticket = await t.open(chat, t.carla);
    await t.desk.tickets.reply(t.carla, ticket.id, { body: 'Also, the PDF is empty' });
    expect((await holdsOf(t, ticket.id)).map((hold) => [hold.key, hold.status])).toEqual([
      [`ticket:${ticket.id}:q1`, 'held'],
    ]);
    await t.desk.tickets.reply(t.ada, ticket.id, { body: 'Answered both.' });
    await t.desk.tickets.reply(t.carla, ticket.id, { body: 'New question: invoices?' });
    await t.desk.tickets.reply(t.ada, ticket.id, { body: 'Invoices are under Billing.' });
    expect((await holdsOf(t, ticket.id)).map((hold) => [hold.key, hold.status])).toEqual([
      [`ticket:${ticket.id}:q1`, 'committed'],
      [`ticket:${ticket.id}:q2`, 'committed'],
    ]);
    expect(await t.desk.credits.balance(t.system, t.carlaId)).toMatchObject({ available: 3, posted: 2 });
  });

  it('per_question - a question the balance cannot pay refuses the reply (reject)', async () => {
    const t = await billingDesk({ billing: 'per_question' });
    await t.grant(1);
    const ticket = await t.open(chat, t.carla);
    await t.desk.tickets.reply(t.ada, ticket.id, { body: 'Answer' });
    await expectError(t.desk.tickets.reply(t.carla, ticket.id, { body: 'Another?' }), 'INSUFFICIENT_CREDITS');
    expect(await t.thread(ticket.id)).toHaveLength(2);
  });

  it('customers with_credits - requesters without a credit account are not billed', async () => {
    const t = await billingDesk({ customers: 'with_credits' });
    await t.grant(1);
    await t.open(chat, t.dan);
    expect(await t.storage.creditAccounts.get('acme', t.danId)).toBeNull();
    const carlas = await t.open(chat, t.carla);
    expect((await holdsOf(t, carlas.id))[0]?.status).toBe('held');
  });

  it('ticket billing - disabled by default: tickets never touch credits', async () => {
    const t = await creditDesk();
    await t.open(chat, t.carla);
    expect(await t.storage.creditAccounts.get('acme', t.carlaId)).toBeNull();
  });

  it('settings - await_credits without an awaiting stage is VALIDATION_FAILED', async () => {
    const t = await creditDesk();
    const credits = (await t.desk.settings.get(t.system)).settings.credits;
    await expectError(
      t.desk.settings.update(t.system, {
        credits: { ...credits, tickets: { ...BILLING, whenShort: 'await_credits' } },
      }),
      'VALIDATION_FAILED',
    );
  });
});

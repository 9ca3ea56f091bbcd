// The code of docs/credits.md: each region is one of its code blocks, and the whole file
// runs as one script (`examples/test/docs.test.ts` checks every `// ->` line).

// #region setup
import { memoryAdapter } from '@ticketkit/adapters-memory';
import {
  agentActor,
  createTicketing,
  customerActor,
  DEFAULT_CREDIT_SETTINGS,
  isTicketkitError,
  systemActor,
} from '@ticketkit/core';

let now = new Date('2025-08-31T10:00:00Z');
const desk = createTicketing({ storage: memoryAdapter(), clock: { now: () => now } });
const system = systemActor('acme');
const ada = await desk.customers.create(system, { name: 'Ada', timeZone: 'Europe/Berlin' });
const agent = agentActor('acme', (await desk.agents.create(system, { name: 'Ann' })).id);

await desk.settings.update(system, {
  credits: {
    ...DEFAULT_CREDIT_SETTINGS,
    rateCard: { chat_question: 1, phone_followup: 2, email: null },
    lowBalanceThreshold: 2,
  },
});
// #endregion

// #region grant
const pack = await desk.credits.grant(system, {
  customerId: ada.id,
  amount: 10,
  validForMonths: 6, // to the start of that local day in Ada's time zone, month-end clamped
  externalRef: 'order-1042',
  idempotencyKey: 'order-1042',
});
console.log(pack.block.expiresAt?.toISOString(), pack.entries[0]?.type);
// -> 2026-02-27T23:00:00.000Z increment
// #endregion

// #region consume
const charge = await desk.credits.consume(system, {
  customerId: ada.id,
  service: 'phone_followup',
  idempotencyKey: 'call-7781', // one key per question: a retry is not charged twice
});
console.log(charge.entries.map((entry) => [entry.type, entry.amount, entry.balanceAfter]));
// -> [ [ 'decrement', 2, 8 ] ]

try {
  await desk.credits.consume(system, { customerId: ada.id, service: 'email', idempotencyKey: 'mail-1' });
} catch (error) {
  if (isTicketkitError(error)) console.log(error.code);
}
// -> SERVICE_OUT_OF_SCOPE
// #endregion

// #region holds
await desk.credits.reserve(system, {
  customerId: ada.id,
  service: 'chat_question',
  quantity: 2,
  key: 'chat-55',
  timeoutSeconds: 72 * 3600,
});
const committed = await desk.credits.commit(system, { customerId: ada.id, key: 'chat-55', amount: 1 });
console.log(committed.hold.status, committed.hold.postedAmount);
// -> committed 1
// #endregion

// #region balance
const balance = await desk.credits.balance(customerActor('acme', ada.id), ada.id);
console.log(balance.available, balance.held, balance.posted, balance.blocks.length);
// -> 7 0 3 1

now = new Date('2026-02-27T23:00:00Z'); // the pack's expiry
console.log((await desk.credits.balance(system, ada.id)).available);
// -> 0
// #endregion

// #region tickets
await desk.settings.update(system, {
  credits: {
    ...(await desk.settings.get(system)).settings.credits,
    tickets: { ...DEFAULT_CREDIT_SETTINGS.tickets, enabled: true },
  },
});
await desk.credits.grant(system, { customerId: ada.id, amount: 3, idempotencyKey: 'order-1043' });
const ticket = await desk.tickets.create(customerActor('acme', ada.id), {
  subject: 'How do I export invoices?',
  channel: 'chat',
  message: { body: 'Where is the export button?' },
});
console.log((await desk.credits.hold(system, ada.id, `ticket:${ticket.id}`)).status);
// -> held
await desk.tickets.reply(agent, ticket.id, { body: 'Top right, under Reports.' });
console.log((await desk.credits.hold(system, ada.id, `ticket:${ticket.id}`)).status);
// -> committed
// #endregion

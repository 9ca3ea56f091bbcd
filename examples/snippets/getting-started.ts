// The code of docs/getting-started.md: each region is one of its code blocks, and the
// whole file runs as one script (`examples/test/docs.test.ts` checks every `// ->` line).

// #region create-desk
import { memoryAdapter } from '@ticketkit/adapters-memory';
import {
  agentActor,
  createTicketing,
  customerActor,
  isTicketkitError,
  systemActor,
  ValidationError,
} from '@ticketkit/core';

let now = new Date('2025-03-03T09:00:00Z');
const desk = createTicketing({
  storage: memoryAdapter(),
  clock: { now: () => now }, // optional: defaults to the system clock
});
// #endregion

// #region actors
const system = systemActor('acme');

const support = await desk.teams.create(system, { name: 'Support' });
const ann = await desk.agents.create(system, {
  name: 'Ann',
  email: 'ann@acme.example',
  teamIds: [support.id],
  status: 'online',
});
const agent = agentActor('acme', ann.id);

const ada = await desk.customers.create(system, {
  name: 'Ada',
  email: 'ada@example.com',
  identities: [{ type: 'social', network: 'x', value: '@ada' }],
});
const customer = customerActor('acme', ada.id);
// #endregion

// #region tickets
const ticket = await desk.tickets.create(system, {
  subject: 'Invoice PDF is empty',
  channel: 'email',
  requester: { email: 'ADA@example.com' }, // found by email (case-insensitive), or created
  priority: 'high',
  tags: ['invoices'],
  message: { body: 'Exporting INV-2041 gives an empty PDF.', externalId: '<m1@mail.example.com>' },
  idempotencyKey: 'inbound:<m1@mail.example.com>',
});
console.log(ticket.number, ticket.stageId, ticket.requesterId === ada.id);
// -> 1 new true

const fromWidget = await desk.tickets.create(customer, { subject: 'How do I add a VAT number?' });
console.log(fromWidget.number, fromWidget.channel);
// -> 2 web_form

const assigned = await desk.tickets.assign(system, ticket.id, { assigneeId: ann.id, teamId: support.id });
const updated = await desk.tickets.update(agent, ticket.id, {
  addTags: ['pdf'],
  expectedVersion: assigned.version, // a stale version fails with VERSION_CONFLICT
});
console.log(updated.tags, updated.version);
// -> [ 'invoices', 'pdf' ] 3

const page = await desk.tickets.list(agent, { assigneeId: ann.id, tags: ['invoices'], limit: 10 });
const numbers = page.items.map((t) => t.number);
console.log(numbers, page.nextCursor);
// -> [ 1 ] null
// #endregion

// #region errors
try {
  await desk.tickets.create(system, { subject: '', requesterId: ada.id });
} catch (error) {
  if (error instanceof ValidationError) console.log(error.code, error.issues[0]?.path);
}
// -> VALIDATION_FAILED [ 'subject' ]

try {
  await desk.tickets.get(customerActor('acme', 'cus_someone_else'), ticket.id);
} catch (error) {
  if (isTicketkitError(error)) console.log(error.code);
}
// -> NOT_FOUND
// #endregion

// #region thread
await desk.tickets.addNote(agent, ticket.id, { body: 'The PDF worker logs a font error.' });
const asked = await desk.tickets.reply(agent, ticket.id, {
  body: 'Which invoice template do you use?',
  moveToStageId: 'waiting_on_customer',
});
console.log(asked.ticket.stageId, asked.ticket.firstRespondedAt?.toISOString());
// -> waiting_on_customer 2025-03-03T09:00:00.000Z

const answer = await desk.tickets.reply(customer, ticket.id, { body: 'The Modern one.' });
console.log(answer.ticket.stageId, answer.ticket.reopenCount);
// -> waiting_on_us 1

const redelivered = await desk.tickets.reply(system, ticket.id, {
  body: 'Exporting INV-2041 gives an empty PDF.',
  externalId: '<m1@mail.example.com>',
});
console.log(redelivered.duplicate);
// -> true

const seenByAgent = await desk.tickets.messages(agent, ticket.id);
const seenByCustomer = await desk.tickets.messages(customer, ticket.id);
console.log(seenByAgent.items.length, seenByCustomer.items.length);
// -> 4 3
// #endregion

// #region pipelines
const builtIn = await desk.pipelines.get(system, 'default');
console.log(builtIn.stages.map((stage) => `${stage.id}:${stage.category}`).join(' '));
// -> new:new waiting_on_us:open waiting_on_customer:pending resolved:resolved closed:closed

await desk.pipelines.create(system, {
  id: 'bugs',
  name: 'Bugs',
  stages: [
    { id: 'triage', name: 'Triage', category: 'new', transitionsTo: ['fixing', 'wont_fix'] },
    { id: 'fixing', name: 'Fixing', category: 'open', transitionsTo: ['released'] },
    { id: 'released', name: 'Released', category: 'resolved' },
    { id: 'wont_fix', name: "Won't fix", category: 'closed' },
  ],
});
const bug = await desk.tickets.create(agent, {
  subject: 'Modern template loses its font',
  type: 'problem',
  pipelineId: 'bugs',
  requesterId: ada.id,
});
try {
  await desk.tickets.transition(agent, bug.id, { stageId: 'released' });
} catch (error) {
  if (isTicketkitError(error)) console.log(error.code);
}
// -> INVALID_TRANSITION
const fixing = await desk.tickets.transition(agent, bug.id, { stageId: 'fixing' });
console.log(fixing.stageId, fixing.statusCategory);
// -> fixing open
// #endregion

// #region events
const unsubscribe = desk.events.on('ticket.transitioned', (event) => {
  console.log(`${event.data.from.stageId} -> ${event.data.to.stageId} (${event.data.reason})`);
});
await desk.tickets.reply(agent, ticket.id, { body: 'Fixed, please try again.' });
await desk.tickets.transition(agent, ticket.id, { stageId: 'resolved' });
// -> waiting_on_us -> resolved (manual)
unsubscribe();

const first = await desk.events.list(system, { types: ['ticket.created'], limit: 2 });
const next = await desk.events.list(system, { types: ['ticket.created'], after: first.cursor });
console.log(first.events.length, next.events.length);
// -> 2 1

const history = await desk.tickets.history(agent, ticket.id, { limit: 100 });
console.log(history.items.map((event) => event.type).slice(-2));
// -> [ 'message.created', 'ticket.transitioned' ]
// #endregion

// #region scheduler
now = new Date('2025-03-07T09:00:00Z'); // four days after the ticket was resolved
const result = await desk.scheduler.runDueJobs();
console.log(result.completed, (await desk.tickets.get(agent, ticket.id)).stageId);
// -> 1 closed

const { settings } = await desk.settings.update(system, { autoCloseAfterSeconds: 24 * 60 * 60 });
console.log(settings.autoCloseAfterSeconds); // resolved tickets of this tenant now close after a day
// -> 86400
// #endregion

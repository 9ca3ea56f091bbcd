// The code of docs/routing.md: each region is one of its code blocks, and the whole file
// runs as one script (`examples/test/docs.test.ts` checks every `// ->` line).

// #region directory
import { memoryAdapter } from '@ticketkit/adapters-memory';
import { createTicketing, systemActor } from '@ticketkit/core';

const desk = createTicketing({ storage: memoryAdapter() });
const system = systemActor('acme');

const billing = await desk.teams.create(system, { id: 'billing', name: 'Billing' });
await desk.agents.create(system, {
  id: 'agt_ann',
  name: 'Ann',
  teamIds: [billing.id],
  status: 'online', // the host keeps this up to date: online | away | offline
  skills: [{ name: 'invoices', level: 8 }, { name: 'sap' }],
  languages: ['en', 'de'],
  escalationLevel: 2,
  capacity: { max: 2, perChannel: { chat: 1 } }, // default max: 10
});
await desk.agents.create(system, {
  id: 'agt_ben',
  name: 'Ben',
  teamIds: [billing.id],
  status: 'online',
  skills: [{ name: 'invoices', level: 4 }],
  languages: ['en'],
  capacity: { max: 1 },
});
const members = await desk.teams.members(system, billing.id);
console.log(members.map((agent) => agent.name));
// -> [ 'Ann', 'Ben' ]
// #endregion

// #region rules
await desk.settings.update(system, {
  routing: {
    rules: [
      {
        id: 'german-invoices',
        conditions: { categories: ['invoices'], tagsAny: ['de'] },
        teamId: billing.id,
        strategy: { type: 'skills', match: 'all' },
        requirements: { skillFromCategory: true, language: { customField: 'language' } },
        fallback: 'next_rule',
      },
      { id: 'billing', teamId: billing.id, strategy: { type: 'least_loaded' } },
    ],
    onAgentOffline: 'reroute',
  },
});
// #endregion

// #region routed
const requester = { email: 'ada@example.com' };
const german = await desk.tickets.create(system, {
  subject: 'Rechnung fehlt',
  requester,
  category: 'invoices',
  tags: ['de'],
  customFields: { language: 'de-AT' },
});
console.log(german.teamId, german.assigneeId);
// -> billing agt_ann

const why = await desk.routing.explain(system, german.id);
console.log(why?.data.ruleId, why?.data.reason);
// -> german-invoices Best skills match: score 1008 (every required skill), 0 of 2 tickets, among 1 eligible
for (const { agentId, excluded, load, capacity, score } of why?.data.candidates ?? []) {
  console.log(agentId, excluded ?? 'eligible', `load ${load}/${capacity}`, `score ${score}`);
}
// -> agt_ann eligible load 0/2 score 1008
// -> agt_ben missing_language load 0/1 score 1004
// #endregion

// #region queue
const second = await desk.tickets.create(system, { subject: 'Refund', requester });
const third = await desk.tickets.create(system, { subject: 'VAT number', requester, priority: 'high' });
const fourth = await desk.tickets.create(system, { subject: 'Invoice address', requester });
console.log([second, third, fourth].map((ticket) => ticket.assigneeId));
// -> [ 'agt_ben', 'agt_ann', null ]

const queue = await desk.routing.queue(system, { teamId: billing.id });
console.log(queue.items.map((entry) => entry.ticketId === fourth.id));
// -> [ true ]

// Ben resolves his ticket: the slot frees, and the queue moves at once.
await desk.tickets.transition(system, second.id, { stageId: 'resolved' });
console.log((await desk.tickets.get(system, fourth.id)).assigneeId);
// -> agt_ben
console.log((await desk.routing.explain(system, fourth.id))?.data.trigger);
// -> queue
// #endregion

// #region on-demand
const load = await desk.routing.load(system, 'agt_ann');
console.log(load.total, load.byChannel);
// -> 2 { api: 2 }

// Ann goes offline; with onAgentOffline 'reroute' her tickets are routed again.
await desk.agents.update(system, 'agt_ann', { status: 'offline' });
const ticketsOfAnn = await desk.tickets.list(system, { assigneeId: ['agt_ann'] });
console.log(
  ticketsOfAnn.items.length,
  (await desk.routing.queue(system, { teamId: billing.id })).items.length,
);
// -> 0 2

// Back online, she gets the queued tickets (hers, as it happens) again.
await desk.agents.update(system, 'agt_ann', { status: 'online' });
console.log((await desk.tickets.list(system, { assigneeId: ['agt_ann'] })).items.length);
// -> 2

// Who would get a ticket now, without assigning it:
const preview = await desk.routing.preview(system, fourth.id);
console.log(preview.outcome, preview.decision.assigneeId);
// -> assigned agt_ben
// #endregion

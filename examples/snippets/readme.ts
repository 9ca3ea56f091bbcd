import { memoryAdapter } from '@ticketkit/adapters-memory';
import { agentActor, createTicketing, systemActor } from '@ticketkit/core';

const desk = createTicketing({ storage: memoryAdapter() });
const acme = systemActor('acme'); // every call runs as an actor, inside one tenant

const ann = await desk.agents.create(acme, { name: 'Ann', status: 'online' });
const ticket = await desk.tickets.create(acme, {
  subject: 'Cannot log in',
  channel: 'email',
  requester: { email: 'ada@example.com', name: 'Ada' },
  message: { body: 'The login page says my password is wrong.' },
});
await desk.tickets.reply(agentActor('acme', ann.id), ticket.id, { body: 'A reset link is on its way.' });

const { items } = await desk.tickets.list(acme, { category: ['new', 'open'] });
console.log(items.map((t) => `#${t.number} ${t.subject}: ${t.stageId}`));
// -> [ '#1 Cannot log in: waiting_on_us' ]

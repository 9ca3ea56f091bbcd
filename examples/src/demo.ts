/**
 * A week at a small support desk, on the in-memory adapter.
 *
 * An invoice question arrives by email (and is delivered twice), an agent takes it, asks
 * for details and waits on the customer; the customer answers, which reopens the ticket;
 * the agent fixes it and resolves it; four days later the scheduler closes it. When the
 * customer writes again, they get a follow-up ticket. Finally, the ticket's history is
 * printed as a timeline, and the thread as the customer and as the agent see it.
 *
 * Run it with `pnpm demo`.
 */
import { memoryAdapter } from '@ticketkit/adapters-memory';
import {
  type AnyTicketkitEvent,
  agentActor,
  type Clock,
  createTicketing,
  customerActor,
  systemActor,
  type Ticket,
} from '@ticketkit/core';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A clock the demo moves by hand, so four days pass in a blink. */
class DemoClock implements Clock {
  #now: number;
  constructor(start: string) {
    this.#now = Date.parse(start);
  }
  now(): Date {
    return new Date(this.#now);
  }
  advance(ms: number): void {
    this.#now += ms;
  }
}

const when = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  weekday: 'short',
  day: '2-digit',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
});
const at = (instant: Date | string) => when.format(new Date(instant)).replace(',', '');
const section = (title: string) => console.log(`\n== ${title}`);
const say = (line: string) => console.log(`   ${line}`);
const status = (ticket: Ticket) =>
  `#${ticket.number} is ${ticket.stageId} (${ticket.statusCategory}), version ${ticket.version}`;

const clock = new DemoClock('2025-03-03T09:12:00Z'); // a Monday morning
const desk = createTicketing({ storage: memoryAdapter(), clock });
const tenant = 'acme';
const system = systemActor(tenant);

// Live events: every command publishes its events once it has committed.
const heard: string[] = [];
desk.events.onAny((event) => {
  heard.push(event.type);
});

section('Setting up the desk');
const billing = await desk.teams.create(system, { name: 'Billing' });
const ann = await desk.agents.create(system, {
  name: 'Ann Agent',
  email: 'ann@acme.example',
  teamIds: [billing.id],
  status: 'online',
});
const annActor = agentActor(tenant, ann.id);
say(`team ${billing.name}, agent ${ann.name} (${ann.status})`);

section('Monday: an email arrives');
const inbound = {
  subject: 'Invoice PDF export fails',
  channel: 'email' as const,
  requester: { email: 'Ada.Lovelace@Example.com', name: 'Ada Lovelace' },
  priority: 'high' as const,
  tags: ['invoices'],
  message: {
    body: 'Hi, exporting invoice INV-2041 to PDF gives an empty file. Can you help?',
    externalId: '<CAF1x9@mail.example.com>',
  },
};
const ticket = await desk.tickets.create(system, inbound);
const ada = await desk.customers.get(system, ticket.requesterId);
const adaActor = customerActor(tenant, ada.id);
say(`${status(ticket)}; requester ${ada.name} <${ada.email}>, channel ${ticket.channel}`);

// Mail servers retry: the same Message-ID delivered again is stored once.
const again = await desk.tickets.create(system, inbound);
say(`the same email delivered again -> still ticket #${again.number} (no duplicate)`);

clock.advance(23 * MINUTE);
const assigned = await desk.tickets.assign(system, ticket.id, { assigneeId: ann.id, teamId: billing.id });
say(`assigned to ${ann.name} in ${billing.name}: ${status(assigned)}`);

clock.advance(4 * MINUTE);
await desk.tickets.addNote(annActor, ticket.id, {
  body: 'PDF worker logs show a font error for this template. Checking with Ada which template she uses.',
});
const asked = await desk.tickets.reply(annActor, ticket.id, {
  body: 'Sorry about that, Ada! Which invoice template do you use (Classic or Modern)?',
  moveToStageId: 'waiting_on_customer',
});
say(`${ann.name} replies and waits on the customer: ${status(asked.ticket)}`);
const firstResponse = (asked.ticket.firstRespondedAt?.getTime() ?? Number.NaN) - ticket.createdAt.getTime();
say(`first response after ${firstResponse / MINUTE} min`);

section('Tuesday: the customer answers');
clock.advance(DAY + HOUR);
const answer = await desk.tickets.reply(adaActor, ticket.id, {
  body: 'The Modern one. Classic works fine.',
  channel: 'email',
  externalId: '<CAF1y2@mail.example.com>',
});
say(`the reply reopens the ticket: ${status(answer.ticket)}, reopened ${answer.ticket.reopenCount}x`);

clock.advance(2 * HOUR);
await desk.tickets.reply(annActor, ticket.id, {
  body: 'Fixed: the Modern template now embeds its font. Your export should work again.',
});
const resolved = await desk.tickets.transition(annActor, ticket.id, { stageId: 'resolved' });
say(`${ann.name} fixes it and resolves it: ${status(resolved)}`);

section('Later that week: the scheduler runs');
clock.advance(3 * DAY);
let run = await desk.scheduler.runDueJobs();
say(`${at(clock.now())}: ${run.completed} job(s) due; #${ticket.number} stays resolved`);
clock.advance(DAY + MINUTE);
run = await desk.scheduler.runDueJobs();
const closed = await desk.tickets.get(system, ticket.id);
say(`${at(clock.now())}: ${run.completed} job(s) ran: ${status(closed)}`);

section('The next Monday: the customer writes again');
clock.advance(2 * DAY);
const late = await desk.tickets.reply(adaActor, ticket.id, {
  body: 'Thanks! Could you also add our VAT number to the invoices?',
});
say(`#${ticket.number} is closed for good, so this opens follow-up #${late.ticket.number}`);
const [relation] = await desk.tickets.links(system, late.ticket.id);
say(
  `#${late.ticket.number} is linked to the original: ${relation?.type} ${relation?.ticketId === ticket.id}`,
);

section(`History of #${ticket.number}, as the next agent reads it`);
const history = await desk.tickets.history(system, ticket.id, { limit: 100 });
const names = new Map<string, string>([
  [ann.id, ann.name],
  [ada.id, ada.name ?? 'customer'],
]);
const numbers = new Map([
  [ticket.id, ticket.number],
  [late.ticket.id, late.ticket.number],
]);
for (const event of history.items) say(`${at(event.occurredAt)}  ${describe(event)}`);

section(`The thread of #${ticket.number}`);
const asCustomer = await desk.tickets.messages(adaActor, ticket.id);
const asAgent = await desk.tickets.messages(annActor, ticket.id);
say(`${ada.name} sees ${asCustomer.items.length} messages; ${ann.name} sees ${asAgent.items.length}:`);
for (const message of asAgent.items) {
  const author = message.author.id === null ? message.author.kind : names.get(message.author.id);
  const mark = message.visibility === 'internal' ? ' [internal note]' : '';
  say(`${at(message.createdAt)}  ${author}${mark}: ${message.body}`);
}

section('The desk now');
const open = await desk.tickets.list(system, { category: ['new', 'open', 'pending'] });
const done = await desk.tickets.list(system, { category: ['resolved', 'closed'] });
say(`open: ${open.items.map((t) => `#${t.number} ${t.subject}`).join(', ')}`);
say(`done: ${done.items.map((t) => `#${t.number} ${t.subject}`).join(', ')}`);
say(`${heard.length} events published live; the same ones are stored for events.list()`);

/** One line of the timeline for a history entry. */
function describe(event: AnyTicketkitEvent): string {
  const who = event.actor.id === null ? 'system' : (names.get(event.actor.id) ?? event.actor.kind);
  switch (event.type) {
    case 'ticket.created':
      return `${who} opened #${event.data.number} "${event.data.subject}" via ${event.data.channel} (${event.data.priority})`;
    case 'message.created': {
      const author = event.data.authorId === null ? event.data.authorKind : names.get(event.data.authorId);
      const what = event.data.visibility === 'internal' ? 'an internal note' : `via ${event.data.channel}`;
      return `${author} wrote ${what}: "${clip(event.data.body)}"`;
    }
    case 'ticket.assigned':
      return `${who} assigned it to ${names.get(event.data.assigneeId.to ?? '') ?? 'nobody'}`;
    case 'ticket.transitioned':
      return `${who} moved it ${event.data.from.stageId} -> ${event.data.to.stageId} (${event.data.reason.replace('_', ' ')})`;
    case 'ticket.reopened':
      return `reopened by the customer's reply (reopen #${event.data.reopenCount})`;
    case 'ticket.linked':
      return `linked to #${numbers.get(event.data.otherTicketId)} (${event.data.type.replaceAll('_', ' ')}, ${event.data.direction})`;
    case 'ticket.follow_up_created':
      return `${who} wrote again after it closed: follow-up #${numbers.get(event.data.followUpId)} opened`;
    default:
      return `${who}: ${event.type}`;
  }
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

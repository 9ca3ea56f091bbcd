// The code of docs/sla.md: each region is one of its code blocks, and the whole file runs
// as one script (`examples/test/docs.test.ts` checks every `// ->` line).

// #region business-time
import { memoryAdapter } from '@ticketkit/adapters-memory';
import {
  addBusinessTime,
  type BusinessCalendarInput,
  businessTimeBetween,
  createTicketing,
  systemActor,
} from '@ticketkit/core';

const day = [
  { start: '09:00', end: '12:00' },
  { start: '13:00', end: '17:00' },
];
const office: BusinessCalendarInput = {
  mode: 'business_hours',
  timeZone: 'Europe/Berlin',
  weekly: { mon: day, tue: day, wed: day, thu: day, fri: day },
  holidays: ['2025-12-25', '2025-12-26'],
  overrides: [{ date: '2025-12-24', intervals: [{ start: '09:00', end: '12:00' }] }],
};
// Wednesday 24 Dec, 11:00 in Berlin, plus 2 business hours: one hour that morning, then
// Monday 29 Dec from 09:00.
const due = addBusinessTime(new Date('2025-12-24T10:00:00Z'), 120, office);
console.log(due.toISOString());
// -> 2025-12-29T09:00:00.000Z
console.log(businessTimeBetween(new Date('2025-12-24T10:00:00Z'), due, office));
// -> 120
// #endregion

// #region policies
let now = new Date('2025-03-03T09:00:00Z'); // a Monday
const desk = createTicketing({ storage: memoryAdapter(), clock: { now: () => now } });
const system = systemActor('acme');
const tier2 = await desk.teams.create(system, { name: 'Tier 2' });

await desk.settings.update(system, {
  sla: {
    calendars: [{ id: 'office', name: 'Office hours', calendar: office }],
    policies: [
      {
        id: 'standard',
        name: 'Standard',
        calendarId: 'office',
        targets: {
          urgent: { firstResponseMinutes: 30, resolutionMinutes: 240, hours: '24x7' },
          fallback: { firstResponseMinutes: 120, resolutionMinutes: 960 },
        },
      },
    ],
  },
  escalation: {
    levels: [
      { id: 'l1', name: 'L1 frontline' },
      { id: 'l2', name: 'L2 specialist', teamId: tier2.id },
    ],
    policies: [
      {
        id: 'late-reply',
        name: 'First response breached',
        trigger: { type: 'sla_breach', metric: 'first_response' },
        actions: [{ type: 'raise_level' }, { type: 'reassign' }],
      },
    ],
  },
});

desk.events.on('escalation.raised', (event) => console.log(event.data.reason));

const ticket = await desk.tickets.create(system, {
  subject: 'Checkout is down',
  priority: 'urgent',
  requester: { email: 'ops@shop.example' },
});
const firstResponse = ticket.sla?.clocks.find((clock) => clock.metric === 'first_response');
console.log(firstResponse?.status, firstResponse?.dueAt, ticket.slaDueAt?.toISOString());
// -> running 2025-03-03T09:30:00.000Z 2025-03-03T09:30:00.000Z

// A worker runs the scheduler; 31 minutes later nobody has answered.
now = new Date('2025-03-03T09:31:00Z');
await desk.scheduler.runDueJobs();
// -> SLA breached: first_response passed its 30-minute goal at 2025-03-03T09:30:00.000Z
const escalated = await desk.tickets.get(system, ticket.id);
console.log(escalated.escalationLevel, escalated.teamId === tier2.id, escalated.sla?.breached);
// -> 2 true true
// #endregion

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isTicketkitError } from '../errors';
import type { Priority, Ticket } from '../storage/records';
import { type TestDesk, testDesk } from '../test-support';
import type { SlaSettingsInput } from './sla-settings';
import type { TicketSla } from './ticket-sla';

/**
 * Properties: whatever happens to a ticket and whenever timers run, (1) its SLA record
 * rebuilt from the stored history alone equals the record kept incrementally, and (2) every
 * warning, breach and achievement is announced at most once per clock cycle.
 */

const SLA: SlaSettingsInput = {
  calendars: [
    {
      id: 'split',
      name: 'Split week in Berlin',
      calendar: {
        mode: 'business_hours',
        timeZone: 'Europe/Berlin',
        weekly: Object.fromEntries(
          ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => [
            day,
            [
              { start: '08:00', end: '12:00' },
              { start: '13:00', end: '17:30' },
            ],
          ]),
        ),
        holidays: ['2025-03-05'],
      },
    },
  ],
  policies: [
    {
      id: 'urgent-247',
      name: 'Urgent around the clock',
      conditions: { priorities: ['urgent'] },
      targets: {
        fallback: {
          firstResponseMinutes: 15,
          nextResponseMinutes: 30,
          periodicUpdateMinutes: 60,
          resolutionMinutes: 240,
          hours: '24x7',
        },
      },
    },
    {
      id: 'office',
      name: 'Office hours',
      calendarId: 'split',
      targets: {
        high: { firstResponseMinutes: 60, nextResponseMinutes: 90, resolutionMinutes: 600 },
        fallback: { firstResponseMinutes: 240, periodicUpdateMinutes: 480, resolutionMinutes: 1440 },
      },
      warningPercents: [25, 50, 90],
    },
  ],
};

type Step =
  | { kind: 'wait'; minutes: number }
  | { kind: 'timers' }
  | { kind: 'reply'; author: 'agent' | 'customer'; internal: boolean }
  | { kind: 'stage'; stageId: 'waiting_on_us' | 'waiting_on_customer' | 'resolved' }
  | { kind: 'priority'; priority: Priority };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('wait' as const), minutes: fc.integer({ min: 1, max: 900 }) }),
  },
  { weight: 2, arbitrary: fc.constant({ kind: 'timers' as const }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('reply' as const),
      author: fc.constantFrom('agent' as const, 'customer' as const),
      internal: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('stage' as const),
      stageId: fc.constantFrom('waiting_on_us' as const, 'waiting_on_customer' as const, 'resolved' as const),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('priority' as const),
      priority: fc.constantFrom<Priority>('urgent', 'high', 'medium', 'low'),
    }),
  },
);

async function apply(t: TestDesk, ticketId: string, action: Step): Promise<void> {
  try {
    switch (action.kind) {
      case 'wait':
        t.clock.advance({ minutes: action.minutes });
        return;
      case 'timers':
        await t.desk.scheduler.runDueJobs();
        return;
      case 'reply': {
        const actor = action.author === 'agent' ? t.ada : t.carla;
        if (action.internal && action.author === 'agent')
          await t.desk.tickets.addNote(actor, ticketId, { body: 'note' });
        else await t.desk.tickets.reply(actor, ticketId, { body: 'message' });
        return;
      }
      case 'stage':
        await t.desk.tickets.transition(t.ada, ticketId, { stageId: action.stageId });
        return;
      case 'priority':
        await t.desk.tickets.update(t.ada, ticketId, { priority: action.priority });
        return;
    }
  } catch (error) {
    // Closed tickets and disallowed transitions are part of the sequence space.
    if (!isTicketkitError(error) || !['INVALID_TRANSITION', 'INVALID_STATE'].includes(error.code))
      throw error;
  }
}

/** The record without the figures that move with time (they differ only by when they were computed). */
function facts(sla: TicketSla | null) {
  if (sla === null) return null;
  return {
    ...sla,
    asOf: null,
    clocks: sla.clocks.map((clock) =>
      clock.completedAt === null ? { ...clock, elapsedMinutes: null, remainingMinutes: null } : clock,
    ),
  };
}

describe('SLA record properties', { timeout: 60_000 }, () => {
  it('sla.recompute - a record rebuilt from history equals the incremental one, and outcomes are announced once', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 14 }), async (steps) => {
        const t = await testDesk({ settings: { sla: SLA } });
        const ticket = await t.open({ priority: 'high', message: { body: 'Help' } });
        for (const action of steps) await apply(t, ticket.id, action);
        // Bring pending announcements up to now, as a worker would, then compare.
        await t.desk.scheduler.runDueJobs();
        const incremental = (await t.storage.tickets.get('acme', ticket.id)) as Ticket;
        const announced = (await t.history(ticket.id)).filter((event) => event.type.startsWith('sla.'));
        const keys = announced.map((event) => {
          const data = event.data as { metric: string; cycle: number; percent?: number };
          return `${event.type}:${data.metric}:${data.cycle}:${data.percent ?? ''}`;
        });
        expect(new Set(keys).size, keys.join(', ')).toBe(keys.length);
        if (incremental.statusCategory === 'closed') return;
        const rebuilt = await t.desk.sla.recompute(t.ada, ticket.id);
        expect(facts(rebuilt.sla)).toEqual(facts(incremental.sla));
        expect(rebuilt.slaDueAt).toEqual(incremental.slaDueAt);
        const after = (await t.history(ticket.id)).filter((event) => event.type.startsWith('sla.'));
        expect(after.length).toBe(announced.length);
      }),
      { numRuns: 60 },
    );
  });
});

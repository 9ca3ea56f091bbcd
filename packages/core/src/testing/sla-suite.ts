import { describe, expect, it } from 'vitest';
import { systemActor } from '../actors';
import type { Ticketing } from '../desk';
import type { TenantSettingsInput } from '../settings/tenant-settings';
import { slaTimerKey } from '../sla/sla-engine';
import type { StoragePort } from '../storage/port';
import type { StoredEvent, Ticket } from '../storage/records';
import { newTenantId } from './fixtures';
import { type SuiteContext, testDesk, withFreshStorage } from './suite-context';

const MINUTE = 60_000;

/** A 24/7 policy (60-minute first response, 8-hour resolution) and a breach escalation. */
const SETTINGS: TenantSettingsInput = {
  sla: {
    policies: [
      {
        id: 'all',
        name: 'Everyone',
        targets: { fallback: { firstResponseMinutes: 60, resolutionMinutes: 480, hours: '24x7' } },
      },
    ],
  },
  escalation: {
    policies: [
      {
        id: 'breach',
        name: 'First response breached',
        trigger: { type: 'sla_breach', metric: 'first_response' },
        actions: [{ type: 'raise_level' }],
      },
    ],
  },
};

async function slaEvents(storage: StoragePort, ticket: Ticket): Promise<StoredEvent[]> {
  const page = await storage.events.listForTicket(ticket.tenantId, ticket.id, { after: null, limit: 1000 });
  return page.events.filter((event) => event.type.startsWith('sla.') || event.type.startsWith('escalation.'));
}

/** Outcome keys of a ticket's SLA and escalation events, e.g. `sla.warning:first_response:1:50`. */
function outcomeKeys(events: StoredEvent[]): string[] {
  return events.map((event) => {
    const data = event.data as { metric?: string; cycle?: number; percent?: number };
    return [event.type, data.metric ?? '', data.cycle ?? '', data.percent ?? ''].join(':');
  });
}

async function openTickets(desk: Ticketing, count: number): Promise<Ticket[]> {
  const tenants = [newTenantId(), newTenantId()];
  for (const tenantId of tenants) await desk.settings.update(systemActor(tenantId), SETTINGS);
  const tickets: Ticket[] = [];
  for (let index = 0; index < count; index++) {
    const tenantId = tenants[index % 2] as string;
    tickets.push(
      await desk.tickets.create(systemActor(tenantId), {
        subject: `SLA ${index}`,
        requester: { email: 'sla@example.com' },
        message: { body: 'Help' },
      }),
    );
  }
  return tickets;
}

/** SLA clocks and escalation over the adapter: the stored record, timers under concurrent workers. */
export function describeSlaBehaviour(context: SuiteContext): void {
  describe('sla and escalation', () => {
    const slow = context.slowTimeout;

    it(
      'sla timers - warnings, breaches and escalations fire exactly once under 4 concurrent workers',
      () =>
        withFreshStorage(context, async (storage) => {
          const { desk, clock, logger } = testDesk(storage);
          const tickets = await openTickets(desk, 30);
          for (const ticket of tickets) {
            expect(await storage.jobs.get(ticket.tenantId, slaTimerKey(ticket.id))).toMatchObject({
              dueAt: new Date(ticket.createdAt.getTime() + 30 * MINUTE),
            });
          }
          const start = (tickets[0] as Ticket).createdAt.getTime();
          const totals = { completed: 0, retried: 0, failed: 0 };
          // Each round is run twice by 4 workers: the second pass must find nothing left to fire.
          for (const minutes of [31, 46, 61, 61, 250, 370, 500]) {
            clock.set(start + minutes * MINUTE);
            const results = await Promise.all(
              Array.from({ length: 4 }, () => desk.scheduler.runDueJobs({ limit: 4 })),
            );
            for (const result of results) {
              totals.completed += result.completed;
              totals.retried += result.retried;
              totals.failed += result.failed;
            }
            for (;;) {
              const rest = await Promise.all(Array.from({ length: 4 }, () => desk.scheduler.runDueJobs()));
              if (rest.every((result) => result.claimed === 0)) break;
            }
          }
          expect({ retried: totals.retried, failed: totals.failed }).toEqual({ retried: 0, failed: 0 });
          for (const ticket of tickets) {
            expect(outcomeKeys(await slaEvents(storage, ticket))).toEqual([
              'sla.warning:first_response:1:50',
              'sla.warning:first_response:1:75',
              'sla.breached:first_response:1:',
              'escalation.raised:::',
              'sla.warning:resolution:1:50',
              'sla.warning:resolution:1:75',
              'sla.breached:resolution:1:',
            ]);
            const stored = await storage.tickets.get(ticket.tenantId, ticket.id);
            // Nobody replied: the breached first response still runs and is the earliest due time.
            expect(stored).toMatchObject({
              escalationLevel: 2,
              escalationCount: 1,
              slaDueAt: new Date(ticket.createdAt.getTime() + 60 * MINUTE),
            });
            expect(stored?.sla).toMatchObject({ breached: true, timerAt: null });
            expect(await storage.jobs.get(ticket.tenantId, slaTimerKey(ticket.id))).toBeNull();
          }
          expect(logger.errors).toEqual([]);
        }),
      slow,
    );

    it(
      'sla timers - a timer replaced by a re-target never completes for the worker holding its claim',
      () =>
        withFreshStorage(context, async (storage) => {
          const { desk, clock } = testDesk(storage);
          const [ticket] = (await openTickets(desk, 1)) as [Ticket];
          clock.set(ticket.createdAt.getTime() + 31 * MINUTE);
          const [held] = await storage.jobs.claimDue({
            now: clock.now(),
            limit: 10,
            claimToken: 'stale-worker',
            leaseUntil: new Date(clock.now().getTime() + 5 * MINUTE),
          });
          expect(held).toMatchObject({ key: slaTimerKey(ticket.id), status: 'running' });
          // A change re-evaluates the ticket: the 50% warning fires now and the timer is replaced.
          await desk.tickets.update(systemActor(ticket.tenantId), ticket.id, { priority: 'high' });
          expect(outcomeKeys(await slaEvents(storage, ticket))).toEqual(['sla.warning:first_response:1:50']);
          const replaced = await storage.jobs.get(ticket.tenantId, slaTimerKey(ticket.id));
          expect(replaced?.id).not.toBe(held?.id);
          expect(
            await storage.jobs.complete(ticket.tenantId, (held as { id: string }).id, 'stale-worker'),
          ).toBe(false);
          clock.set(ticket.createdAt.getTime() + 46 * MINUTE);
          await Promise.all([desk.scheduler.runDueJobs(), desk.scheduler.runDueJobs()]);
          expect(outcomeKeys(await slaEvents(storage, ticket))).toEqual([
            'sla.warning:first_response:1:50',
            'sla.warning:first_response:1:75',
          ]);
        }),
      slow,
    );

    it(
      'sla.recompute - the record rebuilt from the stored history equals the stored record',
      () =>
        withFreshStorage(context, async (storage) => {
          const { desk, clock } = testDesk(storage);
          const [ticket] = (await openTickets(desk, 1)) as [Ticket];
          const system = systemActor(ticket.tenantId);
          clock.set(ticket.createdAt.getTime() + 20 * MINUTE);
          await desk.tickets.transition(system, ticket.id, { stageId: 'waiting_on_customer' });
          clock.set(ticket.createdAt.getTime() + 50 * MINUTE);
          await desk.tickets.transition(system, ticket.id, { stageId: 'waiting_on_us' });
          clock.set(ticket.createdAt.getTime() + 95 * MINUTE);
          await desk.scheduler.runDueJobs();
          const stored = (await storage.tickets.get(ticket.tenantId, ticket.id)) as Ticket;
          expect(stored.sla?.pauses).toEqual([
            {
              start: new Date(ticket.createdAt.getTime() + 20 * MINUTE).toISOString(),
              end: new Date(ticket.createdAt.getTime() + 50 * MINUTE).toISOString(),
            },
          ]);
          const rebuilt = await desk.sla.recompute(system, ticket.id);
          expect(rebuilt.sla).toEqual(stored.sla);
          expect(rebuilt.slaDueAt).toEqual(stored.slaDueAt);
          expect(await storage.tickets.get(ticket.tenantId, ticket.id)).toEqual(rebuilt);
        }),
      slow,
    );
  });
}

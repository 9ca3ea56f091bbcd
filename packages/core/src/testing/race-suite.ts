import { describe, expect, it } from 'vitest';
import { customerActor, systemActor } from '../actors';
import type { StoragePort } from '../storage/port';
import type { StoredEvent, Ticket } from '../storage/records';
import {
  buildCustomer,
  buildEvent,
  buildIdempotencyRecord,
  buildJob,
  buildMessage,
  buildTicket,
  fixtureInstant,
  newId,
  newTenantId,
} from './fixtures';
import {
  fulfilledValues,
  nextTick,
  rejectionCodes,
  type SuiteContext,
  testDesk,
  useGroupStorage,
  withFreshStorage,
} from './suite-context';

const DAY = 24 * 60 * 60 * 1000;

function range(count: number): number[] {
  return Array.from({ length: count }, (_, index) => index);
}

async function ticketEvents(storage: StoragePort, tenantId: string, ticketId: string, type: string) {
  return (await storage.events.listForTicket(tenantId, ticketId, { after: null, limit: 1000, types: [type] }))
    .events;
}

/**
 * Races: many commands at once (`Promise.all`) on one ticket, one key, one identity, one
 * set of due jobs. Outcomes must be those of some serial order, with nothing lost or doubled.
 */
export function describeRaces(context: SuiteContext): void {
  describe('races', () => {
    const storage = useGroupStorage(context);
    const slow = context.slowTimeout;

    it(
      'tickets.update - 50 concurrent updates stating the version they read: one applies, 49 get VERSION_CONFLICT',
      async () => {
        const { desk } = testDesk(storage());
        const tenantId = newTenantId();
        const system = systemActor(tenantId);
        const ticket = await desk.tickets.create(system, {
          subject: 'Race',
          requester: { email: 'race@example.com' },
        });
        const results = await Promise.allSettled(
          range(50).map((index) =>
            desk.tickets.update(system, ticket.id, { subject: `Subject ${index}`, expectedVersion: 1 }),
          ),
        );
        const winners = fulfilledValues(results);
        expect(winners).toHaveLength(1);
        expect(rejectionCodes(results)).toEqual(range(49).map(() => 'VERSION_CONFLICT'));
        const stored = await storage().tickets.get(tenantId, ticket.id);
        expect(stored).toEqual(winners[0]);
        expect(stored?.version).toBe(2);
        expect(await ticketEvents(storage(), tenantId, ticket.id, 'ticket.updated')).toHaveLength(1);
      },
      slow,
    );

    it(
      'tickets.update - 50 concurrent tag additions without a stated version: all 50 apply, none lost',
      async () => {
        const { desk, logger } = testDesk(storage());
        const tenantId = newTenantId();
        const system = systemActor(tenantId);
        const ticket = await desk.tickets.create(system, {
          subject: 'Tags',
          requester: { email: 'tags@example.com' },
        });
        const results = await Promise.allSettled(
          range(50).map((index) => desk.tickets.update(system, ticket.id, { addTags: [`tag-${index}`] })),
        );
        expect(rejectionCodes(results)).toEqual([]);
        const stored = await storage().tickets.get(tenantId, ticket.id);
        expect([...(stored?.tags ?? [])].sort()).toEqual(
          range(50)
            .map((index) => `tag-${index}`)
            .sort(),
        );
        expect(stored?.version).toBe(51);
        expect(await ticketEvents(storage(), tenantId, ticket.id, 'ticket.updated')).toHaveLength(50);
        expect(logger.errors).toEqual([]);
      },
      slow,
    );

    it(
      'tickets.update (port) - 50 concurrent writes of version 1: exactly one ok, the rest stale',
      async () => {
        const ticket = buildTicket(newTenantId());
        await storage().tickets.insert(ticket);
        const attempts = range(50).map((index) => ({ ...ticket, subject: `Writer ${index}`, version: 2 }));
        const results = await Promise.all(attempts.map((next) => storage().tickets.update(next, 1)));
        expect(results.filter((result) => result === 'ok')).toHaveLength(1);
        expect(results.filter((result) => result === 'stale')).toHaveLength(49);
        const winner = attempts[results.indexOf('ok')];
        expect(await storage().tickets.get(ticket.tenantId, ticket.id)).toEqual(winner);
      },
      slow,
    );

    it(
      'tickets.create - 20 concurrent creates with one idempotency key create one ticket',
      async () => {
        const { desk } = testDesk(storage());
        const tenantId = newTenantId();
        const system = systemActor(tenantId);
        const input = {
          subject: 'Charge once',
          requester: { email: 'once@example.com' },
          message: { body: 'Please' },
          idempotencyKey: 'checkout-7',
        };
        const results = await Promise.allSettled(range(20).map(() => desk.tickets.create(system, input)));
        expect(rejectionCodes(results)).toEqual([]);
        const ids = new Set(fulfilledValues(results).map((ticket) => ticket.id));
        expect(ids.size).toBe(1);
        const stored = await storage().tickets.list(tenantId, {
          filter: {},
          sort: 'createdAt',
          direction: 'asc',
          after: null,
          limit: 100,
        });
        expect(stored.map((ticket) => ticket.id)).toEqual([...ids]);
        expect(
          await storage().messages.list(tenantId, { ticketIds: [...ids], after: null, limit: 100 }),
        ).toHaveLength(1);
        expect(await storage().customers.list(tenantId, { afterId: null, limit: 100 })).toHaveLength(1);
        const inspect = context.options.inspect;
        if (inspect !== undefined) {
          expect(await inspect.countRows('tickets', tenantId)).toBe(1);
          expect(await inspect.countRows('messages', tenantId)).toBe(1);
          expect(await inspect.countRows('idempotency', tenantId)).toBe(1);
        }
      },
      slow,
    );

    it(
      'tickets.reply - 20 concurrent replies with one externalId store one message',
      async () => {
        const { desk } = testDesk(storage());
        const tenantId = newTenantId();
        const ticket = await desk.tickets.create(systemActor(tenantId), {
          subject: 'Inbound',
          requester: { email: 'in@example.com' },
        });
        const customer = customerActor(tenantId, ticket.requesterId);
        const results = await Promise.allSettled(
          range(20).map(() =>
            desk.tickets.reply(customer, ticket.id, {
              body: 'Same mail',
              externalId: '<dup@mail.example.com>',
            }),
          ),
        );
        expect(rejectionCodes(results)).toEqual([]);
        const replies = fulfilledValues(results);
        expect(replies.filter((reply) => !reply.duplicate)).toHaveLength(1);
        expect(new Set(replies.map((reply) => reply.message.id)).size).toBe(1);
        const thread = await storage().messages.list(tenantId, {
          ticketIds: [ticket.id],
          after: null,
          limit: 100,
        });
        expect(thread.map((message) => message.id)).toEqual([replies[0]?.message.id]);
        expect((await storage().tickets.get(tenantId, ticket.id))?.messageCount).toBe(1);
      },
      slow,
    );

    it(
      'alarms.raise - 20 concurrent raises of one key open one ticket with 20 occurrences',
      async () => {
        const { desk } = testDesk(storage());
        const tenantId = newTenantId();
        const system = systemActor(tenantId);
        const results = await Promise.allSettled(
          range(20).map(() =>
            desk.alarms.raise(system, {
              dedupKey: 'cpu:web-1',
              subject: 'CPU high',
              requester: { email: 'mon@example.com' },
            }),
          ),
        );
        expect(rejectionCodes(results)).toEqual([]);
        const raised = fulfilledValues(results);
        expect(raised.filter((result) => result.created)).toHaveLength(1);
        const tickets = await storage().tickets.list(tenantId, {
          filter: {},
          sort: 'createdAt',
          direction: 'asc',
          after: null,
          limit: 100,
        });
        expect(tickets).toHaveLength(1);
        expect(tickets[0]?.alarm?.occurrences).toBe(20);
        expect(await storage().alarmKeys.find(tenantId, 'cpu:web-1')).toBe(tickets[0]?.id);
      },
      slow,
    );

    it(
      'tickets.nextNumber - concurrent calls and reservations of several numbers never share a number',
      async () => {
        const tenantId = newTenantId();
        const numbers = await Promise.all(range(50).map(() => storage().tickets.nextNumber(tenantId)));
        expect(new Set(numbers).size).toBe(50);
        expect(Math.min(...numbers)).toBe(1);
        const inTransactions = await Promise.all(
          range(20).map(() => storage().transaction((tx) => tx.tickets.nextNumber(tenantId))),
        );
        expect(new Set([...numbers, ...inTransactions]).size).toBe(70);
        const counts = range(20).map((index) => 1 + (index % 4));
        const firsts = await Promise.all(
          counts.map((count) => storage().tickets.nextNumber(tenantId, count)),
        );
        const reserved = firsts.flatMap((first, index) =>
          range(counts[index] as number).map((offset) => first + offset),
        );
        expect(new Set([...numbers, ...inTransactions, ...reserved]).size).toBe(70 + reserved.length);
      },
      slow,
    );

    it(
      'customers.create - 20 concurrent creates with one email: one customer, 19 ALREADY_EXISTS',
      async () => {
        const { desk } = testDesk(storage());
        const tenantId = newTenantId();
        const system = systemActor(tenantId);
        const results = await Promise.allSettled(
          range(20).map((index) =>
            desk.customers.create(system, { email: 'dup@example.com', name: `Dup ${index}` }),
          ),
        );
        expect(fulfilledValues(results)).toHaveLength(1);
        expect(rejectionCodes(results)).toEqual(range(19).map(() => 'ALREADY_EXISTS'));
        const stored = await storage().customers.list(tenantId, { afterId: null, limit: 100 });
        expect(stored).toEqual(fulfilledValues(results));
      },
      slow,
    );

    it(
      'idempotency.insert - 20 concurrent transactions with one key: exactly one commits its writes',
      async () => {
        const tenantId = newTenantId();
        const record = buildIdempotencyRecord(tenantId);
        const outcomes = await Promise.allSettled(
          range(20).map((index) =>
            storage().transaction(async (tx) => {
              if ((await tx.idempotency.find(tenantId, record.scope, record.key)) !== null) return 'replayed';
              await tx.tickets.insert(buildTicket(tenantId, { subject: `Attempt ${index}` }));
              const result = await tx.idempotency.insert({ ...record, fingerprint: `attempt-${index}` });
              if (result !== 'ok') throw new Error(`idempotency insert: ${result}`);
              return 'first';
            }),
          ),
        );
        const values = fulfilledValues(outcomes);
        expect(values.filter((value) => value === 'first')).toHaveLength(1);
        const tickets = await storage().tickets.list(tenantId, {
          filter: {},
          sort: 'createdAt',
          direction: 'asc',
          after: null,
          limit: 100,
        });
        expect(tickets).toHaveLength(1);
        const stored = await storage().idempotency.find(tenantId, record.scope, record.key);
        expect(stored?.fingerprint).toBe(`attempt-${(tickets[0] as Ticket).subject.split(' ')[1]}`);
      },
      slow,
    );

    it(
      'alarmKeys.bind, messages.insert, customers.insert - concurrent claims of one unique value: exactly one ok',
      async () => {
        const tenantId = newTenantId();
        const binds = await Promise.all(
          range(20).map(() => storage().alarmKeys.bind(tenantId, 'one-key', newId('tkt'))),
        );
        expect(binds.filter((result) => result === 'ok')).toHaveLength(1);
        expect(binds.filter((result) => result === 'duplicate')).toHaveLength(19);

        const externalId = '<same@mail.example.com>';
        const messages = range(20).map(() => buildMessage(tenantId, newId('tkt'), { externalId }));
        const inserted = await Promise.all(messages.map((message) => storage().messages.insert(message)));
        expect(inserted.filter((result) => result === 'ok')).toHaveLength(1);
        expect(await storage().messages.findByExternalId(tenantId, externalId)).toEqual(
          messages[inserted.indexOf('ok')],
        );

        const customers = range(20).map(() =>
          buildCustomer(tenantId, {
            email: null,
            identities: [{ type: 'social', network: 'x', value: 'same-handle' }],
          }),
        );
        const created = await Promise.all(customers.map((customer) => storage().customers.insert(customer)));
        expect(created.filter((result) => result === 'ok')).toHaveLength(1);
        expect(await storage().customers.list(tenantId, { afterId: null, limit: 100 })).toEqual([
          customers[created.indexOf('ok')],
        ]);
      },
      slow,
    );

    it(
      'events.list - a reader paging while 20 transactions append sees every committed event exactly once',
      async () => {
        const tenantId = newTenantId();
        const batches = range(20).map((writer) =>
          range(3).map((index) => buildEvent(tenantId, { data: { writer, index } })),
        );
        let finished = false;
        const writers = Promise.all(
          batches.map(async ([first, ...rest], writer) => {
            await nextTick(writer % 4);
            await storage().transaction(async (tx) => {
              await tx.events.append([first as StoredEvent]);
              await nextTick(1 + (writer % 3));
              await tx.events.append(rest);
            });
          }),
        ).then(() => {
          finished = true;
        });
        const seen: StoredEvent[] = [];
        let after: number | null = null;
        for (let round = 0; round < 10_000; round++) {
          const allCommitted = finished;
          const page = await storage().events.list(tenantId, { after, limit: 4 });
          seen.push(...page.events);
          after = page.position;
          if (page.events.length === 0) {
            if (allCommitted) break;
            await nextTick(1);
          }
        }
        await writers;
        const ids = seen.map((event) => event.id);
        expect(new Set(ids).size, 'no event is read twice').toBe(ids.length);
        expect([...ids].sort()).toEqual(
          batches
            .flat()
            .map((event) => event.id)
            .sort(),
        );
        for (const batch of batches) {
          const positions = batch.map((event) => ids.indexOf(event.id));
          expect(positions, "a transaction's events keep their append order").toEqual(
            [...positions].sort((a, b) => a - b),
          );
        }
      },
      slow,
    );

    it(
      'jobs.claimDue - 4 concurrent claimers over 60 due jobs: each job is claimed by exactly one',
      () =>
        withFreshStorage(context, async (storage) => {
          const now = fixtureInstant(DAY);
          const tenants = [newTenantId(), newTenantId()];
          const jobs = range(60).map((index) =>
            buildJob(tenants[index % 2] as string, { dueAt: new Date(now.getTime() - index * 1000) }),
          );
          for (const job of jobs) await storage.jobs.schedule(job);
          const batches = await Promise.all(
            range(4).map(() =>
              storage.jobs.claimDue({
                now,
                limit: 20,
                claimToken: newId('claim'),
                leaseUntil: new Date(now.getTime() + 60_000),
              }),
            ),
          );
          const claimedIds = batches.flat().map((job) => job.id);
          expect(claimedIds).toHaveLength(60);
          expect(new Set(claimedIds).size).toBe(60);
          for (const batch of batches) {
            expect(new Set(batch.map((job) => job.claimToken)).size).toBeLessThanOrEqual(1);
          }
        }),
      slow,
    );

    it(
      'scheduler.runDueJobs - 4 workers at once over 60 due auto-close jobs close each ticket exactly once',
      () =>
        withFreshStorage(context, async (storage) => {
          const { desk, clock, logger } = testDesk(storage);
          const tenantIds = [newTenantId(), newTenantId()];
          const tickets: Ticket[] = [];
          for (const index of range(60)) {
            const tenantId = tenantIds[index % 2] as string;
            const system = systemActor(tenantId);
            const ticket = await desk.tickets.create(system, {
              subject: `Auto ${index}`,
              requester: { email: 'auto@example.com' },
            });
            tickets.push(await desk.tickets.transition(system, ticket.id, { stageId: 'resolved' }));
          }
          clock.advance(4 * DAY);
          const worker = async () => {
            const total = { claimed: 0, completed: 0, retried: 0, failed: 0, lost: 0 };
            for (let round = 0; round < 60; round++) {
              const result = await desk.scheduler.runDueJobs({ limit: 7 });
              for (const key of Object.keys(total) as Array<keyof typeof total>) total[key] += result[key];
              if (result.claimed === 0) break;
            }
            return total;
          };
          const totals = await Promise.all(range(4).map(worker));
          const sum = (key: 'claimed' | 'completed' | 'retried' | 'failed' | 'lost') =>
            totals.reduce((accumulator, total) => accumulator + total[key], 0);
          expect({
            completed: sum('completed'),
            retried: sum('retried'),
            failed: sum('failed'),
            lost: sum('lost'),
          }).toEqual({
            completed: 60,
            retried: 0,
            failed: 0,
            lost: 0,
          });
          for (const ticket of tickets) {
            expect((await storage.tickets.get(ticket.tenantId, ticket.id))?.statusCategory).toBe('closed');
            const transitions = await ticketEvents(
              storage,
              ticket.tenantId,
              ticket.id,
              'ticket.transitioned',
            );
            expect(
              transitions.filter(
                (event) => (event.data as { to: { category: string } }).to.category === 'closed',
              ),
            ).toHaveLength(1);
          }
          expect(
            await storage.jobs.claimDue({
              now: clock.now(),
              limit: 100,
              claimToken: 'late',
              leaseUntil: clock.now(),
            }),
          ).toEqual([]);
          const inspect = context.options.inspect;
          if (inspect !== undefined) {
            for (const tenantId of tenantIds) expect(await inspect.countRows('jobs', tenantId)).toBe(0);
          }
          expect(logger.errors).toEqual([]);
        }),
      slow,
    );
  });
}

import { describe, expect, it } from 'vitest';
import { agentActor, customerActor, systemActor } from '../actors';
import type { Ticketing } from '../desk';
import type { StoragePort } from '../storage/port';
import type { Ticket } from '../storage/records';
import { newTenantId } from './fixtures';
import {
  expectErrorCode,
  type SuiteContext,
  testDesk,
  useGroupStorage,
  withFreshStorage,
} from './suite-context';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** A tenant with one agent, ready for desk scenarios. */
async function openTenant(desk: Ticketing) {
  const tenantId = newTenantId();
  const system = systemActor(tenantId);
  const agent = await desk.agents.create(system, {
    name: 'Grace Hopper',
    email: 'grace@support.example.com',
  });
  return { tenantId, system, agent: agentActor(tenantId, agent.id), agentId: agent.id };
}

/** Every stored event type of a ticket's history, in order, read through the port. */
async function historyTypes(storage: StoragePort, tenantId: string, ticketId: string): Promise<string[]> {
  const page = await storage.events.listForTicket(tenantId, ticketId, { after: null, limit: 1000 });
  return page.events.map((event) => event.type);
}

/** The ticket events of one type, read through the port. */
async function storedEvents(storage: StoragePort, tenantId: string, ticketId: string, type: string) {
  return (await storage.events.listForTicket(tenantId, ticketId, { after: null, limit: 1000, types: [type] }))
    .events;
}

/** Every ticket of a tenant, read through the port. */
function allTickets(storage: StoragePort, tenantId: string): Promise<Ticket[]> {
  return storage.tickets.list(tenantId, {
    filter: {},
    sort: 'createdAt',
    direction: 'asc',
    after: null,
    limit: 1000,
  });
}

/** The desk (`createTicketing`) over the adapter: end-to-end behaviour, checked in storage. */
export function describeDeskBehaviour(context: SuiteContext): void {
  describe('desk', () => {
    const storage = useGroupStorage(context);
    const slow = context.slowTimeout;

    it(
      'ticket lifecycle - create, reply, pending, reopen, resolve, auto-close after 4 days, follow-up',
      () =>
        withFreshStorage(context, async (storage) => {
          const { desk, clock, logger } = testDesk(storage);
          const { tenantId, system, agent, agentId } = await openTenant(desk);
          const ticket = await desk.tickets.create(system, {
            subject: 'Printer on fire',
            channel: 'email',
            requester: { email: 'Ada@Example.com', name: 'Ada' },
            message: { body: 'It is on fire.', externalId: '<m1@mail.example.com>' },
          });
          expect(ticket).toMatchObject({
            number: 1,
            stageId: 'new',
            statusCategory: 'new',
            version: 1,
            messageCount: 1,
          });
          const requester = await desk.customers.findByEmail(system, 'ada@example.com');
          expect(requester?.id).toBe(ticket.requesterId);
          expect(await storage.tickets.get(tenantId, ticket.id)).toEqual(ticket);
          const second = await desk.tickets.create(system, {
            subject: 'Toner',
            requester: { email: 'ada@example.com' },
          });
          expect(second).toMatchObject({ number: 2, requesterId: ticket.requesterId });
          const customer = customerActor(tenantId, ticket.requesterId);

          clock.advance(MINUTE);
          const answered = await desk.tickets.reply(agent, ticket.id, {
            body: 'Please unplug it.',
            moveToStageId: 'waiting_on_customer',
          });
          expect(answered.ticket).toMatchObject({
            statusCategory: 'pending',
            firstRespondedAt: clock.now(),
            version: 2,
            messageCount: 2,
          });
          expect(answered.message).toMatchObject({ seq: 2, author: { kind: 'agent', id: agentId } });

          clock.advance(MINUTE);
          const reopened = await desk.tickets.reply(customer, ticket.id, { body: 'Still burning.' });
          expect(reopened.ticket).toMatchObject({ statusCategory: 'open', reopenCount: 1, version: 3 });

          clock.advance(MINUTE);
          const resolvedAt = clock.now();
          await desk.tickets.transition(agent, ticket.id, { stageId: 'resolved' });
          expect(await storage.tickets.get(tenantId, ticket.id)).toMatchObject({
            statusCategory: 'resolved',
            resolvedAt,
          });

          clock.advance(4 * DAY - 1);
          expect(await desk.scheduler.runDueJobs()).toMatchObject({ claimed: 0, completed: 0 });
          expect((await storage.tickets.get(tenantId, ticket.id))?.statusCategory).toBe('resolved');
          clock.advance(1);
          expect(await desk.scheduler.runDueJobs()).toEqual({
            claimed: 1,
            completed: 1,
            retried: 0,
            failed: 0,
            lost: 0,
          });
          const closed = await storage.tickets.get(tenantId, ticket.id);
          expect(closed).toMatchObject({
            statusCategory: 'closed',
            stageId: 'closed',
            closedAt: clock.now(),
            resolvedAt,
          });

          clock.advance(MINUTE);
          const again = await desk.tickets.reply(customer, ticket.id, { body: 'It is back.' });
          expect(again.redirectedFrom).toBe(ticket.id);
          expect(again.ticket).toMatchObject({
            number: 3,
            requesterId: ticket.requesterId,
            statusCategory: 'new',
            subject: 'Printer on fire',
          });
          expect(await storage.tickets.get(tenantId, ticket.id)).toEqual(closed);
          const [link] = await storage.links.listForTicket(tenantId, again.ticket.id);
          expect(link).toMatchObject({
            type: 'follow_up_of',
            sourceId: again.ticket.id,
            targetId: ticket.id,
          });
          expect(await desk.tickets.links(agent, ticket.id)).toMatchObject([
            { type: 'follow_up_of', direction: 'incoming', ticketId: again.ticket.id },
          ]);

          expect(await historyTypes(storage, tenantId, ticket.id)).toEqual([
            'ticket.created',
            'message.created',
            'message.created',
            'ticket.transitioned',
            'message.created',
            'ticket.transitioned',
            'ticket.reopened',
            'ticket.transitioned',
            'ticket.transitioned',
            'ticket.linked',
            'ticket.follow_up_created',
          ]);
          const transitions = await storedEvents(storage, tenantId, ticket.id, 'ticket.transitioned');
          expect(transitions.map((event) => (event.data as { reason: string }).reason)).toEqual([
            'manual',
            'customer_reply',
            'manual',
            'auto_close',
          ]);
          expect(logger.errors).toEqual([]);
        }),
      slow,
    );

    it('tickets.create - an idempotent replay returns the same ticket; another payload is IDEMPOTENCY_CONFLICT', async () => {
      const { desk } = testDesk(storage());
      const { tenantId, system } = await openTenant(desk);
      const input = {
        subject: 'Refund order 42',
        requester: { email: 'bob@example.com' },
        idempotencyKey: 'order-42',
      };
      const first = await desk.tickets.create(system, input);
      expect(await desk.tickets.create(system, input)).toEqual(first);
      await expectErrorCode(
        desk.tickets.create(system, { ...input, subject: 'Refund order 43' }),
        'IDEMPOTENCY_CONFLICT',
      );
      expect(await allTickets(storage(), tenantId)).toEqual([first]);
      expect(await storedEvents(storage(), tenantId, first.id, 'ticket.created')).toHaveLength(1);
      const inspect = context.options.inspect;
      if (inspect !== undefined) {
        expect(await inspect.countRows('tickets', tenantId)).toBe(1);
        expect(await inspect.countRows('idempotency', tenantId)).toBe(1);
        expect(await inspect.countRows('customers', tenantId)).toBe(1);
      }
    });

    it('tickets.reply - an inbound message with a known externalId is stored once', async () => {
      const { desk } = testDesk(storage());
      const { tenantId, system } = await openTenant(desk);
      const message = { body: 'First mail', externalId: '<a@mail.example.com>' };
      const ticket = await desk.tickets.create(system, {
        subject: 'Mail',
        requester: { email: 'eve@example.com' },
        message,
      });
      expect(
        await desk.tickets.create(system, {
          subject: 'Mail again',
          requester: { email: 'eve@example.com' },
          message,
        }),
      ).toEqual(ticket);
      const customer = customerActor(tenantId, ticket.requesterId);
      const first = await desk.tickets.reply(customer, ticket.id, {
        body: 'Second mail',
        externalId: '<b@mail.example.com>',
      });
      const replay = await desk.tickets.reply(customer, ticket.id, {
        body: 'Second mail',
        externalId: '<b@mail.example.com>',
      });
      expect(first.duplicate).toBe(false);
      expect(replay).toMatchObject({ duplicate: true, message: first.message });
      const thread = await storage().messages.list(tenantId, {
        ticketIds: [ticket.id],
        after: null,
        limit: 100,
      });
      expect(thread.map((stored) => stored.externalId)).toEqual([
        '<a@mail.example.com>',
        '<b@mail.example.com>',
      ]);
      expect(await allTickets(storage(), tenantId)).toHaveLength(1);
      expect((await storage().tickets.get(tenantId, ticket.id))?.messageCount).toBe(2);
    });

    it('tickets.merge - the source closes; its thread reads from the target; replies land on the target; no second merge', async () => {
      const { desk, clock } = testDesk(storage());
      const { tenantId, system, agent } = await openTenant(desk);
      const requester = { email: 'kim@example.com' };
      const source = await desk.tickets.create(system, {
        subject: 'Login',
        requester,
        message: { body: 'Cannot log in' },
      });
      clock.advance(MINUTE);
      const target = await desk.tickets.create(system, {
        subject: 'Login again',
        requester,
        message: { body: 'Still no login' },
      });
      const other = await desk.tickets.create(system, { subject: 'Other', requester });
      const customer = customerActor(tenantId, source.requesterId);
      clock.advance(MINUTE);
      await desk.tickets.addNote(agent, source.id, { body: 'Internal: same as the other one' });
      const merged = await desk.tickets.merge(agent, source.id, { targetId: target.id });
      expect(merged.source).toMatchObject({ mergedIntoId: target.id, statusCategory: 'closed' });
      expect(merged.target.mergedTicketIds).toEqual([source.id]);
      expect(await storage().tickets.get(tenantId, source.id)).toEqual(merged.source);
      expect(await storage().tickets.get(tenantId, target.id)).toEqual(merged.target);

      clock.advance(MINUTE);
      const reply = await desk.tickets.reply(customer, source.id, { body: 'Any news?' });
      expect(reply).toMatchObject({ redirectedFrom: source.id, ticket: { id: target.id } });
      expect(reply.message.ticketId).toBe(target.id);
      const staffThread = await desk.tickets.messages(agent, target.id);
      expect(staffThread.items.map((message) => message.body)).toEqual([
        'Cannot log in',
        'Still no login',
        'Internal: same as the other one',
        'Any news?',
      ]);
      const customerThread = await desk.tickets.messages(customer, target.id);
      expect(customerThread.items.map((message) => message.body)).toEqual([
        'Cannot log in',
        'Still no login',
        'Any news?',
      ]);
      await expectErrorCode(desk.tickets.merge(agent, source.id, { targetId: other.id }), 'INVALID_STATE');
      expect(await storage().tickets.get(tenantId, other.id)).toEqual(other);
    });

    it('alarms.raise - a repeat while the alarm ticket is open adds an occurrence; after resolve a new ticket opens', async () => {
      const { desk, clock } = testDesk(storage());
      const { tenantId, system, agent } = await openTenant(desk);
      const raise = () =>
        desk.alarms.raise(system, {
          dedupKey: 'disk-full:db-1',
          subject: 'Disk full on db-1',
          detail: 'usage 99%',
          requester: { email: 'monitoring@example.com' },
        });
      const first = await raise();
      clock.advance(MINUTE);
      const second = await raise();
      clock.advance(MINUTE);
      const third = await raise();
      expect([first.created, second.created, third.created]).toEqual([true, false, false]);
      const stored = await storage().tickets.get(tenantId, first.ticket.id);
      expect(stored?.alarm).toEqual({
        dedupKey: 'disk-full:db-1',
        occurrences: 3,
        firstOccurredAt: first.ticket.createdAt,
        lastOccurredAt: clock.now(),
      });
      expect(await storage().alarmKeys.find(tenantId, 'disk-full:db-1')).toBe(first.ticket.id);
      await desk.tickets.transition(agent, first.ticket.id, { stageId: 'resolved' });
      expect(await storage().alarmKeys.find(tenantId, 'disk-full:db-1')).toBeNull();
      const fourth = await raise();
      expect(fourth.created).toBe(true);
      expect(fourth.ticket.id).not.toBe(first.ticket.id);
      expect(await allTickets(storage(), tenantId)).toHaveLength(2);
    });

    it('tickets.history - every change in order, the same when paged with cursors', async () => {
      const { desk, clock } = testDesk(storage());
      const { tenantId, system, agent, agentId } = await openTenant(desk);
      const ticket = await desk.tickets.create(system, {
        subject: 'History',
        requester: { email: 'hal@example.com' },
      });
      clock.advance(MINUTE);
      await desk.tickets.update(agent, ticket.id, { priority: 'urgent', addTags: ['vip'] });
      await desk.tickets.assign(agent, ticket.id, { assigneeId: agentId });
      await desk.tickets.transition(agent, ticket.id, { stageId: 'waiting_on_us' });
      await desk.tickets.addNote(agent, ticket.id, { body: 'Checked the logs' });
      await desk.tickets.reply(agent, ticket.id, { body: 'Fixed' });
      const expected = [
        'ticket.created',
        'ticket.updated',
        'ticket.assigned',
        'ticket.transitioned',
        'message.created',
        'message.created',
      ];
      const full = await desk.tickets.history(agent, ticket.id, { limit: 100 });
      expect(full.items.map((event) => event.type)).toEqual(expected);
      expect(full.nextCursor).toBeNull();
      const paged: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 10; page++) {
        const result = await desk.tickets.history(agent, ticket.id, {
          limit: 4,
          ...(cursor === undefined ? {} : { cursor }),
        });
        paged.push(...result.items.map((event) => event.id));
        if (result.nextCursor === null) break;
        cursor = result.nextCursor;
      }
      expect(paged).toEqual(full.items.map((event) => event.id));
      expect(await historyTypes(storage(), tenantId, ticket.id)).toEqual(expected);
    });

    it("tickets.get - a customer gets NOT_FOUND for another customer's ticket and never sees internal notes", async () => {
      const { desk } = testDesk(storage());
      const { tenantId, system, agent } = await openTenant(desk);
      const ada = await desk.customers.create(system, { email: 'ada@example.com' });
      const bob = await desk.customers.create(system, { email: 'bob@example.com' });
      const adaActor = customerActor(tenantId, ada.id);
      const bobActor = customerActor(tenantId, bob.id);
      const adaTicket = await desk.tickets.create(adaActor, { subject: 'Mine', message: { body: 'Hello' } });
      const bobTicket = await desk.tickets.create(bobActor, { subject: 'Theirs' });
      await desk.tickets.addNote(agent, adaTicket.id, { body: 'Internal: VIP, be quick' });
      await desk.tickets.reply(agent, adaTicket.id, { body: 'On it' });

      await expectErrorCode(desk.tickets.get(adaActor, bobTicket.id), 'NOT_FOUND');
      await expectErrorCode(desk.tickets.reply(adaActor, bobTicket.id, { body: 'Let me in' }), 'NOT_FOUND');
      await expectErrorCode(desk.tickets.messages(adaActor, bobTicket.id), 'NOT_FOUND');
      expect((await desk.tickets.list(adaActor)).items.map((ticket) => ticket.id)).toEqual([adaTicket.id]);
      expect((await desk.tickets.list(adaActor, { requesterId: bob.id })).items).toEqual([]);
      const seenByAda = await desk.tickets.messages(adaActor, adaTicket.id);
      expect(seenByAda.items.map((message) => message.body)).toEqual(['Hello', 'On it']);
      const seenByAgent = await desk.tickets.messages(agent, adaTicket.id);
      expect(seenByAgent.items.map((message) => message.body)).toEqual([
        'Hello',
        'Internal: VIP, be quick',
        'On it',
      ]);
      await expectErrorCode(desk.tickets.history(adaActor, adaTicket.id), 'FORBIDDEN');
      expect((await storage().tickets.get(tenantId, bobTicket.id))?.messageCount).toBe(0);
    });

    it("tickets.create - a customer reusing another customer's inbound externalId never gets their ticket", async () => {
      const { desk } = testDesk(storage());
      const { tenantId, system } = await openTenant(desk);
      const externalId = '<private@mail.example.com>';
      const victim = await desk.tickets.create(system, {
        subject: 'My invoice address',
        requester: { email: 'victim@example.com' },
        message: { body: 'Private details', externalId },
      });
      const intruder = await desk.customers.create(system, { email: 'intruder@example.com' });
      const intruderActor = customerActor(tenantId, intruder.id);
      const error = await expectErrorCode(
        desk.tickets.create(intruderActor, { subject: 'Guess', message: { body: 'x', externalId } }),
        'NOT_FOUND',
      );
      expect(JSON.stringify(error.details)).not.toContain(victim.id);
      expect((await desk.tickets.list(intruderActor)).items).toEqual([]);
      expect(await allTickets(storage(), tenantId)).toEqual([victim]);
    });

    it('tickets.list - cursor pages return every ticket once while new tickets arrive', async () => {
      const { desk, clock } = testDesk(storage());
      const { system } = await openTenant(desk);
      const requester = { email: 'pat@example.com' };
      const created: Ticket[] = [];
      for (let index = 0; index < 12; index++) {
        if (index % 3 !== 0) clock.advance(1000);
        created.push(
          await desk.tickets.create(system, {
            subject: `Ticket ${index}`,
            requester,
            priority: (['low', 'urgent', 'medium', 'high'] as const)[index % 4],
          }),
        );
      }
      for (const sort of ['createdAt', 'priority'] as const) {
        const seen: string[] = [];
        let cursor: string | undefined;
        for (let page = 0; page < 10; page++) {
          const result = await desk.tickets.list(system, {
            sort,
            order: 'desc',
            limit: 5,
            ...(cursor === undefined ? {} : { cursor }),
          });
          seen.push(...result.items.map((ticket) => ticket.id));
          if (result.nextCursor === null) break;
          cursor = result.nextCursor;
          clock.advance(1000);
          await desk.tickets.create(system, { subject: 'Arrived meanwhile', requester, priority: 'low' });
        }
        const original = new Set(created.map((ticket) => ticket.id));
        expect(new Set(seen).size).toBe(seen.length);
        expect(seen.filter((id) => original.has(id)).sort()).toEqual([...original].sort());
      }
      const newestFirst = await desk.tickets.list(system, { limit: 3 });
      expect(newestFirst.items.map((ticket) => ticket.subject)).toEqual([
        'Arrived meanwhile',
        'Arrived meanwhile',
        'Arrived meanwhile',
      ]);
    });

    it('customers.create - an email another customer has is ALREADY_EXISTS, and nothing is written', async () => {
      const { desk } = testDesk(storage());
      const { tenantId, system } = await openTenant(desk);
      const first = await desk.customers.create(system, { email: 'same@example.com', name: 'First' });
      await expectErrorCode(
        desk.customers.create(system, { email: 'SAME@example.com', name: 'Second' }),
        'ALREADY_EXISTS',
      );
      expect(await storage().customers.list(tenantId, { afterId: null, limit: 10 })).toEqual([first]);
    });

    it('events.list - the stored feed continues from its cursor and sees each event once', async () => {
      const { desk } = testDesk(storage());
      const { system } = await openTenant(desk);
      const first = await desk.events.list(system);
      const ticket = await desk.tickets.create(system, {
        subject: 'Feed',
        requester: { email: 'feed@example.com' },
      });
      const second = await desk.events.list(system, { after: first.cursor });
      expect(second.events.map((event) => event.type)).toEqual(['customer.created', 'ticket.created']);
      expect(second.events[1]?.ticketId).toBe(ticket.id);
      const third = await desk.events.list(system, { after: second.cursor });
      expect(third).toEqual({ events: [], cursor: second.cursor });
    });

    it(
      "scheduler.runDueJobs - a crashed worker's job runs once its lease ends; the crashed claim is void",
      () =>
        withFreshStorage(context, async (storage) => {
          const { desk, clock } = testDesk(storage);
          const { tenantId, system, agent } = await openTenant(desk);
          const ticket = await desk.tickets.create(system, {
            subject: 'Lease',
            requester: { email: 'lee@example.com' },
          });
          await desk.tickets.transition(agent, ticket.id, { stageId: 'resolved' });
          clock.advance(4 * DAY);
          const now = clock.now();
          const crashed = await storage.jobs.claimDue({
            now,
            limit: 10,
            claimToken: 'crashed-worker',
            leaseUntil: new Date(now.getTime() + 5 * MINUTE),
          });
          expect(crashed).toHaveLength(1);
          expect(await desk.scheduler.runDueJobs()).toMatchObject({ claimed: 0, completed: 0 });
          clock.advance(5 * MINUTE);
          expect(await desk.scheduler.runDueJobs()).toEqual({
            claimed: 1,
            completed: 1,
            retried: 0,
            failed: 0,
            lost: 0,
          });
          expect((await storage.tickets.get(tenantId, ticket.id))?.statusCategory).toBe('closed');
          expect(
            await storage.jobs.complete(tenantId, (crashed[0] as { id: string }).id, 'crashed-worker'),
          ).toBe(false);
          expect(await storedEvents(storage, tenantId, ticket.id, 'ticket.transitioned')).toHaveLength(2);
        }),
      slow,
    );

    it(
      "scheduler.runDueJobs - a reopened ticket's auto-close never runs",
      () =>
        withFreshStorage(context, async (storage) => {
          const { desk, clock } = testDesk(storage);
          const { tenantId, system, agent } = await openTenant(desk);
          const ticket = await desk.tickets.create(system, {
            subject: 'Reopen',
            requester: { email: 'ray@example.com' },
          });
          await desk.tickets.transition(agent, ticket.id, { stageId: 'resolved' });
          clock.advance(DAY);
          await desk.tickets.reply(customerActor(tenantId, ticket.requesterId), ticket.id, {
            body: 'Not fixed',
          });
          clock.advance(4 * DAY);
          expect(await desk.scheduler.runDueJobs()).toMatchObject({ claimed: 0, completed: 0 });
          expect(await storage.tickets.get(tenantId, ticket.id)).toMatchObject({
            statusCategory: 'open',
            reopenCount: 1,
          });
        }),
      slow,
    );
  });
}

import { describe, expect, it } from 'vitest';
import { systemActor } from './actors';
import type { AnyTicketkitEvent } from './events';
import {
  expectError,
  instrumentedStorage,
  issueCodes,
  OTHER_TENANT,
  testDesk,
  typesOf,
} from './test-support';

/** Lets pending promise callbacks (async listeners) run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('events', () => {
  it('publish - events are published after their transaction commits, in recorded order', async () => {
    const log: string[] = [];
    const t = await testDesk({
      storage: (memory) => instrumentedStorage(memory, { afterCommit: () => log.push('commit') }),
    });
    log.length = 0;
    t.desk.events.onAny((event) => {
      log.push(event.type);
    });
    const ticket = await t.open({ assigneeId: 'agt_ada', message: { body: 'Hi' } });
    expect(log).toEqual(['commit', 'ticket.created', 'ticket.assigned', 'message.created']);
    // What was published is exactly what was stored.
    expect(t.published).toEqual(await t.storedEvents());
    expect(t.published.every((event) => event.ticketId === ticket.id)).toBe(true);
  });

  it('publish - a command that rolls back publishes and stores nothing', async () => {
    let failAppend = false;
    const t = await testDesk({
      storage: (memory) =>
        instrumentedStorage(memory, {
          beforeCall: (call) => {
            if (failAppend && call.repository === 'events' && call.method === 'append')
              throw new Error('disk on fire');
          },
        }),
    });
    failAppend = true;
    const error = await expectError(t.open({ message: { body: 'Hi' } }), 'STORAGE_FAILURE');
    expect(JSON.stringify(error)).not.toContain('disk on fire');
    expect(t.logger.errors).toMatchObject([
      { message: 'Storage operation failed', context: { adapter: 'memory' } },
    ]);
    failAppend = false;
    expect(t.published).toEqual([]);
    expect(await t.storedEvents()).toEqual([]);
    expect((await t.desk.tickets.list(t.system)).items).toEqual([]);
  });

  it("publish - the events of an attempt that lost a race are dropped; only the retry's are published", async () => {
    let staleOnce = true;
    const t = await testDesk({
      storage: (memory) =>
        instrumentedStorage(memory, {
          intercept: (call) => {
            if (staleOnce && call.repository === 'tickets' && call.method === 'update') {
              staleOnce = false;
              return { result: 'stale' };
            }
            return undefined;
          },
        }),
    });
    const ticket = await t.open();
    staleOnce = true;
    t.published.length = 0;
    const updated = await t.desk.tickets.update(t.system, ticket.id, { priority: 'low' });
    expect(staleOnce).toBe(false);
    expect(updated).toMatchObject({ priority: 'low', version: 2 });
    expect(typesOf(t.published)).toEqual(['ticket.updated']);
    expect(typesOf(await t.history(ticket.id))).toEqual(['ticket.created', 'ticket.updated']);
  });

  it('publish - a throwing listener is logged; other listeners still run and the command stands', async () => {
    const t = await testDesk();
    const heard: string[] = [];
    t.desk.events.on('ticket.created', () => {
      throw new Error('listener bug');
    });
    t.desk.events.on('ticket.created', (event) => {
      heard.push(`second:${event.data.subject}`);
    });
    t.desk.events.onAny(() => {
      throw new Error('wildcard bug');
    });
    const ticket = await t.open({ subject: 'Still created' });
    expect(await t.get(ticket.id)).toEqual(ticket);
    expect(heard).toEqual(['second:Still created']);
    expect(typesOf(t.published)).toEqual(['ticket.created']);
    expect(t.logger.errors).toHaveLength(2);
    expect(t.logger.errors[0]).toEqual({
      message: 'An event listener failed; the command it follows is unaffected',
      context: { eventType: 'ticket.created', eventId: t.published[0]?.id, error: new Error('listener bug') },
    });
    expect(t.logger.errors[1]?.context?.error).toEqual(new Error('wildcard bug'));
  });

  it('publish - a rejecting async listener is logged like a throwing one', async () => {
    const t = await testDesk();
    t.desk.events.on('ticket.created', async () => {
      throw new Error('async listener bug');
    });
    const ticket = await t.open();
    await settle();
    expect(await t.get(ticket.id)).toEqual(ticket);
    expect(t.logger.errors).toMatchObject([
      { context: { eventType: 'ticket.created', error: new Error('async listener bug') } },
    ]);
  });

  it('off - a removed listener hears nothing more; other subscriptions stay', async () => {
    const t = await testDesk();
    const heard: string[] = [];
    const listener = (event: AnyTicketkitEvent) => {
      heard.push(event.type);
    };
    t.desk.events.on('ticket.created', listener);
    t.desk.events.on('ticket.updated', listener);
    const unsubscribeAny = t.desk.events.onAny((event) => {
      heard.push(`any:${event.type}`);
    });
    const ticket = await t.open();
    t.desk.events.off('ticket.created', listener);
    unsubscribeAny();
    await t.desk.tickets.update(t.system, ticket.id, { priority: 'low' });
    await t.open();
    expect(heard).toEqual(['ticket.created', 'any:ticket.created', 'ticket.updated']);
    const unsubscribe = t.desk.events.on('ticket.created', listener);
    unsubscribe();
    t.desk.events.off('ticket.updated', listener);
    await t.open();
    await t.desk.tickets.update(t.system, ticket.id, { priority: 'high' });
    expect(heard).toHaveLength(3);
  });

  it('list - the stored feed pages with a cursor that stays valid when nothing is new', async () => {
    const t = await testDesk();
    const start = (await t.desk.events.list(t.system, { limit: 200 })).cursor;
    const ticket = await t.open({ message: { body: 'Hi' } });
    await t.desk.tickets.update(t.system, ticket.id, { priority: 'low' });
    await t.desk.tickets.reply(t.ada, ticket.id, { body: 'Hello' });
    const all = await t.storedEvents();
    expect(typesOf(all)).toEqual([
      'ticket.created',
      'message.created',
      'ticket.updated',
      'message.created',
      'ticket.transitioned',
    ]);
    const seen: AnyTicketkitEvent[] = [];
    let cursor = start;
    for (let page = 0; page < 3; page++) {
      const result = await t.desk.events.list(t.ada, { after: cursor, limit: 2 });
      seen.push(...result.events);
      cursor = result.cursor;
    }
    expect(seen).toEqual(all);
    const empty = await t.desk.events.list(t.system, { after: cursor, limit: 2 });
    expect(empty).toEqual({ events: [], cursor });
    await t.desk.tickets.addNote(t.ada, ticket.id, { body: 'later' });
    expect(typesOf((await t.desk.events.list(t.system, { after: cursor })).events)).toEqual([
      'message.created',
    ]);
  });

  it('list - filters by type, per tenant, staff only, and rejects bad cursors', async () => {
    const t = await testDesk();
    const ticket = await t.open({ message: { body: 'Hi' } });
    await t.desk.tickets.update(t.system, ticket.id, { priority: 'low' });
    const filtered = await t.desk.events.list(t.system, {
      types: ['ticket.updated', 'ticket.created'],
      limit: 200,
    });
    expect(typesOf(filtered.events)).toEqual(['ticket.created', 'ticket.updated']);
    expect((await t.desk.events.list(systemActor(OTHER_TENANT))).events).toEqual([]);
    await expectError(t.desk.events.list(t.carla), 'FORBIDDEN');
    const error = await expectError(t.desk.events.list(t.system, { after: 'nonsense' }), 'VALIDATION_FAILED');
    expect(issueCodes(error)).toEqual(['invalid_cursor']);
    await expectError(t.desk.events.list(t.system, { limit: 0 }), 'VALIDATION_FAILED');
  });
});

describe('events with a failing logger', () => {
  it('publish - a logger that throws while reporting a failed listener cannot fail a committed command', async () => {
    const t = await testDesk();
    t.logger.error = () => {
      throw new Error('logger down');
    };
    t.desk.events.on('ticket.created', () => {
      throw new Error('listener down');
    });
    const ticket = await t.open();
    expect((await t.get(ticket.id)).id).toBe(ticket.id);
  });
});

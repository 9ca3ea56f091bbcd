import { describe, expect, it } from 'vitest';
import { customerActor, systemActor } from '../actors';
import type { Ticket } from '../storage/records';
import {
  AGENT,
  expectError,
  issueCodes,
  OTHER_TENANT,
  START,
  TEAM,
  type TestDesk,
  testDesk,
  typesOf,
} from '../test-support';
import type { ListTicketsInput } from './ticket-schemas';

/** Five tickets one minute apart, with varied fields. */
async function listFixture() {
  const t = await testDesk();
  const t1 = await t.open({
    subject: 'Refund for order 42',
    priority: 'high',
    tags: ['VIP', 'refund'],
    channel: 'email',
    type: 'incident',
    teamId: TEAM.support,
    assigneeId: AGENT.ada,
  });
  t.clock.advance({ minutes: 1 });
  const t2 = await t.open({
    subject: 'Login broken on mobile',
    priority: 'low',
    tags: ['vip'],
    channel: 'chat',
    requesterId: t.danId,
  });
  t.clock.advance({ minutes: 1 });
  const t3 = await t.open({
    subject: 'Refund twice',
    priority: 'urgent',
    stageId: 'waiting_on_us',
    channel: 'phone',
    teamId: TEAM.billing,
    assigneeId: AGENT.bob,
  });
  t.clock.advance({ minutes: 1 });
  const t4 = await t.open({
    subject: 'Mobile app crash',
    stageId: 'waiting_on_customer',
    parentId: t1.id,
    requesterId: t.danId,
    type: 'problem',
  });
  t.clock.advance({ minutes: 1 });
  const t5 = await t.open({ subject: 'Invoice address', priority: 'high' });
  await t.desk.tickets.transition(t.system, t5.id, { stageId: 'resolved' });
  return { t, tickets: [t1, t2, t3, t4, t5] as const };
}

async function listIds(t: TestDesk, query: ListTicketsInput, actor = t.system): Promise<string[]> {
  return (await t.desk.tickets.list(actor, query)).items.map((ticket) => ticket.id);
}

async function allPages(t: TestDesk, query: ListTicketsInput): Promise<Ticket[]> {
  const all: Ticket[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const result = await t.desk.tickets.list(t.system, {
      ...query,
      ...(cursor === undefined ? {} : { cursor }),
    });
    all.push(...result.items);
    if (result.nextCursor === null) return all;
    cursor = result.nextCursor;
  }
  throw new Error('pagination did not end');
}

describe('tickets.list', () => {
  it('list - each filter narrows the list, newest first by default', async () => {
    const { t, tickets } = await listFixture();
    const [t1, t2, t3, t4, t5] = tickets.map((ticket) => ticket.id);
    const cases: Array<[ListTicketsInput, Array<string | undefined>]> = [
      [{}, [t5, t4, t3, t2, t1]],
      [{ pipelineId: 'default' }, [t5, t4, t3, t2, t1]],
      [{ pipelineId: 'other' }, []],
      [{ stageId: 'waiting_on_us' }, [t3]],
      [{ stageId: ['new', 'waiting_on_customer'] }, [t4, t2, t1]],
      [{ category: 'pending' }, [t4]],
      [{ category: ['resolved', 'open'] }, [t5, t3]],
      [{ priority: 'high' }, [t5, t1]],
      [{ priority: ['urgent', 'low'] }, [t3, t2]],
      [{ assigneeId: AGENT.ada }, [t1]],
      [{ assigneeId: null }, [t5, t4, t2]],
      [{ assigneeId: [AGENT.bob, null] }, [t5, t4, t3, t2]],
      [{ teamId: TEAM.billing }, [t3]],
      [{ teamId: null }, [t5, t4, t2]],
      [{ tags: ['VIP'] }, [t2, t1]],
      [{ tags: ['vip', 'refund'] }, [t1]],
      [{ channel: 'chat' }, [t2]],
      [{ channel: ['email', 'phone'] }, [t3, t1]],
      [{ requesterId: t.danId }, [t4, t2]],
      [{ type: 'question' }, [t5, t3, t2]],
      [{ type: ['incident', 'problem'] }, [t4, t1]],
      [{ parentId: t1 }, [t4]],
      [{ createdAfter: new Date(START.getTime() + 2 * 60_000) }, [t5, t4, t3]],
      [{ createdBefore: new Date(START.getTime() + 2 * 60_000) }, [t2, t1]],
      [{ createdAfter: '2025-03-03T09:01:00Z', createdBefore: '2025-03-03T10:02:00+01:00' }, [t2]],
      [{ search: 'refund' }, [t3, t1]],
      [{ search: '  REFUND   order ' }, [t1]],
      [{ search: 'mobile' }, [t4, t2]],
      [{ search: 'refund', priority: 'urgent', teamId: TEAM.billing }, [t3]],
      [{ search: 'refund', priority: 'low' }, []],
    ];
    for (const [query, expected] of cases) {
      expect({ query, ids: await listIds(t, query) }).toEqual({ query, ids: expected });
    }
  });

  it('list - sorts by created, updated or priority in either order', async () => {
    const { t, tickets } = await listFixture();
    const [t1, t2, t3, t4, t5] = tickets.map((ticket) => ticket.id);
    t.clock.advance({ minutes: 1 });
    await t.desk.tickets.update(t.system, t2 as string, { subject: 'Login broken on mobile (iOS)' });
    expect(await listIds(t, { order: 'asc' })).toEqual([t1, t2, t3, t4, t5]);
    expect(await listIds(t, { sort: 'updatedAt' })).toEqual([t2, t5, t4, t3, t1]);
    expect(await listIds(t, { sort: 'updatedAt', order: 'asc' })).toEqual([t1, t3, t4, t5, t2]);
    // Ascending priority: most urgent first, oldest first within a priority.
    expect(await listIds(t, { sort: 'priority', order: 'asc' })).toEqual([t3, t1, t5, t4, t2]);
    expect(await listIds(t, { sort: 'priority', order: 'desc' })).toEqual([t2, t4, t5, t1, t3]);
  });

  it('list - pages with a cursor cover every ticket once, in order, for every sort', async () => {
    const { t } = await listFixture();
    for (const sort of ['createdAt', 'updatedAt', 'priority'] as const) {
      for (const order of ['asc', 'desc'] as const) {
        const whole = await listIds(t, { sort, order, limit: 200 });
        const paged = (await allPages(t, { sort, order, limit: 2 })).map((ticket) => ticket.id);
        expect({ sort, order, paged }).toEqual({ sort, order, paged: whole });
      }
    }
  });

  it('list - tickets created at the same instant are ordered by id and paged without loss', async () => {
    const t = await testDesk();
    const created: string[] = [];
    for (let index = 0; index < 5; index++) created.push((await t.open()).id);
    expect(await listIds(t, { order: 'asc' })).toEqual([...created].sort());
    const paged = (await allPages(t, { order: 'desc', limit: 1 })).map((ticket) => ticket.id);
    expect(paged).toEqual([...created].sort().reverse());
  });

  it('list - pages stay stable while tickets are added', async () => {
    const { t } = await listFixture();
    const first = await t.desk.tickets.list(t.system, { limit: 2 });
    t.clock.advance({ minutes: 5 });
    await t.open({ subject: 'Newer' });
    const second = await t.desk.tickets.list(t.system, { limit: 2, cursor: first.nextCursor as string });
    const third = await t.desk.tickets.list(t.system, { limit: 2, cursor: second.nextCursor as string });
    expect([...first.items, ...second.items, ...third.items].map((ticket) => ticket.number)).toEqual([
      5, 4, 3, 2, 1,
    ]);
    expect(third.nextCursor).toBeNull();
  });

  it('list - a malformed or foreign cursor is VALIDATION_FAILED', async () => {
    const { t } = await listFixture();
    const page = await t.desk.tickets.list(t.system, { limit: 1 });
    const cursor = page.nextCursor as string;
    const bad = [
      'not a cursor',
      'bm9wZQ',
      Buffer.from(JSON.stringify(['tickets:createdAt:desc', ['x'], 'id'])).toString('base64url'),
      Buffer.from(JSON.stringify(['tickets:createdAt:desc', [1, 2], 'id'])).toString('base64url'),
    ];
    for (const candidate of bad) {
      const error = await expectError(
        t.desk.tickets.list(t.system, { cursor: candidate }),
        'VALIDATION_FAILED',
      );
      expect(issueCodes(error)).toEqual(['invalid_cursor']);
    }
    // A cursor is only valid for the sort and order that made it.
    await expectError(t.desk.tickets.list(t.system, { cursor, order: 'asc' }), 'VALIDATION_FAILED');
    await expectError(t.desk.tickets.list(t.system, { cursor, sort: 'priority' }), 'VALIDATION_FAILED');
    expect((await t.desk.tickets.list(t.system, { cursor })).items).toHaveLength(4);
  });

  it('list - customers see only the tickets they requested', async () => {
    const { t, tickets } = await listFixture();
    const [t1, t2, t3, t4, t5] = tickets.map((ticket) => ticket.id);
    expect(await listIds(t, {}, t.carla)).toEqual([t5, t3, t1]);
    expect(await listIds(t, {}, t.dan)).toEqual([t4, t2]);
    expect(await listIds(t, { requesterId: t.carlaId }, t.dan)).toEqual([]);
    expect(await listIds(t, { requesterId: t.danId }, t.dan)).toEqual([t4, t2]);
    expect(await listIds(t, { search: 'refund' }, t.dan)).toEqual([]);
  });

  it("list - tenants never see each other's tickets", async () => {
    const { t } = await listFixture();
    expect(await listIds(t, {}, systemActor(OTHER_TENANT))).toEqual([]);
  });
});

describe('tickets.get', () => {
  it('get - a customer may read only their own tickets; others are NOT_FOUND', async () => {
    const t = await testDesk();
    const ticket = await t.open({}, t.carla);
    expect(await t.desk.tickets.get(t.carla, ticket.id)).toEqual(ticket);
    expect(await t.desk.tickets.get(t.ada, ticket.id)).toEqual(ticket);
    await expectError(t.desk.tickets.get(t.dan, ticket.id), 'NOT_FOUND', { entity: 'Ticket', id: ticket.id });
    await expectError(t.desk.tickets.get(systemActor(OTHER_TENANT), ticket.id), 'NOT_FOUND');
    await expectError(t.desk.tickets.get(customerActor('acme', 'cus_ghost'), ticket.id), 'NOT_FOUND');
  });
});

describe('tickets.messages', () => {
  it('messages - customers never see internal notes', async () => {
    const t = await testDesk();
    const ticket = await t.open({ message: { body: 'Help' } }, t.carla);
    await t.desk.tickets.addNote(t.ada, ticket.id, { body: 'Customer is on the old plan' });
    await t.desk.tickets.reply(t.ada, ticket.id, { body: 'Try this' });
    await t.desk.tickets.reply(t.system, ticket.id, { body: 'Internal sync', visibility: 'internal' });
    expect((await t.thread(ticket.id, t.carla)).map((message) => message.body)).toEqual(['Help', 'Try this']);
    expect((await t.thread(ticket.id, t.ada)).map((message) => message.body)).toEqual([
      'Help',
      'Customer is on the old plan',
      'Try this',
      'Internal sync',
    ]);
    await expectError(t.desk.tickets.messages(t.dan, ticket.id), 'NOT_FOUND');
  });

  it("messages - a target's thread includes the threads merged into it, in time order", async () => {
    const t = await testDesk();
    const target = await t.open({ subject: 'Target', message: { body: 't1' } });
    t.clock.advance({ minutes: 1 });
    const source = await t.open({ subject: 'Source', message: { body: 's1' } });
    t.clock.advance({ minutes: 1 });
    await t.desk.tickets.reply(t.ada, target.id, { body: 't2' });
    t.clock.advance({ minutes: 1 });
    await t.desk.tickets.addNote(t.ada, source.id, { body: 's2 note' });
    t.clock.advance({ minutes: 1 });
    const inner = await t.open({ subject: 'Merged into source', message: { body: 'i1' } });
    await t.desk.tickets.merge(t.system, inner.id, { targetId: source.id });
    await t.desk.tickets.merge(t.system, source.id, { targetId: target.id });
    t.clock.advance({ minutes: 1 });
    await t.desk.tickets.reply(t.carla, source.id, { body: 't3 via source' });

    expect((await t.thread(target.id)).map((message) => message.body)).toEqual([
      't1',
      's1',
      't2',
      's2 note',
      'i1',
      't3 via source',
    ]);
    expect((await t.thread(target.id, t.carla)).map((message) => message.body)).toEqual([
      't1',
      's1',
      't2',
      'i1',
      't3 via source',
    ]);
    // The source still reads its own thread.
    expect((await t.thread(source.id)).map((message) => message.body)).toEqual(['s1', 's2 note', 'i1']);
  });

  it("messages - customers do not see threads merged in from another customer's ticket", async () => {
    const t = await testDesk();
    const target = await t.open({ message: { body: 'Carla writes' } }, t.carla);
    const source = await t.open({ message: { body: 'Dan writes' } }, t.dan);
    await t.desk.tickets.merge(t.system, source.id, { targetId: target.id });
    expect((await t.thread(target.id, t.carla)).map((message) => message.body)).toEqual(['Carla writes']);
    expect((await t.thread(target.id)).map((message) => message.body)).toEqual([
      'Carla writes',
      'Dan writes',
    ]);
  });

  it('messages - pages cover the thread once, in order; bad cursors are VALIDATION_FAILED', async () => {
    const t = await testDesk();
    const ticket = await t.open({ message: { body: 'm1' } });
    for (let index = 2; index <= 7; index++) {
      if (index % 3 === 0) t.clock.advance({ seconds: 1 });
      await t.desk.tickets.reply(t.ada, ticket.id, { body: `m${index}` });
    }
    const bodies: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await t.desk.tickets.messages(t.system, ticket.id, {
        limit: 3,
        ...(cursor === undefined ? {} : { cursor }),
      });
      bodies.push(...page.items.map((message) => message.body));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor !== undefined);
    expect(bodies).toEqual(['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7']);
    expect(pages).toBe(3);
    const error = await expectError(
      t.desk.tickets.messages(t.system, ticket.id, { cursor: 'garbage' }),
      'VALIDATION_FAILED',
    );
    expect(issueCodes(error)).toEqual(['invalid_cursor']);
  });
});

describe('tickets.history', () => {
  it('history - lists every change in order with who, when and before/after', async () => {
    const t = await testDesk();
    const ticket = await t.open({ message: { body: 'Help' } });
    const t1 = t.clock.advance({ minutes: 1 });
    await t.desk.tickets.update(t.ada, ticket.id, { priority: 'high', tags: ['x'] });
    t.clock.advance({ minutes: 1 });
    await t.desk.tickets.assign(t.ada, ticket.id, { assigneeId: AGENT.ada });
    t.clock.advance({ minutes: 1 });
    await t.desk.tickets.reply(t.ada, ticket.id, { body: 'Hi' });
    t.clock.advance({ minutes: 1 });
    await t.desk.tickets.transition(t.ada, ticket.id, { stageId: 'resolved' });
    t.clock.advance({ minutes: 1 });
    await t.desk.tickets.reply(t.carla, ticket.id, { body: 'No' });

    const history = await t.history(ticket.id);
    expect(typesOf(history)).toEqual([
      'ticket.created',
      'message.created',
      'ticket.updated',
      'ticket.assigned',
      'message.created',
      'ticket.transitioned',
      'ticket.transitioned',
      'message.created',
      'ticket.transitioned',
      'ticket.reopened',
    ]);
    expect(history.map((event) => event.occurredAt.getTime() - START.getTime())).toEqual([
      0, 0, 60_000, 120_000, 180_000, 180_000, 240_000, 300_000, 300_000, 300_000,
    ]);
    expect(history[2]).toEqual({
      tenantId: 'acme',
      id: expect.any(String),
      type: 'ticket.updated',
      occurredAt: t1,
      actor: { kind: 'agent', id: AGENT.ada },
      ticketId: ticket.id,
      data: {
        changes: [
          { field: 'priority', from: 'medium', to: 'high' },
          { field: 'tags', from: [], to: ['x'] },
        ],
      },
    });
    expect(history[6]?.data).toEqual({
      from: { pipelineId: 'default', stageId: 'waiting_on_us', category: 'open' },
      to: { pipelineId: 'default', stageId: 'resolved', category: 'resolved' },
      reason: 'manual',
    });
    expect(history[8]?.actor).toEqual({ kind: 'customer', id: t.carlaId });
  });

  it('history - pages with a cursor and ends with a null cursor', async () => {
    const t = await testDesk();
    const ticket = await t.open();
    for (const priority of ['low', 'high', 'urgent', 'medium'] as const) {
      await t.desk.tickets.update(t.system, ticket.id, { priority });
    }
    const first = await t.desk.tickets.history(t.system, ticket.id, { limit: 2 });
    const second = await t.desk.tickets.history(t.system, ticket.id, {
      limit: 2,
      cursor: first.nextCursor as string,
    });
    const third = await t.desk.tickets.history(t.system, ticket.id, {
      limit: 2,
      cursor: second.nextCursor as string,
    });
    const pages = [...first.items, ...second.items, ...third.items];
    expect(
      pages.map((event) => (event.type === 'ticket.updated' ? event.data.changes[0]?.to : event.type)),
    ).toEqual(['ticket.created', 'low', 'high', 'urgent', 'medium']);
    expect(third.nextCursor).toBeNull();
    // Another ticket's events never show up in this history.
    await t.open();
    expect(await t.history(ticket.id)).toEqual(pages);
  });

  it('history - staff only; unknown tickets are NOT_FOUND', async () => {
    const t = await testDesk();
    const ticket = await t.open({}, t.carla);
    await expectError(t.desk.tickets.history(t.carla, ticket.id), 'FORBIDDEN');
    await expectError(t.desk.tickets.history(t.system, 'tkt_nope'), 'NOT_FOUND');
    await expectError(t.desk.tickets.history(t.system, ticket.id, { cursor: '!!' }), 'VALIDATION_FAILED');
  });
});

describe('tickets.list priority order', () => {
  it('list - sorting by priority defaults to most urgent first, oldest first within a priority', async () => {
    const t = await testDesk();
    const lowOld = await t.open({ subject: 'a', priority: 'low' });
    t.clock.advance({ minutes: 1 });
    const urgentOld = await t.open({ subject: 'b', priority: 'urgent' });
    t.clock.advance({ minutes: 1 });
    const highNew = await t.open({ subject: 'c', priority: 'high' });
    t.clock.advance({ minutes: 1 });
    const urgentNew = await t.open({ subject: 'd', priority: 'urgent' });
    const queue = await t.desk.tickets.list(t.system, { sort: 'priority' });
    expect(queue.items.map((ticket) => ticket.id)).toEqual([
      urgentOld.id,
      urgentNew.id,
      highNew.id,
      lowOld.id,
    ]);
    const reversed = await t.desk.tickets.list(t.system, { sort: 'priority', order: 'desc' });
    expect(reversed.items.map((ticket) => ticket.id)).toEqual([
      lowOld.id,
      highNew.id,
      urgentNew.id,
      urgentOld.id,
    ]);
  });
});

describe('tickets.list cursors', () => {
  it('list - a cursor whose values are not safe integers is VALIDATION_FAILED', async () => {
    const t = await testDesk();
    await t.open();
    const forge = (values: unknown[]) =>
      Buffer.from(JSON.stringify(['tickets:createdAt:desc', values, 'tkt_x'])).toString('base64url');
    for (const values of [[1.5], [Number.MAX_SAFE_INTEGER + 2], [-0.25]]) {
      const error = await expectError(
        t.desk.tickets.list(t.system, { cursor: forge(values) }),
        'VALIDATION_FAILED',
      );
      expect(issueCodes(error)).toEqual(['invalid_cursor']);
    }
    expect((await t.desk.tickets.list(t.system, { cursor: forge([0]) })).items).toEqual([]);
  });
});

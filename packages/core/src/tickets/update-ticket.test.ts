import { describe, expect, it } from 'vitest';
import { expectError, issueCodes, START, testDesk, typesOf } from '../test-support';

describe('tickets.update', () => {
  it('update - stores the changes and records each as before and after', async () => {
    const t = await testDesk();
    const ticket = await t.open({ tags: ['a'], customFields: { plan: 'free', seats: 1 } });
    const now = t.clock.advance({ minutes: 5 });
    const updated = await t.desk.tickets.update(t.ada, ticket.id, {
      subject: 'Renamed',
      type: 'incident',
      priority: 'urgent',
      category: 'billing',
      customFields: { plan: 'pro', seats: null, region: 'eu' },
      channelDetail: { thread: 't-1' },
    });
    const stored = await t.get(ticket.id);
    expect(stored).toEqual(updated);
    expect(stored).toMatchObject({
      subject: 'Renamed',
      type: 'incident',
      priority: 'urgent',
      category: 'billing',
      customFields: { plan: 'pro', region: 'eu' },
      channelDetail: { thread: 't-1' },
      tags: ['a'],
      version: 2,
      createdAt: START,
      updatedAt: now,
    });
    const event = (await t.history(ticket.id)).at(-1);
    expect(event).toMatchObject({
      type: 'ticket.updated',
      actor: { kind: 'agent', id: 'agt_ada' },
      occurredAt: now,
      data: {
        changes: [
          { field: 'subject', from: 'Cannot log in', to: 'Renamed' },
          { field: 'type', from: 'question', to: 'incident' },
          { field: 'priority', from: 'medium', to: 'urgent' },
          { field: 'category', from: null, to: 'billing' },
          {
            field: 'customFields',
            from: { plan: 'free', seats: 1 },
            to: { plan: 'pro', region: 'eu' },
          },
          { field: 'channelDetail', from: null, to: { thread: 't-1' } },
        ],
      },
    });
    expect(t.published.at(-1)).toEqual(event);
  });

  it('update - only changed fields are recorded', async () => {
    const t = await testDesk();
    const ticket = await t.open({ priority: 'high' });
    await t.desk.tickets.update(t.system, ticket.id, { priority: 'high', subject: 'New subject' });
    expect((await t.history(ticket.id)).at(-1)?.data).toEqual({
      changes: [{ field: 'subject', from: 'Cannot log in', to: 'New subject' }],
    });
  });

  it('update - a change to nothing writes nothing', async () => {
    const t = await testDesk();
    const ticket = await t.open({ priority: 'high', tags: ['x'] });
    t.clock.advance({ minutes: 1 });
    const result = await t.desk.tickets.update(t.system, ticket.id, {
      priority: 'high',
      subject: 'Cannot log in',
      tags: ['X'],
      addTags: ['x'],
      removeTags: ['absent'],
    });
    expect(result).toEqual(ticket);
    expect(await t.get(ticket.id)).toEqual(ticket);
    expect(typesOf(await t.history(ticket.id))).toEqual(['ticket.created']);
  });

  it('update - tags replace, add and remove, normalized to lower case without duplicates', async () => {
    const t = await testDesk();
    const ticket = await t.open({ tags: ['One', 'two'] });
    await t.desk.tickets.update(t.system, ticket.id, { addTags: ['THREE', 'one', 'Four'] });
    expect((await t.get(ticket.id)).tags).toEqual(['one', 'two', 'three', 'four']);
    await t.desk.tickets.update(t.system, ticket.id, { removeTags: ['TWO', 'four'] });
    expect((await t.get(ticket.id)).tags).toEqual(['one', 'three']);
    await t.desk.tickets.update(t.system, ticket.id, {
      tags: ['X', 'y', 'x'],
      addTags: ['z'],
      removeTags: ['Y'],
    });
    expect((await t.get(ticket.id)).tags).toEqual(['x', 'z']);
    expect((await t.history(ticket.id)).at(-1)?.data).toEqual({
      changes: [{ field: 'tags', from: ['one', 'three'], to: ['x', 'z'] }],
    });
  });

  it('update - tags with whitespace inside are VALIDATION_FAILED', async () => {
    const t = await testDesk();
    const ticket = await t.open();
    await expectError(
      t.desk.tickets.update(t.system, ticket.id, { addTags: ['two words'] }),
      'VALIDATION_FAILED',
    );
    expect((await t.get(ticket.id)).tags).toEqual([]);
  });

  it('update - custom fields and types are checked against the settings', async () => {
    const t = await testDesk({
      settings: {
        ticketTypes: ['question', 'bug'],
        customFields: [{ key: 'seats', label: 'Seats', type: 'number' }],
      },
    });
    const ticket = await t.open();
    const unknownType = await expectError(
      t.desk.tickets.update(t.system, ticket.id, { type: 'incident' }),
      'VALIDATION_FAILED',
    );
    expect(issueCodes(unknownType)).toEqual(['unknown_type']);
    const badField = await expectError(
      t.desk.tickets.update(t.system, ticket.id, { customFields: { seats: 'many', colour: 'red' } }),
      'VALIDATION_FAILED',
    );
    expect(issueCodes(badField)).toEqual(['invalid_value', 'unknown_field']);
    expect(await t.get(ticket.id)).toEqual(ticket);
  });

  it('update - customers may not update tickets', async () => {
    const t = await testDesk();
    const ticket = await t.open({}, t.carla);
    await expectError(t.desk.tickets.update(t.carla, ticket.id, { subject: 'Mine' }), 'FORBIDDEN', {
      operation: 'update tickets',
    });
    expect((await t.get(ticket.id)).subject).toBe('Cannot log in');
  });

  it('update - a stale expectedVersion is VERSION_CONFLICT and a current one applies', async () => {
    const t = await testDesk();
    const ticket = await t.open();
    await t.desk.tickets.update(t.system, ticket.id, { priority: 'low', expectedVersion: 1 });
    await expectError(
      t.desk.tickets.update(t.system, ticket.id, { priority: 'high', expectedVersion: 1 }),
      'VERSION_CONFLICT',
      { entity: 'Ticket', id: ticket.id, expectedVersion: 1, actualVersion: 2 },
    );
    expect(await t.get(ticket.id)).toMatchObject({ priority: 'low', version: 2 });
  });

  it('update - closed tickets are final (INVALID_STATE)', async () => {
    const t = await testDesk();
    const ticket = await t.open();
    await t.desk.tickets.transition(t.system, ticket.id, { stageId: 'closed' });
    const closed = await t.get(ticket.id);
    await expectError(t.desk.tickets.update(t.system, ticket.id, { priority: 'urgent' }), 'INVALID_STATE', {
      ticketId: ticket.id,
    });
    expect(await t.get(ticket.id)).toEqual(closed);
  });

  it('update - an unknown ticket is NOT_FOUND', async () => {
    const t = await testDesk();
    await expectError(t.desk.tickets.update(t.system, 'tkt_missing', { priority: 'low' }), 'NOT_FOUND', {
      entity: 'Ticket',
      id: 'tkt_missing',
    });
  });
});

import { describe, expect, it } from 'vitest';
import { expectError, issueCodes, testDesk, typesOf } from '../test-support';
import { autoCloseKey } from './stage-change';

describe('tickets.merge', () => {
  it('merge - closes the source as merged into the target', async () => {
    const t = await testDesk();
    const source = await t.open({ subject: 'Dup', message: { body: 'from source' } });
    const target = await t.open({ subject: 'Original' });
    const now = t.clock.advance({ minutes: 5 });
    const result = await t.desk.tickets.merge(t.ada, source.id, { targetId: target.id });
    expect(await t.get(source.id)).toEqual(result.source);
    expect(await t.get(target.id)).toEqual(result.target);
    expect(result.source).toMatchObject({
      mergedIntoId: target.id,
      stageId: 'closed',
      statusCategory: 'closed',
      closedAt: now,
      resolvedAt: now,
      version: 2,
    });
    expect(result.target).toMatchObject({ mergedTicketIds: [source.id], stageId: 'new', version: 2 });
    expect((await t.history(source.id)).slice(-2)).toMatchObject([
      { type: 'ticket.transitioned', data: { reason: 'merge', to: { category: 'closed' } } },
      { type: 'ticket.merged', data: { targetId: target.id } },
    ]);
    expect((await t.history(target.id)).at(-1)).toMatchObject({
      type: 'ticket.merge_received',
      data: { sourceId: source.id },
    });
    expect((await t.thread(target.id)).map((message) => message.body)).toEqual(['from source']);
  });

  it('merge - the target also takes what was merged into the source', async () => {
    const t = await testDesk();
    const a = await t.open();
    const b = await t.open();
    const c = await t.open();
    await t.desk.tickets.merge(t.system, a.id, { targetId: b.id });
    await t.desk.tickets.merge(t.system, b.id, { targetId: c.id });
    expect((await t.get(c.id)).mergedTicketIds).toEqual([b.id, a.id]);
    // A reply to the first source follows both merges.
    const { ticket } = await t.desk.tickets.reply(t.carla, a.id, { body: 'Hello?' });
    expect(ticket.id).toBe(c.id);
  });

  it('merge - a merged ticket cannot be merged again', async () => {
    const t = await testDesk();
    const a = await t.open();
    const b = await t.open();
    const c = await t.open();
    await t.desk.tickets.merge(t.system, a.id, { targetId: b.id });
    await expectError(t.desk.tickets.merge(t.system, a.id, { targetId: c.id }), 'INVALID_STATE', {
      ticketId: a.id,
      mergedIntoId: b.id,
    });
    // Nor receive a merge: it is closed.
    await expectError(t.desk.tickets.merge(t.system, c.id, { targetId: a.id }), 'INVALID_STATE', {
      ticketId: a.id,
    });
    expect((await t.get(c.id)).mergedIntoId).toBeNull();
    expect((await t.get(b.id)).mergedTicketIds).toEqual([a.id]);
  });

  it('merge - closed sources and targets, self merges and unknown targets are refused', async () => {
    const t = await testDesk();
    const open = await t.open();
    const closed = await t.open();
    await t.desk.tickets.transition(t.system, closed.id, { stageId: 'closed' });
    await expectError(t.desk.tickets.merge(t.system, closed.id, { targetId: open.id }), 'INVALID_STATE');
    await expectError(t.desk.tickets.merge(t.system, open.id, { targetId: closed.id }), 'INVALID_STATE');
    const self = await expectError(
      t.desk.tickets.merge(t.system, open.id, { targetId: open.id }),
      'VALIDATION_FAILED',
    );
    expect(issueCodes(self)).toEqual(['self_merge']);
    const unknown = await expectError(
      t.desk.tickets.merge(t.system, open.id, { targetId: 'tkt_nope' }),
      'VALIDATION_FAILED',
    );
    expect(issueCodes(unknown)).toEqual(['unknown_ticket']);
    await expectError(t.desk.tickets.merge(t.carla, open.id, { targetId: closed.id }), 'FORBIDDEN');
    expect(await t.get(open.id)).toEqual(open);
  });

  it('merge - a ticket with children cannot be merged away', async () => {
    const t = await testDesk();
    const parent = await t.open();
    await t.open({ parentId: parent.id });
    const target = await t.open();
    await expectError(t.desk.tickets.merge(t.system, parent.id, { targetId: target.id }), 'INVALID_STATE', {
      ticketId: parent.id,
    });
    expect(typesOf(await t.history(target.id))).toEqual(['ticket.created']);
  });

  it('merge - a resolved source stops waiting for its auto-close', async () => {
    const t = await testDesk();
    const source = await t.open();
    const target = await t.open();
    await t.desk.tickets.transition(t.system, source.id, { stageId: 'resolved' });
    await t.desk.tickets.merge(t.system, source.id, { targetId: target.id });
    expect(await t.storage.jobs.get('acme', autoCloseKey(source.id))).toBeNull();
    expect((await t.get(source.id)).statusCategory).toBe('closed');
  });

  it('merge - a stale expectedVersion changes neither ticket', async () => {
    const t = await testDesk();
    const source = await t.open();
    const target = await t.open();
    await expectError(
      t.desk.tickets.merge(t.system, source.id, { targetId: target.id, expectedVersion: 3 }),
      'VERSION_CONFLICT',
    );
    expect(await t.get(source.id)).toEqual(source);
    expect(await t.get(target.id)).toEqual(target);
  });
});

import { describe, expect, it } from 'vitest';
import { AGENT, expectError, issueCodes, TEAM, testDesk, typesOf } from '../test-support';

describe('tickets.setParent', () => {
  it('setParent - makes a ticket a child and records it on both tickets', async () => {
    const t = await testDesk();
    const parent = await t.open({ subject: 'Parent' });
    const child = await t.open({ subject: 'Child' });
    const now = t.clock.advance({ minutes: 1 });
    const result = await t.desk.tickets.setParent(t.ada, child.id, { parentId: parent.id });
    expect(await t.get(child.id)).toEqual(result);
    expect(result).toMatchObject({ parentId: parent.id, version: 2, updatedAt: now });
    expect((await t.history(child.id)).at(-1)).toMatchObject({
      type: 'ticket.parent_changed',
      data: { from: null, to: parent.id },
    });
    expect((await t.history(parent.id)).at(-1)).toMatchObject({
      type: 'ticket.child_added',
      data: { childId: child.id },
    });
    expect((await t.get(parent.id)).version).toBe(1);
    expect((await t.desk.tickets.list(t.system, { parentId: parent.id })).items.map((x) => x.id)).toEqual([
      child.id,
    ]);
  });

  it('setParent - moving to another parent and detaching record the removal', async () => {
    const t = await testDesk();
    const first = await t.open();
    const second = await t.open();
    const child = await t.open({ parentId: first.id });
    await t.desk.tickets.setParent(t.system, child.id, { parentId: second.id });
    expect((await t.history(first.id)).at(-1)).toMatchObject({
      type: 'ticket.child_removed',
      data: { childId: child.id },
    });
    expect((await t.history(second.id)).at(-1)).toMatchObject({
      type: 'ticket.child_added',
      data: { childId: child.id },
    });
    await t.desk.tickets.setParent(t.system, child.id, { parentId: null });
    expect((await t.get(child.id)).parentId).toBeNull();
    expect((await t.history(child.id)).at(-1)?.data).toEqual({ from: second.id, to: null });
    // A former parent with no open children may resolve again.
    await t.desk.tickets.transition(t.system, second.id, { stageId: 'resolved' });
    expect((await t.get(second.id)).statusCategory).toBe('resolved');
  });

  it('setParent - the same parent again writes nothing', async () => {
    const t = await testDesk();
    const parent = await t.open();
    const child = await t.open({ parentId: parent.id });
    expect(await t.desk.tickets.setParent(t.system, child.id, { parentId: parent.id })).toEqual(child);
    expect(typesOf(await t.history(child.id))).toEqual(['ticket.created', 'ticket.parent_changed']);
  });

  it('setParent - relations are one level deep', async () => {
    const t = await testDesk();
    const grandparent = await t.open();
    const parent = await t.open({ parentId: grandparent.id });
    const loner = await t.open();
    // A child cannot take children.
    await expectError(
      t.desk.tickets.setParent(t.system, loner.id, { parentId: parent.id }),
      'INVALID_STATE',
      {
        parentId: parent.id,
      },
    );
    // A parent cannot become a child.
    await expectError(
      t.desk.tickets.setParent(t.system, grandparent.id, { parentId: loner.id }),
      'INVALID_STATE',
      { ticketId: grandparent.id },
    );
    const self = await expectError(
      t.desk.tickets.setParent(t.system, loner.id, { parentId: loner.id }),
      'VALIDATION_FAILED',
    );
    expect(issueCodes(self)).toEqual(['self_parent']);
    const unknown = await expectError(
      t.desk.tickets.setParent(t.system, loner.id, { parentId: 'tkt_nope' }),
      'VALIDATION_FAILED',
    );
    expect(issueCodes(unknown)).toEqual(['unknown_ticket']);
    expect((await t.get(loner.id)).parentId).toBeNull();
    expect((await t.get(grandparent.id)).parentId).toBeNull();
  });

  it('setParent - closed tickets neither take children nor change parent', async () => {
    const t = await testDesk();
    const closedParent = await t.open();
    await t.desk.tickets.transition(t.system, closedParent.id, { stageId: 'closed' });
    const child = await t.open();
    await expectError(
      t.desk.tickets.setParent(t.system, child.id, { parentId: closedParent.id }),
      'INVALID_STATE',
    );
    const openParent = await t.open();
    await t.desk.tickets.transition(t.system, child.id, { stageId: 'closed' });
    await expectError(
      t.desk.tickets.setParent(t.system, child.id, { parentId: openParent.id }),
      'INVALID_STATE',
    );
    expect((await t.get(child.id)).parentId).toBeNull();
  });

  it('setParent - customers may not change relations', async () => {
    const t = await testDesk();
    const a = await t.open({}, t.carla);
    const b = await t.open({}, t.carla);
    await expectError(t.desk.tickets.setParent(t.carla, a.id, { parentId: b.id }), 'FORBIDDEN');
    expect((await t.get(a.id)).parentId).toBeNull();
  });
});

describe('tickets.split', () => {
  it('split - opens children under the ticket that inherit its fields unless given', async () => {
    const t = await testDesk();
    const parent = await t.open({
      subject: 'Two asks',
      type: 'request',
      priority: 'high',
      category: 'accounts',
      teamId: TEAM.support,
      tags: ['multi'],
      channel: 'email',
      channelDetail: { mailbox: 'support' },
    });
    const now = t.clock.advance({ minutes: 2 });
    const { parent: returned, children } = await t.desk.tickets.split(t.ada, parent.id, {
      children: [
        { subject: 'Reset password', message: { body: 'Please reset' } },
        {
          subject: 'Change plan',
          priority: 'low',
          teamId: TEAM.billing,
          assigneeId: AGENT.bob,
          tags: ['Billing'],
          category: null,
        },
      ],
    });
    expect(returned).toEqual(await t.get(parent.id));
    expect(children).toHaveLength(2);
    const [first, second] = [await t.get(children[0]?.id as string), await t.get(children[1]?.id as string)];
    expect(first).toMatchObject({
      subject: 'Reset password',
      parentId: parent.id,
      requesterId: t.carlaId,
      type: 'request',
      priority: 'high',
      category: 'accounts',
      teamId: TEAM.support,
      assigneeId: null,
      tags: ['multi'],
      channel: 'email',
      channelDetail: { mailbox: 'support' },
      pipelineId: 'default',
      stageId: 'new',
      createdAt: now,
      number: 2,
    });
    expect(second).toMatchObject({
      subject: 'Change plan',
      priority: 'low',
      category: null,
      teamId: TEAM.billing,
      assigneeId: AGENT.bob,
      tags: ['billing'],
      number: 3,
    });
    expect(await t.thread(first.id)).toMatchObject([
      { body: 'Please reset', author: { kind: 'agent', id: AGENT.ada } },
    ]);
    expect(typesOf(await t.history(parent.id)).slice(-2)).toEqual([
      'ticket.child_added',
      'ticket.child_added',
    ]);
    // The parent now waits for its children.
    await expectError(
      t.desk.tickets.transition(t.system, parent.id, { stageId: 'resolved' }),
      'INVALID_TRANSITION',
    );
  });

  it('split - a failing child rolls back every child', async () => {
    const t = await testDesk();
    const parent = await t.open();
    await expectError(
      t.desk.tickets.split(t.system, parent.id, {
        children: [{ subject: 'Fine' }, { subject: 'Bad', assigneeId: AGENT.eve }],
      }),
      'VALIDATION_FAILED',
    );
    expect((await t.desk.tickets.list(t.system)).items.map((x) => x.id)).toEqual([parent.id]);
    expect(typesOf(await t.history(parent.id))).toEqual(['ticket.created']);
  });

  it('split - children and closed tickets cannot be split', async () => {
    const t = await testDesk();
    const parent = await t.open();
    const child = await t.open({ parentId: parent.id });
    const error = await expectError(
      t.desk.tickets.split(t.system, child.id, { children: [{ subject: 'x' }] }),
      'VALIDATION_FAILED',
    );
    expect(issueCodes(error)).toEqual(['child_ticket']);
    const closed = await t.open();
    await t.desk.tickets.transition(t.system, closed.id, { stageId: 'closed' });
    await expectError(
      t.desk.tickets.split(t.system, closed.id, { children: [{ subject: 'x' }] }),
      'INVALID_STATE',
    );
    await expectError(t.desk.tickets.split(t.system, parent.id, { children: [] }), 'VALIDATION_FAILED');
    await expectError(
      t.desk.tickets.split(t.carla, parent.id, { children: [{ subject: 'x' }] }),
      'FORBIDDEN',
    );
    expect((await t.desk.tickets.list(t.system)).items).toHaveLength(3);
  });
});

describe('tickets.link', () => {
  it('link - links two tickets and records it on both', async () => {
    const t = await testDesk();
    const a = await t.open({ subject: 'A' });
    const b = await t.open({ subject: 'B' });
    const now = t.clock.advance({ minutes: 1 });
    const relation = await t.desk.tickets.link(t.ada, a.id, { type: 'duplicate_of', targetId: b.id });
    expect(relation).toEqual({
      linkId: expect.stringMatching(/^lnk_/),
      type: 'duplicate_of',
      direction: 'outgoing',
      ticketId: b.id,
      createdAt: now,
      createdBy: { kind: 'agent', id: AGENT.ada },
    });
    expect(await t.desk.tickets.links(t.system, a.id)).toEqual([relation]);
    expect(await t.desk.tickets.links(t.system, b.id)).toEqual([
      { ...relation, direction: 'incoming', ticketId: a.id },
    ]);
    expect((await t.history(a.id)).at(-1)).toMatchObject({
      type: 'ticket.linked',
      data: { linkId: relation.linkId, type: 'duplicate_of', direction: 'outgoing', otherTicketId: b.id },
    });
    expect((await t.history(b.id)).at(-1)).toMatchObject({
      type: 'ticket.linked',
      data: { direction: 'incoming', otherTicketId: a.id },
    });
    // Linking does not change either ticket.
    expect(await t.get(a.id)).toEqual(a);
  });

  it('link - linking twice returns the existing link and writes nothing', async () => {
    const t = await testDesk();
    const a = await t.open();
    const b = await t.open();
    const first = await t.desk.tickets.link(t.system, a.id, { type: 'caused_by', targetId: b.id });
    const events = await t.storedEvents();
    expect(await t.desk.tickets.link(t.system, a.id, { type: 'caused_by', targetId: b.id })).toEqual(first);
    // `related` is symmetric: the reverse link is the same link.
    const related = await t.desk.tickets.link(t.system, a.id, { type: 'related', targetId: b.id });
    const reverse = await t.desk.tickets.link(t.system, b.id, { type: 'related', targetId: a.id });
    expect(reverse).toEqual({ ...related, direction: 'incoming', ticketId: a.id });
    // Other types have a direction: the reverse is a new link.
    const reverseCause = await t.desk.tickets.link(t.system, b.id, { type: 'caused_by', targetId: a.id });
    expect(reverseCause.linkId).not.toBe(first.linkId);
    expect((await t.desk.tickets.links(t.system, a.id)).map((link) => [link.type, link.direction])).toEqual([
      ['caused_by', 'outgoing'],
      ['related', 'outgoing'],
      ['caused_by', 'incoming'],
    ]);
    expect(typesOf((await t.storedEvents()).slice(events.length))).toEqual([
      'ticket.linked',
      'ticket.linked',
      'ticket.linked',
      'ticket.linked',
    ]);
  });

  it('link - a ticket cannot be linked to itself or to an unknown ticket', async () => {
    const t = await testDesk();
    const a = await t.open();
    const self = await expectError(
      t.desk.tickets.link(t.system, a.id, { type: 'related', targetId: a.id }),
      'VALIDATION_FAILED',
    );
    expect(issueCodes(self)).toEqual(['self_link']);
    const unknown = await expectError(
      t.desk.tickets.link(t.system, a.id, { type: 'related', targetId: 'tkt_nope' }),
      'VALIDATION_FAILED',
    );
    expect(issueCodes(unknown)).toEqual(['unknown_ticket']);
    await expectError(
      t.desk.tickets.link(t.system, 'tkt_nope', { type: 'related', targetId: a.id }),
      'NOT_FOUND',
    );
    await expectError(t.desk.tickets.link(t.carla, a.id, { type: 'related', targetId: a.id }), 'FORBIDDEN');
    expect(await t.desk.tickets.links(t.system, a.id)).toEqual([]);
  });

  it('unlink - removes a link from either end and records it on both', async () => {
    const t = await testDesk();
    const a = await t.open();
    const b = await t.open();
    const c = await t.open();
    const link = await t.desk.tickets.link(t.system, a.id, { type: 'related', targetId: b.id });
    await expectError(t.desk.tickets.unlink(t.system, c.id, link.linkId), 'NOT_FOUND', { entity: 'Link' });
    await t.desk.tickets.unlink(t.system, b.id, link.linkId);
    expect(await t.desk.tickets.links(t.system, a.id)).toEqual([]);
    expect(await t.desk.tickets.links(t.system, b.id)).toEqual([]);
    expect((await t.history(a.id)).at(-1)).toMatchObject({
      type: 'ticket.unlinked',
      data: { linkId: link.linkId, direction: 'outgoing', otherTicketId: b.id },
    });
    expect((await t.history(b.id)).at(-1)).toMatchObject({
      type: 'ticket.unlinked',
      data: { direction: 'incoming', otherTicketId: a.id },
    });
    await expectError(t.desk.tickets.unlink(t.system, a.id, link.linkId), 'NOT_FOUND');
    await expectError(t.desk.tickets.links(t.carla, a.id), 'FORBIDDEN');
  });
});

describe('parent and children after resolution', () => {
  it('setParent - a resolved ticket takes no new children', async () => {
    const t = await testDesk();
    const parent = await t.open();
    const child = await t.open({ subject: 'Second ask' });
    await t.desk.tickets.transition(t.system, parent.id, { stageId: 'resolved' });
    await expectError(
      t.desk.tickets.setParent(t.system, child.id, { parentId: parent.id }),
      'INVALID_STATE',
      {
        parentId: parent.id,
      },
    );
    expect((await t.get(child.id)).parentId).toBeNull();
  });

  it('transition - a resolved parent cannot close while a reopened child is open', async () => {
    const t = await testDesk();
    const parent = await t.open();
    const { children } = await t.desk.tickets.split(t.system, parent.id, {
      children: [{ subject: 'Part one' }],
    });
    const child = children[0] as (typeof children)[number];
    await t.desk.tickets.transition(t.system, child.id, { stageId: 'resolved' });
    await t.desk.tickets.transition(t.system, parent.id, { stageId: 'resolved' });
    await t.desk.tickets.reply(t.carla, child.id, { body: 'Part one is broken again' });
    expect((await t.get(child.id)).statusCategory).toBe('open');
    const error = await expectError(
      t.desk.tickets.transition(t.system, parent.id, { stageId: 'closed' }),
      'INVALID_TRANSITION',
    );
    expect(error.details.openChildIds).toEqual([child.id]);
    expect((await t.get(parent.id)).stageId).toBe('resolved');
  });

  it('auto-close - a resolved parent with a reopened child waits another delay, then closes once the child is done', async () => {
    const t = await testDesk();
    const parent = await t.open();
    const { children } = await t.desk.tickets.split(t.system, parent.id, {
      children: [{ subject: 'Part one' }],
    });
    const child = children[0] as (typeof children)[number];
    await t.desk.tickets.transition(t.system, child.id, { stageId: 'resolved' });
    await t.desk.tickets.transition(t.system, parent.id, { stageId: 'resolved' });
    await t.desk.tickets.reply(t.carla, child.id, { body: 'Broken again' });

    t.clock.advance({ days: 4 });
    // The child's own auto-close was cancelled by its reopen; only the parent's job is due.
    expect(await t.desk.scheduler.runDueJobs()).toMatchObject({ claimed: 1, completed: 1 });
    expect((await t.get(parent.id)).stageId).toBe('resolved');
    expect((await t.get(child.id)).statusCategory).toBe('open');

    await t.desk.tickets.transition(t.system, child.id, { stageId: 'closed' });
    t.clock.advance({ days: 4 });
    expect(await t.desk.scheduler.runDueJobs()).toMatchObject({ claimed: 1, completed: 1 });
    expect(await t.get(parent.id)).toMatchObject({ stageId: 'closed', statusCategory: 'closed' });
  });
});

import { describe, expect, it } from 'vitest';
import { AGENT, expectError, TEAM, testDesk, typesOf } from '../test-support';
import { autoCloseKey } from './stage-change';

describe('tickets.reply', () => {
  it("reply - an agent's first public reply sets firstRespondedAt and moves a new ticket to open", async () => {
    const t = await testDesk();
    const ticket = await t.open({ channel: 'email', message: { body: 'Help' } });
    const firstReply = t.clock.advance({ minutes: 10 });
    const result = await t.desk.tickets.reply(t.ada, ticket.id, { body: 'On it' });
    expect(result.duplicate).toBe(false);
    expect(result.redirectedFrom).toBeNull();
    expect(result.ticket).toEqual(await t.get(ticket.id));
    expect(result.ticket).toMatchObject({
      firstRespondedAt: firstReply,
      stageId: 'waiting_on_us',
      statusCategory: 'open',
      messageCount: 2,
      version: 2,
    });
    expect(result.message).toMatchObject({
      ticketId: ticket.id,
      seq: 2,
      visibility: 'public',
      author: { kind: 'agent', id: AGENT.ada },
      body: 'On it',
      channel: 'email',
      createdAt: firstReply,
    });
    expect(typesOf(await t.history(ticket.id)).slice(-2)).toEqual(['message.created', 'ticket.transitioned']);
    expect((await t.history(ticket.id)).at(-1)?.data).toMatchObject({ reason: 'agent_reply' });

    t.clock.advance({ minutes: 10 });
    await t.desk.tickets.reply(t.bob, ticket.id, { body: 'Follow-up' });
    expect(await t.get(ticket.id)).toMatchObject({ firstRespondedAt: firstReply, stageId: 'waiting_on_us' });
  });

  it('reply - internal notes and system messages are not a first response and move nothing', async () => {
    const t = await testDesk();
    const ticket = await t.open();
    await t.desk.tickets.addNote(t.ada, ticket.id, { body: 'Looking into it' });
    await t.desk.tickets.reply(t.ada, ticket.id, { body: 'Also internal', visibility: 'internal' });
    await t.desk.tickets.reply(t.system, ticket.id, { body: 'We received your request' });
    const stored = await t.get(ticket.id);
    expect(stored).toMatchObject({ firstRespondedAt: null, stageId: 'new', messageCount: 3 });
    expect((await t.thread(ticket.id)).map((message) => [message.visibility, message.author.kind])).toEqual([
      ['internal', 'agent'],
      ['internal', 'agent'],
      ['public', 'system'],
    ]);
  });

  it("reply - with agentReplyMovesToPending an agent's public reply moves new and open tickets to pending", async () => {
    const t = await testDesk({ settings: { agentReplyMovesToPending: true } });
    const fresh = await t.open();
    await t.desk.tickets.reply(t.ada, fresh.id, { body: 'Which browser?' });
    expect(await t.get(fresh.id)).toMatchObject({
      stageId: 'waiting_on_customer',
      statusCategory: 'pending',
    });
    expect((await t.history(fresh.id)).at(-1)?.data).toMatchObject({ reason: 'agent_reply' });

    const working = await t.open({ stageId: 'waiting_on_us' });
    await t.desk.tickets.reply(t.ada, working.id, { body: 'Can you try again?' });
    expect((await t.get(working.id)).stageId).toBe('waiting_on_customer');
    await t.desk.tickets.addNote(t.ada, working.id, { body: 'internal' });
    expect((await t.get(working.id)).stageId).toBe('waiting_on_customer');
  });

  it("reply - without the setting an agent's reply leaves an open ticket where it is", async () => {
    const t = await testDesk();
    const ticket = await t.open({ stageId: 'waiting_on_us' });
    await t.desk.tickets.reply(t.ada, ticket.id, { body: 'Update' });
    expect((await t.get(ticket.id)).stageId).toBe('waiting_on_us');
  });

  it('reply - moveToStageId moves the ticket after the reply, within the allowed transitions', async () => {
    const t = await testDesk();
    const ticket = await t.open({ stageId: 'waiting_on_us' });
    const result = await t.desk.tickets.reply(t.ada, ticket.id, {
      body: 'Fixed, closing soon',
      moveToStageId: 'resolved',
    });
    expect(result.ticket).toMatchObject({ stageId: 'resolved', resolvedAt: expect.any(Date) });
    expect(await t.storage.jobs.get('acme', autoCloseKey(ticket.id))).not.toBeNull();
    expect((await t.history(ticket.id)).at(-1)?.data).toMatchObject({ reason: 'manual' });
  });

  it('reply - a disallowed moveToStageId rejects the whole reply', async () => {
    const t = await testDesk();
    const ticket = await t.open({ stageId: 'waiting_on_customer' });
    const published = t.published.length;
    await expectError(
      t.desk.tickets.reply(t.ada, ticket.id, { body: 'Back to new', moveToStageId: 'new' }),
      'INVALID_TRANSITION',
    );
    expect(await t.get(ticket.id)).toEqual(ticket);
    expect(await t.thread(ticket.id)).toEqual([]);
    expect(t.published).toHaveLength(published);
  });

  it("reply - a customer's reply on a pending ticket reopens it and counts the reopen", async () => {
    const t = await testDesk();
    const ticket = await t.open({ stageId: 'waiting_on_customer' });
    const result = await t.desk.tickets.reply(t.carla, ticket.id, { body: 'Here is the info' });
    expect(result.ticket).toEqual(await t.get(ticket.id));
    expect(result.ticket).toMatchObject({ stageId: 'waiting_on_us', statusCategory: 'open', reopenCount: 1 });
    expect(result.message.author).toEqual({ kind: 'customer', id: t.carlaId });
    expect((await t.history(ticket.id)).slice(-3)).toMatchObject([
      { type: 'message.created' },
      { type: 'ticket.transitioned', data: { reason: 'customer_reply' } },
      { type: 'ticket.reopened', data: { reason: 'customer_reply', reopenCount: 1 } },
    ]);
  });

  it("reply - a customer's reply on a resolved ticket reopens it and cancels the auto-close", async () => {
    const t = await testDesk();
    const ticket = await t.open();
    await t.desk.tickets.transition(t.system, ticket.id, { stageId: 'resolved' });
    await t.desk.tickets.reply(t.carla, ticket.id, { body: 'Not fixed' });
    expect(await t.get(ticket.id)).toMatchObject({
      statusCategory: 'open',
      resolvedAt: null,
      reopenCount: 1,
    });
    expect(await t.storage.jobs.get('acme', autoCloseKey(ticket.id))).toBeNull();
    await t.desk.tickets.transition(t.system, ticket.id, { stageId: 'resolved' });
    await t.desk.tickets.reply(t.carla, ticket.id, { body: 'Still not fixed' });
    expect((await t.get(ticket.id)).reopenCount).toBe(2);
  });

  it("reply - a customer's reply on a new or open ticket does not move it", async () => {
    const t = await testDesk();
    const fresh = await t.open();
    const working = await t.open({ stageId: 'waiting_on_us' });
    await t.desk.tickets.reply(t.carla, fresh.id, { body: 'Any news?' });
    await t.desk.tickets.reply(t.carla, working.id, { body: 'Any news?' });
    expect(await t.get(fresh.id)).toMatchObject({ stageId: 'new', reopenCount: 0 });
    expect(await t.get(working.id)).toMatchObject({ stageId: 'waiting_on_us', reopenCount: 0 });
  });

  it('reply - a customer writing on a closed ticket gets a follow-up ticket linked to it', async () => {
    const t = await testDesk();
    const closed = await t.open({
      subject: 'Printer on fire',
      type: 'incident',
      priority: 'high',
      category: 'hardware',
      teamId: TEAM.support,
      assigneeId: AGENT.ada,
      tags: ['printer'],
      customFields: { floor: 3 },
    });
    await t.desk.tickets.transition(t.system, closed.id, { stageId: 'closed' });
    const closedBefore = await t.get(closed.id);
    const now = t.clock.advance({ days: 30 });

    const result = await t.desk.tickets.reply(t.carla, closed.id, { body: 'It is on fire again' });

    expect(result.redirectedFrom).toBe(closed.id);
    expect(result.duplicate).toBe(false);
    const followUp = await t.get(result.ticket.id);
    expect(followUp).toEqual(result.ticket);
    expect(followUp).toMatchObject({
      number: 2,
      subject: 'Printer on fire',
      type: 'incident',
      priority: 'high',
      category: 'hardware',
      teamId: TEAM.support,
      assigneeId: AGENT.ada,
      tags: ['printer'],
      customFields: { floor: 3 },
      requesterId: t.carlaId,
      stageId: 'new',
      messageCount: 1,
      createdAt: now,
    });
    expect(await t.thread(followUp.id)).toMatchObject([
      { seq: 1, body: 'It is on fire again', author: { kind: 'customer', id: t.carlaId } },
    ]);
    expect(await t.desk.tickets.links(t.system, followUp.id)).toMatchObject([
      { type: 'follow_up_of', direction: 'outgoing', ticketId: closed.id },
    ]);
    expect(await t.get(closed.id)).toEqual(closedBefore);
    expect(await t.thread(closed.id)).toEqual([]);
    expect(typesOf(await t.history(closed.id)).slice(-2)).toEqual([
      'ticket.linked',
      'ticket.follow_up_created',
    ]);
    expect((await t.history(followUp.id))[0]).toMatchObject({
      type: 'ticket.created',
      data: { followUpOf: closed.id },
    });
  });

  it('reply - a follow-up drops an assignee who is no longer active', async () => {
    const t = await testDesk();
    const closed = await t.open({ teamId: TEAM.support, assigneeId: AGENT.ada });
    await t.desk.tickets.transition(t.system, closed.id, { stageId: 'closed' });
    await t.desk.agents.update(t.system, AGENT.ada, { active: false });
    const { ticket } = await t.desk.tickets.reply(t.carla, closed.id, { body: 'Again' });
    expect(await t.get(ticket.id)).toMatchObject({ assigneeId: null, teamId: TEAM.support });
  });

  it('reply - staff cannot write on a closed ticket (INVALID_STATE)', async () => {
    const t = await testDesk();
    const ticket = await t.open();
    await t.desk.tickets.transition(t.system, ticket.id, { stageId: 'closed' });
    await expectError(t.desk.tickets.reply(t.ada, ticket.id, { body: 'Hello?' }), 'INVALID_STATE');
    await expectError(t.desk.tickets.addNote(t.system, ticket.id, { body: 'Note' }), 'INVALID_STATE');
    expect((await t.desk.tickets.list(t.system)).items).toHaveLength(1);
    expect(await t.thread(ticket.id)).toEqual([]);
  });

  it('reply - a reply to a merged ticket lands on the ticket it was merged into', async () => {
    const t = await testDesk();
    const source = await t.open({ subject: 'Duplicate' });
    const target = await t.open({ subject: 'Original' });
    await t.desk.tickets.merge(t.system, source.id, { targetId: target.id });
    const sourceAfterMerge = await t.get(source.id);

    const byCustomer = await t.desk.tickets.reply(t.carla, source.id, { body: 'More details' });
    expect(byCustomer.redirectedFrom).toBe(source.id);
    expect(byCustomer.ticket.id).toBe(target.id);
    expect(byCustomer.message.ticketId).toBe(target.id);
    const byAgent = await t.desk.tickets.reply(t.ada, source.id, { body: 'Thanks' });
    expect(byAgent.message.ticketId).toBe(target.id);

    expect(await t.get(source.id)).toEqual(sourceAfterMerge);
    expect((await t.get(target.id)).messageCount).toBe(2);
    expect((await t.desk.tickets.list(t.system)).items).toHaveLength(2);
  });

  it('reply - a message whose externalId is stored is not stored again', async () => {
    const t = await testDesk();
    const ticket = await t.open({ channel: 'email' });
    const first = await t.desk.tickets.reply(t.system, ticket.id, {
      body: 'Inbound',
      externalId: '<a@mail>',
    });
    const events = await t.storedEvents();
    const again = await t.desk.tickets.reply(t.system, ticket.id, {
      body: 'Inbound',
      externalId: '<a@mail>',
    });
    expect(again).toEqual({
      ticket: await t.get(ticket.id),
      message: first.message,
      duplicate: true,
      redirectedFrom: null,
    });
    expect(await t.thread(ticket.id)).toEqual([first.message]);
    expect(await t.storedEvents()).toEqual(events);

    const other = await t.open();
    const elsewhere = await t.desk.tickets.reply(t.system, other.id, {
      body: 'Inbound',
      externalId: '<a@mail>',
    });
    expect(elsewhere).toMatchObject({ duplicate: true, redirectedFrom: other.id, ticket: { id: ticket.id } });
    expect(await t.thread(other.id)).toEqual([]);
  });

  it('reply - customers cannot write internal notes or move tickets (FORBIDDEN)', async () => {
    const t = await testDesk();
    const ticket = await t.open({}, t.carla);
    await expectError(
      t.desk.tickets.reply(t.carla, ticket.id, { body: 'x', visibility: 'internal' }),
      'FORBIDDEN',
      { fields: ['visibility'] },
    );
    await expectError(t.desk.tickets.addNote(t.carla, ticket.id, { body: 'x' }), 'FORBIDDEN', {
      fields: ['visibility'],
    });
    await expectError(
      t.desk.tickets.reply(t.carla, ticket.id, { body: 'x', moveToStageId: 'resolved' }),
      'FORBIDDEN',
      { fields: ['moveToStageId'] },
    );
    expect(await t.thread(ticket.id)).toEqual([]);
  });

  it("reply - a customer cannot reply on another customer's ticket (NOT_FOUND)", async () => {
    const t = await testDesk();
    const ticket = await t.open({}, t.carla);
    await expectError(t.desk.tickets.reply(t.dan, ticket.id, { body: 'Hi' }), 'NOT_FOUND', {
      entity: 'Ticket',
      id: ticket.id,
    });
    // Nor learn of it through a known external id.
    await t.desk.tickets.reply(t.carla, ticket.id, { body: 'Mine', externalId: 'ext-1' });
    const danTicket = await t.open({}, t.dan);
    await expectError(
      t.desk.tickets.reply(t.dan, danTicket.id, { body: 'Mine', externalId: 'ext-1' }),
      'NOT_FOUND',
    );
    expect(await t.thread(ticket.id)).toHaveLength(1);
  });

  it('reply - stores the channel and attachments, and numbers messages in order', async () => {
    const t = await testDesk();
    const ticket = await t.open({ channel: 'chat', message: { body: 'first' } });
    await t.desk.tickets.reply(t.carla, ticket.id, {
      body: 'second',
      channel: 'email',
      attachments: [
        { name: 'log.txt', contentType: 'text/plain', size: 10, url: 'https://files.test/log.txt' },
      ],
    });
    await t.desk.tickets.reply(t.ada, ticket.id, { body: 'third' });
    expect((await t.thread(ticket.id)).map((m) => [m.seq, m.channel, m.attachments.length])).toEqual([
      [1, 'chat', 0],
      [2, 'email', 1],
      [3, 'chat', 0],
    ]);
  });

  it('reply - empty bodies are VALIDATION_FAILED and stale versions conflict', async () => {
    const t = await testDesk();
    const ticket = await t.open();
    await expectError(t.desk.tickets.reply(t.ada, ticket.id, { body: '  \n ' }), 'VALIDATION_FAILED');
    await expectError(
      t.desk.tickets.reply(t.ada, ticket.id, { body: 'x', expectedVersion: 5 }),
      'VERSION_CONFLICT',
    );
    expect(await t.get(ticket.id)).toEqual(ticket);
  });
});

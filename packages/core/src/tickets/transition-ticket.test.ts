import { describe, expect, it } from 'vitest';
import { DEFAULT_AUTO_CLOSE_SECONDS } from '../settings/tenant-settings';
import { expectError, plusSeconds, START, testDesk, typesOf } from '../test-support';
import { autoCloseKey } from './stage-change';

describe('tickets.transition', () => {
  it('transition - moves along an allowed transition and records from and to', async () => {
    const t = await testDesk();
    const ticket = await t.open();
    const now = t.clock.advance({ minutes: 3 });
    const moved = await t.desk.tickets.transition(t.ada, ticket.id, { stageId: 'waiting_on_us' });
    expect(await t.get(ticket.id)).toEqual(moved);
    expect(moved).toMatchObject({
      stageId: 'waiting_on_us',
      statusCategory: 'open',
      version: 2,
      updatedAt: now,
      resolvedAt: null,
      closedAt: null,
    });
    const event = (await t.history(ticket.id)).at(-1);
    expect(event).toMatchObject({
      type: 'ticket.transitioned',
      actor: { kind: 'agent', id: 'agt_ada' },
      occurredAt: now,
      data: {
        from: { pipelineId: 'default', stageId: 'new', category: 'new' },
        to: { pipelineId: 'default', stageId: 'waiting_on_us', category: 'open' },
        reason: 'manual',
      },
    });
    expect(t.published.at(-1)).toEqual(event);
  });

  it('transition - a transition the stage does not allow is INVALID_TRANSITION', async () => {
    const t = await testDesk();
    const ticket = await t.open({ stageId: 'waiting_on_customer' });
    await expectError(
      t.desk.tickets.transition(t.system, ticket.id, { stageId: 'new' }),
      'INVALID_TRANSITION',
      {
        pipelineId: 'default',
        from: 'waiting_on_customer',
        to: 'new',
        allowed: ['waiting_on_us', 'resolved', 'closed'],
      },
    );
    expect(await t.get(ticket.id)).toEqual(ticket);
    expect(typesOf(await t.history(ticket.id))).toEqual(['ticket.created']);
  });

  it('transition - moving to the current stage writes nothing', async () => {
    const t = await testDesk();
    const ticket = await t.open();
    expect(await t.desk.tickets.transition(t.system, ticket.id, { stageId: 'new' })).toEqual(ticket);
    expect(await t.get(ticket.id)).toEqual(ticket);
    expect(typesOf(await t.history(ticket.id))).toEqual(['ticket.created']);
  });

  it('transition - an unknown stage or pipeline is VALIDATION_FAILED at its input path', async () => {
    const t = await testDesk();
    const ticket = await t.open();
    const unknownStage = await expectError(
      t.desk.tickets.transition(t.system, ticket.id, { stageId: 'limbo' }),
      'VALIDATION_FAILED',
    );
    expect(unknownStage.details.issues).toEqual([
      expect.objectContaining({ path: ['stageId'], code: 'unknown_stage' }),
    ]);
    const unknownPipeline = await expectError(
      t.desk.tickets.transition(t.system, ticket.id, { stageId: 'new', pipelineId: 'nope' }),
      'VALIDATION_FAILED',
    );
    expect(unknownPipeline.details.issues).toEqual([
      expect.objectContaining({ path: ['pipelineId'], code: 'unknown_pipeline' }),
    ]);
    expect(await t.get(ticket.id)).toEqual(ticket);
  });

  it('transition - resolving sets resolvedAt and schedules the auto-close', async () => {
    const t = await testDesk();
    const ticket = await t.open();
    const now = t.clock.advance({ hours: 1 });
    await t.desk.tickets.transition(t.system, ticket.id, { stageId: 'resolved' });
    expect(await t.get(ticket.id)).toMatchObject({
      statusCategory: 'resolved',
      resolvedAt: now,
      closedAt: null,
      reopenCount: 0,
    });
    expect(await t.storage.jobs.get('acme', autoCloseKey(ticket.id))).toMatchObject({
      type: 'ticket.auto_close',
      status: 'scheduled',
      dueAt: plusSeconds(now, DEFAULT_AUTO_CLOSE_SECONDS),
      payload: { ticketId: ticket.id },
    });
  });

  it('transition - moving a resolved ticket back to work reopens it and cancels the auto-close', async () => {
    const t = await testDesk();
    const ticket = await t.open();
    await t.desk.tickets.transition(t.system, ticket.id, { stageId: 'resolved' });
    t.clock.advance({ hours: 2 });
    await t.desk.tickets.transition(t.ada, ticket.id, { stageId: 'waiting_on_us' });
    expect(await t.get(ticket.id)).toMatchObject({
      stageId: 'waiting_on_us',
      resolvedAt: null,
      reopenCount: 1,
      version: 3,
    });
    expect(await t.storage.jobs.get('acme', autoCloseKey(ticket.id))).toBeNull();
    expect((await t.history(ticket.id)).slice(-2)).toMatchObject([
      { type: 'ticket.transitioned', data: { reason: 'manual' } },
      { type: 'ticket.reopened', data: { reason: 'manual', reopenCount: 1 } },
    ]);
  });

  it('transition - closing sets closedAt, and resolvedAt if it never resolved', async () => {
    const t = await testDesk();
    const direct = await t.open();
    const closeTime = t.clock.advance({ hours: 1 });
    await t.desk.tickets.transition(t.system, direct.id, { stageId: 'closed' });
    expect(await t.get(direct.id)).toMatchObject({
      statusCategory: 'closed',
      resolvedAt: closeTime,
      closedAt: closeTime,
    });

    const viaResolved = await t.open();
    const resolveTime = t.clock.advance({ hours: 1 });
    await t.desk.tickets.transition(t.system, viaResolved.id, { stageId: 'resolved' });
    const laterClose = t.clock.advance({ hours: 1 });
    await t.desk.tickets.transition(t.system, viaResolved.id, { stageId: 'closed' });
    expect(await t.get(viaResolved.id)).toMatchObject({ resolvedAt: resolveTime, closedAt: laterClose });
    // Closing by hand cancels the pending auto-close.
    expect(await t.storage.jobs.get('acme', autoCloseKey(viaResolved.id))).toBeNull();
  });

  it('transition - closed tickets are final', async () => {
    const t = await testDesk();
    const ticket = await t.open();
    await t.desk.tickets.transition(t.system, ticket.id, { stageId: 'closed' });
    const closed = await t.get(ticket.id);
    for (const stageId of ['new', 'waiting_on_us', 'resolved']) {
      await expectError(t.desk.tickets.transition(t.system, ticket.id, { stageId }), 'INVALID_TRANSITION', {
        from: 'closed',
        to: stageId,
      });
    }
    await t.desk.pipelines.create(t.system, {
      id: 'other',
      name: 'Other',
      stages: [{ id: 'open', name: 'Open', category: 'open' }],
    });
    await expectError(
      t.desk.tickets.transition(t.system, ticket.id, { stageId: 'open', pipelineId: 'other' }),
      'INVALID_TRANSITION',
    );
    expect(await t.get(ticket.id)).toEqual(closed);
  });

  it('transition - a closed stage is final even when the pipeline lists transitions from it', async () => {
    const t = await testDesk();
    await t.desk.pipelines.create(t.system, {
      id: 'loose',
      name: 'Loose',
      stages: [
        { id: 'todo', name: 'To do', category: 'new' },
        { id: 'done', name: 'Done', category: 'closed', transitionsTo: ['todo'] },
      ],
    });
    const ticket = await t.open({ pipelineId: 'loose' });
    await t.desk.tickets.transition(t.system, ticket.id, { stageId: 'done' });
    await expectError(
      t.desk.tickets.transition(t.system, ticket.id, { stageId: 'todo' }),
      'INVALID_TRANSITION',
    );
    expect((await t.get(ticket.id)).stageId).toBe('done');
  });

  it('transition - without transitionsTo every stage of the pipeline is allowed', async () => {
    const t = await testDesk();
    await t.desk.pipelines.create(t.system, {
      id: 'free',
      name: 'Free',
      stages: [
        { id: 'todo', name: 'To do', category: 'new' },
        { id: 'doing', name: 'Doing', category: 'open' },
        { id: 'parked', name: 'Parked', category: 'on_hold' },
      ],
    });
    const ticket = await t.open({ pipelineId: 'free' });
    for (const stageId of ['parked', 'todo', 'doing', 'parked']) {
      await t.desk.tickets.transition(t.system, ticket.id, { stageId });
      expect((await t.get(ticket.id)).stageId).toBe(stageId);
    }
  });

  it('transition - a parent cannot resolve or close while a child is open', async () => {
    const t = await testDesk();
    const parent = await t.open({ subject: 'Parent' });
    const child = await t.open({ subject: 'Child', parentId: parent.id });
    const done = await t.open({ subject: 'Done child', parentId: parent.id });
    await t.desk.tickets.transition(t.system, done.id, { stageId: 'resolved' });
    for (const stageId of ['resolved', 'closed']) {
      await expectError(t.desk.tickets.transition(t.system, parent.id, { stageId }), 'INVALID_TRANSITION', {
        ticketId: parent.id,
        openChildIds: [child.id],
      });
    }
    expect((await t.get(parent.id)).stageId).toBe('new');
    await t.desk.tickets.transition(t.system, child.id, { stageId: 'closed' });
    await t.desk.tickets.transition(t.system, parent.id, { stageId: 'resolved' });
    expect((await t.get(parent.id)).statusCategory).toBe('resolved');
  });

  it('transition - a parent may resolve with open children when the tenant allows it', async () => {
    const t = await testDesk({ settings: { allowResolveWithOpenChildren: true } });
    const parent = await t.open({ subject: 'Parent' });
    const child = await t.open({ subject: 'Child', parentId: parent.id });
    await t.desk.tickets.transition(t.system, parent.id, { stageId: 'resolved' });
    expect((await t.get(parent.id)).statusCategory).toBe('resolved');
    expect((await t.get(child.id)).statusCategory).toBe('new');
  });

  it('transition - giving another pipeline moves the ticket to any of its stages', async () => {
    const t = await testDesk();
    await t.desk.pipelines.create(t.system, {
      id: 'billing',
      name: 'Billing',
      stages: [
        { id: 'intake', name: 'Intake', category: 'new', transitionsTo: ['paid'] },
        { id: 'chasing', name: 'Chasing', category: 'pending', transitionsTo: ['paid'] },
        { id: 'paid', name: 'Paid', category: 'resolved', transitionsTo: [] },
      ],
    });
    const ticket = await t.open();
    const moved = await t.desk.tickets.transition(t.system, ticket.id, {
      pipelineId: 'billing',
      stageId: 'chasing',
    });
    expect(await t.get(ticket.id)).toEqual(moved);
    expect(moved).toMatchObject({ pipelineId: 'billing', stageId: 'chasing', statusCategory: 'pending' });
    expect((await t.history(ticket.id)).at(-1)?.data).toEqual({
      from: { pipelineId: 'default', stageId: 'new', category: 'new' },
      to: { pipelineId: 'billing', stageId: 'chasing', category: 'pending' },
      reason: 'pipeline_change',
    });
    // Inside the new pipeline, its transitions apply.
    await expectError(
      t.desk.tickets.transition(t.system, ticket.id, { stageId: 'intake' }),
      'INVALID_TRANSITION',
    );
    await t.desk.tickets.transition(t.system, ticket.id, { stageId: 'paid' });
    expect(await t.get(ticket.id)).toMatchObject({ statusCategory: 'resolved', resolvedAt: START });
  });

  it('transition - customers may not move tickets and stale versions conflict', async () => {
    const t = await testDesk();
    const ticket = await t.open({}, t.carla);
    await expectError(t.desk.tickets.transition(t.carla, ticket.id, { stageId: 'closed' }), 'FORBIDDEN');
    await expectError(
      t.desk.tickets.transition(t.system, ticket.id, { stageId: 'waiting_on_us', expectedVersion: 2 }),
      'VERSION_CONFLICT',
    );
    expect(await t.get(ticket.id)).toEqual(ticket);
  });
});

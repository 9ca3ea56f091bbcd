import { describe, expect, it } from 'vitest';
import { expectError, issuePaths, START, testDesk, typesOf } from '../test-support';
import { defaultPipeline } from './default-pipeline';

const supportStages = [
  { id: 'inbox', name: 'Inbox', category: 'new' as const, transitionsTo: ['working', 'done'] },
  { id: 'working', name: 'Working', category: 'open' as const, transitionsTo: ['waiting', 'done'] },
  {
    id: 'waiting',
    name: 'Waiting',
    category: 'pending' as const,
    pausesSla: false,
    transitionsTo: ['working', 'done'],
  },
  { id: 'done', name: 'Done', category: 'resolved' as const, transitionsTo: ['working', 'archived'] },
  { id: 'archived', name: 'Archived', category: 'closed' as const },
];

describe('pipelines', () => {
  it('create - stores a custom pipeline with its stages', async () => {
    const t = await testDesk();
    const created = await t.desk.pipelines.create(t.system, {
      id: 'custom',
      name: ' Custom ',
      stages: supportStages,
    });
    expect(await t.desk.pipelines.get(t.system, 'custom')).toEqual(created);
    expect(created).toEqual({
      tenantId: 'acme',
      id: 'custom',
      name: 'Custom',
      stages: [
        { id: 'inbox', name: 'Inbox', category: 'new', pausesSla: null, transitionsTo: ['working', 'done'] },
        {
          id: 'working',
          name: 'Working',
          category: 'open',
          pausesSla: null,
          transitionsTo: ['waiting', 'done'],
        },
        {
          id: 'waiting',
          name: 'Waiting',
          category: 'pending',
          pausesSla: false,
          transitionsTo: ['working', 'done'],
        },
        {
          id: 'done',
          name: 'Done',
          category: 'resolved',
          pausesSla: null,
          transitionsTo: ['working', 'archived'],
        },
        { id: 'archived', name: 'Archived', category: 'closed', pausesSla: null, transitionsTo: null },
      ],
      version: 1,
      createdAt: START,
      updatedAt: START,
    });
    expect(await t.storedEvents()).toMatchObject([
      { type: 'pipeline.created', ticketId: null, data: { name: 'Custom' } },
    ]);
    const generated = await t.desk.pipelines.create(t.system, { name: 'Generated', stages: supportStages });
    expect(generated.id).toMatch(/^pip_/);
  });

  it('create - duplicate stage ids and unknown transition targets are VALIDATION_FAILED', async () => {
    const t = await testDesk();
    const duplicate = await expectError(
      t.desk.pipelines.create(t.system, {
        name: 'Bad',
        stages: [
          { id: 'a', name: 'A', category: 'new' },
          { id: 'a', name: 'A again', category: 'open' },
        ],
      }),
      'VALIDATION_FAILED',
    );
    expect(issuePaths(duplicate)).toEqual(['stages.1.id']);
    const unknownTarget = await expectError(
      t.desk.pipelines.create(t.system, {
        name: 'Bad',
        stages: [
          { id: 'a', name: 'A', category: 'new', transitionsTo: ['b', 'nowhere'] },
          { id: 'b', name: 'B', category: 'closed' },
        ],
      }),
      'VALIDATION_FAILED',
    );
    expect(issuePaths(unknownTarget)).toEqual(['stages.0.transitionsTo.1']);
    await expectError(t.desk.pipelines.create(t.system, { name: 'Empty', stages: [] }), 'VALIDATION_FAILED');
    await expectError(
      t.desk.pipelines.create(t.system, {
        name: 'Bad',
        stages: [{ id: 'Not A Slug', name: 'x', category: 'new' }],
      }),
      'VALIDATION_FAILED',
    );
    expect(await t.desk.pipelines.list(t.system)).toHaveLength(1);
  });

  it('create - a taken id is ALREADY_EXISTS', async () => {
    const t = await testDesk();
    await t.desk.pipelines.create(t.system, { id: 'custom', name: 'One', stages: supportStages });
    await expectError(
      t.desk.pipelines.create(t.system, { id: 'custom', name: 'Two', stages: supportStages }),
      'ALREADY_EXISTS',
      {
        id: 'custom',
      },
    );
    expect((await t.desk.pipelines.get(t.system, 'custom')).name).toBe('One');
  });

  it('create - customers may not manage pipelines', async () => {
    const t = await testDesk();
    await expectError(t.desk.pipelines.create(t.carla, { name: 'Mine', stages: supportStages }), 'FORBIDDEN');
    await expectError(t.desk.pipelines.update(t.carla, 'default', { name: 'Mine' }), 'FORBIDDEN');
    expect(await t.storedEvents()).toEqual([]);
  });

  it('update - renames and re-wires stages and records what changed', async () => {
    const t = await testDesk();
    await t.desk.pipelines.create(t.system, { id: 'custom', name: 'Custom', stages: supportStages });
    const ticket = await t.open({ pipelineId: 'custom' });
    const now = t.clock.advance({ minutes: 1 });
    const stages = supportStages.map((stage) =>
      stage.id === 'inbox' ? { ...stage, name: 'New mail', transitionsTo: ['working'] } : stage,
    );
    const updated = await t.desk.pipelines.update(t.ada, 'custom', {
      name: 'Renamed',
      stages,
      expectedVersion: 1,
    });
    expect(await t.desk.pipelines.get(t.system, 'custom')).toEqual(updated);
    expect(updated).toMatchObject({ name: 'Renamed', version: 2, updatedAt: now, createdAt: START });
    expect(updated.stages[0]).toEqual({
      id: 'inbox',
      name: 'New mail',
      category: 'new',
      pausesSla: null,
      transitionsTo: ['working'],
    });
    expect((await t.storedEvents()).at(-1)).toMatchObject({
      type: 'pipeline.updated',
      data: {
        changes: [
          { field: 'name', from: 'Custom', to: 'Renamed' },
          {
            field: 'stages',
            from: ['inbox', 'working', 'waiting', 'done', 'archived'],
            to: ['inbox', 'working', 'waiting', 'done', 'archived'],
          },
        ],
      },
    });
    // The new wiring applies to tickets already in the pipeline.
    await expectError(
      t.desk.tickets.transition(t.system, ticket.id, { stageId: 'done' }),
      'INVALID_TRANSITION',
    );
    await t.desk.tickets.transition(t.system, ticket.id, { stageId: 'working' });
  });

  it('update - a stage holding tickets cannot be removed or change category', async () => {
    const t = await testDesk();
    await t.desk.pipelines.create(t.system, { id: 'custom', name: 'Custom', stages: supportStages });
    const ticket = await t.open({ pipelineId: 'custom' });
    await t.desk.tickets.transition(t.system, ticket.id, { stageId: 'working' });
    const before = await t.desk.pipelines.get(t.system, 'custom');

    await expectError(
      t.desk.pipelines.update(t.system, 'custom', {
        stages: supportStages
          .filter((stage) => stage.id !== 'working')
          .map((stage) => ({ ...stage, transitionsTo: null })),
      }),
      'INVALID_STATE',
      { pipelineId: 'custom', stageId: 'working' },
    );
    await expectError(
      t.desk.pipelines.update(t.system, 'custom', {
        stages: supportStages.map((stage) =>
          stage.id === 'working' ? { ...stage, category: 'on_hold' as const } : stage,
        ),
      }),
      'INVALID_STATE',
      { pipelineId: 'custom', stageId: 'working' },
    );
    expect(await t.desk.pipelines.get(t.system, 'custom')).toEqual(before);

    // Stages without tickets may go or change.
    const trimmed = await t.desk.pipelines.update(t.system, 'custom', {
      stages: [
        { id: 'inbox', name: 'Inbox', category: 'new' },
        { id: 'working', name: 'Working', category: 'open' },
        { id: 'archived', name: 'Archived', category: 'resolved' },
      ],
    });
    expect(trimmed.stages.map((stage) => `${stage.id}:${stage.category}`)).toEqual([
      'inbox:new',
      'working:open',
      'archived:resolved',
    ]);
  });

  it('update - stale versions conflict and an unchanged pipeline writes nothing', async () => {
    const t = await testDesk();
    const created = await t.desk.pipelines.create(t.system, {
      id: 'custom',
      name: 'Custom',
      stages: supportStages,
    });
    await expectError(
      t.desk.pipelines.update(t.system, 'custom', { name: 'X', expectedVersion: 2 }),
      'VERSION_CONFLICT',
      {
        expectedVersion: 2,
        actualVersion: 1,
      },
    );
    expect(await t.desk.pipelines.update(t.system, 'custom', { name: 'Custom' })).toEqual(created);
    expect(typesOf(await t.storedEvents())).toEqual(['pipeline.created']);
    await expectError(t.desk.pipelines.update(t.system, 'nope', { name: 'X' }), 'NOT_FOUND', {
      entity: 'Pipeline',
    });
  });

  it('default - every tenant has the built-in pipeline until it stores its own', async () => {
    const t = await testDesk();
    expect(await t.desk.pipelines.get(t.system, 'default')).toEqual(defaultPipeline('acme'));
    await expectError(t.desk.pipelines.get(t.carla, 'default'), 'FORBIDDEN');
    await expectError(t.desk.pipelines.list(t.carla), 'FORBIDDEN');
    expect((await t.desk.pipelines.list(t.system)).map((pipeline) => pipeline.id)).toEqual(['default']);
    await t.desk.pipelines.create(t.system, { id: 'a-custom', name: 'A', stages: supportStages });
    expect((await t.desk.pipelines.list(t.system)).map((pipeline) => pipeline.id)).toEqual([
      'default',
      'a-custom',
    ]);
    await expectError(t.desk.pipelines.get(t.system, 'nope'), 'NOT_FOUND');
  });

  it('default - a stored `default` replaces the built-in pipeline for new tickets', async () => {
    const t = await testDesk();
    const custom = await t.desk.pipelines.create(t.system, {
      id: 'default',
      name: 'Ours',
      stages: supportStages,
    });
    expect(await t.desk.pipelines.get(t.system, 'default')).toEqual(custom);
    expect(await t.desk.pipelines.list(t.system)).toEqual([custom]);
    const ticket = await t.open();
    expect(await t.get(ticket.id)).toMatchObject({ pipelineId: 'default', stageId: 'inbox' });
    await t.desk.tickets.reply(t.ada, ticket.id, { body: 'Hi' });
    expect((await t.get(ticket.id)).stageId).toBe('working');
  });

  it('default - updating `default` before it was stored stores an edited copy of the built-in one', async () => {
    const t = await testDesk();
    const builtIn = defaultPipeline('acme');
    const updated = await t.desk.pipelines.update(t.system, 'default', { name: 'Helpdesk' });
    expect(updated).toEqual({ ...builtIn, name: 'Helpdesk', version: 1, createdAt: START, updatedAt: START });
    expect(await t.desk.pipelines.get(t.system, 'default')).toEqual(updated);
    await expectError(
      t.desk.pipelines.create(t.system, { id: 'default', name: 'Again', stages: supportStages }),
      'ALREADY_EXISTS',
    );
  });

  it('default - storing `default` cannot strand tickets in stages it drops', async () => {
    const t = await testDesk();
    const ticket = await t.open();
    await t.desk.tickets.transition(t.system, ticket.id, { stageId: 'waiting_on_us' });
    await expectError(
      t.desk.pipelines.create(t.system, { id: 'default', name: 'Ours', stages: supportStages }),
      'INVALID_STATE',
      { pipelineId: 'default', stageId: 'waiting_on_us' },
    );
    expect(await t.desk.pipelines.get(t.system, 'default')).toEqual(defaultPipeline('acme'));
    // The ticket can still move within the pipeline it is in.
    await t.desk.tickets.transition(t.system, ticket.id, { stageId: 'resolved' });
    expect((await t.get(ticket.id)).stageId).toBe('resolved');
  });
});

import { describe, expect, it } from 'vitest';
import { AGENT, expectError, issueCodes, issuePaths, START, TEAM, testDesk } from '../test-support';

describe('agents', () => {
  it('create - stores an agent; teams must exist; ids and emails are unique', async () => {
    const t = await testDesk();
    const agent = await t.desk.agents.create(t.system, {
      name: 'Zoe',
      email: 'Zoe@Acme.test',
      teamIds: [TEAM.support, TEAM.support],
    });
    expect(await t.desk.agents.get(t.ada, agent.id)).toEqual(agent);
    expect(agent).toEqual({
      tenantId: 'acme',
      id: expect.stringMatching(/^agt_/),
      name: 'Zoe',
      email: 'zoe@acme.test',
      teamIds: [TEAM.support],
      status: 'offline',
      active: true,
      skills: [],
      escalationLevel: 1,
      languages: [],
      capacity: { max: 10, perChannel: {} },
      version: 1,
      createdAt: START,
      updatedAt: START,
    });
    const unknownTeam = await expectError(
      t.desk.agents.create(t.system, { name: 'X', teamIds: ['team_nope'] }),
      'VALIDATION_FAILED',
    );
    expect(issueCodes(unknownTeam)).toEqual(['unknown_team']);
    await expectError(t.desk.agents.create(t.system, { id: AGENT.ada, name: 'Ada 2' }), 'ALREADY_EXISTS');
    await expectError(
      t.desk.agents.create(t.system, { name: 'Zoe 2', email: 'zoe@acme.test' }),
      'ALREADY_EXISTS',
    );
    await expectError(t.desk.agents.create(t.carla, { name: 'Me' }), 'FORBIDDEN');
  });

  it('update - changes fields, records them, and keeps emails unique', async () => {
    const t = await testDesk();
    await t.desk.agents.update(t.system, AGENT.cyd, { email: 'cyd@acme.test' });
    const now = t.clock.advance({ minutes: 1 });
    const updated = await t.desk.agents.update(t.system, AGENT.ada, {
      status: 'away',
      teamIds: [TEAM.billing],
      expectedVersion: 1,
    });
    expect(await t.desk.agents.get(t.system, AGENT.ada)).toEqual(updated);
    expect(updated).toMatchObject({ status: 'away', teamIds: [TEAM.billing], version: 2, updatedAt: now });
    expect((await t.storedEvents()).at(-1)).toMatchObject({
      type: 'agent.updated',
      data: {
        changes: [
          { field: 'status', from: 'online', to: 'away' },
          { field: 'teamIds', from: [TEAM.support], to: [TEAM.billing] },
        ],
      },
    });
    await expectError(
      t.desk.agents.update(t.system, AGENT.ada, { email: 'cyd@acme.test' }),
      'ALREADY_EXISTS',
    );
    await expectError(
      t.desk.agents.update(t.system, AGENT.ada, { name: 'A', expectedVersion: 1 }),
      'VERSION_CONFLICT',
    );
    await expectError(t.desk.agents.update(t.system, 'agt_nope', { name: 'A' }), 'NOT_FOUND');
    expect((await t.desk.agents.get(t.system, AGENT.ada)).version).toBe(2);
  });

  it('create / update - skills, escalation level, languages and capacity; languages keep their primary subtag', async () => {
    const t = await testDesk();
    const agent = await t.desk.agents.create(t.system, {
      name: 'Lena',
      teamIds: [TEAM.support],
      skills: [{ name: 'billing', level: 7 }, { name: 'sap' }],
      escalationLevel: 2,
      languages: ['de-AT', 'DE', 'en'],
      capacity: { max: 4, perChannel: { chat: 2 } },
    });
    expect(agent).toMatchObject({
      skills: [
        { name: 'billing', level: 7 },
        { name: 'sap', level: null },
      ],
      escalationLevel: 2,
      languages: ['de', 'en'],
      capacity: { max: 4, perChannel: { chat: 2 } },
    });
    expect(await t.desk.agents.get(t.system, agent.id)).toEqual(agent);
    const updated = await t.desk.agents.update(t.system, agent.id, {
      skills: [],
      capacity: { max: 0 },
      escalationLevel: 3,
    });
    expect(updated).toMatchObject({ skills: [], capacity: { max: 0, perChannel: {} }, escalationLevel: 3 });
    expect((await t.storedEvents()).at(-1)?.data).toEqual({
      changes: [
        { field: 'escalationLevel', from: 2, to: 3 },
        { field: 'skills', from: agent.skills, to: [] },
        { field: 'capacity', from: agent.capacity, to: { max: 0, perChannel: {} } },
      ],
    });
    for (const input of [
      { skills: [{ name: 'sap' }, { name: 'sap', level: 2 }] },
      { skills: [{ name: 'SAP' }] },
      { skills: [{ name: 'sap', level: 11 }] },
      { languages: ['english please'] },
      { capacity: { max: -1 } },
      { capacity: { max: 3, perChannel: { fax: 1 } } },
      { escalationLevel: 0 },
    ]) {
      await expectError(t.desk.agents.update(t.system, agent.id, input as never), 'VALIDATION_FAILED');
    }
  });

  it('list - pages through agents in id order (staff only)', async () => {
    const t = await testDesk();
    const first = await t.desk.agents.list(t.system, { limit: 3 });
    const second = await t.desk.agents.list(t.system, { limit: 3, cursor: first.nextCursor as string });
    expect([...first.items, ...second.items].map((agent) => agent.id)).toEqual([
      AGENT.ada,
      AGENT.bob,
      AGENT.cyd,
      AGENT.eve,
    ]);
    expect(second.nextCursor).toBeNull();
    await expectError(t.desk.agents.list(t.carla), 'FORBIDDEN');
    await expectError(t.desk.agents.get(t.carla, AGENT.ada), 'FORBIDDEN');
  });
});

describe('teams', () => {
  it('create / update - stores and renames teams', async () => {
    const t = await testDesk();
    const team = await t.desk.teams.create(t.system, { name: 'Sales' });
    expect(team.id).toMatch(/^team_/);
    await expectError(t.desk.teams.create(t.system, { id: TEAM.support, name: 'Again' }), 'ALREADY_EXISTS');
    const renamed = await t.desk.teams.update(t.ada, team.id, { name: 'Sales EMEA', expectedVersion: 1 });
    expect(await t.desk.teams.get(t.system, team.id)).toEqual(renamed);
    expect(renamed).toMatchObject({ name: 'Sales EMEA', version: 2 });
    expect(await t.desk.teams.update(t.system, team.id, { name: 'Sales EMEA' })).toEqual(renamed);
    await expectError(
      t.desk.teams.update(t.system, team.id, { name: 'X', expectedVersion: 1 }),
      'VERSION_CONFLICT',
    );
    await expectError(t.desk.teams.update(t.system, 'team_nope', { name: 'X' }), 'NOT_FOUND');
    expect((await t.desk.teams.list(t.system)).map((entry) => entry.id)).toEqual([
      TEAM.billing,
      TEAM.support,
      team.id,
    ]);
    expect((await t.storedEvents()).map((event) => event.type)).toEqual(['team.created', 'team.updated']);
    await expectError(t.desk.teams.list(t.carla), 'FORBIDDEN');
  });
});

describe('routing settings', () => {
  it('settings.update - stores routing as a whole with defaults; duplicate rule ids and bad strategies are VALIDATION_FAILED', async () => {
    const t = await testDesk();
    expect((await t.desk.settings.get(t.system)).settings.routing).toEqual({
      rules: [],
      onCreate: true,
      onReopen: true,
      onAgentOffline: 'keep',
      defaultStrategy: { type: 'least_loaded' },
    });
    const { settings } = await t.desk.settings.update(t.system, {
      routing: { rules: [{ id: 'a', strategy: { type: 'spare_capacity' } }], onAgentOffline: 'reroute' },
    });
    expect(settings.routing).toEqual({
      rules: [
        {
          id: 'a',
          name: null,
          conditions: {},
          teamId: null,
          strategy: { type: 'spare_capacity', measure: 'absolute' },
          requirements: {
            skills: [],
            skillFromCategory: false,
            skillsFromTags: [],
            language: null,
            minLevel: null,
          },
          fallback: 'queue',
        },
      ],
      onCreate: true,
      onReopen: true,
      onAgentOffline: 'reroute',
      defaultStrategy: { type: 'least_loaded' },
    });
    const duplicate = await expectError(
      t.desk.settings.update(t.system, {
        routing: {
          rules: [
            { id: 'a', strategy: { type: 'manual' } },
            { id: 'a', strategy: { type: 'manual' } },
          ],
        },
      }),
      'VALIDATION_FAILED',
    );
    expect(issuePaths(duplicate)).toEqual(['routing.rules.1.id']);
    for (const strategy of [
      { type: 'random' },
      { type: 'department', teams: {}, assign: { type: 'department', teams: {} } },
      { type: 'round_robin', extra: true },
    ]) {
      await expectError(
        t.desk.settings.update(t.system, { routing: { rules: [{ id: 'b', strategy: strategy as never }] } }),
        'VALIDATION_FAILED',
      );
    }
  });
});

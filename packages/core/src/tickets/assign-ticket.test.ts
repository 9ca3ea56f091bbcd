import { describe, expect, it } from 'vitest';
import { AGENT, expectError, issueCodes, TEAM, testDesk, typesOf } from '../test-support';

describe('tickets.assign', () => {
  it("assign - naming only an agent moves an unteamed ticket to the agent's first team", async () => {
    const t = await testDesk();
    const ticket = await t.open();
    const now = t.clock.advance({ minutes: 1 });
    const assigned = await t.desk.tickets.assign(t.ada, ticket.id, { assigneeId: AGENT.bob });
    expect(await t.get(ticket.id)).toEqual(assigned);
    expect(assigned).toMatchObject({
      assigneeId: AGENT.bob,
      teamId: TEAM.billing,
      reassignCount: 0,
      version: 2,
      updatedAt: now,
    });
    expect((await t.history(ticket.id)).at(-1)).toMatchObject({
      type: 'ticket.assigned',
      actor: { kind: 'agent', id: AGENT.ada },
      data: {
        assigneeId: { from: null, to: AGENT.bob },
        teamId: { from: null, to: TEAM.billing },
        reassignCount: 0,
      },
    });
  });

  it("assign - naming only an agent keeps the ticket's team when the agent is in it", async () => {
    const t = await testDesk();
    const ticket = await t.open({ teamId: TEAM.support });
    await t.desk.tickets.assign(t.system, ticket.id, { assigneeId: AGENT.bob });
    expect(await t.get(ticket.id)).toMatchObject({ assigneeId: AGENT.bob, teamId: TEAM.support });
  });

  it("assign - naming only an agent outside the ticket's team moves it to the agent's team", async () => {
    const t = await testDesk();
    const billing = await t.open({ teamId: TEAM.billing });
    await t.desk.tickets.assign(t.system, billing.id, { assigneeId: AGENT.ada });
    expect(await t.get(billing.id)).toMatchObject({ assigneeId: AGENT.ada, teamId: TEAM.support });
    const support = await t.open({ teamId: TEAM.support });
    await t.desk.tickets.assign(t.system, support.id, { assigneeId: AGENT.cyd });
    // Cyd is in no team: the ticket leaves its team.
    expect(await t.get(support.id)).toMatchObject({ assigneeId: AGENT.cyd, teamId: null });
  });

  it('assign - naming only a team the assignee is not in leaves the ticket unassigned in it', async () => {
    const t = await testDesk();
    const ticket = await t.open({ teamId: TEAM.support, assigneeId: AGENT.ada });
    await t.desk.tickets.assign(t.system, ticket.id, { teamId: TEAM.billing });
    expect(await t.get(ticket.id)).toMatchObject({
      assigneeId: null,
      teamId: TEAM.billing,
      reassignCount: 0,
    });
    expect((await t.history(ticket.id)).at(-1)?.data).toEqual({
      assigneeId: { from: AGENT.ada, to: null },
      teamId: { from: TEAM.support, to: TEAM.billing },
      reassignCount: 0,
    });
  });

  it('assign - naming only a team the assignee is in keeps the assignee', async () => {
    const t = await testDesk();
    const ticket = await t.open({ teamId: TEAM.support, assigneeId: AGENT.bob });
    await t.desk.tickets.assign(t.system, ticket.id, { teamId: TEAM.billing });
    expect(await t.get(ticket.id)).toMatchObject({ assigneeId: AGENT.bob, teamId: TEAM.billing });
  });

  it('assign - naming both requires the agent to be in the team', async () => {
    const t = await testDesk();
    const ticket = await t.open();
    const error = await expectError(
      t.desk.tickets.assign(t.system, ticket.id, { assigneeId: AGENT.ada, teamId: TEAM.billing }),
      'VALIDATION_FAILED',
    );
    expect(issueCodes(error)).toEqual(['not_team_member']);
    expect(await t.get(ticket.id)).toEqual(ticket);
    await t.desk.tickets.assign(t.system, ticket.id, { assigneeId: AGENT.bob, teamId: TEAM.support });
    expect(await t.get(ticket.id)).toMatchObject({ assigneeId: AGENT.bob, teamId: TEAM.support });
  });

  it('assign - null clears the assignee and keeps the team', async () => {
    const t = await testDesk();
    const ticket = await t.open({ teamId: TEAM.support, assigneeId: AGENT.ada });
    await t.desk.tickets.assign(t.system, ticket.id, { assigneeId: null });
    expect(await t.get(ticket.id)).toMatchObject({
      assigneeId: null,
      teamId: TEAM.support,
      reassignCount: 0,
    });
  });

  it('assign - reassignCount counts moves from one agent to another', async () => {
    const t = await testDesk();
    const ticket = await t.open();
    const steps: Array<[string | null, number]> = [
      [AGENT.ada, 0],
      [AGENT.bob, 1],
      [null, 1],
      [AGENT.ada, 1],
      [AGENT.cyd, 2],
    ];
    for (const [assigneeId, count] of steps) {
      await t.desk.tickets.assign(t.system, ticket.id, { assigneeId });
      expect(await t.get(ticket.id)).toMatchObject({ assigneeId, reassignCount: count });
    }
    expect(typesOf(await t.history(ticket.id)).filter((type) => type === 'ticket.assigned')).toHaveLength(5);
  });

  it('assign - assigning the current agent and team again writes nothing', async () => {
    const t = await testDesk();
    const ticket = await t.open({ teamId: TEAM.support, assigneeId: AGENT.ada });
    const result = await t.desk.tickets.assign(t.system, ticket.id, { assigneeId: AGENT.ada });
    expect(result).toEqual(ticket);
    expect(await t.get(ticket.id)).toEqual(ticket);
    expect(typesOf(await t.history(ticket.id))).toEqual(['ticket.created', 'ticket.assigned']);
  });

  it('assign - unknown or inactive agents and unknown teams are VALIDATION_FAILED', async () => {
    const t = await testDesk();
    const ticket = await t.open();
    const cases: Array<[Parameters<typeof t.desk.tickets.assign>[2], string]> = [
      [{ assigneeId: 'agt_nobody' }, 'unknown_agent'],
      [{ assigneeId: AGENT.eve }, 'inactive_agent'],
      [{ teamId: 'team_nowhere' }, 'unknown_team'],
    ];
    for (const [input, code] of cases) {
      const error = await expectError(t.desk.tickets.assign(t.system, ticket.id, input), 'VALIDATION_FAILED');
      expect(issueCodes(error)).toEqual([code]);
    }
    await expectError(t.desk.tickets.assign(t.system, ticket.id, {}), 'VALIDATION_FAILED');
    expect(await t.get(ticket.id)).toEqual(ticket);
  });

  it('assign - customers may not assign (FORBIDDEN)', async () => {
    const t = await testDesk();
    const ticket = await t.open({}, t.carla);
    await expectError(t.desk.tickets.assign(t.carla, ticket.id, { assigneeId: AGENT.ada }), 'FORBIDDEN');
    expect((await t.get(ticket.id)).assigneeId).toBeNull();
  });

  it('assign - closed tickets are final and stale versions conflict', async () => {
    const t = await testDesk();
    const ticket = await t.open();
    await expectError(
      t.desk.tickets.assign(t.system, ticket.id, { assigneeId: AGENT.ada, expectedVersion: 7 }),
      'VERSION_CONFLICT',
      { expectedVersion: 7, actualVersion: 1 },
    );
    await t.desk.tickets.transition(t.system, ticket.id, { stageId: 'closed' });
    await expectError(t.desk.tickets.assign(t.system, ticket.id, { assigneeId: AGENT.ada }), 'INVALID_STATE');
    expect((await t.get(ticket.id)).assigneeId).toBeNull();
  });
});

describe('tickets.assign - team changes around the current assignee', () => {
  it('assign - clearing the team keeps the assignee', async () => {
    const t = await testDesk();
    const ticket = await t.open({ teamId: TEAM.support, assigneeId: AGENT.ada });
    const cleared = await t.desk.tickets.assign(t.system, ticket.id, { teamId: null });
    expect(await t.get(ticket.id)).toMatchObject({ assigneeId: AGENT.ada, teamId: null, version: 2 });
    expect(cleared).toMatchObject({ assigneeId: AGENT.ada, teamId: null });
  });

  it('assign - an unchanged assignee who was deactivated can still move between their teams', async () => {
    const t = await testDesk();
    const ticket = await t.open({ teamId: TEAM.billing, assigneeId: AGENT.bob });
    await t.desk.agents.update(t.system, AGENT.bob, { active: false });
    await t.desk.tickets.assign(t.system, ticket.id, { teamId: TEAM.support });
    expect(await t.get(ticket.id)).toMatchObject({ assigneeId: AGENT.bob, teamId: TEAM.support });
    const error = await expectError(
      t.desk.tickets.assign(t.system, ticket.id, { assigneeId: AGENT.eve }),
      'VALIDATION_FAILED',
    );
    expect(issueCodes(error)).toEqual(['inactive_agent']);
  });
});

import { describe, expect, it } from 'vitest';
import { actorRef } from '../actors';
import { defaultIdGenerator } from '../ids';
import type { DeskContext } from '../internal/desk-context';
import { KnownCustomers } from '../internal/known-customers';
import { TicketHooks } from '../internal/ticket-hooks';
import { TicketNumbers } from '../internal/ticket-numbers';
import { PipelineCache } from '../pipelines/pipeline-cache';
import { JobRegistry } from '../scheduler/job-registry';
import { SettingsStore } from '../settings/settings-store';
import { StorageGateway } from '../storage/gateway';
import { AGENT, expectError, START, TEAM, TENANT, type TestDesk, testDesk, typesOf } from '../test-support';
import { nextVersionOf, saveTicket } from '../tickets/ticket-access';
import { reassignThroughRouting } from './reassign-through-routing';
import { routingHook } from './routing-hook';
import type { RoutingSettingsInput } from './routing-settings';

/** Support with least loaded, for every ticket. */
const LEAST_LOADED: RoutingSettingsInput = {
  rules: [{ id: 'support', teamId: TEAM.support, strategy: { type: 'least_loaded' } }],
};

async function routingDesk(routing: RoutingSettingsInput = LEAST_LOADED) {
  return testDesk({ settings: { routing } });
}

/** A second desk context over the test desk's storage, as another engine's command sees it. */
function engineContext(t: TestDesk): DeskContext {
  const gateway = new StorageGateway(t.storage, t.logger, () => {});
  const desk: DeskContext = {
    gateway,
    clock: t.clock,
    newId: defaultIdGenerator,
    settings: new SettingsStore({}, { clock: t.clock, maxAgeMs: 0 }),
    jobs: new JobRegistry(defaultIdGenerator),
    ticketHooks: new TicketHooks(),
    knownCustomers: new KnownCustomers(),
    pipelines: new PipelineCache({ clock: t.clock, maxAgeMs: 0 }),
    ticketNumbers: new TicketNumbers((tenantId, count) =>
      gateway.read((storage) => storage.tickets.nextNumber(tenantId, count)),
    ),
  };
  desk.ticketHooks.add(routingHook(desk));
  return desk;
}

async function load(t: TestDesk, agentId: string): Promise<number> {
  return (await t.desk.routing.load(t.system, agentId)).total;
}

async function queueOf(t: TestDesk, teamId: string = TEAM.support): Promise<string[]> {
  return (await t.desk.routing.queue(t.system, { teamId, limit: 200 })).items.map((entry) => entry.ticketId);
}

describe('routing decisions', () => {
  it('tickets.create - a routed ticket records ticket.routed (rule, candidates, winner) and ticket.assigned', async () => {
    const t = await routingDesk();
    const ticket = await t.open();
    expect(ticket).toMatchObject({ teamId: TEAM.support, assigneeId: AGENT.ada, reassignCount: 0 });
    const history = await t.history(ticket.id);
    expect(typesOf(history)).toEqual(['ticket.created', 'ticket.routed', 'ticket.assigned']);
    expect(history[1]).toEqual({
      tenantId: TENANT,
      id: expect.any(String),
      type: 'ticket.routed',
      occurredAt: START,
      actor: { kind: 'system', id: null },
      ticketId: ticket.id,
      data: {
        trigger: 'create',
        ruleId: 'support',
        strategy: 'least_loaded',
        teamId: TEAM.support,
        assigneeId: AGENT.ada,
        reason: 'Least loaded: 0 of 10 tickets, the fewest among 1 eligible',
        candidates: [
          { agentId: AGENT.ada, excluded: null, load: 0, capacity: 10 },
          { agentId: AGENT.bob, excluded: 'offline', load: 0, capacity: 10 },
          { agentId: AGENT.eve, excluded: 'inactive', load: 0, capacity: 10 },
        ],
        omittedCandidates: 0,
        passedRules: [],
      },
    });
    expect(history[2]?.data).toEqual({
      assigneeId: { from: null, to: AGENT.ada },
      teamId: { from: null, to: TEAM.support },
      reassignCount: 0,
    });
    expect(await load(t, AGENT.ada)).toBe(1);
    expect(await t.desk.routing.explain(t.ada, ticket.id)).toEqual(history[1]);
  });

  it('tickets.create - no routing without rules, with onCreate off, or when the creator names an agent', async () => {
    const plain = await testDesk();
    expect((await plain.open({ teamId: TEAM.support })).assigneeId).toBeNull();
    const off = await routingDesk({ ...LEAST_LOADED, onCreate: false });
    expect((await off.open()).assigneeId).toBeNull();
    const named = await routingDesk();
    const ticket = await named.open({ assigneeId: AGENT.bob });
    expect(typesOf(await named.history(ticket.id))).toEqual(['ticket.created', 'ticket.assigned']);
    expect(await named.desk.routing.explain(named.system, ticket.id)).toBeNull();
    // A manual assignment counts toward load even for an offline agent.
    expect(await load(named, AGENT.bob)).toBe(1);
  });

  it('rules - the first matching rule decides; conditions read the ticket, its requester and its escalation level', async () => {
    const t = await routingDesk({
      rules: [
        {
          id: 'gold',
          conditions: { requesterAttributes: { tier: 'gold' } },
          teamId: TEAM.billing,
          strategy: { type: 'manual' },
        },
        {
          id: 'urgent',
          conditions: { priorities: ['urgent'] },
          teamId: TEAM.support,
          strategy: { type: 'manual' },
        },
        {
          id: 'escalated',
          conditions: { escalationLevels: [2, 3] },
          teamId: TEAM.billing,
          strategy: { type: 'manual' },
        },
      ],
    });
    await t.desk.customers.update(t.system, t.danId, { attributes: { tier: 'gold' } });
    const gold = await t.open({ requesterId: t.danId, priority: 'urgent' });
    const urgent = await t.open({ priority: 'urgent' });
    const other = await t.open({ priority: 'low' });
    expect([gold.teamId, urgent.teamId, other.teamId]).toEqual([TEAM.billing, TEAM.support, null]);
    expect((await t.desk.routing.explain(t.system, urgent.id))?.data.ruleId).toBe('urgent');
    expect(await t.desk.routing.explain(t.system, other.id)).toBeNull();
  });

  it('rules - fallback next_rule passes the ticket on, and the decision lists the rules that passed', async () => {
    const t = await routingDesk({
      rules: [
        {
          id: 'sap-experts',
          teamId: TEAM.support,
          strategy: { type: 'skills' },
          requirements: { skills: [{ skill: 'sap' }] },
          fallback: 'next_rule',
        },
        { id: 'anyone', teamId: TEAM.support, strategy: { type: 'least_loaded' } },
      ],
    });
    const ticket = await t.open();
    expect(ticket.assigneeId).toBe(AGENT.ada);
    const decision = await t.desk.routing.explain(t.system, ticket.id);
    expect(decision?.data).toMatchObject({
      ruleId: 'anyone',
      passedRules: [
        {
          ruleId: 'sap-experts',
          teamId: TEAM.support,
          reason: 'Nobody eligible has room among 3 members (1 missing skills, 1 offline, 1 inactive)',
        },
      ],
    });
  });

  it('routing.failed - every failure says why and leaves the ticket as it was, or in the team with fallback unassigned', async () => {
    const t = await routingDesk({
      rules: [
        {
          id: 'ghost',
          conditions: { tagsAny: ['ghost'] },
          teamId: 'team_gone',
          strategy: { type: 'least_loaded' },
        },
        { id: 'teamless', conditions: { tagsAny: ['teamless'] }, strategy: { type: 'least_loaded' } },
        {
          id: 'nobody',
          conditions: { tagsAny: ['nobody'] },
          teamId: TEAM.billing,
          strategy: { type: 'least_loaded' },
          fallback: 'unassigned',
        },
        {
          id: 'passes',
          conditions: { tagsAny: ['passes'] },
          teamId: TEAM.billing,
          strategy: { type: 'least_loaded' },
          fallback: 'next_rule',
        },
      ],
      onCreate: false,
    });
    const failures: Record<string, unknown> = {};
    for (const tag of ['ghost', 'teamless', 'nobody', 'passes']) {
      const ticket = await t.open({ tags: [tag] });
      const result = await t.desk.routing.route(t.ada, ticket.id);
      failures[tag] = { outcome: result.outcome, failure: result.failure, teamId: result.ticket.teamId };
      const [event] = (await t.history(ticket.id)).filter((entry) => entry.type === 'routing.failed');
      expect(event?.data).toMatchObject({ failure: result.failure, trigger: 'on_demand' });
      expect(event?.actor).toEqual(actorRef(t.ada));
    }
    expect(failures).toEqual({
      ghost: { outcome: 'failed', failure: 'unknown_team', teamId: null },
      teamless: { outcome: 'failed', failure: 'no_team', teamId: null },
      nobody: { outcome: 'team_only', failure: 'no_eligible_agent', teamId: TEAM.billing },
      passes: { outcome: 'failed', failure: 'no_eligible_agent', teamId: null },
    });
    const unmatched = await t.open();
    expect(await t.desk.routing.route(t.system, unmatched.id)).toMatchObject({
      outcome: 'failed',
      failure: 'no_matching_rule',
    });
  });

  it('routing.route - without a matching rule, routes within the ticket team by the default strategy', async () => {
    const t = await testDesk();
    const ticket = await t.open({ teamId: TEAM.support });
    const result = await t.desk.routing.route(t.system, ticket.id);
    expect(result).toMatchObject({
      outcome: 'assigned',
      ticket: { assigneeId: AGENT.ada, version: 2 },
      decision: { ruleId: null, strategy: 'least_loaded', trigger: 'on_demand' },
    });
    expect(await t.get(ticket.id)).toEqual(result.ticket);
  });

  it('routing.route - routes an assigned ticket again: its own slot is free; a move counts as a reassignment', async () => {
    const t = await routingDesk({
      rules: [{ id: 'rr', teamId: TEAM.support, strategy: { type: 'round_robin' } }],
    });
    await t.desk.agents.update(t.system, AGENT.ada, { capacity: { max: 1 } });
    const ticket = await t.open();
    expect(ticket.assigneeId).toBe(AGENT.ada);
    // Ada is at capacity with this very ticket, yet may keep it.
    const again = await t.desk.routing.route(t.system, ticket.id);
    expect(again).toMatchObject({ outcome: 'assigned', ticket: { assigneeId: AGENT.ada, version: 1 } });
    expect(again.decision.candidates[0]).toEqual({
      agentId: AGENT.ada,
      excluded: null,
      load: 0,
      capacity: 1,
    });
    await t.desk.agents.update(t.system, AGENT.bob, { status: 'online' });
    const moved = await t.desk.routing.route(t.system, ticket.id);
    expect(moved.ticket).toMatchObject({ assigneeId: AGENT.bob, reassignCount: 1 });
    expect([await load(t, AGENT.ada), await load(t, AGENT.bob)]).toEqual([0, 1]);
    await expectError(t.desk.routing.route(t.system, ticket.id, { expectedVersion: 1 }), 'VERSION_CONFLICT');
    await expectError(t.desk.routing.route(t.carla, ticket.id), 'FORBIDDEN');
    await t.desk.tickets.transition(t.system, ticket.id, { stageId: 'resolved' });
    await expectError(t.desk.routing.route(t.system, ticket.id), 'INVALID_STATE', { category: 'resolved' });
    await expectError(t.desk.routing.route(t.system, 'tkt_nope'), 'NOT_FOUND');
  });

  it('routing.preview - says what routing would do, and changes nothing', async () => {
    const t = await routingDesk({
      rules: [{ id: 'rr', teamId: TEAM.support, strategy: { type: 'round_robin' } }],
      onCreate: false,
    });
    const ticket = await t.open();
    const before = await t.storedEvents();
    const preview = await t.desk.routing.preview(t.ada, ticket.id);
    expect(preview).toEqual({
      outcome: 'assigned',
      failure: null,
      decision: expect.objectContaining({ ruleId: 'rr', strategy: 'round_robin', assigneeId: AGENT.ada }),
    });
    expect(await t.get(ticket.id)).toEqual(ticket);
    expect(await t.storedEvents()).toEqual(before);
    expect(await load(t, AGENT.ada)).toBe(0);
    const cycle = await t.storage.transaction((tx) =>
      tx.roundRobin.getForUpdate(TENANT, TEAM.support, START),
    );
    expect(cycle.served).toEqual([]);
    await t.desk.agents.update(t.system, AGENT.ada, { status: 'away' });
    expect(await t.desk.routing.preview(t.system, ticket.id)).toMatchObject({ outcome: 'queued' });
    expect(await queueOf(t)).toEqual([]);
    await expectError(t.desk.routing.preview(t.carla, ticket.id), 'FORBIDDEN');
  });

  it('eligibility - per-channel caps, language from a custom field, agents excluded by the caller', async () => {
    const t = await routingDesk({
      rules: [
        {
          id: 'lang',
          teamId: TEAM.support,
          strategy: { type: 'least_loaded' },
          requirements: { language: { customField: 'language' }, minLevel: 'ticket' },
        },
      ],
    });
    await t.desk.agents.update(t.system, AGENT.bob, {
      status: 'online',
      languages: ['pt-BR'],
      escalationLevel: 2,
    });
    await t.desk.agents.update(t.system, AGENT.ada, {
      languages: ['pt'],
      capacity: { max: 5, perChannel: { chat: 1 } },
    });
    const chat = await t.open({ channel: 'chat', customFields: { language: 'pt-PT' } });
    expect(chat.assigneeId).toBe(AGENT.ada);
    const secondChat = await t.open({ channel: 'chat', customFields: { language: 'pt' } });
    expect(secondChat.assigneeId).toBe(AGENT.bob);
    const candidates = (await t.desk.routing.explain(t.system, secondChat.id))?.data.candidates;
    expect(candidates?.find((candidate) => candidate.agentId === AGENT.ada)?.excluded).toBe(
      'channel_at_capacity',
    );
    const german = await t.open({ customFields: { language: 'de' } });
    expect(german).toMatchObject({ assigneeId: null, teamId: TEAM.support });
    expect(await t.desk.routing.explain(t.system, german.id)).toMatchObject({ type: 'ticket.queued' });
    const ticket = await t.open({ customFields: { language: 'pt' } });
    expect(ticket.assigneeId).toBe(AGENT.ada);
    const excluded = await t.desk.routing.route(t.system, ticket.id, { excludeAgentIds: [AGENT.ada] });
    expect(excluded.ticket.assigneeId).toBe(AGENT.bob);
    expect(excluded.decision.candidates.find((candidate) => candidate.agentId === AGENT.ada)?.excluded).toBe(
      'excluded',
    );
  });
});

describe('routing and the ticket lifecycle', () => {
  it('load - counts open tickets only: pending and resolved release the slot; back to open takes it again, beyond capacity if need be', async () => {
    const t = await testDesk();
    await t.desk.agents.update(t.system, AGENT.ada, { capacity: { max: 1 } });
    const first = await t.open({ assigneeId: AGENT.ada, channel: 'chat' });
    const second = await t.open({ assigneeId: AGENT.ada });
    expect(await t.desk.routing.load(t.system, AGENT.ada)).toEqual({
      tenantId: TENANT,
      agentId: AGENT.ada,
      total: 2,
      byChannel: { chat: 1, api: 1 },
      lastAssignedAt: START,
    });
    await t.desk.tickets.transition(t.system, first.id, { stageId: 'waiting_on_customer' });
    expect(await load(t, AGENT.ada)).toBe(1);
    await t.desk.tickets.reply(t.carla, first.id, { body: 'Here you go' });
    expect(await load(t, AGENT.ada)).toBe(2);
    await t.desk.tickets.transition(t.system, second.id, { stageId: 'resolved' });
    await t.desk.tickets.assign(t.system, first.id, { assigneeId: null });
    expect(await load(t, AGENT.ada)).toBe(0);
    const merged = await t.open({ assigneeId: AGENT.ada });
    await t.desk.tickets.merge(t.system, merged.id, { targetId: second.id });
    expect(await load(t, AGENT.ada)).toBe(0);
    await expectError(t.desk.routing.load(t.system, 'agt_nope'), 'NOT_FOUND');
  });

  it('load - with an SLA policy, a ticket counts while one of its SLA clocks runs', async () => {
    const t = await testDesk({
      settings: {
        sla: {
          policies: [
            {
              id: 'std',
              name: 'Standard',
              targets: { fallback: { firstResponseMinutes: 60, hours: '24x7' } },
            },
          ],
        },
      },
    });
    const ticket = await t.open({ assigneeId: AGENT.ada });
    const running = (stored: Awaited<ReturnType<typeof t.get>>) =>
      stored.sla?.clocks.filter((clock) => clock.status === 'running').map((clock) => clock.metric);
    expect(running(await t.get(ticket.id))).toEqual(['first_response', 'resolution']);
    expect(await load(t, AGENT.ada)).toBe(1);
    await t.desk.tickets.reply(t.ada, ticket.id, { body: 'On it' });
    expect(running(await t.get(ticket.id))).toEqual(['resolution', 'periodic_update']);
    expect(await load(t, AGENT.ada)).toBe(1);
    await t.desk.tickets.transition(t.system, ticket.id, { stageId: 'waiting_on_customer' });
    expect(running(await t.get(ticket.id))).toEqual([]);
    expect(await load(t, AGENT.ada)).toBe(0);
  });

  it('reopen - a reopened ticket stays with its agent while online, even at capacity; else the rules route it', async () => {
    const t = await routingDesk();
    const ticket = await t.open();
    await t.desk.tickets.transition(t.system, ticket.id, { stageId: 'resolved' });
    await t.desk.agents.update(t.system, AGENT.ada, { capacity: { max: 1 } });
    expect((await t.open()).assigneeId).toBe(AGENT.ada);
    await t.desk.tickets.reply(t.carla, ticket.id, { body: 'Still broken' });
    expect((await t.get(ticket.id)).assigneeId).toBe(AGENT.ada);
    expect(await load(t, AGENT.ada)).toBe(2);
    expect((await t.desk.routing.explain(t.system, ticket.id))?.data).toMatchObject({
      trigger: 'reopen',
      strategy: 'previous_assignee',
      assigneeId: AGENT.ada,
      candidates: [{ agentId: AGENT.ada, excluded: null, load: 1, capacity: 1 }],
    });
    await t.desk.tickets.transition(t.system, ticket.id, { stageId: 'resolved' });
    await t.desk.agents.update(t.system, AGENT.ada, { status: 'away' });
    await t.desk.agents.update(t.system, AGENT.bob, { status: 'online' });
    await t.desk.tickets.reply(t.carla, ticket.id, { body: 'Broken again' });
    expect(await t.get(ticket.id)).toMatchObject({ assigneeId: AGENT.bob, reassignCount: 1 });
    expect([await load(t, AGENT.ada), await load(t, AGENT.bob)]).toEqual([1, 1]);
    expect((await t.desk.routing.explain(t.system, ticket.id))?.data).toMatchObject({
      trigger: 'reopen',
      ruleId: 'support',
    });
  });

  it('queue - priority changes reorder it; an assignment, a team change or resolving takes a ticket out', async () => {
    const t = await routingDesk();
    await t.desk.agents.update(t.system, AGENT.ada, { status: 'offline' });
    const [a, b, c, d] = [await t.open(), await t.open(), await t.open(), await t.open()];
    if (a === undefined || b === undefined || c === undefined || d === undefined)
      throw new Error('not opened');
    expect(await queueOf(t)).toEqual([a.id, b.id, c.id, d.id]);
    await t.desk.tickets.update(t.system, c.id, { priority: 'urgent' });
    expect(await queueOf(t)).toEqual([c.id, a.id, b.id, d.id]);
    await t.desk.tickets.assign(t.system, a.id, { assigneeId: AGENT.bob });
    await t.desk.tickets.assign(t.system, b.id, { teamId: TEAM.billing });
    await t.desk.tickets.transition(t.system, d.id, { stageId: 'resolved' });
    expect(await queueOf(t)).toEqual([c.id]);
    const page = await t.desk.routing.queue(t.system, { teamId: TEAM.support, limit: 1 });
    expect(page).toEqual({
      items: [expect.objectContaining({ ticketId: c.id, priority: 'urgent' })],
      nextCursor: null,
    });
  });

  it('queue - pages with a cursor; an agent coming online takes what fits; processQueue applies new rules', async () => {
    const sapOnly: RoutingSettingsInput = {
      rules: [
        {
          id: 'sap',
          teamId: TEAM.support,
          strategy: { type: 'least_loaded' },
          requirements: { skills: [{ skill: 'sap' }] },
        },
      ],
    };
    const t = await routingDesk(sapOnly);
    const ids: string[] = [];
    for (let index = 0; index < 4; index++) ids.push((await t.open()).id);
    const first = await t.desk.routing.queue(t.system, { teamId: TEAM.support, limit: 3 });
    const second = await t.desk.routing.queue(t.system, {
      teamId: TEAM.support,
      limit: 3,
      cursor: first.nextCursor as string,
    });
    expect([...first.items, ...second.items].map((entry) => entry.ticketId)).toEqual(ids);
    expect(second.nextCursor).toBeNull();
    await expectError(
      t.desk.routing.queue(t.system, { teamId: TEAM.billing, cursor: first.nextCursor as string }),
      'VALIDATION_FAILED',
    );
    // Bob comes online with sap and room for 2: he takes the two oldest at once.
    await t.desk.agents.update(t.system, AGENT.bob, {
      status: 'online',
      skills: [{ name: 'sap' }],
      capacity: { max: 2 },
    });
    expect(await queueOf(t)).toEqual(ids.slice(2));
    // Routing cannot see a rule change by itself; processQueue retries with the new rules.
    await t.desk.settings.update(t.system, { routing: LEAST_LOADED });
    expect(await queueOf(t)).toEqual(ids.slice(2));
    expect(await t.desk.routing.processQueue(t.system)).toEqual({ assigned: 2 });
    expect(await t.desk.routing.processQueue(t.system, { teamId: TEAM.support })).toEqual({ assigned: 0 });
    expect((await Promise.all(ids.map((id) => t.get(id)))).map((ticket) => ticket.assigneeId)).toEqual([
      AGENT.bob,
      AGENT.bob,
      AGENT.ada,
      AGENT.ada,
    ]);
    await expectError(t.desk.routing.processQueue(t.carla), 'FORBIDDEN');
  });

  it('reassignThroughRouting - escalation routes the escalated ticket by the rules; minLevel ticket needs its level', async () => {
    const t = await routingDesk({
      rules: [
        {
          id: 'level-2',
          conditions: { escalationLevels: [2] },
          teamId: TEAM.support,
          strategy: { type: 'priority' },
          requirements: { minLevel: 'ticket' },
        },
      ],
    });
    await t.desk.agents.update(t.system, AGENT.bob, { status: 'online', escalationLevel: 2 });
    const ticket = await t.open({ assigneeId: AGENT.ada, teamId: TEAM.support });
    // Run as the escalation engine would: in its own command, then save.
    const engine = engineContext(t);
    const outcome = await engine.gateway.command(async (command) => {
      const before = await command.tx.tickets.getForUpdate(TENANT, ticket.id);
      if (before === null) throw new Error('missing');
      const now = engine.clock.now();
      const after = { ...nextVersionOf(before, now), escalationLevel: 2 };
      const result = await reassignThroughRouting(engine, command, {
        before,
        after,
        actor: { kind: 'system', id: null },
        now,
      });
      await saveTicket(engine, command, { before, after, actor: { kind: 'system', id: null }, now });
      return result;
    });
    expect(outcome).toMatchObject({ kind: 'assigned', agentId: AGENT.bob });
    expect(await t.storage.tickets.get(TENANT, ticket.id)).toMatchObject({
      assigneeId: AGENT.bob,
      escalationLevel: 2,
      reassignCount: 1,
    });
    expect((await t.desk.routing.explain(t.system, ticket.id))?.data).toMatchObject({
      trigger: 'escalation',
      ruleId: 'level-2',
      candidates: [
        { agentId: AGENT.bob, excluded: null },
        { agentId: AGENT.ada, excluded: 'below_level' },
        { agentId: AGENT.eve, excluded: 'inactive' },
      ],
    });
    expect([await load(t, AGENT.ada), await load(t, AGENT.bob)]).toEqual([0, 1]);
  });

  it('escalation.escalate - a ticket moved to the level team without an agent there gets one through routing', async () => {
    const t = await testDesk({
      settings: {
        escalation: {
          levels: [
            { id: 'l1', name: 'L1', teamId: TEAM.support },
            { id: 'l2', name: 'L2', teamId: TEAM.billing },
          ],
        },
      },
    });
    await t.desk.agents.update(t.system, AGENT.bob, { status: 'online' });
    const ticket = await t.open({ teamId: TEAM.support, assigneeId: AGENT.ada });
    const escalated = await t.desk.escalation.escalate(t.ada, ticket.id, { note: 'Needs billing access' });
    expect(escalated).toMatchObject({ escalationLevel: 2, teamId: TEAM.billing, assigneeId: AGENT.bob });
    expect(await t.get(ticket.id)).toMatchObject({
      teamId: TEAM.billing,
      assigneeId: AGENT.bob,
      reassignCount: 1,
    });
    expect((await t.desk.routing.explain(t.system, ticket.id))?.data).toMatchObject({
      trigger: 'escalation',
      ruleId: null,
      strategy: 'least_loaded',
      teamId: TEAM.billing,
      assigneeId: AGENT.bob,
    });
    expect([await load(t, AGENT.ada), await load(t, AGENT.bob)]).toEqual([0, 1]);
  });

  it('rollback - a command that fails after routing leaves no slot, queue entry or cycle behind', async () => {
    let failAppend = false;
    const t = await testDesk({
      settings: {
        routing: { rules: [{ id: 'rr', teamId: TEAM.support, strategy: { type: 'round_robin' } }] },
      },
      storage: (memory) => ({
        ...memory,
        transaction: (run) =>
          memory.transaction((tx) =>
            run({
              ...tx,
              events: {
                ...tx.events,
                append: async (events) => {
                  if (failAppend) throw new Error('disk full');
                  await tx.events.append(events);
                },
              },
            }),
          ),
      }),
    });
    await t.desk.agents.update(t.system, AGENT.ada, { capacity: { max: 1 } });
    const held = await t.open();
    expect(held.assigneeId).toBe(AGENT.ada);
    failAppend = true;
    // One create that routes to Ada would need her slot: a failing transfer must keep it with `held`.
    await expectError(
      t.desk.routing.route(t.system, held.id, { excludeAgentIds: [AGENT.ada] }),
      'STORAGE_FAILURE',
    );
    await expectError(t.open(), 'STORAGE_FAILURE');
    failAppend = false;
    expect(await t.storage.agentLoads.holding(TENANT, held.id)).toMatchObject({ agentId: AGENT.ada });
    expect(await load(t, AGENT.ada)).toBe(1);
    expect(await queueOf(t)).toEqual([]);
    expect((await t.desk.tickets.list(t.system)).items.map((ticket) => ticket.id)).toEqual([held.id]);
    const cycle = await t.storage.transaction((tx) =>
      tx.roundRobin.getForUpdate(TENANT, TEAM.support, START),
    );
    expect(cycle.served).toEqual([AGENT.ada]);
  });
});

describe('teams.members', () => {
  it('members - the agents of a team, active or not, in id order', async () => {
    const t = await testDesk();
    expect((await t.desk.teams.members(t.ada, TEAM.support)).map((agent) => agent.id)).toEqual([
      AGENT.ada,
      AGENT.bob,
      AGENT.eve,
    ]);
    await expectError(t.desk.teams.members(t.system, 'team_nope'), 'NOT_FOUND');
    await expectError(t.desk.teams.members(t.carla, TEAM.support), 'FORBIDDEN');
  });
});

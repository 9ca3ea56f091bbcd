import { describe, expect, it } from 'vitest';
import type { AnyTicketkitEvent, TicketkitEvent } from '../events';
import type { SlaSettingsInput } from '../sla/sla-settings';
import { AGENT, expectError, START, TEAM, type TestDesk, testDesk, typesOf } from '../test-support';
import { stageTimerKey } from './escalation-engine';
import type { EscalationSettingsInput } from './escalation-settings';

const MINUTE = 60_000;
const at = (minutes: number) => new Date(START.getTime() + minutes * MINUTE);

const SLA: SlaSettingsInput = {
  policies: [
    {
      id: 'all',
      name: 'Everyone, 24/7',
      targets: {
        urgent: { firstResponseMinutes: 15, resolutionMinutes: 120, hours: '24x7' },
        fallback: { firstResponseMinutes: 60, resolutionMinutes: 480, hours: '24x7' },
      },
    },
  ],
};

const LEVELS: EscalationSettingsInput['levels'] = [
  { id: 'l1', name: 'L1 frontline', teamId: TEAM.support },
  { id: 'l2', name: 'L2 specialist', teamId: TEAM.billing, memberIds: [AGENT.bob] },
  { id: 'l3', name: 'L3 team lead' },
];

async function escalationDesk(
  escalation: EscalationSettingsInput,
  sla: SlaSettingsInput = SLA,
): Promise<TestDesk> {
  return testDesk({ settings: { sla, escalation: { levels: LEVELS, ...escalation } } });
}

function raised(events: readonly AnyTicketkitEvent[]): Array<TicketkitEvent<'escalation.raised'>> {
  return events.filter(
    (event): event is TicketkitEvent<'escalation.raised'> => event.type === 'escalation.raised',
  );
}

describe('escalation settings', () => {
  it('settings.get - every tenant starts with levels L1 to L5 and no policy', async () => {
    const t = await testDesk();
    const { settings } = await t.desk.settings.get(t.system);
    expect(settings.escalation.levels.map((level) => level.name)).toEqual([
      'L1 frontline',
      'L2 specialist',
      'L3 team lead',
      'L4 manager',
      'L5 executive',
    ]);
    expect(settings.escalation).toMatchObject({ policies: [], deescalateOnResolve: false });
  });

  it('settings.update - a level naming an unknown team is VALIDATION_FAILED and nothing is stored', async () => {
    const t = await testDesk();
    const error = await expectError(
      t.desk.settings.update(t.system, {
        escalation: { levels: [{ id: 'l1', name: 'L1', teamId: 'nope' }] },
      }),
      'VALIDATION_FAILED',
    );
    expect(error.details.issues).toEqual([
      expect.objectContaining({ path: ['escalation', 'levels', 0, 'teamId'] }),
    ]);
    expect((await t.desk.settings.get(t.system)).version).toBe(0);
  });

  it('settings.update - raise_level past the last level and duplicate ids are VALIDATION_FAILED', async () => {
    const t = await testDesk();
    await expectError(
      t.desk.settings.update(t.system, {
        escalation: {
          levels: [{ id: 'l1', name: 'L1' }],
          policies: [
            { id: 'p', name: 'P', trigger: { type: 'manual' }, actions: [{ type: 'raise_level', level: 2 }] },
          ],
        },
      }),
      'VALIDATION_FAILED',
    );
    await expectError(
      t.desk.settings.update(t.system, {
        escalation: {
          levels: [
            { id: 'l1', name: 'A' },
            { id: 'l1', name: 'B' },
          ],
        },
      }),
      'VALIDATION_FAILED',
    );
  });

  it('settings.update - a time_in_stage trigger needs exactly one of stageId and category', async () => {
    const t = await testDesk();
    await expectError(
      t.desk.settings.update(t.system, {
        escalation: {
          policies: [
            {
              id: 'p',
              name: 'P',
              trigger: { type: 'time_in_stage', minutes: 5 },
              actions: [{ type: 'raise_level' }],
            },
          ],
        },
      }),
      'VALIDATION_FAILED',
    );
  });
});

describe('escalation policies', () => {
  it('scheduler.runDueJobs - an SLA breach raises the level, moves the ticket to the level team, raises the priority and notes why', async () => {
    const t = await escalationDesk({
      policies: [
        {
          id: 'breach',
          name: 'First response breached',
          trigger: { type: 'sla_breach', metric: 'first_response' },
          actions: [
            { type: 'raise_level' },
            { type: 'reassign' },
            { type: 'set_priority', priority: 'urgent' },
            { type: 'add_note', body: 'Escalated: first response breached' },
          ],
        },
      ],
    });
    const ticket = await t.open({ teamId: TEAM.support, assigneeId: AGENT.ada });
    t.clock.set(at(61));
    await t.desk.scheduler.runDueJobs();
    const stored = await t.get(ticket.id);
    expect(stored).toMatchObject({
      escalationLevel: 2,
      escalationCount: 1,
      teamId: TEAM.billing,
      assigneeId: null,
      priority: 'urgent',
      messageCount: 1,
    });
    // The new priority re-targets the running resolution clock: 120 minutes from creation.
    expect(stored.sla?.clocks.find((clock) => clock.metric === 'resolution')).toMatchObject({
      targetMinutes: 120,
      dueAt: at(120).toISOString(),
    });
    const history = await t.history(ticket.id);
    const [event] = raised(history);
    expect(event?.data).toEqual({
      manual: false,
      policyId: 'breach',
      trigger: { type: 'sla_breach', metric: 'first_response' },
      reason: `SLA breached: first_response passed its 60-minute goal at ${at(60).toISOString()}`,
      note: null,
      fromLevel: 1,
      toLevel: 2,
      levelName: 'L2 specialist',
      teamId: TEAM.billing,
      memberIds: [AGENT.bob],
      actions: ['raise_level', 'reassign', 'set_priority', 'add_note'],
      context: { priority: 'urgent', stageId: 'new', assigneeId: null, teamId: TEAM.billing },
    });
    // Reassigned through routing: nobody in billing is online (Bob is offline), so it waits.
    expect(typesOf(history).slice(-7)).toEqual([
      'sla.breached',
      'ticket.assigned',
      'ticket.queued',
      'ticket.updated',
      'message.created',
      'escalation.raised',
      'sla.warning',
    ]);
    expect(history.find((entry) => entry.type === 'ticket.queued')?.data).toMatchObject({
      trigger: 'escalation',
      ruleId: null,
      teamId: TEAM.billing,
      candidates: [{ agentId: AGENT.bob, excluded: 'offline' }],
    });
    const queue = await t.desk.routing.queue(t.system, { teamId: TEAM.billing });
    expect(queue.items.map((entry) => entry.ticketId)).toEqual([ticket.id]);
    const [note] = await t.thread(ticket.id);
    expect(note).toMatchObject({
      visibility: 'internal',
      body: 'Escalated: first response breached',
      author: { kind: 'system' },
    });
    expect(t.published.filter((published) => published.type === 'escalation.raised')).toHaveLength(1);
  });

  it('scheduler.runDueJobs - a warning policy with a percent fires at that threshold only, once', async () => {
    const t = await escalationDesk({
      policies: [
        {
          id: 'warn',
          name: 'Three quarters gone',
          trigger: { type: 'sla_warning', metric: 'first_response', percent: 75 },
          actions: [{ type: 'raise_level' }],
        },
      ],
    });
    const ticket = await t.open();
    t.clock.set(at(31));
    await t.desk.scheduler.runDueJobs();
    expect((await t.get(ticket.id)).escalationLevel).toBe(1);
    t.clock.set(at(46));
    await t.desk.scheduler.runDueJobs();
    t.clock.set(at(90));
    await t.desk.scheduler.runDueJobs();
    expect((await t.get(ticket.id)).escalationLevel).toBe(2);
    expect(raised(await t.history(ticket.id))).toHaveLength(1);
  });

  it('scheduler.runDueJobs - policy conditions limit which tickets escalate', async () => {
    const t = await escalationDesk({
      policies: [
        {
          id: 'vip',
          name: 'VIP breach',
          conditions: { tagsAny: ['vip'] },
          trigger: { type: 'sla_breach', metric: 'first_response' },
          actions: [{ type: 'raise_level', level: 3 }],
        },
      ],
    });
    const vip = await t.open({ tags: ['VIP'] });
    const plain = await t.open();
    t.clock.set(at(61));
    await t.desk.scheduler.runDueJobs();
    expect((await t.get(vip.id)).escalationLevel).toBe(3);
    expect((await t.get(plain.id)).escalationLevel).toBe(1);
  });

  it('tickets.reply - a reopen count reaching the threshold escalates once', async () => {
    const t = await escalationDesk({
      policies: [
        {
          id: 'reopens',
          name: 'Reopened twice',
          trigger: { type: 'reopen_count', atLeast: 2 },
          actions: [{ type: 'raise_level' }],
        },
      ],
    });
    const ticket = await t.open();
    for (let round = 0; round < 3; round++) {
      await t.desk.tickets.transition(t.ada, ticket.id, { stageId: 'resolved' });
      await t.desk.tickets.reply(t.carla, ticket.id, { body: `again ${round}` });
    }
    const stored = await t.get(ticket.id);
    expect(stored).toMatchObject({ reopenCount: 3, escalationLevel: 2, escalationCount: 1 });
    expect(raised(await t.history(ticket.id))[0]?.data.reason).toBe('Reopened 2 times');
  });

  it('tickets.assign - a reassign count reaching the threshold escalates', async () => {
    const t = await escalationDesk({
      policies: [
        {
          id: 'pingpong',
          name: 'Ping-pong',
          trigger: { type: 'reassign_count', atLeast: 2 },
          actions: [{ type: 'raise_level' }],
        },
      ],
    });
    const ticket = await t.open({ assigneeId: AGENT.ada });
    await t.desk.tickets.assign(t.system, ticket.id, { assigneeId: AGENT.bob });
    expect((await t.get(ticket.id)).escalationLevel).toBe(1);
    const moved = await t.desk.tickets.assign(t.system, ticket.id, { assigneeId: AGENT.ada });
    expect(moved).toMatchObject({ reassignCount: 2, escalationLevel: 2, escalationCount: 1 });
    // It fires when the count reaches the threshold, not again on every reassign after it.
    const again = await t.desk.tickets.assign(t.system, ticket.id, { assigneeId: AGENT.bob });
    expect(again).toMatchObject({ reassignCount: 3, escalationLevel: 2, escalationCount: 1 });
  });

  it('tickets.rate - a low satisfaction score escalates a resolved ticket; a good one does not', async () => {
    const t = await escalationDesk({
      policies: [
        {
          id: 'unhappy',
          name: 'Unhappy customer',
          trigger: { type: 'csat', atMost: 2 },
          actions: [
            { type: 'raise_level', level: 3 },
            { type: 'add_note', body: 'Call the customer back' },
          ],
        },
      ],
    });
    const happy = await t.open();
    const unhappy = await t.open();
    for (const ticket of [happy, unhappy])
      await t.desk.tickets.transition(t.ada, ticket.id, { stageId: 'resolved' });
    await t.desk.csat.submit(t.carla, happy.id, { score: 5 });
    expect(await t.get(happy.id)).toMatchObject({ escalationLevel: 1 });
    await t.desk.csat.submit(t.carla, unhappy.id, { score: 1, comment: 'Nobody helped' });
    expect(await t.get(unhappy.id)).toMatchObject({ escalationLevel: 3, escalationCount: 1 });
    const history = await t.history(unhappy.id);
    expect(history.find((event) => event.type === 'csat.submitted')?.data).toMatchObject({
      score: 1,
      comment: 'Nobody helped',
      low: true,
    });
    expect(raised(history)[0]?.data.reason).toBe('Satisfaction rated 1 (at most 2)');
  });

  it('csat.submit - without atMost, a csat policy fires on a score its scale counts as low', async () => {
    const t = await escalationDesk({
      policies: [
        {
          id: 'low',
          name: 'Low score',
          trigger: { type: 'csat' },
          actions: [{ type: 'raise_level', level: 2 }],
        },
      ],
    });
    const middling = await t.open();
    const bad = await t.open();
    for (const ticket of [middling, bad])
      await t.desk.tickets.transition(t.ada, ticket.id, { stageId: 'resolved' });
    await t.desk.csat.submit(t.carla, middling.id, { score: 3 });
    await t.desk.csat.submit(t.carla, bad.id, { score: 2 });
    expect(await t.get(middling.id)).toMatchObject({ escalationLevel: 1, escalationCount: 0 });
    expect(await t.get(bad.id)).toMatchObject({ escalationLevel: 2, escalationCount: 1 });
    expect(raised(await t.history(bad.id))[0]?.data.reason).toBe(
      'Satisfaction rated 2, low on the five_point scale',
    );
  });

  it('scheduler.runDueJobs - too long in a stage escalates; leaving the stage first cancels the timer', async () => {
    const t = await escalationDesk({
      policies: [
        {
          id: 'stuck',
          name: 'Stuck waiting on us',
          trigger: { type: 'time_in_stage', stageId: 'waiting_on_us', minutes: 90 },
          actions: [{ type: 'raise_level' }],
        },
      ],
    });
    const stuck = await t.open();
    const moving = await t.open();
    await t.desk.tickets.transition(t.ada, stuck.id, { stageId: 'waiting_on_us' });
    await t.desk.tickets.transition(t.ada, moving.id, { stageId: 'waiting_on_us' });
    expect(await t.storage.jobs.get('acme', stageTimerKey(moving.id, 'stuck'))).toMatchObject({
      dueAt: at(90),
    });
    t.clock.set(at(30));
    await t.desk.tickets.transition(t.ada, moving.id, { stageId: 'waiting_on_customer' });
    expect(await t.storage.jobs.get('acme', stageTimerKey(moving.id, 'stuck'))).toBeNull();
    t.clock.set(at(91));
    await t.desk.scheduler.runDueJobs();
    expect((await t.get(stuck.id)).escalationLevel).toBe(2);
    expect((await t.get(moving.id)).escalationLevel).toBe(1);
    expect(raised(await t.history(stuck.id))[0]?.data.reason).toBe(
      'In stage waiting_on_us for more than 90 minutes',
    );
  });

  it('tickets.transition - with deescalateOnResolve, resolving brings the ticket back to level 1', async () => {
    const t = await escalationDesk({ deescalateOnResolve: true });
    const ticket = await t.open();
    await t.desk.escalation.escalate(t.ada, ticket.id, {
      note: 'Restarted the service, still down',
      toLevel: 3,
    });
    const resolved = await t.desk.tickets.transition(t.ada, ticket.id, { stageId: 'resolved' });
    expect(resolved).toMatchObject({ escalationLevel: 1, escalationCount: 1 });
    const lowered = (await t.history(ticket.id)).find((event) => event.type === 'escalation.lowered');
    expect(lowered?.data).toEqual({ fromLevel: 3, toLevel: 1, reason: 'resolved' });
  });
});

describe('manual escalation', () => {
  it('escalation.escalate - raises one level, moves to its team, stores the note, and says why', async () => {
    const t = await escalationDesk({
      policies: [
        {
          id: 'manual-high',
          name: 'Manual means high',
          trigger: { type: 'manual' },
          actions: [{ type: 'set_priority', priority: 'high' }],
        },
      ],
    });
    const ticket = await t.open({ teamId: TEAM.support, assigneeId: AGENT.bob });
    t.clock.set(at(5));
    const escalated = await t.desk.escalation.escalate(t.ada, ticket.id, {
      note: 'Cleared the cache; the error persists',
    });
    expect(escalated).toMatchObject({
      escalationLevel: 2,
      escalationCount: 1,
      teamId: TEAM.billing,
      assigneeId: AGENT.bob,
      priority: 'high',
      version: ticket.version + 1,
    });
    expect(await t.get(ticket.id)).toMatchObject({ escalationLevel: 2, priority: 'high' });
    const [note] = await t.thread(ticket.id);
    expect(note).toMatchObject({
      visibility: 'internal',
      body: 'Cleared the cache; the error persists',
      author: { kind: 'agent', id: AGENT.ada },
    });
    const [event] = raised(await t.history(ticket.id));
    expect(event).toMatchObject({ actor: { kind: 'agent', id: AGENT.ada } });
    expect(event?.data).toMatchObject({
      manual: true,
      policyId: 'manual-high',
      trigger: { type: 'manual' },
      note: 'Cleared the cache; the error persists',
      reason: 'Escalated by hand: Cleared the cache; the error persists',
      fromLevel: 1,
      toLevel: 2,
      teamId: TEAM.billing,
      memberIds: [AGENT.bob],
      actions: ['raise_level', 'reassign', 'set_priority'],
    });
  });

  it('escalation.escalate - without a note of what was tried is VALIDATION_FAILED and writes nothing', async () => {
    const t = await escalationDesk({});
    const ticket = await t.open();
    await expectError(t.desk.escalation.escalate(t.ada, ticket.id, { note: '   ' }), 'VALIDATION_FAILED');
    await expectError(t.desk.escalation.escalate(t.ada, ticket.id, {} as never), 'VALIDATION_FAILED');
    expect(await t.get(ticket.id)).toEqual(ticket);
  });

  it('escalation.escalate - the top level is INVALID_STATE, an unknown level VALIDATION_FAILED, customers FORBIDDEN', async () => {
    const t = await escalationDesk({});
    const ticket = await t.open();
    await t.desk.escalation.escalate(t.ada, ticket.id, { note: 'tried everything', toLevel: 3 });
    await expectError(t.desk.escalation.escalate(t.ada, ticket.id, { note: 'more' }), 'INVALID_STATE');
    await expectError(
      t.desk.escalation.escalate(t.ada, ticket.id, { note: 'more', toLevel: 2 }),
      'INVALID_STATE',
    );
    const other = await t.open();
    await expectError(
      t.desk.escalation.escalate(t.ada, other.id, { note: 'x', toLevel: 4 }),
      'VALIDATION_FAILED',
    );
    await expectError(t.desk.escalation.escalate(t.carla, other.id, { note: 'x' }), 'FORBIDDEN');
  });

  it('escalation.escalate - a closed ticket is INVALID_STATE', async () => {
    const t = await escalationDesk({});
    const ticket = await t.open();
    await t.desk.tickets.transition(t.ada, ticket.id, { stageId: 'closed' });
    await expectError(t.desk.escalation.escalate(t.ada, ticket.id, { note: 'too late' }), 'INVALID_STATE');
  });
});

describe('escalation figures', () => {
  it('escalation.stats - counts tickets created, escalated ones, the rate and the escalations of a period', async () => {
    const t = await escalationDesk({});
    const first = await t.open();
    await t.open();
    t.clock.set(at(10));
    const third = await t.open();
    await t.open();
    await t.desk.escalation.escalate(t.ada, first.id, { note: 'a' });
    await t.desk.escalation.escalate(t.ada, first.id, { note: 'b' });
    t.clock.set(at(20));
    await t.desk.escalation.escalate(t.ada, third.id, { note: 'c' });
    const all = await t.desk.escalation.stats(t.ada, { from: at(0), to: at(60) });
    expect(all).toEqual({
      from: at(0),
      to: at(60),
      ticketsCreated: 4,
      escalatedTickets: 2,
      escalationRate: 0.5,
      escalations: 3,
      manualEscalations: 3,
    });
    const later = await t.desk.escalation.stats(t.ada, { from: at(10), to: at(60) });
    expect(later).toMatchObject({
      ticketsCreated: 2,
      escalatedTickets: 1,
      escalationRate: 0.5,
      escalations: 3,
    });
    const none = await t.desk.escalation.stats(t.ada, { from: at(100), to: at(200) });
    expect(none).toMatchObject({ ticketsCreated: 0, escalationRate: 0, escalations: 0 });
    await expectError(t.desk.escalation.stats(t.ada, { from: at(10), to: at(10) }), 'VALIDATION_FAILED');
    await expectError(t.desk.escalation.stats(t.carla, { from: at(0), to: at(10) }), 'FORBIDDEN');
  });
});

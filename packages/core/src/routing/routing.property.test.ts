import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Channel, Priority, Ticket } from '../storage/records';
import { PRIORITY_RANK } from '../storage/ticket-order';
import { type TestDesk, testDesk } from '../test-support';
import type { AgentStrategyConfig } from './routing-settings';

/**
 * Properties of routing over any sequence of arrivals, resolutions and agent changes:
 * - round robin: assignment counts differ by at most one among continuously eligible agents;
 * - any strategy: no agent ever holds more than its capacity; every agent's stored load is
 *   the number of its tickets that count; the queue holds exactly the unplaced open tickets,
 *   in priority-then-age order; and nobody with room stays idle while tickets wait.
 */

const TEAM = 'pool';
const PRIORITIES: Priority[] = ['urgent', 'high', 'medium', 'low'];
const CHANNELS: Channel[] = ['email', 'chat'];

type Step =
  | { kind: 'arrive'; priority: Priority; channel: Channel }
  | { kind: 'resolve'; pick: number }
  | { kind: 'pend'; pick: number }
  | { kind: 'toggle'; agent: number }
  | { kind: 'grow'; agent: number }
  | { kind: 'reroute'; pick: number };

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('arrive' as const),
      priority: fc.constantFrom(...PRIORITIES),
      channel: fc.constantFrom(...CHANNELS),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('resolve' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('pend' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('toggle' as const), agent: fc.nat({ max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('grow' as const), agent: fc.nat({ max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reroute' as const), pick: fc.nat() }) },
);

/** A desk with team `pool` and four agents `pool_0..3` with the given capacities (all online). */
async function poolDesk(strategy: AgentStrategyConfig, capacities: number[]): Promise<TestDesk> {
  const t = await testDesk({ settings: { routing: { rules: [{ id: 'pool', teamId: TEAM, strategy }] } } });
  await t.desk.teams.create(t.system, { id: TEAM, name: 'Pool' });
  for (const [index, max] of capacities.entries()) {
    await t.desk.agents.create(t.system, {
      id: `pool_${index}`,
      name: `Pool ${index}`,
      teamIds: [TEAM],
      status: 'online',
      escalationLevel: 1 + (index % 3),
      capacity: { max },
    });
  }
  return t;
}

/** Runs one step; returns the ticket it opened, if any. */
async function run(t: TestDesk, step: Step, open: Ticket[]): Promise<void> {
  const active = open.filter((ticket) => ticket.statusCategory !== 'resolved');
  const picked = (pick: number) => active[pick % Math.max(1, active.length)];
  switch (step.kind) {
    case 'arrive':
      t.clock.advance({ seconds: 1 });
      open.push(await t.open({ priority: step.priority, channel: step.channel }));
      return;
    case 'resolve':
    case 'pend': {
      const ticket = picked(step.pick);
      if (ticket === undefined) return;
      const stageId = step.kind === 'resolve' ? 'resolved' : 'waiting_on_customer';
      const moved = await t.desk.tickets.transition(t.system, ticket.id, { stageId });
      open[open.indexOf(ticket)] = moved;
      return;
    }
    case 'toggle': {
      const agent = await t.desk.agents.get(t.system, `pool_${step.agent}`);
      await t.desk.agents.update(t.system, agent.id, {
        status: agent.status === 'online' ? 'away' : 'online',
      });
      return;
    }
    case 'grow': {
      const agent = await t.desk.agents.get(t.system, `pool_${step.agent}`);
      await t.desk.agents.update(t.system, agent.id, { capacity: { max: agent.capacity.max + 1 } });
      return;
    }
    case 'reroute': {
      const ticket = picked(step.pick);
      if (ticket === undefined) return;
      await t.desk.routing.route(t.system, ticket.id);
      return;
    }
  }
}

/** Checks the invariants on the stored state. */
async function checkInvariants(t: TestDesk): Promise<void> {
  const tickets = (await t.desk.tickets.list(t.system, { limit: 200 })).items;
  const agents = await t.desk.teams.members(t.system, TEAM);
  const queue = (await t.desk.routing.queue(t.system, { teamId: TEAM, limit: 200 })).items;
  for (const agent of agents) {
    const load = await t.desk.routing.load(t.system, agent.id);
    const counting = tickets.filter(
      (ticket) =>
        ticket.assigneeId === agent.id &&
        (ticket.statusCategory === 'new' || ticket.statusCategory === 'open'),
    );
    expect(load.total, `load of ${agent.id}`).toBe(counting.length);
    expect(load.total, `${agent.id} over capacity`).toBeLessThanOrEqual(agent.capacity.max);
  }
  const waiting = tickets.filter(
    (ticket) => ticket.assigneeId === null && ticket.statusCategory !== 'resolved',
  );
  expect(queue.map((entry) => entry.ticketId).sort()).toEqual(waiting.map((ticket) => ticket.id).sort());
  const order = queue.map((entry) => [PRIORITY_RANK[entry.priority], entry.ticketCreatedAt.getTime()]);
  expect(order).toEqual(
    [...order].sort((a, b) => (a[0] as number) - (b[0] as number) || (a[1] as number) - (b[1] as number)),
  );
  if (queue.length > 0) {
    const idle = [];
    for (const agent of agents) {
      const { total } = await t.desk.routing.load(t.system, agent.id);
      if (agent.status === 'online' && total < agent.capacity.max) idle.push(agent.id);
    }
    expect(idle, 'agents with room while tickets wait').toEqual([]);
  }
}

describe('routing properties', () => {
  it('any strategy - capacity is never exceeded, loads match tickets, the queue is exact and drains whenever room frees', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<AgentStrategyConfig>(
          { type: 'least_loaded' },
          { type: 'round_robin' },
          { type: 'spare_capacity', measure: 'percent' },
          { type: 'spare_capacity', measure: 'absolute' },
          { type: 'priority', senior: ['urgent'] },
          { type: 'skills', match: 'best' },
        ),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 4, maxLength: 4 }),
        fc.array(stepArbitrary, { minLength: 5, maxLength: 40 }),
        async (strategy, capacities, steps) => {
          const t = await poolDesk(strategy, capacities);
          const open: Ticket[] = [];
          for (const step of steps) {
            await run(t, step, open);
            await checkInvariants(t);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('round_robin - assignment counts differ by at most one among continuously eligible agents', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 4 }),
        fc.array(
          fc.oneof(
            {
              weight: 4,
              arbitrary: fc.record({
                kind: fc.constant('arrive' as const),
                priority: fc.constantFrom(...PRIORITIES),
                channel: fc.constantFrom(...CHANNELS),
              }),
            },
            { weight: 2, arbitrary: fc.record({ kind: fc.constant('resolve' as const), pick: fc.nat() }) },
            // Only the flaky agents (pool_2, pool_3) change; pool_0 and pool_1 stay eligible.
            {
              weight: 2,
              arbitrary: fc.record({
                kind: fc.constant('toggle' as const),
                agent: fc.integer({ min: 2, max: 3 }),
              }),
            },
          ),
          { minLength: 5, maxLength: 60 },
        ),
        async (steadyCount, steps) => {
          // Steady agents have room for every ticket; flaky ones little and come and go.
          const capacities = [100, 100, 100, 100].map((max, index) => (index < steadyCount ? max : 1));
          const t = await poolDesk({ type: 'round_robin' }, capacities);
          const steady = capacities.map((_, index) => `pool_${index}`).slice(0, steadyCount);
          const flaky = steps.filter((step) => step.kind === 'toggle').map((step) => `pool_${step.agent}`);
          const continuous = steady.filter((id) => !flaky.includes(id));
          const open: Ticket[] = [];
          for (const step of steps) await run(t, step, open);
          const counts = new Map(continuous.map((id) => [id, 0]));
          for (const event of await t.storedEvents()) {
            if (event.type !== 'ticket.routed') continue;
            const assignee = event.data.assigneeId;
            if (assignee !== null && counts.has(assignee))
              counts.set(assignee, (counts.get(assignee) as number) + 1);
          }
          const values = [...counts.values()];
          if (values.length > 1) expect(Math.max(...values) - Math.min(...values)).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 60 },
    );
  });
});

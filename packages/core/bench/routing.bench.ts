/**
 * Routing decisions per second on the in-memory adapter, with 1,000 agents in 20 teams
 * (50 per team, all online). Run: `pnpm bench` (with the other core benches) or
 * `npx tsx --expose-gc --conditions=dev-source packages/core/bench/routing.bench.ts`.
 *
 * A decision is a whole `routing.route` command, as a host calls it: validation, the ticket
 * lock, the tenant's rules, reading the team's 50 agents and their loads, the strategy, the
 * capacity guard, the ticket write and the `ticket.routed` history entry listing all 50
 * candidates. Each task routes 2,000 open tickets (100 per team) again and again, so loads
 * stay steady and every decision is a real choice among 50 agents. `routing.preview` is the
 * decision alone (the same reads and strategy; no slot, no write, no history). Next to it,
 * the create rate with routing on create against the bare create rate of the same run.
 *
 * Options: `--time <ms>` per task (default 2000), `--filter <text>` runs the tasks whose
 * name contains it.
 */
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { memoryAdapter } from '@ticketkit/adapters-memory';
import {
  type AgentStrategyConfig,
  type CreateTicketInput,
  createTicketing,
  type RoutingRuleInput,
  systemActor,
} from '@ticketkit/core';
import { Bench } from 'tinybench';
import {
  type Candidate,
  evaluateCandidates,
  reportCandidates,
  requirementsFor,
} from '../src/routing/candidates';
import { NO_REQUIREMENTS } from '../src/routing/routing-settings';
import { strategyFor } from '../src/routing/strategies';

const { values: args } = parseArgs({
  options: { time: { type: 'string', default: '2000' }, filter: { type: 'string', default: '' } },
  allowPositionals: true,
});
const time = Number(args.time);

const TENANT = 'bench';
const system = systemActor(TENANT);
const TEAMS = 20;
const AGENTS_PER_TEAM = 50;
const TICKETS_PER_TEAM = 100;
const SKILLS = ['billing', 'sap', 'refunds', 'api', 'mobile', 'security'];
const CATEGORIES = ['billing', 'sap', 'refunds'];

/** A desk with 20 teams of 50 online agents; one rule per team routes its category of tickets. */
async function routingDesk(strategy: AgentStrategyConfig | null) {
  const desk = createTicketing({ storage: memoryAdapter() });
  let heard = 0;
  desk.events.onAny(() => {
    heard++;
  });
  const rules: RoutingRuleInput[] = [];
  const teamIds: string[] = [];
  for (let team = 0; team < TEAMS; team++) {
    const { id: teamId } = await desk.teams.create(system, { name: `Team ${team}` });
    teamIds.push(teamId);
    for (let index = 0; index < AGENTS_PER_TEAM; index++) {
      await desk.agents.create(system, {
        name: `Agent ${team}-${index}`,
        teamIds: [teamId],
        status: 'online',
        capacity: { max: 1_000 },
        escalationLevel: 1 + (index % 3),
        languages: index % 2 === 0 ? ['en'] : ['en', 'de'],
        skills: [
          { name: SKILLS[index % SKILLS.length] as string, level: 1 + (index % 10) },
          { name: SKILLS[(index + 3) % SKILLS.length] as string, level: 1 + ((index * 7) % 10) },
        ],
      });
    }
    if (strategy !== null) {
      rules.push({
        id: `team-${team}`,
        conditions: { tagsAll: [`t${team}`] },
        teamId,
        strategy,
        requirements: strategy.type === 'skills' ? { skillFromCategory: true } : {},
      });
    }
  }
  await desk.settings.update(system, { routing: { rules } });
  const customer = await desk.customers.create(system, { name: 'Ada', email: 'ada@example.com' });
  const inputFor = (index: number): CreateTicketInput => ({
    subject: `Request ${index}`,
    requesterId: customer.id,
    channel: index % 3 === 0 ? 'chat' : 'email',
    priority: index % 4 === 0 ? 'high' : 'medium',
    category: CATEGORIES[index % CATEGORIES.length] as string,
    tags: [`t${index % TEAMS}`],
  });
  return { desk, teamIds, inputFor, heard: () => heard };
}

const bench = new Bench({ name: 'routing on the memory adapter', time, warmupTime: 250 });
/**
 * Decisions that assigned an agent, per strategy: proves the route tasks decided. Kept out of
 * the tasks' closures, so a finished task's desk can be collected.
 */
const assignedBy = new Map<string, number>();

function task(name: string, prepare: () => Promise<() => Promise<unknown>>): void {
  if (!name.includes(args.filter)) return;
  let operation: (() => Promise<unknown>) | undefined;
  bench.add(name, () => (operation as () => Promise<unknown>)(), {
    async: true,
    beforeAll: async () => {
      operation = await prepare();
      (globalThis as { gc?: () => void }).gc?.();
    },
    afterAll: () => {
      operation = undefined;
    },
  });
}

const strategies: Array<[string, AgentStrategyConfig]> = [
  ['least loaded', { type: 'least_loaded' }],
  ['round robin', { type: 'round_robin' }],
  ['skills', { type: 'skills', match: 'best' }],
];
for (const [label, strategy] of strategies) {
  task(`routing.route, 50 candidates (${label})`, async () => {
    const setup = await routingDesk(strategy);
    const ids: string[] = [];
    for (let index = 0; index < TEAMS * TICKETS_PER_TEAM; index++) {
      ids.push((await setup.desk.tickets.create(system, setup.inputFor(index))).id);
    }
    let next = 0;
    assignedBy.set(label, 0);
    return async () => {
      const result = await setup.desk.routing.route(system, ids[next++ % ids.length] as string);
      if (result.outcome === 'assigned') assignedBy.set(label, (assignedBy.get(label) ?? 0) + 1);
    };
  });
}

// The engine alone, in process: eligibility of 50 agents, the strategy's pick and the
// history report, with no storage and no command around it (internal modules, from source).
task('decision engine only, 50 candidates (least loaded, in process)', async () => {
  const setup = await routingDesk({ type: 'least_loaded' });
  const teamId = setup.teamIds[0] as string;
  const agents = await setup.desk.teams.members(system, teamId);
  const loads = agents.map((agent, index) => ({
    tenantId: TENANT,
    agentId: agent.id,
    total: index % 7,
    byChannel: { email: index % 7 },
    lastAssignedAt: new Date(index * 1000),
  }));
  const ticket = await setup.desk.tickets.create(system, setup.inputFor(0));
  const requirements = requirementsFor(ticket, NO_REQUIREMENTS, null, false);
  const strategy = strategyFor({ type: 'least_loaded' });
  const input = { ticket, served: new Set<string>(), lastServed: null };
  return async () => {
    const candidates = evaluateCandidates(agents, loads, ticket, requirements, null, []);
    let best: Candidate | null = null;
    for (const candidate of candidates) {
      if (candidate.excluded !== null) continue;
      if (best === null || strategy.compare(candidate, best, { type: 'least_loaded' }, input) < 0)
        best = candidate;
    }
    if (best === null) throw new Error('nobody eligible');
    return reportCandidates(candidates, false);
  };
});

// The decision alone: routing.preview reads the same rules, agents and loads and runs the
// same strategy, but takes no slot and writes nothing.
task('routing.preview, 50 candidates (least loaded)', async () => {
  const setup = await routingDesk({ type: 'least_loaded' });
  const ids: string[] = [];
  for (let index = 0; index < TEAMS * TICKETS_PER_TEAM; index++) {
    ids.push((await setup.desk.tickets.create(system, setup.inputFor(index))).id);
  }
  let next = 0;
  return () => setup.desk.routing.preview(system, ids[next++ % ids.length] as string);
});

for (const routed of [false, true]) {
  task(
    routed ? 'tickets.create, routed on create (least loaded)' : 'tickets.create, no routing rules',
    async () => {
      const setup = await routingDesk(routed ? { type: 'least_loaded' } : null);
      let next = 0;
      return () => setup.desk.tickets.create(system, setup.inputFor(next++));
    },
  );
}

const cpu = cpus();
console.log(`${bench.name}`);
console.log(`node ${process.version}, ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown cpu'})`);
console.log(
  `${TEAMS} teams x ${AGENTS_PER_TEAM} agents, ${time} ms per task, one command at a time (single thread)\n`,
);

await bench.run();
for (const [label, assigned] of assignedBy) {
  if (assigned === 0) throw new Error(`${label}: no decision assigned an agent`);
}

console.log('| Task | ops/s | mean (µs) | p99 (µs) | samples |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const entry of bench.tasks) {
  const result = entry.result;
  if (result.state !== 'completed') {
    throw new Error(`${entry.name}: ${result.state === 'errored' ? result.error.message : result.state}`);
  }
  const row = [
    entry.name,
    Math.round(1000 / result.period).toLocaleString('en-US'),
    (result.latency.mean * 1000).toFixed(2),
    (result.latency.p99 * 1000).toFixed(2),
    result.latency.samplesCount,
  ];
  console.log(`| ${row.join(' | ')} |`);
}

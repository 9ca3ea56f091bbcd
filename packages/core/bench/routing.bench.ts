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
const checks: Array<() => void> = [];

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
    let assigned = 0;
    checks.push(() => {
      if (assigned === 0) throw new Error(`${label}: no decision assigned an agent`);
    });
    return async () => {
      const result = await setup.desk.routing.route(system, ids[next++ % ids.length] as string);
      if (result.outcome === 'assigned') assigned++;
    };
  });
}

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
for (const check of checks) check();

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

/**
 * Routing on Postgres at concurrency 8, next to the raw ticket-create rate of the same run:
 * `pnpm bench` (with every package's bench), or
 * `npx tsx --conditions=dev-source packages/adapters-postgres/bench/routing.bench.ts`.
 *
 * The server: `DATABASE_URL` when set, else a throwaway server from Debian's PostgreSQL
 * binaries (the test server: fsync and synchronous_commit off); without either, the bench
 * says so and exits. 1,000 agents in 20 teams (50 each, online), one rule per team, 2,000
 * open tickets; each task keeps 8 commands in flight on a pool of 8 clients for `--time` ms.
 *
 * Options: `--time <ms>` per task (default 5000), `--filter <text>`.
 */
import { parseArgs } from 'node:util';
import {
  type AgentStrategyConfig,
  type CreateTicketInput,
  createTicketing,
  type RoutingRuleInput,
  systemActor,
  type Ticketing,
} from '@ticketkit/core';
import pg from 'pg';
import { postgresAdapter } from '../src/postgres-adapter';
import { quoteIdentifier } from '../src/schema-names';
import { findPostgresBin, startTestServer, type TestServer } from '../src/test-support/postgres-server';

const { values: args } = parseArgs({
  options: { time: { type: 'string', default: '5000' }, filter: { type: 'string', default: '' } },
  allowPositionals: true,
});
const time = Number(args.time);
const CONCURRENCY = 8;
const TEAMS = 20;
const AGENTS_PER_TEAM = 50;
const TICKETS = 2_000;
const TENANT = 'bench';
const system = systemActor(TENANT);

let server: TestServer | null = null;
let url = process.env.DATABASE_URL ?? '';
if (url === '') {
  if (findPostgresBin() === null) {
    console.log('routing on Postgres: skipped (set DATABASE_URL, or install Debian postgresql)');
    process.exit(0);
  }
  server = await startTestServer();
  url = server.url;
}
const pool = new pg.Pool({ connectionString: url, max: CONCURRENCY });

/** A desk in a fresh schema: 20 teams of 50 online agents, one rule per team. */
async function routingDesk(schema: string, strategy: AgentStrategyConfig | null) {
  const storage = postgresAdapter({ pool, schema });
  await storage.migrate();
  const desk = createTicketing({ storage });
  const rules: RoutingRuleInput[] = [];
  for (let team = 0; team < TEAMS; team++) {
    const { id: teamId } = await desk.teams.create(system, { name: `Team ${team}` });
    await Promise.all(
      Array.from({ length: AGENTS_PER_TEAM }, (_, index) =>
        desk.agents.create(system, {
          name: `Agent ${team}-${index}`,
          teamIds: [teamId],
          status: 'online',
          capacity: { max: 1_000 },
        }),
      ),
    );
    if (strategy !== null)
      rules.push({ id: `team-${team}`, conditions: { tagsAll: [`t${team}`] }, teamId, strategy });
  }
  await desk.settings.update(system, { routing: { rules } });
  const customer = await desk.customers.create(system, { name: 'Ada', email: 'ada@example.com' });
  const inputFor = (index: number): CreateTicketInput => ({
    subject: `Request ${index}`,
    requesterId: customer.id,
    channel: index % 3 === 0 ? 'chat' : 'email',
    tags: [`t${index % TEAMS}`],
  });
  return { desk, inputFor };
}

/** Runs `operation` with 8 in flight for `time` ms; returns operations per second. */
async function measure(operation: (index: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  let done = 0;
  const deadline = performance.now() + time;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < deadline) {
        await operation(next++);
        done++;
      }
    }),
  );
  return (done * 1000) / (performance.now() - started);
}

/** Fills a desk with open tickets, 8 at a time. */
async function fill(desk: Ticketing, inputFor: (index: number) => CreateTicketInput): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < TICKETS; start += CONCURRENCY) {
    const batch = await Promise.all(
      Array.from({ length: CONCURRENCY }, (_, offset) =>
        desk.tickets.create(system, inputFor(start + offset)),
      ),
    );
    ids.push(...batch.map((ticket) => ticket.id));
  }
  return ids;
}

const tasks: Array<[string, () => Promise<number>]> = [
  [
    'tickets.create, no routing rules',
    async () => {
      const { desk, inputFor } = await routingDesk('bench_create', null);
      return measure((index) => desk.tickets.create(system, inputFor(index)));
    },
  ],
  [
    'tickets.create, routed on create (least loaded)',
    async () => {
      const { desk, inputFor } = await routingDesk('bench_create_routed', { type: 'least_loaded' });
      return measure((index) => desk.tickets.create(system, inputFor(index)));
    },
  ],
  [
    'routing.route, 50 candidates (least loaded)',
    async () => {
      const { desk, inputFor } = await routingDesk('bench_route', { type: 'least_loaded' });
      const ids = await fill(desk, inputFor);
      return measure((index) => desk.routing.route(system, ids[index % ids.length] as string));
    },
  ],
  [
    'routing.route, 50 candidates (round robin)',
    async () => {
      const { desk, inputFor } = await routingDesk('bench_route_rr', { type: 'round_robin' });
      const ids = await fill(desk, inputFor);
      return measure((index) => desk.routing.route(system, ids[index % ids.length] as string));
    },
  ],
];

const version = (await pool.query('SHOW server_version')).rows[0]?.server_version;
console.log(`routing on Postgres ${version}, ${CONCURRENCY} commands in flight, ${time} ms per task`);
console.log(
  `${TEAMS} teams x ${AGENTS_PER_TEAM} agents; routing tasks route ${TICKETS} open tickets again and again\n`,
);
const rows: string[] = [];
try {
  for (const [name, run] of tasks) {
    if (!name.includes(args.filter)) continue;
    const rate = await run();
    rows.push(`| ${name} | ${Math.round(rate).toLocaleString('en-US')} |`);
  }
} finally {
  for (const schema of ['bench_create', 'bench_create_routed', 'bench_route', 'bench_route_rr']) {
    await pool.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`);
  }
  await pool.end();
  server?.stop();
}
console.log('| Task (Postgres, concurrency 8) | ops/s |');
console.log('| --- | ---: |');
for (const row of rows) console.log(row);

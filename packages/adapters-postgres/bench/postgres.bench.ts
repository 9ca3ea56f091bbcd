/**
 * Postgres adapter benchmark: `pnpm bench` (or `pnpm --filter @ticketkit/adapters-postgres bench`).
 *
 * 1. Ticket create through ticketkit (`desk.tickets.create`, one tenant) against a raw
 *    single-row INSERT of the same row into an equally indexed table (`LIKE tickets
 *    INCLUDING ALL`), sent both as pg sends a parameterized query by default (unnamed: parsed
 *    and planned every time) and as a named prepared statement (as ticketkit sends its own),
 *    on the same server in the same run, at concurrency 1 and 8. Rounds alternate raw and
 *    ticketkit so both see the same machine load; the medians and their ratios are printed.
 * 2. Statements per create, by kind of create; and create latency at concurrency 1 over a simulated network (a local proxy that holds every
 *    packet 1 ms each way), on a plain and on a pipelining pg pool: the round trips a create
 *    waits for, which a localhost server hides.
 * 3. Inbox list through ticketkit (`desk.tickets.list`, tenant + category + assignee, newest
 *    first) over 1,000,000 tickets of one tenant: the first page and a deep cursor page,
 *    p50/p95/p99 latency, interleaved with the adapter's SQL for the same pages sent straight
 *    through pg (the baseline), and the server's execution time from EXPLAIN ANALYZE.
 *
 * The server: `DATABASE_URL` when set, otherwise a throwaway server like the tests start
 * (Debian's PostgreSQL in a temp folder, fsync off). Figures go to docs/performance.md.
 *
 * Options (after `--`): `--seconds <s>` per measurement (default 4), `--rounds <n>` (default 3),
 * `--list-tickets <n>` (default 1000000), `--skip-create`, `--skip-network`, `--skip-list`, `--keep` (keep the
 * seeded list schema in a DATABASE_URL database and reuse it next run).
 */
import { readFileSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import {
  type CreateTicketInput,
  createTicketing,
  defaultIdGenerator,
  type ListTicketsInput,
  systemActor,
  type Ticket,
} from '@ticketkit/core';
import pg from 'pg';
import { postgresAdapter } from '../src/postgres-adapter';
import { ticketListQuery } from '../src/repositories/ticket-list-query';
import { TICKET_COLUMNS, TICKET_ROW, ticketParams } from '../src/repositories/tickets';
import { quoteIdentifier } from '../src/schema-names';
import { startTestServer, type TestServer } from '../src/test-support/postgres-server';
import { seedTenantId, seedTickets } from '../src/test-support/seed-tickets';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '4' },
    rounds: { type: 'string', default: '3' },
    'list-tickets': { type: 'string', default: '1000000' },
    'list-samples': { type: 'string', default: '1000' },
    'skip-create': { type: 'boolean', default: false },
    'skip-list': { type: 'boolean', default: false },
    'skip-network': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
  allowPositionals: true,
});
const SECONDS = Number(args.seconds);
const ROUNDS = Number(args.rounds);
const LIST_TICKETS = Number(args['list-tickets']);
const LIST_SAMPLES = Number(args['list-samples']);
const WARM_UP_MS = 1000;
const CONCURRENCY = [1, 8] as const;

const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

let server: TestServer | undefined;
const given = process.env.DATABASE_URL;
if (given === undefined || given === '') {
  console.log('starting a throwaway PostgreSQL server (set DATABASE_URL to use your own)...');
  server = await startTestServer();
  process.on('exit', () => server?.stop());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      server?.stop();
      process.exit(130);
    });
  }
}
const url = server?.url ?? (given as string);
const APPLICATION = `ticketkit-bench-${process.pid}`;
// Idle clients stay open: the server CPU of a measurement is read from their backends.
const pool = new pg.Pool({
  connectionString: url,
  max: 8,
  application_name: APPLICATION,
  idleTimeoutMillis: 0,
});
/** The same with pg's pipelining, which the README recommends: ticketkit is measured on both. */
const pipelinedPool = new pg.Pool({
  connectionString: url,
  max: 8,
  application_name: APPLICATION,
  idleTimeoutMillis: 0,
  pipeline: true,
} as pg.PoolConfig);
const version = (await pool.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version;
const cpu = cpus();
console.log('ticketkit Postgres adapter benchmark');
console.log(
  `node ${process.version}, PostgreSQL ${version}, ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown cpu'}), server ${server === undefined ? 'DATABASE_URL' : 'throwaway (fsync off)'}`,
);
console.log(`load average at start: ${load()}\n`);

/** CPU ticks (user + system, 1/100 s) of each server backend of this benchmark; null when not readable (remote server). */
async function serverTicks(): Promise<Map<number, number> | null> {
  const { rows } = await pool.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE application_name = $1',
    [APPLICATION],
  );
  const ticks = new Map<number, number>();
  try {
    for (const { pid } of rows) {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      ticks.set(pid, Number(fields[11]) + Number(fields[12]));
    }
  } catch {
    return null;
  }
  return ticks;
}

/** CPU seconds the backends used between two readings (backends that started in between count whole). */
function serverSeconds(before: Map<number, number> | null, after: Map<number, number> | null): number | null {
  if (before === null || after === null) return null;
  let ticks = 0;
  for (const [pid, value] of after) ticks += value - (before.get(pid) ?? 0);
  return ticks / 100;
}

/** A measurement: operations per second, and CPU microseconds per operation in this process and in the server. */
interface Rate {
  perSecond: number;
  clientCpuUs: number;
  serverCpuUs: number | null;
}

/**
 * Runs `operation` in `concurrency` loops for a warm-up and then `SECONDS`; returns the
 * operations completed per second after the warm-up, and the CPU they used per operation
 * (which the machine's load does not change much, unlike the rate).
 */
async function rate(concurrency: number, operation: () => Promise<unknown>): Promise<Rate> {
  let measuring = false;
  let stopped = false;
  let count = 0;
  const loops = Array.from({ length: concurrency }, async () => {
    while (!stopped) {
      await operation();
      if (measuring) count += 1;
    }
  });
  await new Promise((resolve) => setTimeout(resolve, WARM_UP_MS));
  const serverBefore = await serverTicks();
  const clientBefore = process.cpuUsage();
  measuring = true;
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
  const elapsed = performance.now() - started;
  measuring = false;
  const client = process.cpuUsage(clientBefore);
  const serverAfter = await serverTicks();
  stopped = true;
  await Promise.all(loops);
  return {
    perSecond: (count * 1000) / elapsed,
    clientCpuUs: (client.user + client.system) / count,
    serverCpuUs: ((seconds) => (seconds === null ? null : (seconds * 1e6) / count))(
      serverSeconds(serverBefore, serverAfter),
    ),
  };
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] as number;
};

const format = (value: number) => Math.round(value).toLocaleString('en-US');

async function createBench(): Promise<void> {
  const schema = `ticketkit_bench_create_${process.pid}`;
  const storage = postgresAdapter({ pool, schema });
  await storage.migrate();
  const tables = {
    tickets: `${quoteIdentifier(schema)}.tickets`,
    raw: `${quoteIdentifier(schema)}.raw_tickets`,
  };
  await pool.query(`CREATE TABLE ${tables.raw} (LIKE ${tables.tickets} INCLUDING ALL)`);
  const indexCount = async (table: string) =>
    (
      await pool.query<{ n: number }>(
        `SELECT count(*)::integer AS n FROM pg_indexes WHERE schemaname = $1 AND tablename = $2`,
        [schema, table],
      )
    ).rows[0]?.n;
  console.log(
    `create: tickets has ${await indexCount('tickets')} indexes, raw_tickets ${await indexCount('raw_tickets')}`,
  );

  const tenant = 'bench';
  const desk = createTicketing({ storage });
  const pipelinedDesk = createTicketing({ storage: postgresAdapter({ pool: pipelinedPool, schema }) });
  const customer = await desk.customers.create(systemActor(tenant), {
    name: 'Ada',
    email: 'ada@example.com',
  });
  const input: CreateTicketInput = {
    subject: 'Cannot export invoices',
    requesterId: customer.id,
    channel: 'email',
    priority: 'high',
    tags: ['billing'],
  };
  const create = () => desk.tickets.create(systemActor(tenant), input);
  const pipelinedCreate = () => pipelinedDesk.tickets.create(systemActor(tenant), input);

  // The raw row: the ticket ticketkit stores for this input, with a fresh id, number and time.
  const template: Ticket = await create();
  const insert = `INSERT INTO ${tables.raw} ${TICKET_ROW}`;
  let rawNumber = 0;
  const rawRow = (): unknown[] => {
    const now = new Date();
    rawNumber += 1;
    return ticketParams({
      ...template,
      id: defaultIdGenerator('ticket'),
      number: rawNumber,
      createdAt: now,
      updatedAt: now,
    });
  };
  const rawInsert = () => pool.query(insert, rawRow());
  // The same insert as a named statement: parsed and planned once per connection, as
  // ticketkit's own statements are.
  const rawPreparedInsert = () => pool.query({ name: 'bench_raw_insert', text: insert, values: rawRow() });

  const results = new Map<string, Rate[]>();
  const record = (key: string, value: Rate) => results.set(key, [...(results.get(key) ?? []), value]);
  const cpuText = (value: Rate) =>
    `${format(value.clientCpuUs)} + ${value.serverCpuUs === null ? '?' : format(value.serverCpuUs)} µs`;
  const variants = [
    ['raw', rawInsert],
    ['raw prepared', rawPreparedInsert],
    ['ticketkit', create],
    ['ticketkit pipelined', pipelinedCreate],
  ] as const;
  for (let round = 1; round <= ROUNDS; round++) {
    for (const concurrency of CONCURRENCY) {
      const line: string[] = [];
      for (const [name, operation] of variants) {
        const measured = await rate(concurrency, operation);
        record(`${name} ${concurrency}`, measured);
        line.push(`${name} ${format(measured.perSecond)}/s (${cpuText(measured)} CPU/op)`);
      }
      console.log(`  round ${round}, concurrency ${concurrency}: ${line.join(', ')}; load ${load()}`);
    }
  }
  const stored = await pool.query<{ n: number }>(`SELECT count(*)::integer AS n FROM ${tables.tickets}`);
  console.log(`  (${format(stored.rows[0]?.n ?? 0)} tickets created through ticketkit)\n`);

  const medianRate = (key: string) => median((results.get(key) ?? []).map((value) => value.perSecond));
  const medianCpu = (key: string) => {
    const values = results.get(key) ?? [];
    const server = values.some((value) => value.serverCpuUs === null)
      ? '?'
      : format(median(values.map((value) => value.serverCpuUs as number)));
    return `${format(median(values.map((value) => value.clientCpuUs)))} + ${server} µs`;
  };
  console.log(
    `Ticket create, ${ROUNDS} rounds of ${SECONDS} s, median; CPU per operation as node + server backends:\n`,
  );
  console.log(
    '| Concurrency | raw INSERT/s | raw prepared INSERT/s | ticketkit create/s (ratio to raw, to prepared) | pipelining pool: create/s (ratios) | CPU/op raw | CPU/op raw prepared | CPU/op ticketkit | CPU/op pipelined |',
  );
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const concurrency of CONCURRENCY) {
    const raw = medianRate(`raw ${concurrency}`);
    const prepared = medianRate(`raw prepared ${concurrency}`);
    const kit = medianRate(`ticketkit ${concurrency}`);
    const pipelined = medianRate(`ticketkit pipelined ${concurrency}`);
    const ratios = (value: number) =>
      `${((value / raw) * 100).toFixed(0)}%, ${((value / prepared) * 100).toFixed(0)}%`;
    console.log(
      `| ${concurrency} | ${format(raw)} | ${format(prepared)} | ${format(kit)} (${ratios(kit)}) | ${format(pipelined)} (${ratios(pipelined)}) | ${medianCpu(`raw ${concurrency}`)} | ${medianCpu(`raw prepared ${concurrency}`)} | ${medianCpu(`ticketkit ${concurrency}`)} | ${medianCpu(`ticketkit pipelined ${concurrency}`)} |`,
    );
  }
  console.log(`\nload average after create: ${load()}\n`);
  await pool.query(`DROP SCHEMA ${quoteIdentifier(schema)} CASCADE`);
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;

/** Statements each kind of create sends (one pg client call each), on a plain pool. */
async function statementBench(): Promise<void> {
  const schema = `ticketkit_bench_statements_${process.pid}`;
  const counted = new pg.Pool({ connectionString: url, max: 2 });
  let statements = 0;
  counted.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      statements += 1;
      return query(...args);
    };
  });
  try {
    const storage = postgresAdapter({ pool: counted, schema });
    await storage.migrate();
    const desk = createTicketing({ storage });
    const tenant = systemActor('bench');
    const customer = await desk.customers.create(tenant, { name: 'Ada', email: 'ada@example.com' });
    let next = 0;
    const kinds: Array<[string, () => CreateTicketInput]> = [
      ['existing requester (requesterId)', () => ({ subject: 'Printer', requesterId: customer.id })],
      [
        'new requester (requester.email)',
        () => ({ subject: 'Printer', requester: { email: `c${next++}@example.com` } }),
      ],
      ['known requester by email', () => ({ subject: 'Printer', requester: { email: 'ada@example.com' } })],
      [
        'existing requester, first message',
        () => ({ subject: 'Printer', requesterId: customer.id, message: { body: 'It is on fire.' } }),
      ],
      [
        'existing requester, idempotency key',
        () => ({ subject: 'Printer', requesterId: customer.id, idempotencyKey: `key-${next++}` }),
      ],
    ];
    console.log('Statements per create (each one a round trip on a plain pool; settings cached):\n');
    console.log('| Create | statements |');
    console.log('| --- | ---: |');
    for (const [name, input] of kinds) {
      await desk.tickets.create(tenant, input());
      statements = 0;
      for (let index = 0; index < 10; index++) await desk.tickets.create(tenant, input());
      console.log(`| ${name} | ${statements / 10} |`);
    }
    console.log('');
    await counted.query(`DROP SCHEMA ${quoteIdentifier(schema)} CASCADE`);
  } finally {
    await counted.end();
  }
}

/**
 * A TCP proxy to the server that holds every chunk `delayMs` in each direction (Node timers:
 * about 1 ms at least), so a round trip costs what it does across a network.
 */
async function delayingProxy(target: URL, delayMs: number): Promise<{ server: Server; port: number }> {
  const server = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    for (const socket of [client, upstream]) {
      socket.setNoDelay(true);
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (chunk) => setTimeout(() => upstream.write(chunk), delayMs));
    upstream.on('data', (chunk) => setTimeout(() => client.write(chunk), delayMs));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { server, port: typeof address === 'object' && address !== null ? address.port : 0 };
}

async function networkBench(): Promise<void> {
  const schema = `ticketkit_bench_network_${process.pid}`;
  const target = new URL(url);
  const { server: proxy, port } = await delayingProxy(target, 1);
  const viaProxy = new URL(url);
  viaProxy.hostname = '127.0.0.1';
  viaProxy.port = String(port);
  const pools = {
    plain: new pg.Pool({ connectionString: viaProxy.toString(), max: 2 }),
    pipelining: new pg.Pool({
      connectionString: viaProxy.toString(),
      max: 2,
      pipeline: true,
    } as pg.PoolConfig),
  };
  try {
    const storage = postgresAdapter({ pool: pool, schema });
    await storage.migrate();
    const desks = {
      plain: createTicketing({ storage: postgresAdapter({ pool: pools.plain, schema }) }),
      pipelining: createTicketing({ storage: postgresAdapter({ pool: pools.pipelining, schema }) }),
    };
    const tenant = systemActor('bench');
    const customer = await desks.plain.customers.create(tenant, { name: 'Ada', email: 'ada@example.com' });
    const input: CreateTicketInput = {
      subject: 'Cannot export invoices',
      requesterId: customer.id,
      channel: 'email',
    };
    const latencies = { plain: [] as number[], pipelining: [] as number[] };
    for (let index = 0; index < 170; index++) {
      for (const key of ['plain', 'pipelining'] as const) {
        const started = performance.now();
        await desks[key].tickets.create(tenant, input);
        if (index >= 20) latencies[key].push(performance.now() - started);
      }
    }
    const probe = async () => {
      const started = performance.now();
      await pools.plain.query('SELECT 1');
      return performance.now() - started;
    };
    const probes: number[] = [];
    for (let index = 0; index < 20; index++) probes.push(await probe());
    console.log(
      `Create latency at concurrency 1 through a proxy holding each packet 1 ms each way (a round trip: ${percentile(
        probes.sort((a, b) => a - b),
        50,
      ).toFixed(1)} ms), 150 creates each, interleaved (ms):\n`,
    );
    console.log('| Pool | p50 | p90 |');
    console.log('| --- | ---: | ---: |');
    for (const key of ['plain', 'pipelining'] as const) {
      const sorted = latencies[key].sort((a, b) => a - b);
      console.log(
        `| ${key === 'plain' ? 'plain pg Pool' : 'pg Pool with pipeline: true'} | ${percentile(sorted, 50).toFixed(1)} | ${percentile(sorted, 90).toFixed(1)} |`,
      );
    }
    console.log('');
    await pool.query(`DROP SCHEMA ${quoteIdentifier(schema)} CASCADE`);
  } finally {
    await Promise.all([pools.plain.end(), pools.pipelining.end()]);
    proxy.close();
  }
}

async function listBench(): Promise<void> {
  const schema = `ticketkit_bench_list_${LIST_TICKETS}`;
  const storage = postgresAdapter({ pool, schema });
  const seed = {
    tenants: 1,
    tickets: LIST_TICKETS,
    agents: 40,
    teams: 8,
    requesters: 20_000,
    start: new Date('2024-01-01T00:00:00Z'),
  };
  const existing = await pool
    .query<{ n: number }>(`SELECT count(*)::integer AS n FROM ${quoteIdentifier(schema)}.tickets`)
    .then(
      (result) => result.rows[0]?.n ?? 0,
      () => 0,
    );
  if (existing !== LIST_TICKETS) {
    await pool.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`);
    await storage.migrate();
    const started = performance.now();
    const client = await pool.connect();
    try {
      await seedTickets(client, schema, seed, {
        progress: (step) =>
          console.log(`  list: ${step} (${((performance.now() - started) / 1000).toFixed(0)} s)`),
      });
    } finally {
      client.release();
    }
  } else {
    console.log(`  list: reusing ${format(existing)} seeded tickets in schema ${schema}`);
  }
  await pool.query(`VACUUM ${quoteIdentifier(schema)}.tickets`);

  const desk = createTicketing({ storage });
  const actor = systemActor(seedTenantId(0));
  const query: ListTicketsInput = { category: 'open', assigneeId: 'agt_7', limit: 25 };
  const first = await desk.tickets.list(actor, query);
  if (first.items.length !== 25)
    throw new Error(`list: expected a full first page, got ${first.items.length}`);
  // The deep page: follow the cursor 100 pages (2,500 tickets) into the list.
  let page = first;
  let depth = 1;
  for (; depth < 100 && page.nextCursor !== null; depth++) {
    page = await desk.tickets.list(actor, { ...query, cursor: page.nextCursor });
  }
  const deepCursor = page.nextCursor;
  const lastBeforeDeep = page.items[page.items.length - 1];
  if (deepCursor === null || lastBeforeDeep === undefined)
    throw new Error('list: the list ended before the deep page');
  const matching = await pool.query<{ n: number }>(
    `SELECT count(*)::integer AS n FROM ${quoteIdentifier(schema)}.tickets
     WHERE tenant_id = $1 AND status_category = 'open' AND assignee_id = 'agt_7'`,
    [seedTenantId(0)],
  );
  console.log(
    `  list: ${format(LIST_TICKETS)} tickets in tenant ${seedTenantId(0)}, ${format(matching.rows[0]?.n ?? 0)} match (open, agt_7); deep page = page ${depth + 1}`,
  );

  // The baseline: the adapter's own SQL for the same pages, as a prepared statement through pg.
  const table = `${quoteIdentifier(schema)}.${quoteIdentifier('tickets')}`;
  const rawPage = (after: Ticket | null) => {
    const { sql, params } = ticketListQuery(table, TICKET_COLUMNS, seedTenantId(0), {
      filter: { categories: ['open'], assigneeIds: ['agt_7'] },
      sort: 'createdAt',
      direction: 'desc',
      after: after === null ? null : { values: [after.createdAt.getTime()], id: after.id },
      limit: 26,
    });
    return { name: `bench_list_${after === null ? 'first' : 'deep'}`, text: sql, values: params };
  };
  const raw = { first: rawPage(null), deep: rawPage(lastBeforeDeep) };

  type Key = 'first' | 'deep' | 'raw first' | 'raw deep';
  const timings: Record<Key, number[]> = { first: [], deep: [], 'raw first': [], 'raw deep': [] };
  const time = async (key: Key, run: () => Promise<number>) => {
    const started = performance.now();
    const count = await run();
    timings[key].push(performance.now() - started);
    if (count < 25) throw new Error(`list: a ${key} page had ${count} tickets`);
  };
  const round = async () => {
    await time('first', async () => (await desk.tickets.list(actor, query)).items.length);
    await time(
      'deep',
      async () => (await desk.tickets.list(actor, { ...query, cursor: deepCursor })).items.length,
    );
    await time('raw first', async () => (await pool.query(raw.first)).rows.length);
    await time('raw deep', async () => (await pool.query(raw.deep)).rows.length);
  };
  for (let index = 0; index < 100; index++) await round();
  for (const key of Object.keys(timings) as Key[]) timings[key] = [];
  for (let index = 0; index < LIST_SAMPLES; index++) await round();

  const server = async (statement: { text: string; values: unknown[] }) => {
    const { rows } = await pool.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${statement.text}`, statement.values);
    const [plan] = (rows[0]?.['QUERY PLAN'] ?? []) as Array<{
      'Execution Time': number;
      'Planning Time': number;
    }>;
    return plan === undefined ? '?' : `${plan['Execution Time'].toFixed(2)}`;
  };
  console.log(
    `\nInbox list at ${format(LIST_TICKETS)} tickets (tenant + category + assignee, newest first, 25 per page), ${LIST_SAMPLES} samples each, one at a time, interleaved (ms):\n`,
  );
  console.log(
    '| Page | ticketkit p50 | ticketkit p95 | ticketkit p99 | raw SQL p50 | raw SQL p95 | server execution |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const key of ['first', 'deep'] as const) {
    const kit = [...timings[key]].sort((a, b) => a - b);
    const bare = [...timings[`raw ${key}`]].sort((a, b) => a - b);
    console.log(
      `| ${key === 'first' ? 'first page' : `deep cursor page (page ${depth + 1})`} | ${percentile(kit, 50).toFixed(2)} | ${percentile(kit, 95).toFixed(2)} | ${percentile(kit, 99).toFixed(2)} | ${percentile(bare, 50).toFixed(2)} | ${percentile(bare, 95).toFixed(2)} | ${await server(raw[key])} |`,
    );
  }
  console.log(`\nload average after list: ${load()}`);
  if (!args.keep || server !== undefined) await pool.query(`DROP SCHEMA ${quoteIdentifier(schema)} CASCADE`);
}

try {
  if (!args['skip-create']) await createBench();
  if (!args['skip-network']) {
    await statementBench();
    await networkBench();
  }
  if (!args['skip-list']) await listBench();
} finally {
  await Promise.all([pool.end(), pipelinedPool.end()]);
  server?.stop();
}

/**
 * Core benchmarks on the in-memory adapter: `pnpm bench` (or `pnpm --filter @ticketkit/core bench`).
 *
 * Each task runs the public API exactly as a host would, one command at a time, awaited:
 * schema validation, actor checks, the storage transaction, numbering, history/event
 * records and the publication to a subscribed listener. Figures go to docs/performance.md.
 *
 * Options (after `--`): `--time <ms>` per task (default 2000), `--filter <text>` to run the
 * tasks whose name contains it (`--filter credits` runs only the credit tasks, which follow
 * the table: see `credit-bench.ts`).
 */
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { memoryAdapter } from '@ticketkit/adapters-memory';
import {
  agentActor,
  type CreateTicketInput,
  createTicketing,
  type ListTicketsInput,
  type Priority,
  systemActor,
} from '@ticketkit/core';
import { Bench } from 'tinybench';
import { runCreditBench } from './credit-bench';

const { values: args } = parseArgs({
  options: { time: { type: 'string', default: '2000' }, filter: { type: 'string', default: '' } },
  allowPositionals: true,
});
const time = Number(args.time);

const TENANT = 'bench';
const system = systemActor(TENANT);
const PRIORITIES: Priority[] = ['urgent', 'high', 'medium', 'low'];
/** Events heard by the listeners: proves every command published its events. */
let published = 0;

/** A desk with one team, one agent, one customer, and a listener on every event. */
async function newDesk() {
  const desk = createTicketing({ storage: memoryAdapter() });
  desk.events.onAny((event) => {
    published += event.type.length > 0 ? 1 : 0;
  });
  const team = await desk.teams.create(system, { name: 'Support' });
  const agent = await desk.agents.create(system, { name: 'Ann', teamIds: [team.id], status: 'online' });
  const customer = await desk.customers.create(system, { name: 'Ada', email: 'ada@example.com' });
  return { desk, team, agent, customer };
}

type Desk = Awaited<ReturnType<typeof newDesk>>;

/** Opens `count` tickets with varied priority, team, assignee, tags and channel; two in three (or all) open. */
async function fill(setup: Desk, count: number, allOpen = false): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    const ticket = await setup.desk.tickets.create(system, {
      subject: `Order ${index}: ${index % 7 === 0 ? 'refund request' : 'delivery question'}`,
      requesterId: setup.customer.id,
      channel: index % 3 === 0 ? 'email' : 'web_form',
      priority: PRIORITIES[index % 4],
      tags: index % 5 === 0 ? ['billing', 'vip'] : ['shipping'],
      teamId: setup.team.id,
      assigneeId: index % 2 === 0 ? setup.agent.id : null,
    });
    if (allOpen || index % 3 !== 0) {
      await setup.desk.tickets.transition(system, ticket.id, { stageId: 'waiting_on_us' });
    }
    ids.push(ticket.id);
  }
  return ids;
}

const bench = new Bench({ name: 'ticketkit core on the memory adapter', time, warmupTime: 250 });

/**
 * Adds a task whose desk is built right before each phase (warm-up, run) and dropped right
 * after, so no task pays for the garbage collection of another task's data or setup.
 */
function task(name: string, prepare: () => Promise<() => Promise<unknown>>): void {
  if (!name.includes(args.filter)) return;
  let operation: (() => Promise<unknown>) | undefined;
  bench.add(name, () => (operation as () => Promise<unknown>)(), {
    async: true,
    beforeAll: async () => {
      operation = await prepare();
      // Start measuring on a collected heap (the bench script runs node with --expose-gc).
      (globalThis as { gc?: () => void }).gc?.();
    },
    afterAll: () => {
      operation = undefined;
    },
  });
}

// Create: the full path, with and without the request as the first message. The desk keeps
// every ticket created, so it grows during the run, as a long-lived desk would.
for (const withMessage of [false, true]) {
  task(withMessage ? 'tickets.create with first message' : 'tickets.create', async () => {
    const setup = await newDesk();
    const input: CreateTicketInput = {
      subject: 'Cannot export invoices',
      requesterId: setup.customer.id,
      channel: 'email',
      priority: 'high',
      tags: ['billing'],
      ...(withMessage
        ? { message: { body: 'Exporting INV-2041 to PDF gives an empty file. Can you help?' } }
        : {}),
    };
    return () => setup.desk.tickets.create(system, input);
  });
}

// Reply: an agent's public reply, spread over 1,000 open tickets.
task('tickets.reply (agent, public)', async () => {
  const setup = await newDesk();
  const ids = await fill(setup, 1_000, true);
  const agent = agentActor(TENANT, setup.agent.id);
  let next = 0;
  return () =>
    setup.desk.tickets.reply(agent, ids[next++ % ids.length] as string, {
      body: 'Thanks, we are looking into it.',
    });
});

// Transition: waiting on us <-> waiting on customer, over 1,000 tickets.
task('tickets.transition', async () => {
  const setup = await newDesk();
  const ids = await fill(setup, 1_000, true);
  const agent = agentActor(TENANT, setup.agent.id);
  let next = 0;
  return () => {
    const round = next++;
    const stageId = Math.floor(round / ids.length) % 2 === 0 ? 'waiting_on_customer' : 'waiting_on_us';
    return setup.desk.tickets.transition(agent, ids[round % ids.length] as string, { stageId });
  };
});

// List: one page of a filtered, sorted list over 10,000 tickets.
const filtered: ListTicketsInput = {
  category: ['open'],
  priority: ['urgent', 'high'],
  tags: ['billing'],
  limit: 25,
};
const searched: ListTicketsInput = { search: 'refund', sort: 'priority', limit: 25 };
for (const [name, query] of [
  ['tickets.list over 10k (category + priority + tag, 25 per page)', filtered],
  ['tickets.list over 10k (subject search, priority sort)', searched],
] as const) {
  task(name, async () => {
    const setup = await newDesk();
    await fill(setup, 10_000);
    const agent = agentActor(TENANT, setup.agent.id);
    const page = await setup.desk.tickets.list(agent, query);
    if (page.items.length !== 25) throw new Error(`${name}: expected a full page, got ${page.items.length}`);
    return () => setup.desk.tickets.list(agent, query);
  });
}

const cpu = cpus();
console.log(`${bench.name}`);
console.log(`node ${process.version}, ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown cpu'})`);
console.log(`${time} ms per task, one command at a time (single thread)\n`);

await bench.run();

const rows = bench.tasks.map((task) => {
  const result = task.result;
  if (result.state !== 'completed') {
    throw new Error(`${task.name}: ${result.state === 'errored' ? result.error.message : result.state}`);
  }
  return {
    task: task.name,
    'ops/s': Math.round(1000 / result.period).toLocaleString('en-US'),
    'mean (µs)': (result.latency.mean * 1000).toFixed(2),
    'p99 (µs)': (result.latency.p99 * 1000).toFixed(2),
    samples: result.latency.samplesCount,
  };
});

if (rows.length > 0 && published === 0) throw new Error('No event was published');

if (rows.length > 0) {
  console.log('| Task | ops/s | mean (µs) | p99 (µs) | samples |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const row of rows) {
    console.log(
      `| ${row.task} | ${row['ops/s']} | ${row['mean (µs)']} | ${row['p99 (µs)']} | ${row.samples} |`,
    );
  }
}

// Credits: throughput at concurrency 8 and balance reads by ledger length (see credit-bench.ts).
if ('credits'.includes(args.filter) || args.filter.startsWith('credit')) {
  console.log('');
  await runCreditBench('memory', async () => memoryAdapter(), {
    timeMs: time,
    concurrency: 8,
    longLedger: 100_000,
  });
}

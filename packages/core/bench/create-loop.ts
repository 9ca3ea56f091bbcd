/**
 * The create path alone, for profiling: one desk (a team, an agent, a customer, an `onAny`
 * listener), 10,000 warm-up creates, then `--count` creates of the `core.bench.ts` input,
 * one at a time, awaited. Prints creates/s by wall clock and by the process's CPU time
 * (which includes the garbage collector's helper threads).
 *
 * ```bash
 * npx -y pnpm@10 build && cd packages/core
 * node --expose-gc --cpu-prof --cpu-prof-dir=../../.tmp/profile --import tsx bench/create-loop.ts --count 200000
 * node --expose-gc --import tsx bench/create-loop.ts --count 20000 --allocations
 * ```
 *
 * `--message` adds the first message. With `--expose-gc`, it also prints the heap each create
 * leaves behind after full collections. `--allocations` samples allocations (collected ones
 * included) during the measured creates and prints bytes per create by function.
 */
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { memoryAdapter } from '@ticketkit/adapters-memory';
import { type CreateTicketInput, createTicketing, systemActor } from '@ticketkit/core';

const { values: args } = parseArgs({
  options: {
    count: { type: 'string', default: '100000' },
    message: { type: 'boolean', default: false },
    allocations: { type: 'boolean', default: false },
  },
  allowPositionals: true,
});
const count = Number(args.count);
const collect = (globalThis as { gc?: () => void }).gc;
const system = systemActor('bench');

const desk = createTicketing({ storage: memoryAdapter() });
let published = 0;
desk.events.onAny((event) => {
  published += event.type.length > 0 ? 1 : 0;
});
const team = await desk.teams.create(system, { name: 'Support' });
await desk.agents.create(system, { name: 'Ann', teamIds: [team.id], status: 'online' });
const customer = await desk.customers.create(system, { name: 'Ada', email: 'ada@example.com' });
const input: CreateTicketInput = {
  subject: 'Cannot export invoices',
  requesterId: customer.id,
  channel: 'email',
  priority: 'high',
  tags: ['billing'],
  ...(args.message
    ? { message: { body: 'Exporting INV-2041 to PDF gives an empty file. Can you help?' } }
    : {}),
};
for (let index = 0; index < 10_000; index++) await desk.tickets.create(system, input);

/** A node of V8's sampling heap profile. */
interface SampledNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: SampledNode[];
}

const session = args.allocations ? new Session() : undefined;
if (session !== undefined) {
  session.connect();
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 256,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
}
collect?.();
const heapBefore = process.memoryUsage().heapUsed;
const cpuBefore = process.cpuUsage();
const started = performance.now();
for (let index = 0; index < count; index++) await desk.tickets.create(system, input);
const wallMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
const cpuMs = (cpu.user + cpu.system) / 1000;
const perSecond = (ms: number) => Math.round(count / (ms / 1000)).toLocaleString('en-US');
const kind = args.message ? 'creates with a first message' : 'creates';
console.log(
  `${count} ${kind}: ${perSecond(wallMs)}/s wall (${((wallMs * 1000) / count).toFixed(2)} µs each)`,
);
console.log(`CPU time: ${perSecond(cpuMs)}/s (${((cpuMs * 1000) / count).toFixed(2)} µs each)`);
if (collect !== undefined && session === undefined) {
  collect();
  collect();
  const retained = (process.memoryUsage().heapUsed - heapBefore) / count;
  console.log(`retained after full collections: ${Math.round(retained)} bytes per create`);
}

if (session !== undefined) {
  const { profile } = (await session.post('HeapProfiler.stopSampling')) as { profile: { head: SampledNode } };
  const byFunction = new Map<string, number>();
  let total = 0;
  const walk = (node: SampledNode): void => {
    const { functionName, url, lineNumber } = node.callFrame;
    const where = `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
    byFunction.set(where, (byFunction.get(where) ?? 0) + node.selfSize);
    total += node.selfSize;
    for (const child of node.children) walk(child);
  };
  walk(profile.head);
  console.log(`allocated: ${Math.round(total / count)} bytes per create`);
  for (const [where, bytes] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
    console.log(`${String(Math.round(bytes / count)).padStart(7)}  ${where}`);
  }
}
// The desk stays reachable until here, so the retained figure counts its records.
if (published === 0 || (await desk.tickets.list(system, { limit: 1 })).items.length === 0) {
  throw new Error('No create was stored and published');
}

/**
 * `scheduler.runDueJobs` with many SLA timers scheduled and few due: the time must follow
 * the due timers, not the scheduled ones. Run: `pnpm bench` (with the other core benches) or
 * `npx tsx --expose-gc --conditions=dev-source packages/core/bench/run-due-jobs.bench.ts`.
 *
 * For each size, a desk on the memory adapter opens `scheduled` tickets under a 24/7 SLA
 * policy: 1,000 urgent ones (first response 60 min, first timer at 30 min) and the rest low
 * (first response 30 days). Every ticket has one SLA timer. At +31, +46 and +61 minutes one
 * `runDueJobs({ limit: 1000 })` runs the 1,000 due timers (50% warning, 75% warning,
 * breach): each job stores the ticket again, announces the event and reschedules the timer.
 * Also timed: the adapter's `jobs.claimDue` alone for 1,000 due among the scheduled.
 *
 * Options: `--filter <text>` runs only when "runDueJobs" contains it; `--sizes 10000,100000`.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { memoryAdapter } from '@ticketkit/adapters-memory';
import { createTicketing, type Priority, systemActor } from '@ticketkit/core';
import { createTestClock } from '@ticketkit/core/testing';

const { values: args } = parseArgs({
  options: {
    time: { type: 'string', default: '' },
    filter: { type: 'string', default: '' },
    sizes: { type: 'string', default: '10000,100000' },
  },
  allowPositionals: true,
});

const DUE = 1_000;
const MINUTE = 60_000;
const TENANT = 'bench';
const system = systemActor(TENANT);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

/** Milliseconds the garbage collector paused the process, summed since the last reset. */
let gcPauseMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcPauseMs += entry.duration;
}).observe({ entryTypes: ['gc'] });

async function measure(scheduled: number) {
  const storage = memoryAdapter();
  const clock = createTestClock('2024-03-04T09:00:00.000Z');
  const desk = createTicketing({ storage, clock });
  await desk.settings.update(system, {
    sla: {
      policies: [
        {
          id: 'all',
          name: 'Everyone, 24/7',
          targets: {
            urgent: { firstResponseMinutes: 60, hours: '24x7' },
            fallback: { firstResponseMinutes: 30 * 24 * 60, hours: '24x7' },
          },
        },
      ],
    },
  });
  const customer = await desk.customers.create(system, { name: 'Ada', email: 'ada@example.com' });
  const start = clock.now().getTime();
  const setupStarted = performance.now();
  for (let index = 0; index < scheduled; index++) {
    const priority: Priority = index % (scheduled / DUE) === 0 ? 'urgent' : 'low';
    await desk.tickets.create(system, { subject: `Ticket ${index}`, requesterId: customer.id, priority });
  }
  const setupSeconds = (performance.now() - setupStarted) / 1000;

  // The adapter alone: claim the 1,000 due timers and let the claims lapse (lease ends at once).
  clock.set(start + 31 * MINUTE);
  gc();
  const claimStarted = performance.now();
  const claimed = await storage.jobs.claimDue({
    now: clock.now(),
    limit: DUE,
    claimToken: 'bench',
    leaseUntil: clock.now(),
  });
  const claimMs = performance.now() - claimStarted;
  if (claimed.length !== DUE) throw new Error(`claimed ${claimed.length}, expected ${DUE}`);

  const rounds: number[] = [];
  const gcRounds: number[] = [];
  for (const minutes of [31, 46, 61]) {
    clock.set(start + minutes * MINUTE);
    gc();
    await new Promise((resolve) => setTimeout(resolve, 0));
    gcPauseMs = 0;
    const started = performance.now();
    const result = await desk.scheduler.runDueJobs({ limit: DUE });
    rounds.push(performance.now() - started);
    // GC entries are delivered asynchronously: let the observer catch up before reading.
    await new Promise((resolve) => setTimeout(resolve, 0));
    gcRounds.push(gcPauseMs);
    if (result.completed !== DUE)
      throw new Error(`completed ${result.completed} of ${DUE} at +${minutes} min`);
  }
  const events = await storage.events.list(TENANT, { after: null, limit: 1, types: ['sla.breached'] });
  if (events.events.length === 0) throw new Error('no breach was announced');
  return { scheduled, setupSeconds, claimMs, rounds, gcRounds };
}

if ('runDueJobs'.includes(args.filter)) {
  const rows = [];
  for (const size of args.sizes.split(',').map(Number)) {
    const { scheduled, setupSeconds, claimMs, rounds, gcRounds } = await measure(size);
    const mean = rounds.reduce((sum, ms) => sum + ms, 0) / rounds.length;
    rows.push({
      'timers scheduled': scheduled.toLocaleString('en-US'),
      due: DUE.toLocaleString('en-US'),
      'runDueJobs ms (+31 / +46 / +61 min)': rounds.map((ms) => ms.toFixed(1)).join(' / '),
      'due jobs/s': Math.round((DUE / mean) * 1000).toLocaleString('en-US'),
      'of which GC ms': gcRounds.map((ms) => ms.toFixed(1)).join(' / '),
      'claimDue ms (1,000 due)': claimMs.toFixed(2),
      'setup s': setupSeconds.toFixed(1),
    });
  }
  console.log('runDueJobs: 1,000 due SLA timers among many scheduled (memory adapter)');
  console.table(rows);
}

/**
 * addBusinessTime throughput on a weekday calendar with holidays, for spans of 1 hour,
 * 1 week and 3 months of business time. Run: `pnpm bench` (with the other core benches) or
 * `npx tsx --conditions=dev-source packages/core/bench/business-time.bench.ts` (on the sources).
 *
 * Each task runs a batch of calls from 1,000 different start instants (spread over two years,
 * inside and outside working hours), so figures are per call and no single start is cached.
 *
 * Options: `--time <ms>` per task (default 1500), `--filter <text>` runs only when
 * "addBusinessTime" contains it.
 */
import { parseArgs } from 'node:util';
import { addBusinessTime, type BusinessCalendarInput, isWorkingTime } from '@ticketkit/core';
import { Bench } from 'tinybench';

const nineToFive = [{ start: '09:00', end: '17:00' }];
const calendar: BusinessCalendarInput = {
  mode: 'business_hours',
  timeZone: 'Europe/Berlin',
  weekly: { mon: nineToFive, tue: nineToFive, wed: nineToFive, thu: nineToFive, fri: nineToFive },
  holidays: [
    '2024-01-01',
    '2024-03-29',
    '2024-04-01',
    '2024-05-01',
    '2024-05-09',
    '2024-05-20',
    '2024-10-03',
    '2024-12-25',
    '2024-12-26',
    '2025-01-01',
    '2025-04-18',
    '2025-04-21',
    '2025-05-01',
    '2025-05-29',
    '2025-06-09',
    '2025-10-03',
    '2025-12-25',
    '2025-12-26',
  ],
};

const { values: args } = parseArgs({
  options: { time: { type: 'string', default: '1500' }, filter: { type: 'string', default: '' } },
  allowPositionals: true,
});

const BATCH = 1_000;
const starts: Date[] = [];
for (let index = 0; index < BATCH; index++) {
  // Every 17h 13m from 2024-01-01: all hours of the day, all weekdays.
  starts.push(new Date(Date.UTC(2024, 0, 1) + index * (17 * 60 + 13) * 60_000));
}

const spans = [
  { name: '1 hour', minutes: 60 },
  { name: '1 week (5 x 8 h)', minutes: 5 * 8 * 60 },
  { name: '3 months (65 x 8 h)', minutes: 65 * 8 * 60 },
];

if ('addBusinessTime'.includes(args.filter)) await run();

async function run() {
  // Warm the calendar's day cache the way a long-running desk would be.
  for (const span of spans) for (const start of starts) addBusinessTime(start, span.minutes, calendar);

  const bench = new Bench({ time: Number(args.time), warmup: true });
  let sink = 0;
  for (const span of spans) {
    bench.add(span.name, () => {
      for (let index = 0; index < BATCH; index++) {
        sink += addBusinessTime(starts[index] as Date, span.minutes, calendar).getTime();
      }
    });
  }
  await bench.run();

  const rows = spans.map((span) => {
    const task = bench.getTask(span.name);
    const result = task?.result;
    const periodMs = result !== undefined && 'period' in result ? result.period : Number.NaN;
    const callsPerSecond = (BATCH / periodMs) * 1000;
    // Working intervals the call walks through: rising edges of working time in [start, due].
    let crossed = 0;
    for (const start of starts) {
      const due = addBusinessTime(start, span.minutes, calendar).getTime();
      let working = false;
      for (let at = start.getTime(); at < due; at += 3_600_000) {
        const now = isWorkingTime(new Date(at), calendar);
        if (now && !working) crossed++;
        working = now;
      }
    }
    return {
      span: span.name,
      'business minutes': span.minutes,
      'intervals crossed (avg)': Math.round((crossed / BATCH) * 10) / 10,
      'calls/s': Math.round(callsPerSecond).toLocaleString('en-US'),
      'ns/call': Math.round(1e6 / (callsPerSecond / 1000)),
    };
  });
  console.log('addBusinessTime: weekday 09:00-17:00 calendar in Europe/Berlin with 18 holidays');
  console.table(rows);
  if (sink === 42) console.log('');
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addBusinessTime } from './add-business-time';
import { type BusinessCalendarInput, WEEKDAYS } from './business-calendar';
import { businessTimeBetween } from './business-time-between';
import { isWorkingTime } from './is-working-time';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** Zones with 1-hour, 30-minute and 45-minute offsets, DST at night, at midnight, or none. */
const ZONES = [
  'UTC',
  'America/New_York',
  'Europe/Berlin',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'America/Santiago',
  'America/St_Johns',
  'Pacific/Chatham',
  'Asia/Kolkata',
] as const;

/** Days around which DST changes somewhere in ZONES (2024). */
const ANCHOR_DAYS = [
  '2024-03-10',
  '2024-03-31',
  '2024-04-07',
  '2024-09-08',
  '2024-09-29',
  '2024-10-06',
  '2024-11-03',
  '2024-06-15',
].map((date) => Date.parse(`${date}T00:00:00Z`));

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** A day's intervals from sorted distinct cut points on a 15-minute grid (00:00-24:00). */
const dayIntervals = fc.uniqueArray(fc.integer({ min: 0, max: 96 }), { maxLength: 6 }).map((cuts) => {
  const sorted = [...cuts].sort((a, b) => a - b);
  const intervals: Array<{ start: string; end: string }> = [];
  for (let index = 0; index + 1 < sorted.length; index += 2) {
    intervals.push({
      start: hhmm((sorted[index] as number) * 15),
      end: hhmm((sorted[index + 1] as number) * 15),
    });
  }
  return intervals;
});

const localDate = (anchor: number, offsetDays: number) =>
  new Date(anchor + offsetDays * DAY).toISOString().slice(0, 10);

/** A random calendar and a start instant (whole minutes) near a DST change. */
const scenario = fc
  .record({
    zone: fc.constantFrom(...ZONES),
    weekly: fc.array(dayIntervals, { minLength: 7, maxLength: 7 }),
    anchor: fc.constantFrom(...ANCHOR_DAYS),
    startOffsetMinutes: fc.integer({ min: -3 * 1440, max: 3 * 1440 }),
    holidayDays: fc.uniqueArray(fc.integer({ min: -3, max: 20 }), { maxLength: 4 }),
    overrideDays: fc.uniqueArray(fc.integer({ min: -3, max: 20 }), { maxLength: 3 }),
    overrideIntervals: fc.array(dayIntervals, { minLength: 3, maxLength: 3 }),
  })
  .map((input) => {
    const weekly: Record<string, Array<{ start: string; end: string }>> = {};
    input.weekly.forEach((intervals, index) => {
      weekly[WEEKDAYS[index] as string] = intervals;
    });
    if (input.weekly.every((intervals) => intervals.length === 0))
      weekly.mon = [{ start: '09:00', end: '17:00' }];
    const calendar: BusinessCalendarInput = {
      mode: 'business_hours',
      timeZone: input.zone,
      weekly,
      holidays: input.holidayDays.map((day) => localDate(input.anchor, day)),
      overrides: input.overrideDays.map((day, index) => ({
        date: localDate(input.anchor, day),
        intervals: input.overrideIntervals[index] ?? [],
      })),
    };
    return { calendar, start: input.anchor + input.startOffsetMinutes * MINUTE };
  });

/** Pauses near the start, on whole minutes, possibly overlapping. */
const pausesNear = (start: number) =>
  fc
    .array(fc.tuple(fc.integer({ min: -600, max: 5 * 1440 }), fc.integer({ min: 0, max: 900 })), {
      maxLength: 4,
    })
    .map((spans) =>
      spans.map(([from, length]) => ({
        start: new Date(start + from * MINUTE),
        end: new Date(start + (from + length) * MINUTE),
      })),
    );

// ---- A brute-force oracle: Intl only, no caches, minute by minute. ----

const formats = new Map<string, Intl.DateTimeFormat>();

function intlOffset(zone: string, instant: number): number {
  let format = formats.get(zone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formats.set(zone, format);
  }
  const parts = format.formatToParts(new Date(instant));
  const value = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  return (
    Date.UTC(
      value('year'),
      value('month') - 1,
      value('day'),
      value('hour') % 24,
      value('minute'),
      value('second'),
    ) - instant
  );
}

/** Instant of a local wall time: the first valid reading, else (skipped) read with the earlier offset. */
function oracleInstant(zone: string, wall: number): number {
  const offsets = new Set<number>();
  for (let step = -4; step <= 4; step++) offsets.add(intlOffset(zone, wall + step * 6 * 3_600_000));
  const valid = [...offsets]
    .map((offset) => wall - offset)
    .filter((instant) => intlOffset(zone, instant) === wall - instant);
  if (valid.length > 0) return Math.min(...valid);
  return wall - intlOffset(zone, wall - DAY);
}

/** Every working span of the calendar for local days around `[from, to]`, as instants (unmerged). */
function oracleSpans(calendar: BusinessCalendarInput, from: number, to: number): Array<[number, number]> {
  if (calendar.mode !== 'business_hours') throw new Error('oracle covers business-hours calendars');
  const zone = calendar.timeZone;
  const spans: Array<[number, number]> = [];
  const toMinutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3));
  for (let day = Math.floor(from / DAY) - 2; day <= Math.floor(to / DAY) + 2; day++) {
    const date = new Date(day * DAY).toISOString().slice(0, 10);
    const override = calendar.overrides?.find((candidate) => candidate.date === date);
    const weekday = WEEKDAYS[new Date(day * DAY).getUTCDay()] as (typeof WEEKDAYS)[number];
    const intervals =
      override?.intervals ?? (calendar.holidays?.includes(date) ? [] : (calendar.weekly[weekday] ?? []));
    const dayStart = oracleInstant(zone, day * DAY);
    const dayEnd = Math.max(dayStart, oracleInstant(zone, (day + 1) * DAY));
    for (const interval of intervals) {
      const start = Math.max(dayStart, oracleInstant(zone, day * DAY + toMinutes(interval.start) * MINUTE));
      const end = Math.min(dayEnd, oracleInstant(zone, day * DAY + toMinutes(interval.end) * MINUTE));
      if (end > start) spans.push([start, end]);
    }
  }
  return spans;
}

function oracleWorking(
  spans: Array<[number, number]>,
  pauses: Array<{ start: Date; end: Date }>,
  at: number,
) {
  return (
    spans.some(([start, end]) => start <= at && at < end) &&
    !pauses.some((pause) => pause.start.getTime() <= at && at < pause.end.getTime())
  );
}

/** Steps minute by minute: the end of the minute in which the goal's last minute was worked. */
function oracleAdd(
  calendar: BusinessCalendarInput,
  start: number,
  minutes: number,
  pauses: Array<{ start: Date; end: Date }>,
): number | null {
  const horizon = start + 60 * DAY;
  const spans = oracleSpans(calendar, start, horizon).sort((a, b) => a[0] - b[0]);
  let worked = 0;
  let first = 0;
  for (let at = start; at < horizon; at += MINUTE) {
    while (first < spans.length && (spans[first] as [number, number])[1] <= at) first++;
    let working = false;
    for (let index = first; index < spans.length && (spans[index] as [number, number])[0] <= at; index++) {
      if (at < (spans[index] as [number, number])[1]) working = true;
    }
    if (!working || pauses.some((pause) => pause.start.getTime() <= at && at < pause.end.getTime())) continue;
    if (minutes === 0) return at;
    worked++;
    if (worked === minutes) return at + MINUTE;
  }
  return null;
}

// Property runs take seconds, more on a loaded machine: a generous timeout, not fewer runs.
describe('business time properties', { timeout: 60_000 }, () => {
  it('addBusinessTime - agrees with a brute-force minute-stepping oracle on random calendars', () => {
    fc.assert(
      fc.property(
        scenario.chain((s) =>
          fc.tuple(fc.constant(s), fc.integer({ min: 0, max: 1500 }), pausesNear(s.start)),
        ),
        ([{ calendar, start }, minutes, pauses]) => {
          const expected = oracleAdd(calendar, start, minutes, pauses);
          fc.pre(expected !== null);
          const due = addBusinessTime(new Date(start), minutes, calendar, { pauses });
          expect(due.getTime()).toBe(expected);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('isWorkingTime - agrees with the oracle minute by minute around DST changes', () => {
    fc.assert(
      fc.property(scenario, ({ calendar, start }) => {
        const spans = oracleSpans(calendar, start, start + DAY);
        for (let at = start; at < start + DAY; at += 7 * MINUTE) {
          expect(isWorkingTime(new Date(at), calendar)).toBe(oracleWorking(spans, [], at));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('addBusinessTime - more minutes never give an earlier due time', () => {
    fc.assert(
      fc.property(
        scenario,
        fc.integer({ min: 0, max: 20_000 }),
        fc.integer({ min: 0, max: 20_000 }),
        (s, a, b) => {
          const [low, high] = a <= b ? [a, b] : [b, a];
          const early = addBusinessTime(new Date(s.start), low, s.calendar);
          const late = addBusinessTime(new Date(s.start), high, s.calendar);
          expect(late.getTime()).toBeGreaterThanOrEqual(early.getTime());
        },
      ),
      { numRuns: 300 },
    );
  });

  it('addBusinessTime - adding a then b equals adding a + b (b > 0)', () => {
    fc.assert(
      fc.property(
        scenario.chain((s) =>
          fc.tuple(
            fc.constant(s),
            fc.integer({ min: 0, max: 10_000 }),
            fc.integer({ min: 1, max: 10_000 }),
            pausesNear(s.start),
          ),
        ),
        ([s, a, b, pauses]) => {
          const options = { pauses };
          const once = addBusinessTime(new Date(s.start), a + b, s.calendar, options);
          const twice = addBusinessTime(
            addBusinessTime(new Date(s.start), a, s.calendar, options),
            b,
            s.calendar,
            options,
          );
          expect(twice.getTime()).toBe(once.getTime());
        },
      ),
      { numRuns: 300 },
    );
  });

  it('addBusinessTime - pauses never make a due time earlier', () => {
    fc.assert(
      fc.property(
        scenario.chain((s) =>
          fc.tuple(fc.constant(s), fc.integer({ min: 0, max: 5_000 }), pausesNear(s.start)),
        ),
        ([s, minutes, pauses]) => {
          const plain = addBusinessTime(new Date(s.start), minutes, s.calendar);
          const paused = addBusinessTime(new Date(s.start), minutes, s.calendar, { pauses });
          expect(paused.getTime()).toBeGreaterThanOrEqual(plain.getTime());
        },
      ),
      { numRuns: 300 },
    );
  });

  it('businessTimeBetween - measures exactly what addBusinessTime added', () => {
    fc.assert(
      fc.property(
        scenario.chain((s) =>
          fc.tuple(fc.constant(s), fc.integer({ min: 0, max: 20_000 }), pausesNear(s.start)),
        ),
        ([s, minutes, pauses]) => {
          const due = addBusinessTime(new Date(s.start), minutes, s.calendar, { pauses });
          expect(businessTimeBetween(new Date(s.start), due, s.calendar, { pauses })).toBe(minutes);
          expect(businessTimeBetween(due, new Date(s.start), s.calendar, { pauses })).toBe(0 - minutes);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('addBusinessTime - the due time is working time or the end of a working stretch', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 1, max: 5_000 }), (s, minutes) => {
        const due = addBusinessTime(new Date(s.start), minutes, s.calendar);
        const justBefore = new Date(due.getTime() - 1);
        expect(isWorkingTime(justBefore, s.calendar)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

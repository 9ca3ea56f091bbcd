import { parseInput } from '../validation';
import {
  type BusinessCalendar,
  type BusinessCalendarInput,
  businessCalendarSchema,
  epochDayOf,
  minutesOfDay,
  WEEKDAYS,
  type WorkingInterval,
} from './business-calendar';
import { DAY_MS, type ZoneOffsets, zoneOffsets } from './zone-offsets';

/**
 * The working time of one local date as instants: `bounds` holds `[start0, end0, start1,
 * end1, ...]`, sorted, disjoint and non-empty, all within `[start, end]` (the instants of
 * the date's local midnight and the next one).
 */
export interface CompiledDay {
  readonly start: number;
  readonly end: number;
  readonly bounds: readonly number[];
}

/** Earliest instant business-time functions accept: 1900-01-01T00:00:00Z. */
export const MIN_INSTANT = Date.UTC(1900, 0, 1);
/** Instant business-time functions stay before: 2200-01-01T00:00:00Z. */
export const MAX_INSTANT = Date.UTC(2200, 0, 1);

const CLOSED: readonly number[] = [];

/**
 * A validated calendar ready for arithmetic. Each local date's working instants are computed
 * once and cached, so arithmetic costs a map read per date it crosses.
 */
export class CompiledCalendar {
  /** Whether every instant is working time (24/7). */
  readonly alwaysOpen: boolean;
  readonly #zone: ZoneOffsets | null;
  /** Minutes-of-day pairs per weekday, Sunday first. */
  readonly #weekly: ReadonlyArray<readonly number[]>;
  /** Minutes-of-day pairs of holidays (empty) and overrides, by epoch day. */
  readonly #dated: ReadonlyMap<number, readonly number[]>;
  readonly #days = new Map<number, CompiledDay>();

  constructor(calendar: BusinessCalendar) {
    if (calendar.mode === 'always_open') {
      this.alwaysOpen = true;
      this.#zone = null;
      this.#weekly = [];
      this.#dated = new Map();
      return;
    }
    this.alwaysOpen = false;
    this.#zone = zoneOffsets(calendar.timeZone);
    this.#weekly = WEEKDAYS.map((day) => minutePairs(calendar.weekly[day] ?? []));
    const dated = new Map<number, readonly number[]>();
    for (const holiday of calendar.holidays) dated.set(epochDayOf(holiday), CLOSED);
    for (const override of calendar.overrides)
      dated.set(epochDayOf(override.date), minutePairs(override.intervals));
    this.#dated = dated;
  }

  /** The local date (epoch day) an instant falls on. Not for always-open calendars. */
  dayOf(instant: number): number {
    const zone = this.#zone as ZoneOffsets;
    return Math.floor((instant + zone.offsetAt(instant)) / DAY_MS);
  }

  /** The working instants of a local date (epoch day). Not for always-open calendars. */
  day(epochDay: number): CompiledDay {
    let day = this.#days.get(epochDay);
    if (day === undefined) {
      day = this.#compileDay(epochDay);
      if (this.#days.size >= 20_000) this.#days.clear();
      this.#days.set(epochDay, day);
    }
    return day;
  }

  #compileDay(epochDay: number): CompiledDay {
    const zone = this.#zone as ZoneOffsets;
    const midnight = epochDay * DAY_MS;
    const start = zone.toInstant(midnight);
    const end = Math.max(start, zone.toInstant(midnight + DAY_MS));
    const weekday = (((epochDay + 4) % 7) + 7) % 7;
    const pairs = this.#dated.get(epochDay) ?? (this.#weekly[weekday] as readonly number[]);
    const spans: Array<[number, number]> = [];
    for (let index = 0; index < pairs.length; index += 2) {
      const from = Math.max(start, zone.toInstant(midnight + (pairs[index] as number) * 60_000));
      const to = Math.min(end, zone.toInstant(midnight + (pairs[index + 1] as number) * 60_000));
      if (to > from) spans.push([from, to]);
    }
    // Across a skipped hour, intervals sorted by local time may map to instants out of order
    // or overlapping; working time is their union.
    spans.sort((a, b) => a[0] - b[0]);
    const bounds: number[] = [];
    for (const [from, to] of spans) {
      const last = bounds.length - 1;
      if (last > 0 && from <= (bounds[last] as number)) bounds[last] = Math.max(bounds[last] as number, to);
      else bounds.push(from, to);
    }
    return { start, end, bounds };
  }
}

/** Sorted `[start, end, ...]` minutes of the day, touching intervals joined. */
function minutePairs(intervals: readonly WorkingInterval[]): readonly number[] {
  const sorted = intervals
    .map((interval) => [minutesOfDay(interval.start), minutesOfDay(interval.end)] as const)
    .sort((a, b) => a[0] - b[0]);
  const pairs: number[] = [];
  for (const [start, end] of sorted) {
    if (pairs.length > 0 && start <= (pairs[pairs.length - 1] as number)) pairs[pairs.length - 1] = end;
    else pairs.push(start, end);
  }
  return pairs;
}

const compiled = new WeakMap<object, CompiledCalendar>();

/**
 * Validates and compiles a calendar, cached by object identity: the first call with an
 * object parses it (`VALIDATION_FAILED` when invalid), later calls with the same object
 * reuse the result. Treat a calendar object as immutable once used; pass a new object to change it.
 */
export function compileCalendar(calendar: BusinessCalendarInput): CompiledCalendar {
  const cached = typeof calendar === 'object' && calendar !== null ? compiled.get(calendar) : undefined;
  if (cached !== undefined) return cached;
  const result = new CompiledCalendar(parseInput(businessCalendarSchema, calendar, 'calendar'));
  compiled.set(calendar, result);
  return result;
}

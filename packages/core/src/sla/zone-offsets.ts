/** Milliseconds in a (UTC) day. */
export const DAY_MS = 86_400_000;

const SAMPLE_STEP_MS = 6 * 60 * 60 * 1000;

/** Offsets of one UTC day: a number when constant, else the offsets around each transition. */
type DayOffsets = number | { offsets: number[]; transitions: number[] };

/**
 * UTC offsets of one IANA time zone, from the runtime's time zone data (`Intl`), cached per
 * UTC day: after the first lookup of a day, an offset costs one map read. Offsets have
 * second precision; a day's transitions are found by bisection and assumed at least six
 * hours apart (true of every zone in the tz database).
 */
export class ZoneOffsets {
  readonly timeZone: string;
  readonly #format: Intl.DateTimeFormat;
  readonly #days = new Map<number, DayOffsets>();

  constructor(timeZone: string) {
    this.timeZone = timeZone;
    this.#format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  /** The zone's offset (local minus UTC, in ms) at an instant. */
  offsetAt(instant: number): number {
    const day = Math.floor(instant / DAY_MS);
    let entry = this.#days.get(day);
    if (entry === undefined) {
      entry = this.#computeDay(day);
      if (this.#days.size >= 50_000) this.#days.clear();
      this.#days.set(day, entry);
    }
    if (typeof entry === 'number') return entry;
    let index = 0;
    while (index < entry.transitions.length && instant >= (entry.transitions[index] as number)) index++;
    return entry.offsets[index] as number;
  }

  /**
   * The instant of a local wall-clock time, given as milliseconds since 1970-01-01T00:00
   * local. A time skipped by a forward transition moves forward by the gap (02:30 on a
   * spring-forward night is 03:30); a repeated time takes its first occurrence.
   */
  toInstant(wall: number): number {
    const before = this.offsetAt(wall - DAY_MS);
    const after = this.offsetAt(wall + DAY_MS);
    const early = wall - Math.max(before, after);
    const late = wall - Math.min(before, after);
    if (this.offsetAt(early) === wall - early) return early;
    if (this.offsetAt(late) === wall - late) return late;
    return wall - before;
  }

  #computeDay(day: number): DayOffsets {
    const start = day * DAY_MS;
    const first = this.#intlOffset(start);
    const offsets = [first];
    const transitions: number[] = [];
    let low = start;
    let lowOffset = first;
    for (let sample = start + SAMPLE_STEP_MS; sample <= start + DAY_MS; sample += SAMPLE_STEP_MS) {
      const probe = Math.min(sample, start + DAY_MS - 1000);
      const probeOffset = this.#intlOffset(probe);
      if (probeOffset !== lowOffset) {
        transitions.push(this.#firstSecondWith(low, probe, probeOffset));
        offsets.push(probeOffset);
      }
      low = probe;
      lowOffset = probeOffset;
    }
    return transitions.length === 0 ? first : { offsets, transitions };
  }

  /** The first whole second in `(low, high]` whose offset is `target` (`high` has it, `low` does not). */
  #firstSecondWith(low: number, high: number, target: number): number {
    let lo = low / 1000;
    let hi = high / 1000;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (this.#intlOffset(mid * 1000) === target) hi = mid;
      else lo = mid;
    }
    return hi * 1000;
  }

  #intlOffset(instant: number): number {
    const whole = instant - (((instant % 1000) + 1000) % 1000);
    let year = 0;
    let month = 0;
    let day = 0;
    let hour = 0;
    let minute = 0;
    let second = 0;
    for (const part of this.#format.formatToParts(new Date(whole))) {
      switch (part.type) {
        case 'year':
          year = Number(part.value);
          break;
        case 'month':
          month = Number(part.value);
          break;
        case 'day':
          day = Number(part.value);
          break;
        case 'hour':
          hour = Number(part.value) % 24;
          break;
        case 'minute':
          minute = Number(part.value);
          break;
        case 'second':
          second = Number(part.value);
          break;
      }
    }
    const local = Date.UTC(year, month - 1, day, hour, minute, second);
    return local - whole;
  }
}

const zones = new Map<string, ZoneOffsets>();

/** The shared offset table of a (valid) time zone. */
export function zoneOffsets(timeZone: string): ZoneOffsets {
  let zone = zones.get(timeZone);
  if (zone === undefined) {
    zone = new ZoneOffsets(timeZone);
    if (zones.size >= 1_000) zones.clear();
    zones.set(timeZone, zone);
  }
  return zone;
}

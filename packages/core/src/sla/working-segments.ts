import { resultOutOfRange } from './business-time-arguments';
import { type CompiledCalendar, type CompiledDay, MAX_INSTANT } from './compiled-calendar';

/**
 * Walks the working time of a calendar forward from an instant, minus pauses: each
 * {@link next} call yields the next segment `[segmentStart, segmentEnd)` of time that is
 * working and not paused. Segments are ascending, disjoint and non-empty; a segment of an
 * always-open calendar may end at `Infinity`. Costs one step per working interval or pause crossed.
 */
export class WorkingSegments {
  segmentStart = 0;
  segmentEnd = 0;
  readonly #calendar: CompiledCalendar;
  readonly #pauses: readonly number[];
  #pause = 0;
  #position: number;
  #epochDay = 0;
  #day: CompiledDay | null = null;
  #index = 0;

  /** `pauses` are sorted, merged `[start, end, ...]` milliseconds. */
  constructor(calendar: CompiledCalendar, from: number, pauses: readonly number[]) {
    this.#calendar = calendar;
    this.#pauses = pauses;
    this.#position = from;
    if (!calendar.alwaysOpen) {
      this.#epochDay = calendar.dayOf(from);
      this.#day = calendar.day(this.#epochDay);
      if (from < this.#day.start) this.#day = calendar.day(--this.#epochDay);
    }
  }

  /** Moves to the next segment; `VALIDATION_FAILED` once working time runs past 2200-01-01. */
  next(): void {
    const pauses = this.#pauses;
    for (;;) {
      let start: number;
      let end: number;
      if (this.#day === null) {
        start = this.#position;
        end = Number.POSITIVE_INFINITY;
      } else {
        let day = this.#day;
        for (;;) {
          if (this.#index >= day.bounds.length) {
            if (day.end >= MAX_INSTANT) resultOutOfRange();
            day = this.#calendar.day(++this.#epochDay);
            this.#day = day;
            this.#index = 0;
            continue;
          }
          end = day.bounds[this.#index + 1] as number;
          if (end <= this.#position) {
            this.#index += 2;
            continue;
          }
          start = Math.max(day.bounds[this.#index] as number, this.#position);
          break;
        }
      }
      let pause = this.#pause;
      while (pause < pauses.length && (pauses[pause + 1] as number) <= start) pause += 2;
      this.#pause = pause;
      if (pause < pauses.length && (pauses[pause] as number) <= start) {
        this.#position = pauses[pause + 1] as number;
        continue;
      }
      this.segmentStart = start;
      this.segmentEnd = pause < pauses.length ? Math.min(end, pauses[pause] as number) : end;
      this.#position = this.segmentEnd;
      return;
    }
  }
}

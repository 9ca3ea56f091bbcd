import type { BusinessCalendarInput } from './business-calendar';
import {
  type BusinessTimeOptions,
  instantArgument,
  minutesArgument,
  pausesArgument,
  resultOutOfRange,
} from './business-time-arguments';
import { compileCalendar, MAX_INSTANT } from './compiled-calendar';
import { WorkingSegments } from './working-segments';

/**
 * The instant at which `minutes` of business time have passed since `start` on `calendar`,
 * not counting `options.pauses`.
 *
 * - Business time is real elapsed time inside working intervals: on a daylight-saving day
 *   a 09:00-17:00 window lasts 7 or 9 hours when the change falls inside it.
 * - `0` minutes returns the next working (and not paused) instant at or after `start`.
 * - A due time that lands exactly on the end of a working interval (or the start of a
 *   pause) is that instant; it does not move to the next interval.
 * - Minutes may be fractional; the result is rounded to the millisecond.
 *
 * Throws `VALIDATION_FAILED` for an invalid calendar, a start outside 1900-2200, negative or
 * non-finite minutes, malformed pauses, or a result past 2200-01-01.
 */
export function addBusinessTime(
  start: Date,
  minutes: number,
  calendar: BusinessCalendarInput,
  options?: BusinessTimeOptions,
): Date {
  const from = instantArgument(start, 'start');
  let remaining = minutesArgument(minutes);
  const compiled = compileCalendar(calendar);
  const segments = new WorkingSegments(compiled, from, pausesArgument(options));
  for (;;) {
    segments.next();
    const length = segments.segmentEnd - segments.segmentStart;
    if (remaining <= length) {
      const due = segments.segmentStart + remaining;
      if (due >= MAX_INSTANT) resultOutOfRange();
      return new Date(due);
    }
    remaining -= length;
  }
}

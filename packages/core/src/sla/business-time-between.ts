import type { BusinessCalendarInput } from './business-calendar';
import { type BusinessTimeOptions, instantArgument, pausesArgument } from './business-time-arguments';
import { compileCalendar } from './compiled-calendar';
import { WorkingSegments } from './working-segments';

/**
 * Business minutes on `calendar` from `start` (inclusive) to `end` (exclusive), not counting
 * `options.pauses`: the inverse of {@link addBusinessTime} (for `start` at a working instant,
 * `businessTimeBetween(start, addBusinessTime(start, m, c), c) === m`). Fractional when the
 * span is not whole minutes. When `end` is before `start`, the result is negative:
 * `businessTimeBetween(a, b) === -businessTimeBetween(b, a)`.
 *
 * Throws `VALIDATION_FAILED` for an invalid calendar, instants outside 1900-2200 or malformed pauses.
 */
export function businessTimeBetween(
  start: Date,
  end: Date,
  calendar: BusinessCalendarInput,
  options?: BusinessTimeOptions,
): number {
  const from = instantArgument(start, 'start');
  const to = instantArgument(end, 'end');
  const compiled = compileCalendar(calendar);
  const pauses = pausesArgument(options);
  // `0 -` rather than unary minus: an empty span is 0, never -0.
  if (to < from) return 0 - workingMilliseconds(compiled, to, from, pauses) / 60_000;
  return workingMilliseconds(compiled, from, to, pauses) / 60_000;
}

function workingMilliseconds(
  calendar: ReturnType<typeof compileCalendar>,
  from: number,
  to: number,
  pauses: readonly number[],
): number {
  if (to === from) return 0;
  const segments = new WorkingSegments(calendar, from, pauses);
  let total = 0;
  for (;;) {
    segments.next();
    if (segments.segmentStart >= to) return total;
    total += Math.min(segments.segmentEnd, to) - segments.segmentStart;
    if (segments.segmentEnd >= to) return total;
  }
}

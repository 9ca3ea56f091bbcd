import type { BusinessCalendarInput } from './business-calendar';
import { instantArgument } from './business-time-arguments';
import { compileCalendar } from './compiled-calendar';

/**
 * Whether `instant` is inside a working interval of `calendar`. Intervals include their
 * start and exclude their end: with hours 09:00-17:00, 09:00 is working time and 17:00 is not.
 * Always true for an always-open calendar.
 *
 * Throws `VALIDATION_FAILED` for an invalid calendar or an instant outside 1900-2200.
 */
export function isWorkingTime(instant: Date, calendar: BusinessCalendarInput): boolean {
  const time = instantArgument(instant, 'instant');
  const compiled = compileCalendar(calendar);
  if (compiled.alwaysOpen) return true;
  let epochDay = compiled.dayOf(time);
  let day = compiled.day(epochDay);
  if (time < day.start) day = compiled.day(--epochDay);
  const bounds = day.bounds;
  for (let index = 0; index < bounds.length; index += 2) {
    if (time < (bounds[index] as number)) return false;
    if (time < (bounds[index + 1] as number)) return true;
  }
  return false;
}

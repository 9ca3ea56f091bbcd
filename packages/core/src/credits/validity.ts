import { TZDate } from '@date-fns/tz';
import { addMonths, startOfDay } from 'date-fns';

/**
 * The expiry instant of a block valid for `months` from `from`, for a customer in `timeZone`:
 * the start of the local day `months` calendar months after `from`'s local date, the day
 * clamped to the month's end (bought 31 August + 6 months -> the start of 28 February, or of
 * 29 February in a leap year). Where a local midnight does not exist (a DST change at 00:00),
 * the day starts at its first instant. Expiry is exclusive: the block is usable until then.
 */
export function expiryAfterMonths(from: Date, months: number, timeZone: string): Date {
  const local = new TZDate(from.getTime(), timeZone);
  return new Date(startOfDay(addMonths(local, months)).getTime());
}

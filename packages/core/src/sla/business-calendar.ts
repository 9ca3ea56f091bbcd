import { z } from 'zod';
import { timeZoneSchema } from '../customers/customer-schemas';

/**
 * A business calendar: when the support team works, in its own time zone. SLA targets that
 * use a calendar count only working time. Schemas are exported so settings forms reuse them.
 */

/** A local wall-clock time `HH:MM`, `00:00` to `24:00` (end of day). */
export const localTimeSchema = z
  .string()
  .regex(/^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/, 'Use HH:MM between 00:00 and 24:00');

/** A local calendar date `YYYY-MM-DD` that exists. */
export const localDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use YYYY-MM-DD')
  .refine(isRealDate, 'Not a calendar date');

/** A working interval of one local day: from `start` (inclusive) to `end` (exclusive); `end` may be `24:00`. */
export const workingIntervalSchema = z
  .strictObject({ start: localTimeSchema, end: localTimeSchema })
  .refine((interval) => minutesOfDay(interval.start) < minutesOfDay(interval.end), {
    message: 'An interval must end after it starts',
    path: ['end'],
  });

/** A working interval of one local day. */
export type WorkingInterval = z.output<typeof workingIntervalSchema>;

/** The working intervals of one day: any order, not overlapping (touching intervals join). */
export const dayIntervalsSchema = z
  .array(workingIntervalSchema)
  .max(48)
  .superRefine((intervals, context) => {
    const sorted = intervals
      .map((interval, index) => ({
        index,
        start: minutesOfDay(interval.start),
        end: minutesOfDay(interval.end),
      }))
      .sort((a, b) => a.start - b.start);
    for (let position = 1; position < sorted.length; position++) {
      const previous = sorted[position - 1] as { end: number };
      const current = sorted[position] as { index: number; start: number };
      if (current.start < previous.end) {
        context.addIssue({ code: 'custom', path: [current.index], message: 'Working intervals overlap' });
      }
    }
  });

/** The weekday keys of a weekly schedule. */
export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** A weekday key. */
export type Weekday = (typeof WEEKDAYS)[number];

/** Working intervals per weekday; a missing or empty day is closed. */
export const weeklyHoursSchema = z.strictObject({
  mon: dayIntervalsSchema.optional(),
  tue: dayIntervalsSchema.optional(),
  wed: dayIntervalsSchema.optional(),
  thu: dayIntervalsSchema.optional(),
  fri: dayIntervalsSchema.optional(),
  sat: dayIntervalsSchema.optional(),
  sun: dayIntervalsSchema.optional(),
});

/** One date with its own hours: `intervals` replace the weekday's (and a holiday's); `[]` closes the day. */
export const dateOverrideSchema = z.strictObject({
  date: localDateSchema,
  intervals: dayIntervalsSchema,
});

/** A calendar that counts only working hours in a time zone. */
export const businessHoursCalendarSchema = z
  .strictObject({
    mode: z.literal('business_hours'),
    /** IANA time zone the hours, holidays and overrides are local to. */
    timeZone: timeZoneSchema,
    weekly: weeklyHoursSchema,
    /** Local dates without working time (unless an override gives the date hours). */
    holidays: z.array(localDateSchema).max(5_000).default([]),
    /** Local dates with their own hours; at most one override per date. */
    overrides: z.array(dateOverrideSchema).max(5_000).default([]),
  })
  .superRefine((calendar, context) => {
    if (!WEEKDAYS.some((day) => (calendar.weekly[day]?.length ?? 0) > 0)) {
      context.addIssue({
        code: 'custom',
        path: ['weekly'],
        message: 'A business-hours calendar needs at least one weekly working interval',
      });
    }
    const seen = new Set<string>();
    calendar.overrides.forEach((override, index) => {
      if (seen.has(override.date)) {
        context.addIssue({
          code: 'custom',
          path: ['overrides', index, 'date'],
          message: `Two overrides for ${override.date}`,
        });
      }
      seen.add(override.date);
    });
  });

/** A calendar on which every instant is working time (24/7 support). */
export const alwaysOpenCalendarSchema = z.strictObject({ mode: z.literal('always_open') });

/**
 * Schema of a business calendar: `business_hours` (time zone, weekly intervals, holidays,
 * overrides) or `always_open` (24/7).
 */
export const businessCalendarSchema = z.discriminatedUnion('mode', [
  businessHoursCalendarSchema,
  alwaysOpenCalendarSchema,
]);

/** A validated business calendar. */
export type BusinessCalendar = z.output<typeof businessCalendarSchema>;

/** A business calendar as written by a host (defaults not yet applied). */
export type BusinessCalendarInput = z.input<typeof businessCalendarSchema>;

/** The 24/7 calendar: business time equals elapsed time. */
export const ALWAYS_OPEN_CALENDAR: BusinessCalendar = Object.freeze({ mode: 'always_open' as const });

/** Minutes since local midnight of a valid `HH:MM` (24:00 is 1440). */
export function minutesOfDay(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** Days since 1970-01-01 of a valid `YYYY-MM-DD`. */
export function epochDayOf(date: string): number {
  return (
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000
  );
}

function isRealDate(date: string): boolean {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  if (year < 1900 || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

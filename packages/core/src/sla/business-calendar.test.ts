import { describe, expect, it } from 'vitest';
import { isTicketkitError, type TicketkitError } from '../errors';
import { addBusinessTime } from './add-business-time';
import { ALWAYS_OPEN_CALENDAR, businessCalendarSchema } from './business-calendar';
import { isWorkingTime } from './is-working-time';

const weekdays = {
  mon: [{ start: '09:00', end: '17:00' }],
  tue: [{ start: '09:00', end: '17:00' }],
};

function failure(run: () => unknown): TicketkitError {
  try {
    run();
  } catch (error) {
    if (isTicketkitError(error)) return error;
    throw error;
  }
  throw new Error('expected a TicketkitError');
}

function issuesOf(calendar: unknown) {
  const error = failure(() => addBusinessTime(new Date('2024-06-03T10:00:00Z'), 60, calendar as never));
  expect(error.code).toBe('VALIDATION_FAILED');
  return error.details.issues as Array<{ path: Array<string | number>; message: string }>;
}

describe('businessCalendarSchema', () => {
  it('parse - fills holidays and overrides with empty lists', () => {
    const parsed = businessCalendarSchema.parse({
      mode: 'business_hours',
      timeZone: 'Europe/Berlin',
      weekly: weekdays,
    });
    expect(parsed).toEqual({
      mode: 'business_hours',
      timeZone: 'Europe/Berlin',
      weekly: weekdays,
      holidays: [],
      overrides: [],
    });
  });

  it('parse - accepts 24:00 as an end and several intervals a day', () => {
    const calendar = {
      mode: 'business_hours',
      timeZone: 'UTC',
      weekly: {
        fri: [
          { start: '13:00', end: '24:00' },
          { start: '08:00', end: '12:00' },
        ],
      },
    };
    expect(businessCalendarSchema.safeParse(calendar).success).toBe(true);
  });

  it('parse - accepts the always-open calendar', () => {
    expect(businessCalendarSchema.parse(ALWAYS_OPEN_CALENDAR)).toEqual({ mode: 'always_open' });
  });

  it('addBusinessTime - rejects an unknown time zone with VALIDATION_FAILED', () => {
    const issues = issuesOf({ mode: 'business_hours', timeZone: 'Mars/Olympus', weekly: weekdays });
    expect(issues[0]?.path).toEqual(['calendar', 'timeZone']);
  });

  it('addBusinessTime - rejects overlapping intervals', () => {
    const issues = issuesOf({
      mode: 'business_hours',
      timeZone: 'UTC',
      weekly: {
        mon: [
          { start: '09:00', end: '13:00' },
          { start: '12:00', end: '17:00' },
        ],
      },
    });
    expect(issues[0]?.path).toEqual(['calendar', 'weekly', 'mon', 1]);
  });

  it('addBusinessTime - rejects an interval that ends before it starts', () => {
    const issues = issuesOf({
      mode: 'business_hours',
      timeZone: 'UTC',
      weekly: { mon: [{ start: '17:00', end: '09:00' }] },
    });
    expect(issues[0]?.path).toEqual(['calendar', 'weekly', 'mon', 0, 'end']);
  });

  it('addBusinessTime - rejects 24:00 as a start and 25:00 anywhere', () => {
    expect(
      issuesOf({
        mode: 'business_hours',
        timeZone: 'UTC',
        weekly: { mon: [{ start: '24:00', end: '24:00' }] },
      }),
    ).not.toHaveLength(0);
    expect(
      issuesOf({
        mode: 'business_hours',
        timeZone: 'UTC',
        weekly: { mon: [{ start: '09:00', end: '25:00' }] },
      }),
    ).not.toHaveLength(0);
  });

  it('addBusinessTime - rejects a calendar without any weekly working time', () => {
    const issues = issuesOf({ mode: 'business_hours', timeZone: 'UTC', weekly: { mon: [] } });
    expect(issues[0]?.path).toEqual(['calendar', 'weekly']);
  });

  it('addBusinessTime - rejects impossible holiday dates and duplicate overrides', () => {
    const base = { mode: 'business_hours', timeZone: 'UTC', weekly: weekdays };
    expect(issuesOf({ ...base, holidays: ['2023-02-29'] })[0]?.path).toEqual(['calendar', 'holidays', 0]);
    const twice = {
      ...base,
      overrides: [
        { date: '2024-12-24', intervals: [] },
        { date: '2024-12-24', intervals: [] },
      ],
    };
    expect(issuesOf(twice)[0]?.path).toEqual(['calendar', 'overrides', 1, 'date']);
  });

  it('addBusinessTime - rejects unknown keys, a missing mode and non-objects', () => {
    expect(
      issuesOf({ mode: 'business_hours', timeZone: 'UTC', weekly: weekdays, extra: 1 }),
    ).not.toHaveLength(0);
    expect(issuesOf({ timeZone: 'UTC', weekly: weekdays })).not.toHaveLength(0);
    expect(issuesOf(null)).not.toHaveLength(0);
    expect(issuesOf('24/7')).not.toHaveLength(0);
  });

  it('isWorkingTime - a weekday holiday has no working time, an override replaces it', () => {
    const calendar = {
      mode: 'business_hours' as const,
      timeZone: 'UTC',
      weekly: weekdays,
      holidays: ['2024-06-03', '2024-06-04'],
      overrides: [{ date: '2024-06-04', intervals: [{ start: '10:00', end: '11:00' }] }],
    };
    expect(isWorkingTime(new Date('2024-06-03T10:00:00Z'), calendar)).toBe(false);
    expect(isWorkingTime(new Date('2024-06-04T09:30:00Z'), calendar)).toBe(false);
    expect(isWorkingTime(new Date('2024-06-04T10:30:00Z'), calendar)).toBe(true);
  });
});

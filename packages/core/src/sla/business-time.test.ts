import { describe, expect, it } from 'vitest';
import { isTicketkitError, type TicketkitError } from '../errors';
import { addBusinessTime } from './add-business-time';
import { ALWAYS_OPEN_CALENDAR, type BusinessCalendarInput } from './business-calendar';
import { businessTimeBetween } from './business-time-between';
import { isWorkingTime } from './is-working-time';

const berlin: BusinessCalendarInput = {
  mode: 'business_hours',
  timeZone: 'Europe/Berlin',
  weekly: Object.fromEntries(
    ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => [
      day,
      [
        { start: '09:00', end: '12:00' },
        { start: '13:00', end: '17:00' },
      ],
    ]),
  ),
  holidays: ['2024-12-25'],
};

const at = (iso: string) => new Date(iso);

function failure(run: () => unknown): TicketkitError {
  try {
    run();
  } catch (error) {
    if (isTicketkitError(error)) return error;
    throw error;
  }
  throw new Error('expected a TicketkitError');
}

describe('addBusinessTime', () => {
  it('addBusinessTime - counts only working intervals of a split day', () => {
    // Monday 2024-06-03 11:00 CEST + 2h: 11:00-12:00, then 13:00-14:00.
    expect(addBusinessTime(at('2024-06-03T09:00:00Z'), 120, berlin).toISOString()).toBe(
      '2024-06-03T12:00:00.000Z',
    );
  });

  it('addBusinessTime - a due time on the end of the day stays on that day', () => {
    expect(addBusinessTime(at('2024-06-03T14:00:00Z'), 60, berlin).toISOString()).toBe(
      '2024-06-03T15:00:00.000Z',
    );
  });

  it('addBusinessTime - 0 minutes outside working time snaps to the next opening', () => {
    expect(addBusinessTime(at('2024-06-07T16:00:00Z'), 0, berlin).toISOString()).toBe(
      '2024-06-10T07:00:00.000Z',
    );
  });

  it('addBusinessTime - 0 minutes inside working time returns the start itself', () => {
    expect(addBusinessTime(at('2024-06-03T08:15:30.250Z'), 0, berlin).toISOString()).toBe(
      '2024-06-03T08:15:30.250Z',
    );
  });

  it('addBusinessTime - fractional minutes are rounded to the millisecond', () => {
    expect(addBusinessTime(at('2024-06-03T07:00:00Z'), 22.5, berlin).toISOString()).toBe(
      '2024-06-03T07:22:30.000Z',
    );
  });

  it('addBusinessTime - the always-open calendar adds real time', () => {
    expect(addBusinessTime(at('2024-03-31T00:30:00Z'), 90, ALWAYS_OPEN_CALENDAR).toISOString()).toBe(
      '2024-03-31T02:00:00.000Z',
    );
  });

  it('addBusinessTime - the always-open calendar still skips pauses', () => {
    const pauses = [{ start: at('2024-01-01T01:00:00Z'), end: at('2024-01-01T03:00:00Z') }];
    expect(
      addBusinessTime(at('2024-01-01T00:00:00Z'), 120, ALWAYS_OPEN_CALENDAR, { pauses }).toISOString(),
    ).toBe('2024-01-01T04:00:00.000Z');
    expect(
      addBusinessTime(at('2024-01-01T01:30:00Z'), 0, ALWAYS_OPEN_CALENDAR, { pauses }).toISOString(),
    ).toBe('2024-01-01T03:00:00.000Z');
  });

  it('addBusinessTime - a pause that ends before it starts is VALIDATION_FAILED', () => {
    const error = failure(() =>
      addBusinessTime(at('2024-01-01T00:00:00Z'), 1, berlin, {
        pauses: [{ start: at('2024-01-02T00:00:00Z'), end: at('2024-01-01T00:00:00Z') }],
      }),
    );
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details.issues).toEqual([
      expect.objectContaining({ path: ['options', 'pauses', 0, 'end'] }),
    ]);
  });

  it.each([
    ['negative minutes', () => addBusinessTime(at('2024-01-01T00:00:00Z'), -1, berlin), ['minutes']],
    ['NaN minutes', () => addBusinessTime(at('2024-01-01T00:00:00Z'), Number.NaN, berlin), ['minutes']],
    [
      'infinite minutes',
      () => addBusinessTime(at('2024-01-01T00:00:00Z'), Number.POSITIVE_INFINITY, berlin),
      ['minutes'],
    ],
    ['string minutes', () => addBusinessTime(at('2024-01-01T00:00:00Z'), '60' as never, berlin), ['minutes']],
    ['an invalid date', () => addBusinessTime(new Date(Number.NaN), 1, berlin), ['start']],
    ['a string start', () => addBusinessTime('2024-01-01' as never, 1, berlin), ['start']],
    ['a start before 1900', () => addBusinessTime(at('1850-01-01T00:00:00Z'), 1, berlin), ['start']],
    [
      'a result after 2200',
      () => addBusinessTime(at('2199-12-01T00:00:00Z'), 60 * 24 * 400, berlin),
      ['minutes'],
    ],
    [
      'pauses that are not an array',
      () => addBusinessTime(at('2024-01-01T00:00:00Z'), 1, berlin, { pauses: 3 as never }),
      ['options', 'pauses'],
    ],
    [
      'a pause without dates',
      () => addBusinessTime(at('2024-01-01T00:00:00Z'), 1, berlin, { pauses: [{}] as never }),
      ['options', 'pauses', 0, 'start'],
    ],
  ])('addBusinessTime - %s is VALIDATION_FAILED', (_name, run, path) => {
    const error = failure(run);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect((error.details.issues as Array<{ path: unknown }>)[0]?.path).toEqual(path);
  });

  it('addBusinessTime - reuses a calendar object compiled once', () => {
    const calendar: BusinessCalendarInput = {
      mode: 'business_hours',
      timeZone: 'UTC',
      weekly: { mon: [{ start: '09:00', end: '10:00' }] },
    };
    const first = addBusinessTime(at('2024-06-03T09:00:00Z'), 30, calendar);
    expect(addBusinessTime(at('2024-06-03T09:00:00Z'), 30, calendar)).toEqual(first);
  });
});

describe('businessTimeBetween', () => {
  it('businessTimeBetween - counts working minutes of a split day across a weekend and a holiday', () => {
    // Tue 2024-12-24 16:00 CET -> Fri 2024-12-27 10:00 CET: 1h Tue, Wed holiday, 7h Thu, 1h Fri.
    expect(businessTimeBetween(at('2024-12-24T15:00:00Z'), at('2024-12-27T09:00:00Z'), berlin)).toBe(540);
  });

  it('businessTimeBetween - is negative when end is before start', () => {
    expect(businessTimeBetween(at('2024-06-03T12:00:00Z'), at('2024-06-03T09:00:00Z'), berlin)).toBe(-120);
  });

  it('businessTimeBetween - subtracts pauses and returns fractions of minutes', () => {
    const pauses = [{ start: at('2024-06-03T07:10:00Z'), end: at('2024-06-03T07:40:00Z') }];
    expect(
      businessTimeBetween(at('2024-06-03T07:00:00Z'), at('2024-06-03T08:00:30Z'), berlin, { pauses }),
    ).toBe(30.5);
  });

  it('businessTimeBetween - the always-open calendar measures real time', () => {
    expect(
      businessTimeBetween(at('2024-03-30T00:00:00Z'), at('2024-04-01T00:00:00Z'), ALWAYS_OPEN_CALENDAR),
    ).toBe(2880);
  });

  it('businessTimeBetween - an invalid end is VALIDATION_FAILED', () => {
    const error = failure(() => businessTimeBetween(at('2024-06-03T07:00:00Z'), null as never, berlin));
    expect(error.code).toBe('VALIDATION_FAILED');
  });
});

describe('isWorkingTime', () => {
  it('isWorkingTime - includes an interval start and excludes its end', () => {
    expect(isWorkingTime(at('2024-06-03T07:00:00Z'), berlin)).toBe(true);
    expect(isWorkingTime(at('2024-06-03T09:59:59.999Z'), berlin)).toBe(true);
    expect(isWorkingTime(at('2024-06-03T10:00:00Z'), berlin)).toBe(false);
    expect(isWorkingTime(at('2024-06-03T15:00:00Z'), berlin)).toBe(false);
  });

  it('isWorkingTime - holidays and weekends are not working time', () => {
    expect(isWorkingTime(at('2024-12-25T10:00:00Z'), berlin)).toBe(false);
    expect(isWorkingTime(at('2024-06-08T10:00:00Z'), berlin)).toBe(false);
  });

  it('isWorkingTime - the always-open calendar is always working', () => {
    expect(isWorkingTime(at('2024-12-25T03:00:00Z'), ALWAYS_OPEN_CALENDAR)).toBe(true);
  });

  it('isWorkingTime - an invalid instant is VALIDATION_FAILED', () => {
    expect(failure(() => isWorkingTime(new Date('nope'), berlin)).code).toBe('VALIDATION_FAILED');
  });
});

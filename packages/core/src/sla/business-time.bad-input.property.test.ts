import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isTicketkitError } from '../errors';
import { addBusinessTime } from './add-business-time';
import { businessTimeBetween } from './business-time-between';
import { isWorkingTime } from './is-working-time';

/**
 * Property: whatever a caller passes, the business-time functions return a valid result or
 * throw `VALIDATION_FAILED`, never a TypeError or RangeError.
 */

const calendar = {
  mode: 'business_hours',
  timeZone: 'America/New_York',
  weekly: { mon: [{ start: '09:00', end: '17:00' }], sat: [{ start: '22:00', end: '24:00' }] },
  holidays: ['2024-12-25'],
};

const wrong = fc.oneof(
  fc.anything({ maxDepth: 3 }),
  fc.constantFrom<unknown>(
    null,
    undefined,
    Number.NaN,
    -1,
    1e12,
    new Date(Number.NaN),
    new Date(-8.64e15),
    10n,
    Symbol('s'),
  ),
);

const maybe = <T>(good: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 3, arbitrary: good }, { weight: 1, arbitrary: wrong });

const instant = fc.date({
  min: new Date('1990-01-01T00:00:00Z'),
  max: new Date('2100-01-01T00:00:00Z'),
  noInvalidDate: true,
});

const calendarArb = fc.oneof(
  { weight: 3, arbitrary: fc.constant<unknown>(calendar) },
  { weight: 1, arbitrary: fc.constant<unknown>({ mode: 'always_open' }) },
  {
    weight: 2,
    arbitrary: fc.record(
      {
        mode: maybe(fc.constantFrom('business_hours', 'always_open')),
        timeZone: maybe(fc.constantFrom('UTC', 'Asia/Kathmandu', 'Mars/Base')),
        weekly: maybe(
          fc.record(
            {
              mon: maybe(fc.constant([{ start: '09:00', end: '24:00' }])),
              tue: maybe(fc.constant([{ start: '25:00', end: '26:00' }])),
            },
            { requiredKeys: [] },
          ),
        ),
        holidays: maybe(fc.constant(['2024-02-30'])),
        overrides: maybe(fc.constant([{ date: '2024-01-01', intervals: [] }])),
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: wrong },
);

const optionsArb = fc.oneof(
  fc.constant(undefined),
  fc.record(
    { pauses: maybe(fc.array(fc.record({ start: maybe(instant), end: maybe(instant) }), { maxLength: 3 })) },
    { requiredKeys: [] },
  ),
  wrong,
);

function expectValidOrValidationFailed(run: () => unknown, check: (value: unknown) => void) {
  let value: unknown;
  try {
    value = run();
  } catch (error) {
    expect(isTicketkitError(error, 'VALIDATION_FAILED'), String(error)).toBe(true);
    return;
  }
  check(value);
}

describe('business time with bad input (property)', { timeout: 60_000 }, () => {
  it('addBusinessTime - returns a valid Date or throws VALIDATION_FAILED', () => {
    fc.assert(
      fc.property(
        maybe(instant),
        maybe(fc.integer({ min: 0, max: 100_000 })),
        calendarArb,
        optionsArb,
        (start, minutes, cal, options) => {
          expectValidOrValidationFailed(
            () => addBusinessTime(start as Date, minutes as number, cal as never, options as never),
            (value) => expect(Number.isNaN((value as Date).getTime())).toBe(false),
          );
        },
      ),
      { numRuns: 500 },
    );
  });

  it('businessTimeBetween - returns a finite number or throws VALIDATION_FAILED', () => {
    fc.assert(
      fc.property(maybe(instant), maybe(instant), calendarArb, optionsArb, (start, end, cal, options) => {
        expectValidOrValidationFailed(
          () => businessTimeBetween(start as Date, end as Date, cal as never, options as never),
          (value) => expect(Number.isFinite(value as number)).toBe(true),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('isWorkingTime - returns a boolean or throws VALIDATION_FAILED', () => {
    fc.assert(
      fc.property(maybe(instant), calendarArb, (at, cal) => {
        expectValidOrValidationFailed(
          () => isWorkingTime(at as Date, cal as never),
          (value) => expect(typeof value).toBe('boolean'),
        );
      }),
      { numRuns: 300 },
    );
  });
});

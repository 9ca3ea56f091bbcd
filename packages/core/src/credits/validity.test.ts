import { describe, expect, it } from 'vitest';
import { expiryAfterMonths } from './validity';

const at = (iso: string) => new Date(iso);

describe('expiryAfterMonths', () => {
  it('expiryAfterMonths - 31 August + 6 months is the start of 28 February (29 in a leap year)', () => {
    expect(expiryAfterMonths(at('2024-08-31T10:00:00Z'), 6, 'UTC')).toEqual(at('2025-02-28T00:00:00Z'));
    expect(expiryAfterMonths(at('2023-08-31T10:00:00Z'), 6, 'UTC')).toEqual(at('2024-02-29T00:00:00Z'));
    expect(expiryAfterMonths(at('2024-01-31T12:00:00Z'), 1, 'UTC')).toEqual(at('2024-02-29T00:00:00Z'));
    expect(expiryAfterMonths(at('2024-03-31T12:00:00Z'), 1, 'UTC')).toEqual(at('2024-04-30T00:00:00Z'));
  });

  it("expiryAfterMonths - counts from the customer's local date, to the start of the local day", () => {
    // 23:30 UTC on 31 August is already 1 September in Tokyo, still 31 August in New York.
    expect(expiryAfterMonths(at('2024-08-31T23:30:00Z'), 6, 'Asia/Tokyo')).toEqual(
      at('2025-02-28T15:00:00Z'),
    );
    expect(expiryAfterMonths(at('2024-08-31T23:30:00Z'), 6, 'America/New_York')).toEqual(
      at('2025-02-28T05:00:00Z'),
    );
    expect(expiryAfterMonths(at('2023-08-31T10:00:00Z'), 6, 'Europe/Berlin')).toEqual(
      at('2024-02-28T23:00:00Z'),
    );
  });

  it('expiryAfterMonths - a day whose midnight does not exist starts at its first instant', () => {
    // Santiago moves from 00:00 to 01:00 on 8 September 2024; Beirut on 31 March 2024.
    expect(expiryAfterMonths(at('2024-08-08T12:00:00Z'), 1, 'America/Santiago')).toEqual(
      at('2024-09-08T04:00:00Z'),
    );
    expect(expiryAfterMonths(at('2024-01-31T12:00:00Z'), 2, 'Asia/Beirut')).toEqual(
      at('2024-03-30T22:00:00Z'),
    );
  });

  it('expiryAfterMonths - a day that repeats an hour before midnight starts after the repeat', () => {
    // Santiago goes from 00:00 back to 23:00 on the night of 6-7 April 2024.
    expect(expiryAfterMonths(at('2024-03-07T12:00:00Z'), 1, 'America/Santiago')).toEqual(
      at('2024-04-07T04:00:00Z'),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { ZoneOffsets } from './zone-offsets';

const wall = (iso: string) => Date.parse(`${iso}Z`);

describe('ZoneOffsets', () => {
  it('offsetAt - follows both DST changes of New York', () => {
    const zone = new ZoneOffsets('America/New_York');
    expect(zone.offsetAt(Date.parse('2024-03-10T06:59:59Z'))).toBe(-5 * 3_600_000);
    expect(zone.offsetAt(Date.parse('2024-03-10T07:00:00Z'))).toBe(-4 * 3_600_000);
    expect(zone.offsetAt(Date.parse('2024-11-03T05:59:59Z'))).toBe(-4 * 3_600_000);
    expect(zone.offsetAt(Date.parse('2024-11-03T06:00:00Z'))).toBe(-5 * 3_600_000);
  });

  it('offsetAt - has second precision for historical local mean time', () => {
    // Liberia kept -00:44:30 until 1972.
    expect(new ZoneOffsets('Africa/Monrovia').offsetAt(Date.parse('1960-01-01T00:00:00Z'))).toBe(-2_670_000);
  });

  it('toInstant - a skipped local time moves forward by the gap', () => {
    const zone = new ZoneOffsets('America/New_York');
    expect(new Date(zone.toInstant(wall('2024-03-10T02:30:00'))).toISOString()).toBe(
      '2024-03-10T07:30:00.000Z',
    );
    expect(new Date(zone.toInstant(wall('2024-03-10T02:00:00'))).toISOString()).toBe(
      '2024-03-10T07:00:00.000Z',
    );
  });

  it('toInstant - a repeated local time takes its first occurrence', () => {
    const zone = new ZoneOffsets('America/New_York');
    expect(new Date(zone.toInstant(wall('2024-11-03T01:30:00'))).toISOString()).toBe(
      '2024-11-03T05:30:00.000Z',
    );
  });

  it('toInstant - a 30-minute DST gap moves forward 30 minutes', () => {
    const zone = new ZoneOffsets('Australia/Lord_Howe');
    expect(new Date(zone.toInstant(wall('2024-10-06T02:10:00'))).toISOString()).toBe(
      '2024-10-05T15:40:00.000Z',
    );
  });

  it('offsetAt - matches Intl at random instants of 1950-2150', () => {
    const zones = [
      'America/New_York',
      'Europe/London',
      'Asia/Kathmandu',
      'Pacific/Chatham',
      'America/Sao_Paulo',
    ];
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (const name of zones) {
      const zone = new ZoneOffsets(name);
      const format = new Intl.DateTimeFormat('en-US', { timeZone: name, timeZoneName: 'longOffset' });
      for (let sample = 0; sample < 300; sample++) {
        const instant = Date.parse('1950-01-01T00:00:00Z') + Math.floor(random() * 200 * 365 * 86_400) * 1000;
        const label =
          format.formatToParts(new Date(instant)).find((part) => part.type === 'timeZoneName')?.value ?? '';
        const match = /GMT(?:([+-])(\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(label);
        const sign = match?.[1] === '-' ? -1 : 1;
        const expected =
          match?.[2] === undefined
            ? 0
            : sign * (Number(match[2]) * 3600 + Number(match[3]) * 60 + Number(match[4] ?? 0)) * 1000;
        expect(zone.offsetAt(instant)).toBe(expected);
      }
    }
  });
});

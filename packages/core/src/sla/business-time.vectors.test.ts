import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addBusinessTime } from './add-business-time';
import type { BusinessCalendarInput } from './business-calendar';
import { businessTimeBetween } from './business-time-between';

/** A shared SLA vector: `hours` and `overrides` as `[start, end]` pairs, instants as ISO strings. */
interface SlaVector {
  id: string;
  tz: string;
  hours: Record<string, Array<[string, string]>>;
  holidays: string[];
  overrides?: Record<string, Array<[string, string]>>;
  pauses: Array<[string, string]>;
  start: string;
  business_minutes: number;
  due: string;
  source: string;
}

/** The shared public vectors: the path is fixed by the project. */
const PUBLIC_VECTORS = '/work/shared/vectors/sla-public.json';
/** Our own vectors, computed by an independent Python/zoneinfo reference (`vectors/sla_reference.py`). */
const OWN_VECTORS = new URL('../../vectors/sla-own.json', import.meta.url);

function load(path: string | URL): SlaVector[] {
  return JSON.parse(readFileSync(path, 'utf8')) as SlaVector[];
}

function calendarOf(vector: SlaVector): BusinessCalendarInput {
  const intervals = (pairs: Array<[string, string]>) => pairs.map(([start, end]) => ({ start, end }));
  return {
    mode: 'business_hours',
    timeZone: vector.tz,
    weekly: Object.fromEntries(Object.entries(vector.hours).map(([day, pairs]) => [day, intervals(pairs)])),
    holidays: vector.holidays,
    overrides: Object.entries(vector.overrides ?? {}).map(([date, pairs]) => ({
      date,
      intervals: intervals(pairs),
    })),
  };
}

function pausesOf(vector: SlaVector) {
  return vector.pauses.map(([start, end]) => ({ start: new Date(start), end: new Date(end) }));
}

describe.each([
  ['public', load(PUBLIC_VECTORS)],
  ['own', load(OWN_VECTORS)],
])('%s SLA vectors', (_name, vectors) => {
  it('vectors - the file is not empty', () => {
    expect(vectors.length).toBeGreaterThan(10);
  });

  it.each(vectors.map((vector) => [vector.id, vector] as const))('addBusinessTime - %s', (_id, vector) => {
    const due = addBusinessTime(new Date(vector.start), vector.business_minutes, calendarOf(vector), {
      pauses: pausesOf(vector),
    });
    expect(due.toISOString()).toBe(new Date(vector.due).toISOString());
  });

  it.each(vectors.map((vector) => [vector.id, vector] as const))(
    'businessTimeBetween - %s measures the goal back',
    (_id, vector) => {
      const minutes = businessTimeBetween(new Date(vector.start), new Date(vector.due), calendarOf(vector), {
        pauses: pausesOf(vector),
      });
      expect(minutes).toBe(vector.business_minutes);
    },
  );
});

import { invalidInput } from '../validation';
import { MAX_INSTANT, MIN_INSTANT } from './compiled-calendar';

/** Most business minutes one call may add: 100 years. */
export const MAX_BUSINESS_MINUTES = 100 * 366 * 24 * 60;

/** Most pauses one call may take. */
export const MAX_PAUSES = 10_000;

/** A pause of an SLA clock: real time in `[start, end)` that never counts as business time. */
export interface BusinessTimePause {
  start: Date;
  end: Date;
}

/** Options of the business-time functions. */
export interface BusinessTimeOptions {
  /** Intervals that do not count (e.g. time the ticket waited on the customer); may overlap. */
  pauses?: ReadonlyArray<BusinessTimePause>;
}

/** The epoch milliseconds of an instant argument, or `VALIDATION_FAILED`. */
export function instantArgument(value: unknown, name: string): number {
  const time = value instanceof Date ? value.getTime() : Number.NaN;
  if (Number.isNaN(time)) invalidInput([name], 'invalid_date', `${name} must be a valid Date`);
  if (time < MIN_INSTANT || time >= MAX_INSTANT) {
    invalidInput([name], 'out_of_range', `${name} must be between 1900-01-01 and 2200-01-01 (UTC)`);
  }
  return time;
}

/** Business minutes as whole milliseconds, or `VALIDATION_FAILED`. */
export function minutesArgument(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_BUSINESS_MINUTES) {
    invalidInput(
      ['minutes'],
      'invalid_minutes',
      `minutes must be a finite number from 0 to ${MAX_BUSINESS_MINUTES}`,
    );
  }
  return Math.round(value * 60_000);
}

const NO_PAUSES: readonly number[] = [];

/**
 * The pauses of an options argument as sorted, merged `[start, end, ...]` milliseconds
 * (empty pauses dropped), or `VALIDATION_FAILED`.
 */
export function pausesArgument(options: unknown): readonly number[] {
  if (options === undefined) return NO_PAUSES;
  if (typeof options !== 'object' || options === null) {
    invalidInput(['options'], 'invalid_type', 'options must be an object');
  }
  const pauses = (options as { pauses?: unknown }).pauses;
  if (pauses === undefined) return NO_PAUSES;
  if (!Array.isArray(pauses) || pauses.length > MAX_PAUSES) {
    invalidInput(['options', 'pauses'], 'invalid_type', `pauses must be an array of at most ${MAX_PAUSES}`);
  }
  if (pauses.length === 0) return NO_PAUSES;
  const spans: Array<[number, number]> = [];
  pauses.forEach((pause: unknown, index) => {
    const start = pauseBound(pause, 'start', index);
    const end = pauseBound(pause, 'end', index);
    if (end < start) {
      invalidInput(
        ['options', 'pauses', index, 'end'],
        'invalid_pause',
        'A pause must not end before it starts',
      );
    }
    if (end > start) spans.push([start, end]);
  });
  spans.sort((a, b) => a[0] - b[0]);
  const merged: number[] = [];
  for (const [start, end] of spans) {
    const last = merged.length - 1;
    if (last > 0 && start <= (merged[last] as number)) merged[last] = Math.max(merged[last] as number, end);
    else merged.push(start, end);
  }
  return merged;
}

function pauseBound(pause: unknown, field: 'start' | 'end', index: number): number {
  const value =
    typeof pause === 'object' && pause !== null ? (pause as Record<string, unknown>)[field] : undefined;
  const time = value instanceof Date ? value.getTime() : Number.NaN;
  if (Number.isNaN(time)) {
    invalidInput(['options', 'pauses', index, field], 'invalid_date', `pause ${field} must be a valid Date`);
  }
  return time;
}

/** `VALIDATION_FAILED`: the computation ran past 2200-01-01, the end of the supported range. */
export function resultOutOfRange(): never {
  invalidInput(['minutes'], 'out_of_range', 'The result would be after 2200-01-01, the supported range');
}

import type { Clock } from '../clock';

/** A {@link Clock} that tests move by hand. */
export interface TestClock extends Clock {
  /** The current instant, as a new `Date` each call (mutating it never moves the clock). */
  now(): Date;
  /** Jumps to `instant`. Only move a desk's clock backwards between scenarios: a desk expects time not to go back. */
  set(instant: Date | string | number): void;
  /** Moves forward by `ms` milliseconds (a non-negative finite number). */
  advance(ms: number): void;
}

/**
 * A clock that stands still until the test moves it with `set` or `advance`; pass it as
 * `createTicketing({ clock })` to make timers and SLA deterministic.
 * Throws `RangeError` for an invalid instant or a negative or non-finite step.
 *
 * @example
 * ```ts
 * const clock = createTestClock('2024-03-01T09:00:00Z');
 * const desk = createTicketing({ storage, clock });
 * clock.advance(4 * 24 * 60 * 60 * 1000);
 * await desk.scheduler.runDueJobs();
 * ```
 */
export function createTestClock(start: Date | string | number): TestClock {
  let current = toEpochMs(start);
  return {
    now: () => new Date(current),
    set: (instant) => {
      current = toEpochMs(instant);
    },
    advance: (ms) => {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`Cannot advance a test clock by ${ms} ms`);
      current += ms;
    },
  };
}

function toEpochMs(instant: Date | string | number): number {
  const ms = instant instanceof Date ? instant.getTime() : new Date(instant).getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`Invalid instant for a test clock: ${String(instant)}`);
  return ms;
}

import type { Clock } from '../clock';

/** The instant every test desk starts at: a Monday morning, UTC. */
export const START = new Date('2025-03-03T09:00:00.000Z');

/** A clock that only moves when a test moves it. */
export class TestClock implements Clock {
  #now: number;

  constructor(start: Date = START) {
    this.#now = start.getTime();
  }

  now(): Date {
    return new Date(this.#now);
  }

  /** Moves the clock to an instant (tests never move it backwards). */
  set(instant: Date): void {
    this.#now = instant.getTime();
  }

  /** Moves the clock forward and returns the new "now". */
  advance(by: { ms?: number; seconds?: number; minutes?: number; hours?: number; days?: number }): Date {
    this.#now +=
      (by.ms ?? 0) +
      (by.seconds ?? 0) * 1000 +
      (by.minutes ?? 0) * 60_000 +
      (by.hours ?? 0) * 3_600_000 +
      (by.days ?? 0) * 86_400_000;
    return this.now();
  }
}

/** An instant `seconds` after `from`. */
export function plusSeconds(from: Date, seconds: number): Date {
  return new Date(from.getTime() + seconds * 1000);
}

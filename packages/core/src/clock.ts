/**
 * The source of "now" for every rule in ticketkit. Core never reads the system time
 * directly, so tests and simulations can move time deterministically.
 */
export interface Clock {
  /** The current instant. Must not go backwards within one desk. */
  now(): Date;
}

/** The wall clock of the running process. */
export const systemClock: Clock = {
  now: () => new Date(),
};

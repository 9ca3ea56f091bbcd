import type { SlaMetric } from './sla-metrics';

/**
 * - `running`: the clock counts business time;
 * - `paused`: the ticket is in a stage that pauses SLA clocks; nothing counts, no due time;
 * - `completed`: the measured event happened (or the ticket was resolved); the clock is final.
 */
export type SlaClockStatus = 'running' | 'paused' | 'completed';

/**
 * One cycle of one metric on one ticket. Instants are ISO-8601 strings (the state is stored
 * as JSON). Completed cycles are kept: the ticket's SLA record is its whole SLA story.
 */
export interface SlaClock {
  metric: SlaMetric;
  /** 1 for the metric's first cycle; each new cycle (a reopen, a new customer message) counts up. */
  cycle: number;
  status: SlaClockStatus;
  startedAt: string;
  completedAt: string | null;
  /**
   * The goal in business minutes; null when no policy target applies (the clock is only
   * tracked). Follows the ticket's policy and priority while the clock runs; fixed once the
   * clock is breached or completed.
   */
  targetMinutes: number | null;
  /** The business calendar the goal counts on (`sla.calendars[].id`); null counts 24/7. */
  calendarId: string | null;
  /** When the goal runs out given the pauses so far; null without a target or while paused. */
  dueAt: string | null;
  /** Whether the goal ran out before the clock completed. Once true, it stays true. */
  breached: boolean;
  /** Whether the clock completed within its goal (`sla.achieved` was recorded). */
  achieved: boolean;
  /** Warning thresholds (percent of the goal) already announced with `sla.warning`. */
  warned: number[];
  /** Business minutes counted, as of {@link TicketSla.asOf} (final once completed). */
  elapsedMinutes: number;
  /** `targetMinutes - elapsedMinutes` as of {@link TicketSla.asOf}: negative once overdue; null without a target. */
  remainingMinutes: number | null;
}

/** A time span during which the ticket sat in a stage that pauses SLA clocks. */
export interface SlaPause {
  start: string;
  /** Null while the ticket is still in a pausing stage. */
  end: string | null;
}

/**
 * The SLA record of a ticket, stored on it as JSON (`Ticket.sla`) so it commits with the
 * ticket. Derived from the ticket's history and the tenant's SLA policies: `sla.recompute`
 * rebuilds it from the stored events alone.
 */
export interface TicketSla {
  /** The policy whose targets apply (first match); null when none matches. */
  policyId: string | null;
  /** Version of the tenant settings the targets were taken from. */
  settingsVersion: number;
  /** Whether the ticket was resolved or closed at its latest fact. */
  done: boolean;
  /** Stays in pausing stages, oldest first. */
  pauses: SlaPause[];
  /** Every clock cycle, in the order they started. */
  clocks: SlaClock[];
  /** Whether the latest cycle of any metric is breached. */
  breached: boolean;
  /** When the ticket's SLA timer (next warning or breach) is due; null when none is scheduled. */
  timerAt: string | null;
  /** The instant `elapsedMinutes`, `remainingMinutes` and `status` were computed at. */
  asOf: string;
}

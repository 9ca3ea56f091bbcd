import { addBusinessTime } from './add-business-time';
import { ALWAYS_OPEN_CALENDAR, type BusinessCalendar } from './business-calendar';
import type { BusinessTimePause } from './business-time-arguments';
import { businessTimeBetween } from './business-time-between';
import { latestClocks, soonestDueClock } from './latest-clocks';
import type { SlaClock, TicketSla } from './ticket-sla';

/** An outcome to announce: an `sla.warning`, `sla.breached` or `sla.achieved` of one clock cycle. */
export type SlaAnnouncement =
  | { type: 'sla.warning'; clock: SlaClock; percent: number; thresholdAt: Date; dueAt: Date }
  | { type: 'sla.breached'; clock: SlaClock; dueAt: Date }
  | { type: 'sla.achieved'; clock: SlaClock; dueAt: Date };

/** What {@link evaluateSla} needs besides the record. */
export interface SlaEvaluationOptions {
  now: Date;
  /** The tenant's calendars by id; a clock whose calendar is missing counts 24/7. */
  calendars: ReadonlyMap<string, BusinessCalendar>;
  /** Warning thresholds of running clocks, ascending. */
  warningPercents: readonly number[];
  /**
   * `true`: decide outcomes (mark thresholds passed by `now` as announced, completed clocks
   * as achieved or breached) and return them; `false`: only refresh the figures (a read).
   */
  announce: boolean;
  /** Recompute every clock (a rebuild); otherwise completed clocks already evaluated are skipped. */
  full: boolean;
}

/** What {@link evaluateSla} decided. */
export interface SlaEvaluation {
  announcements: SlaAnnouncement[];
  /** The earliest due time among the latest cycles of running clocks with a goal. */
  slaDueAt: Date | null;
  /** The next warning or breach instant of a running clock, after `now`. */
  timerAt: Date | null;
}

/**
 * Brings an SLA record's clocks to `now`, in place: status, elapsed and remaining business
 * minutes, due times, and (when announcing) the warnings, breaches and achievements that
 * `now` makes true, each exactly once per clock cycle (the record remembers them).
 *
 * - A clock is breached when its goal runs out before it completes: a running clock at its
 *   due instant, a completed one when it completed at or after it.
 * - A paused clock counts nothing and has no due time; a threshold it passed before pausing
 *   is still announced.
 */
export function evaluateSla(sla: TicketSla, options: SlaEvaluationOptions): SlaEvaluation {
  const { now } = options;
  const nowMs = now.getTime();
  const pauses: BusinessTimePause[] = sla.pauses.map((pause) => ({
    start: new Date(pause.start),
    end: pause.end === null ? now : new Date(pause.end),
  }));
  const paused = sla.pauses.length > 0 && sla.pauses[sla.pauses.length - 1]?.end === null;
  const announcements: SlaAnnouncement[] = [];
  let timerAt = Number.POSITIVE_INFINITY;

  for (const clock of sla.clocks) {
    // Evaluated since it completed, with its outcome decided: its figures are final.
    const settled =
      !options.full &&
      clock.status === 'completed' &&
      (clock.targetMinutes === null || clock.breached || clock.achieved);
    if (settled) continue;
    clock.status = clock.completedAt !== null ? 'completed' : paused ? 'paused' : 'running';
    const calendar = calendarOf(clock, options.calendars);
    const start = new Date(clock.startedAt);
    const end = clock.completedAt === null ? now : new Date(clock.completedAt);
    // A completed clock is judged by what was known when it completed: later pauses do not move its due time.
    const clockPauses = clock.completedAt === null ? pauses : pausesUntil(pauses, end);
    clock.elapsedMinutes = businessTimeBetween(start, end, calendar, { pauses: clockPauses });
    if (clock.targetMinutes === null) {
      clock.dueAt = null;
      clock.remainingMinutes = null;
      continue;
    }
    const target = clock.targetMinutes;
    const due = addBusinessTime(start, target, calendar, { pauses: clockPauses });
    clock.remainingMinutes = target - clock.elapsedMinutes;
    clock.dueAt = clock.status === 'paused' ? null : due.toISOString();
    if (!options.announce) continue;
    if (clock.status === 'completed') {
      if (clock.breached || clock.achieved) continue;
      if (end.getTime() >= due.getTime()) {
        clock.breached = true;
        announcements.push({ type: 'sla.breached', clock, dueAt: due });
      } else {
        clock.achieved = true;
        announcements.push({ type: 'sla.achieved', clock, dueAt: due });
      }
      continue;
    }
    for (const percent of options.warningPercents) {
      if (clock.breached || clock.warned.includes(percent)) continue;
      const thresholdAt = addBusinessTime(start, (target * percent) / 100, calendar, { pauses });
      if (thresholdAt.getTime() <= nowMs) {
        clock.warned.push(percent);
        announcements.push({ type: 'sla.warning', clock, percent, thresholdAt, dueAt: due });
      } else if (clock.status === 'running') {
        timerAt = Math.min(timerAt, thresholdAt.getTime());
      }
    }
    clock.warned.sort((a, b) => a - b);
    if (!clock.breached) {
      if (due.getTime() <= nowMs) {
        clock.breached = true;
        announcements.push({ type: 'sla.breached', clock, dueAt: due });
      } else if (clock.status === 'running') {
        timerAt = Math.min(timerAt, due.getTime());
      }
    }
  }

  const latest = latestClocks(sla);
  const soonest = soonestDueClock(latest);
  sla.breached = latest.some((clock) => clock.breached);
  sla.asOf = now.toISOString();
  return {
    announcements,
    slaDueAt: soonest === undefined ? null : new Date(soonest.dueAt),
    timerAt: Number.isFinite(timerAt) ? new Date(timerAt) : null,
  };
}

/** The pauses that began before `end`, cut at `end`. */
function pausesUntil(pauses: readonly BusinessTimePause[], end: Date): BusinessTimePause[] {
  return pauses
    .filter((pause) => pause.start.getTime() < end.getTime())
    .map((pause) => (pause.end.getTime() <= end.getTime() ? pause : { start: pause.start, end }));
}

function calendarOf(clock: SlaClock, calendars: ReadonlyMap<string, BusinessCalendar>): BusinessCalendar {
  if (clock.calendarId === null) return ALWAYS_OPEN_CALENDAR;
  return calendars.get(clock.calendarId) ?? ALWAYS_OPEN_CALENDAR;
}

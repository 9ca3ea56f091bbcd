import type { DeskStatus, OpeningHours } from '../sla/desk-status';

/** Whether the desk works now, and what a customer opening a request can expect. */
export interface DeskStatusView {
  open: boolean;
  /** IANA time zone of the hours; null when the desk has no business hours (24/7). */
  timeZone: string | null;
  /** Weekly working intervals, local time; empty without business hours. */
  hours: OpeningHours[];
  /** ISO instant of the next opening (when closed) or closing (when open); null if none soon. */
  nextChangeAt: string | null;
  /** The first-response goal, in seconds of business (or 24/7) time; null when none applies. */
  expectedReplySeconds: number | null;
  /** ISO instant by which a request sent now should have its first reply; null when no goal applies. */
  expectedReplyBy: string | null;
}

/** Serializes the desk status for the widget: hours and the reply goal, never policy or calendar ids. */
export function deskStatusView(status: DeskStatus): DeskStatusView {
  return {
    open: status.open,
    timeZone: status.timeZone,
    hours: status.hours.map((interval) => ({
      weekday: interval.weekday,
      from: interval.from,
      to: interval.to,
    })),
    nextChangeAt: status.nextChangeAt === null ? null : status.nextChangeAt.toISOString(),
    expectedReplySeconds:
      status.firstResponseMinutes === null ? null : Math.round(status.firstResponseMinutes * 60),
    expectedReplyBy: status.expectedReplyBy === null ? null : status.expectedReplyBy.toISOString(),
  };
}

import { latestClock } from '../sla/sla-facts';
import { SLA_METRICS, type SlaMetric } from '../sla/sla-metrics';
import type { SlaClockStatus } from '../sla/ticket-sla';
import type { Customer, Ticket } from '../storage/records';

/** Where a ticket's SLA stands, in one line for a queue. */
export interface SlaSummary {
  /**
   * `running`: a clock counts; `paused`: the ticket waits in a pausing stage; `completed`: every
   * clock is done; `none`: no SLA policy applies.
   */
  state: SlaClockStatus | 'none';
  /** The metric due soonest among running clocks, and when (ISO); null when none runs. */
  nextMetric: SlaMetric | null;
  nextDueAt: string | null;
  /** Whether the latest cycle of any metric is breached. */
  breached: boolean;
}

/** The requester as a queue row shows them. */
export interface RequesterSummary {
  id: string;
  name: string | null;
  email: string | null;
}

/** A ticket as staff see it in the queue and the ticket view: the whole record, its requester, unread count and SLA line. */
export type AgentTicketView = Ticket & {
  requester: RequesterSummary | null;
  unread: number;
  slaSummary: SlaSummary;
};

/** The SLA line of a ticket, from its (live) SLA record. */
export function slaSummaryOf(ticket: Ticket): SlaSummary {
  const sla = ticket.sla;
  if (sla === null) return { state: 'none', nextMetric: null, nextDueAt: null, breached: false };
  const latest = SLA_METRICS.map((metric) => latestClock(sla, metric)).filter((clock) => clock !== undefined);
  const due = latest
    .filter((clock) => clock.status === 'running' && clock.dueAt !== null)
    .sort((a, b) => Date.parse(a.dueAt as string) - Date.parse(b.dueAt as string))[0];
  const state: SlaSummary['state'] = latest.some((clock) => clock.status === 'running')
    ? 'running'
    : latest.some((clock) => clock.status === 'paused')
      ? 'paused'
      : latest.length > 0
        ? 'completed'
        : 'none';
  return {
    state,
    nextMetric: due?.metric ?? null,
    nextDueAt: due?.dueAt ?? null,
    breached: sla.breached,
  };
}

/** A ticket for staff, with its requester summary, unread count and SLA line. */
export function agentTicketView(
  ticket: Ticket,
  requester: Customer | undefined,
  unread: number,
): AgentTicketView {
  return {
    ...ticket,
    requester:
      requester === undefined ? null : { id: requester.id, name: requester.name, email: requester.email },
    unread,
    slaSummary: slaSummaryOf(ticket),
  };
}

import { latestClocks, soonestDueClock } from './latest-clocks';
import type { SlaMetric } from './sla-metrics';
import type { SlaClockStatus, TicketSla } from './ticket-sla';

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

/**
 * The SLA line of a ticket's (live) SLA record, judged on the latest cycle of each metric:
 * `running` wins over `paused`, which wins over `completed`; `none` without a record or clock.
 * The next due is the soonest running clock with a due time.
 */
export function slaSummaryOf(sla: TicketSla | null): SlaSummary {
  if (sla === null) return { state: 'none', nextMetric: null, nextDueAt: null, breached: false };
  const latest = latestClocks(sla);
  const due = soonestDueClock(latest);
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

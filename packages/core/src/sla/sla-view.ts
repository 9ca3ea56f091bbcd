import type { Ticket } from '../storage/records';
import { calendarsById } from './sla-calendars';
import { evaluateSla } from './sla-evaluation';
import { latestClock } from './sla-facts';
import { SLA_METRICS } from './sla-metrics';
import type { SlaSettings } from './sla-settings';

/**
 * The ticket as a read shows it: its SLA figures (status, elapsed and remaining minutes, due
 * times) brought to `now`, and a running clock past its due time shown as breached even if
 * the breach timer has not run yet. Nothing is stored and no event is recorded; the stored
 * record changes only through commands and timers. Tickets without SLA come back unchanged.
 */
export function withLiveSla(ticket: Ticket, now: Date, sla: SlaSettings): Ticket {
  if (ticket.sla === null) return ticket;
  const live = structuredClone(ticket.sla);
  if (Date.parse(live.asOf) > now.getTime()) return ticket;
  evaluateSla(live, {
    now,
    calendars: calendarsById(sla),
    warningPercents: [],
    announce: false,
    full: false,
  });
  for (const metric of SLA_METRICS) {
    const clock = latestClock(live, metric);
    if (
      clock !== undefined &&
      clock.status === 'running' &&
      clock.remainingMinutes !== null &&
      clock.remainingMinutes <= 0
    ) {
      clock.breached = true;
      live.breached = true;
    }
  }
  return { ...ticket, sla: live };
}

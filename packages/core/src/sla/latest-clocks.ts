import { latestClock } from './sla-facts';
import { SLA_METRICS } from './sla-metrics';
import type { SlaClock, TicketSla } from './ticket-sla';

/** The latest cycle of each metric that ever started, in {@link SLA_METRICS} order. */
export function latestClocks(sla: TicketSla): SlaClock[] {
  return SLA_METRICS.map((metric) => latestClock(sla, metric)).filter((clock) => clock !== undefined);
}

/** A running clock with a due time (it has a goal and is not paused). */
export type DueSlaClock = SlaClock & { status: 'running'; dueAt: string };

function isDue(clock: SlaClock): clock is DueSlaClock {
  return clock.status === 'running' && clock.dueAt !== null;
}

/** The running clock with a due time that is due soonest, or undefined when none is. On a tie the one listed first wins. */
export function soonestDueClock(clocks: readonly SlaClock[]): DueSlaClock | undefined {
  let soonest: DueSlaClock | undefined;
  for (const clock of clocks) {
    if (!isDue(clock)) continue;
    if (soonest === undefined || Date.parse(clock.dueAt) < Date.parse(soonest.dueAt)) soonest = clock;
  }
  return soonest;
}

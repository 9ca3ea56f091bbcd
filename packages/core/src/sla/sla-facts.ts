import type { StagePosition } from '../events';
import { isDone } from '../pipelines/pipeline-rules';
import type { StoredEvent } from '../storage/records';
import type { SlaMetric } from './sla-metrics';
import type { SlaClock, TicketSla } from './ticket-sla';

/** Whether SLA clocks pause in a stage. */
export type PausesAt = (position: StagePosition) => boolean;

/** The event types that change SLA clocks when folded. */
export const SLA_FACT_TYPES: ReadonlySet<string> = new Set([
  'ticket.created',
  'message.created',
  'ticket.transitioned',
  'sla.warning',
  'sla.breached',
  'sla.achieved',
]);

/** An SLA record with no clock yet. */
export function emptySla(asOf: Date): TicketSla {
  return {
    policyId: null,
    settingsVersion: 0,
    done: false,
    pauses: [],
    clocks: [],
    breached: false,
    timerAt: null,
    asOf: asOf.toISOString(),
  };
}

/** The latest cycle of a metric, if it ever started. */
export function latestClock(sla: TicketSla, metric: SlaMetric): SlaClock | undefined {
  for (let index = sla.clocks.length - 1; index >= 0; index--) {
    const clock = sla.clocks[index] as SlaClock;
    if (clock.metric === metric) return clock;
  }
  return undefined;
}

/**
 * Folds one stored fact into an SLA record (in place) and returns the clocks it started:
 * - `ticket.created`: first response and resolution start; a pausing entry stage opens a pause;
 * - a public agent `message.created`: completes first response, next response and the
 *   running periodic update, and starts the next periodic update;
 * - a public customer `message.created`, once first response completed: starts next response
 *   unless one runs;
 * - `ticket.transitioned`: opens or closes a pause; into resolved/closed completes every
 *   running clock; out of them (a reopen) starts a new resolution cycle;
 * - `sla.warning` / `sla.breached` / `sla.achieved`: the announced outcomes (and the goal a
 *   completed clock was measured against).
 * Other events change nothing. Folding a ticket's history in order rebuilds its record.
 * Folding sets facts only (`completedAt`, outcomes); `status` and the figures are set by
 * `evaluateSla`.
 */
export function foldSlaFact(sla: TicketSla, event: StoredEvent, pausesAt: PausesAt): SlaClock[] {
  const at = event.occurredAt.toISOString();
  const data = event.data as Record<string, unknown>;
  const started: SlaClock[] = [];
  const start = (metric: SlaMetric) => {
    const clock = newClock(metric, (latestClock(sla, metric)?.cycle ?? 0) + 1, at);
    sla.clocks.push(clock);
    started.push(clock);
  };
  const complete = (metric: SlaMetric) => {
    const clock = latestClock(sla, metric);
    if (clock !== undefined && clock.completedAt === null) clock.completedAt = at;
  };
  switch (event.type) {
    case 'ticket.created': {
      if (sla.clocks.length > 0) break;
      start('first_response');
      start('resolution');
      if (pausesAt(data.position as StagePosition)) sla.pauses.push({ start: at, end: null });
      break;
    }
    case 'message.created': {
      if (data.visibility !== 'public') break;
      if (data.authorKind === 'agent') {
        complete('first_response');
        complete('next_response');
        complete('periodic_update');
        if (!sla.done) start('periodic_update');
      } else if (data.authorKind === 'customer') {
        const first = latestClock(sla, 'first_response');
        const next = latestClock(sla, 'next_response');
        if (first?.completedAt != null && (next === undefined || next.completedAt !== null)) {
          start('next_response');
        }
      }
      break;
    }
    case 'ticket.transitioned': {
      const to = data.to as StagePosition;
      const open = sla.pauses[sla.pauses.length - 1];
      const pausing = pausesAt(to);
      if (pausing && (open === undefined || open.end !== null)) sla.pauses.push({ start: at, end: null });
      if (!pausing && open !== undefined && open.end === null) open.end = at;
      if (isDone(to.category) && !sla.done) {
        sla.done = true;
        for (const clock of sla.clocks) {
          if (clock.completedAt === null) clock.completedAt = at;
        }
      } else if (!isDone(to.category) && sla.done) {
        sla.done = false;
        start('resolution');
      }
      break;
    }
    case 'sla.warning': {
      const clock = clockOf(sla, data);
      const percent = data.percent as number;
      if (clock !== undefined && !clock.warned.includes(percent)) {
        clock.warned.push(percent);
        clock.warned.sort((a, b) => a - b);
      }
      break;
    }
    case 'sla.breached':
    case 'sla.achieved': {
      const clock = clockOf(sla, data);
      if (clock === undefined) break;
      if (event.type === 'sla.breached') clock.breached = true;
      else clock.achieved = true;
      // The goal the outcome was judged against; a running clock is re-targeted after folding anyway.
      clock.targetMinutes = data.targetMinutes as number;
      clock.calendarId = data.calendarId as string | null;
      break;
    }
  }
  return started;
}

function clockOf(sla: TicketSla, data: Record<string, unknown>): SlaClock | undefined {
  return sla.clocks.find((clock) => clock.metric === data.metric && clock.cycle === data.cycle);
}

function newClock(metric: SlaMetric, cycle: number, at: string): SlaClock {
  return {
    metric,
    cycle,
    status: 'running',
    startedAt: at,
    completedAt: null,
    targetMinutes: null,
    calendarId: null,
    dueAt: null,
    breached: false,
    achieved: false,
    warned: [],
    elapsedMinutes: 0,
    remainingMinutes: null,
  };
}

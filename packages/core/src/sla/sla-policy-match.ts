import type { JsonObject } from '../json';
import type { Ticket } from '../storage/records';
import { matchesConditions, needsRequester } from '../tickets/ticket-conditions';
import type { SlaMetric } from './sla-metrics';
import type { SlaPolicy, SlaSettings, SlaTarget } from './sla-settings';

/** The goal of one clock: business minutes on a calendar (null: 24/7). */
export interface SlaGoal {
  minutes: number;
  calendarId: string | null;
}

/** Whether any policy reads requester attributes (so the requester must be loaded). */
export function policiesNeedRequester(sla: SlaSettings): boolean {
  return sla.policies.some((policy) => needsRequester(policy.conditions));
}

/** The first policy whose conditions the ticket meets, or null. */
export function applicablePolicy(
  sla: SlaSettings,
  ticket: Ticket,
  requesterAttributes: JsonObject,
): SlaPolicy | null {
  return (
    sla.policies.find((policy) => matchesConditions(policy.conditions, ticket, requesterAttributes)) ?? null
  );
}

const GOAL_FIELDS: Record<SlaMetric, keyof Omit<SlaTarget, 'hours'>> = {
  first_response: 'firstResponseMinutes',
  next_response: 'nextResponseMinutes',
  periodic_update: 'periodicUpdateMinutes',
  resolution: 'resolutionMinutes',
};

/** The goal of `metric` for a ticket of `priority` under `policy`: its priority's target, else the fallback. */
export function goalOf(
  policy: SlaPolicy | null,
  priority: Ticket['priority'],
  metric: SlaMetric,
): SlaGoal | null {
  if (policy === null) return null;
  const target = policy.targets[priority] ?? policy.targets.fallback;
  const minutes = target?.[GOAL_FIELDS[metric]];
  if (target === undefined || minutes === undefined) return null;
  return { minutes, calendarId: target.hours === 'business' ? policy.calendarId : null };
}

/** The warning thresholds of a policy's clocks: its own, else the tenant's. */
export function warningPercentsOf(sla: SlaSettings, policy: SlaPolicy | null): readonly number[] {
  return policy?.warningPercents ?? sla.warningPercents;
}

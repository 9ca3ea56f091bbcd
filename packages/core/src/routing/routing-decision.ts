import type { RoutingStrategyType } from './routing-settings';

/**
 * What started a routing decision:
 * - `create`, `reopen`: automatic, when the tenant's settings say so and a rule matches;
 * - `on_demand`: `routing.route`;
 * - `escalation`: the escalation engine reassigning through routing;
 * - `queue`: a queued ticket retried when an agent got room;
 * - `agent_offline`: the ticket's agent went offline (with `onAgentOffline: 'reroute'`).
 */
export type RoutingTrigger = 'create' | 'reopen' | 'on_demand' | 'escalation' | 'queue' | 'agent_offline';

/**
 * Why a member of the team could not take the ticket:
 * - `inactive`, `offline`, `away`: not available;
 * - `excluded`: the caller excluded the agent (e.g. the agent a ticket is escalated away from);
 * - `at_capacity`, `channel_at_capacity`: no room overall, or on the ticket's channel;
 * - `below_level`: the agent's escalation level is below the rule's minimum;
 * - `missing_language`: the agent does not speak the ticket's language;
 * - `missing_skills`: the agent lacks a required skill (`missingSkills` lists them);
 * - `lost_race`: the agent had room when read, but a concurrent routing took it first.
 */
export type RoutingExclusion =
  | 'inactive'
  | 'offline'
  | 'away'
  | 'excluded'
  | 'at_capacity'
  | 'channel_at_capacity'
  | 'below_level'
  | 'missing_language'
  | 'missing_skills'
  | 'lost_race';

/** One agent a routing decision considered. */
export interface RoutingCandidateReport {
  agentId: string;
  /** Why the agent could not take the ticket; null when eligible. */
  excluded: RoutingExclusion | null;
  /** Tickets counting toward the agent's load when the decision was made (not counting this ticket). */
  load: number;
  /** The agent's `capacity.max`. */
  capacity: number;
  /** The skills score, when the rule requires skills. */
  score?: number;
  /** Required skills the agent lacks, when any. */
  missingSkills?: string[];
}

/** A rule that matched but found nobody eligible and passed the ticket on (`fallback: 'next_rule'`). */
export interface PassedRule {
  ruleId: string;
  teamId: string | null;
  /** Why it passed, for humans. */
  reason: string;
}

/**
 * Why a routing decision came out as it did; the payload of `ticket.routed`, `ticket.queued`
 * and `routing.failed`. A host shows it as "why was this assigned to me".
 */
export interface RoutingDecision {
  trigger: RoutingTrigger;
  /** The rule that decided; null for the team's default routing or the previous assignee. */
  ruleId: string | null;
  /**
   * The strategy that decided; `previous_assignee` when a reopened ticket went back to its
   * agent; null when no rule applied.
   */
  strategy: RoutingStrategyType | 'previous_assignee' | null;
  /** The team the decision placed the ticket in. */
  teamId: string | null;
  /** The agent who got the ticket; null when nobody did. */
  assigneeId: string | null;
  /** The decision in one sentence, for humans. */
  reason: string;
  /** The team members considered, in id order (at most 100; see `omittedCandidates`). */
  candidates: RoutingCandidateReport[];
  /** How many more members were considered than `candidates` lists. */
  omittedCandidates: number;
  /** Earlier rules that matched but passed the ticket on. */
  passedRules: PassedRule[];
}

/**
 * Why routing could not place a ticket:
 * - `no_matching_rule`: no rule matched and the ticket has no team to route within;
 * - `no_team`: the matching rule names no team and the ticket has none;
 * - `unknown_team`: the team does not exist;
 * - `no_eligible_agent`: nobody eligible had room and the rule's fallback is `unassigned`.
 */
export type RoutingFailure = 'no_matching_rule' | 'no_team' | 'unknown_team' | 'no_eligible_agent';

import type { Ticket } from '../../storage/records';
import type { Candidate } from '../candidates';

/** What a strategy may read besides the candidates. */
export interface StrategyInput {
  readonly ticket: Ticket;
  /** Agents already served in the team's current round-robin cycle (empty for other strategies). */
  readonly served: ReadonlySet<string>;
  /** The agent the team's round robin served last, or null. */
  readonly lastServed: string | null;
}

/**
 * The interface every routing strategy implements. The engine evaluates eligibility (the
 * same for every strategy), then hands the ticket to the eligible candidate the strategy
 * ranks first that the capacity guard accepts, trying the next on a lost race.
 */
export interface RoutingStrategy<Config> {
  /** Whether the strategy reads and advances the team's round-robin cycle. */
  usesRoundRobin(config: Config): boolean;
  /**
   * The team the ticket goes to; `ruleTeamId` is the rule's team, else the ticket's. Only
   * `department` chooses its own.
   */
  team(config: Config, ticket: Ticket, ruleTeamId: string | null): string | null;
  /** Whether the strategy picks an agent at all (`manual` does not). */
  picksAgent(config: Config): boolean;
  /** Negative when `a` should get the ticket before `b`, positive when after; never 0 for two agents. */
  compare(a: Candidate, b: Candidate, config: Config, input: StrategyInput): number;
  /** Why `winner` got the ticket, in one sentence (strategies that pick no agent are never asked). */
  explain(winner: Candidate, config: Config, input: StrategyInput, eligibleCount: number): string;
}

/**
 * The tie-break every strategy ends with: who took a ticket least recently (never first),
 * then agent id.
 */
export function byRecencyThenId(a: Candidate, b: Candidate): number {
  if (a.lastAssignedAt !== b.lastAssignedAt) return a.lastAssignedAt - b.lastAssignedAt;
  return compareIds(a.agent.id, b.agent.id);
}

/** Compares ids by UTF-16 code unit (binary order). */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Fewest tickets first, then {@link byRecencyThenId}. */
export function byLoadThenRecency(a: Candidate, b: Candidate): number {
  return a.load - b.load || byRecencyThenId(a, b);
}

/** "`load` of `max`" for explanations. */
export function loadText(candidate: Candidate): string {
  return `${candidate.load} of ${candidate.agent.capacity.max} tickets`;
}

import type { RoutingStrategy } from './routing-strategy';

/** Why a ticket routed by `manual` has no agent. */
export const MANUAL_REASON = 'Manual: the ticket goes to the team unassigned, for a person to assign';

/** `manual`: the ticket goes to the team unassigned, for a person to assign. */
export const manualStrategy: RoutingStrategy<{ type: 'manual' }> = {
  usesRoundRobin: () => false,
  picksAgent: () => false,
  team: (_config, _ticket, ruleTeamId) => ruleTeamId,
  compare: () => 0,
  explain: () => MANUAL_REASON,
};

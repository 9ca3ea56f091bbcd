import { compareIds, type RoutingStrategy } from './routing-strategy';

/**
 * `round_robin`: everyone eligible gets one before anyone gets two. Agents not yet served
 * in the team's current cycle come first, in id order; when every eligible agent was served,
 * a new cycle starts. An agent who becomes eligible mid-cycle is unserved, so joins it.
 */
export const roundRobinStrategy: RoutingStrategy<{ type: 'round_robin' }> = {
  usesRoundRobin: () => true,
  picksAgent: () => true,
  team: (_config, _ticket, ruleTeamId) => ruleTeamId,
  compare: (a, b, _config, { served }) => {
    const servedA = served.has(a.agent.id);
    if (servedA !== served.has(b.agent.id)) return servedA ? 1 : -1;
    return compareIds(a.agent.id, b.agent.id);
  },
  explain: (winner, _config, { served }) =>
    served.has(winner.agent.id)
      ? 'Round robin: every eligible agent had one in this cycle; a new cycle starts'
      : `Round robin: next in the cycle (${served.size} served before)`,
};

/**
 * The team's cycle after `winnerId` got a ticket: added to the served agents, or the first
 * of a new cycle when it was served already. Agents no longer in the team are dropped.
 */
export function nextCycle(
  served: readonly string[],
  winnerId: string,
  memberIds: ReadonlySet<string>,
): string[] {
  if (served.includes(winnerId)) return [winnerId];
  return [...served.filter((id) => memberIds.has(id)), winnerId];
}

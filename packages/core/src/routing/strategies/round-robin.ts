import type { RoutingStrategy } from './routing-strategy';

/**
 * `round_robin`: everyone eligible gets one before anyone gets two. Agents not yet served
 * in the team's current cycle come first; among them, the rotation continues in id order
 * after the agent served last (wrapping around), so consecutive cycles follow one rotation.
 * When every eligible agent was served, a new cycle starts. An agent who becomes eligible
 * mid-cycle is unserved, so joins the current cycle at its place in the rotation.
 */
export const roundRobinStrategy: RoutingStrategy<{ type: 'round_robin' }> = {
  usesRoundRobin: () => true,
  picksAgent: () => true,
  team: (_config, _ticket, ruleTeamId) => ruleTeamId,
  compare: (a, b, _config, { served, lastServed }) => {
    const servedA = served.has(a.agent.id);
    if (servedA !== served.has(b.agent.id)) return servedA ? 1 : -1;
    return (
      rotation(a.agent.id, lastServed) - rotation(b.agent.id, lastServed) ||
      (a.agent.id < b.agent.id ? -1 : 1)
    );
  },
  explain: (winner, _config, { served }) =>
    served.has(winner.agent.id)
      ? 'Round robin: every eligible agent had one in this cycle; a new cycle starts'
      : `Round robin: next in the rotation (${served.size} served before in this cycle)`,
};

/** 0 for ids after the last served agent in id order, 1 for ids up to it (they come round again later). */
function rotation(id: string, lastServed: string | null): number {
  return lastServed === null || id > lastServed ? 0 : 1;
}

/**
 * The team's cycle after `winnerId` got a ticket: added to the served agents, or the first
 * of a new cycle when it was served already. Agents no longer in the team are dropped. The
 * last element is always the agent served last.
 */
export function nextCycle(
  served: readonly string[],
  winnerId: string,
  memberIds: ReadonlySet<string>,
): string[] {
  if (served.includes(winnerId)) return [winnerId];
  return [...served.filter((id) => memberIds.has(id)), winnerId];
}

import { byLoadThenRecency, loadText, type RoutingStrategy } from './routing-strategy';

/** `least_loaded`: fewest tickets counting toward load. */
export const leastLoadedStrategy: RoutingStrategy<{ type: 'least_loaded' }> = {
  usesRoundRobin: () => false,
  picksAgent: () => true,
  team: (_config, _ticket, ruleTeamId) => ruleTeamId,
  compare: (a, b) => byLoadThenRecency(a, b),
  explain: (winner, _config, _input, eligible) =>
    `Least loaded: ${loadText(winner)}, the fewest among ${eligible} eligible`,
};

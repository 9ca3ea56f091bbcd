import { byRecencyThenId, type RoutingStrategy } from './routing-strategy';

type SpareCapacity = { type: 'spare_capacity'; measure: 'absolute' | 'percent' };

/**
 * `spare_capacity`: the most free slots (`absolute`), or the largest free share of the
 * agent's capacity (`percent`, compared exactly by cross-multiplying).
 */
export const spareCapacityStrategy: RoutingStrategy<SpareCapacity> = {
  usesRoundRobin: () => false,
  picksAgent: () => true,
  team: (_config, _ticket, ruleTeamId) => ruleTeamId,
  compare: (a, b, config) => {
    const spareA = a.agent.capacity.max - a.load;
    const spareB = b.agent.capacity.max - b.load;
    const difference =
      config.measure === 'absolute'
        ? spareB - spareA
        : spareB * a.agent.capacity.max - spareA * b.agent.capacity.max;
    return difference || byRecencyThenId(a, b);
  },
  explain: (winner, config, _input, eligible) => {
    const max = winner.agent.capacity.max;
    const spare = max - winner.load;
    const share = config.measure === 'percent' ? ` (${Math.floor((spare * 100) / max)}%)` : '';
    return `Most spare capacity (${config.measure}): ${spare} of ${max} free${share}, the most among ${eligible} eligible`;
  },
};

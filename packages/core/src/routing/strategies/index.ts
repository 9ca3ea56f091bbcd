import type { AgentStrategyConfig, RoutingStrategyConfig } from '../routing-settings';
import { departmentStrategy } from './department';
import { leastLoadedStrategy } from './least-loaded';
import { manualStrategy } from './manual';
import { priorityBasedStrategy } from './priority-based';
import { roundRobinStrategy } from './round-robin';
import type { RoutingStrategy } from './routing-strategy';
import { skillsMatchStrategy } from './skills-match';
import { spareCapacityStrategy } from './spare-capacity';

const agentStrategies = {
  manual: manualStrategy,
  round_robin: roundRobinStrategy,
  least_loaded: leastLoadedStrategy,
  spare_capacity: spareCapacityStrategy,
  skills: skillsMatchStrategy,
  priority: priorityBasedStrategy,
} as const;

function agentStrategy(config: AgentStrategyConfig): RoutingStrategy<AgentStrategyConfig> {
  return agentStrategies[config.type] as RoutingStrategy<AgentStrategyConfig>;
}

const department = departmentStrategy(agentStrategy);

/** The implementation of a configured strategy. */
export function strategyFor(config: RoutingStrategyConfig): RoutingStrategy<RoutingStrategyConfig> {
  return (
    config.type === 'department' ? department : agentStrategy(config)
  ) as RoutingStrategy<RoutingStrategyConfig>;
}

/** The strategy that picks the agent: the configured one, or `department`'s inner one. */
export function agentStrategyOf(config: RoutingStrategyConfig): AgentStrategyConfig {
  return config.type === 'department' ? config.assign : config;
}

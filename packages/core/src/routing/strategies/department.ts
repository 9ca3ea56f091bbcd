import type { AgentStrategyConfig } from '../routing-settings';
import type { RoutingStrategy } from './routing-strategy';

type Department = {
  type: 'department';
  teams: Record<string, string>;
  defaultTeamId: string | null;
  assign: AgentStrategyConfig;
};

/**
 * `department`: the ticket's category (its topic) chooses the team (`teams[category]`, else
 * `defaultTeamId`, else the rule's team); the inner strategy `assign` picks the agent in it.
 */
export function departmentStrategy(
  inner: (config: AgentStrategyConfig) => RoutingStrategy<AgentStrategyConfig>,
): RoutingStrategy<Department> {
  return {
    usesRoundRobin: (config) => inner(config.assign).usesRoundRobin(config.assign),
    picksAgent: (config) => inner(config.assign).picksAgent(config.assign),
    team: (config, ticket, ruleTeamId) =>
      (ticket.category === null ? undefined : config.teams[ticket.category]) ??
      config.defaultTeamId ??
      ruleTeamId,
    compare: (a, b, config, input) => inner(config.assign).compare(a, b, config.assign, input),
    explain: (winner, config, input, eligible) => {
      const category = input.ticket.category;
      const mapped = category !== null && config.teams[category] !== undefined;
      const team = mapped ? `category ${category} goes to this team` : 'the default team for its category';
      return `Department: ${team}; ${inner(config.assign).explain(winner, config.assign, input, eligible)}`;
    },
  };
}

import type { Priority } from '../../storage/records';
import { byLoadThenRecency, type RoutingStrategy } from './routing-strategy';

type PriorityBased = { type: 'priority'; senior: Priority[] };

/**
 * `priority`: tickets of the `senior` priorities go to the most senior escalation level
 * available, the others to the most junior (keeping seniors free); within a level, the
 * least loaded.
 */
export const priorityBasedStrategy: RoutingStrategy<PriorityBased> = {
  usesRoundRobin: () => false,
  picksAgent: () => true,
  team: (_config, _ticket, ruleTeamId) => ruleTeamId,
  compare: (a, b, config, { ticket }) => {
    const levels = a.agent.escalationLevel - b.agent.escalationLevel;
    const seniorFirst = config.senior.includes(ticket.priority);
    return (seniorFirst ? -levels : levels) || byLoadThenRecency(a, b);
  },
  explain: (winner, config, { ticket }, eligible) =>
    `${ticket.priority} priority to the most ${config.senior.includes(ticket.priority) ? 'senior' : 'junior'} available level (${winner.agent.escalationLevel}), least loaded there, among ${eligible} eligible`,
};

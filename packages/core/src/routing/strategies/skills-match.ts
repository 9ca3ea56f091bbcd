import { byLoadThenRecency, loadText, type RoutingStrategy } from './routing-strategy';

type SkillsMatch = { type: 'skills'; match: 'all' | 'best' };

/**
 * `skills`: the best skills score wins (per required skill the agent has: 1,000 plus its
 * level), then the least loaded. With `match: 'all'` agents lacking a skill are not eligible;
 * with `'best'` they rank lower.
 */
export const skillsMatchStrategy: RoutingStrategy<SkillsMatch> = {
  usesRoundRobin: () => false,
  picksAgent: () => true,
  team: (_config, _ticket, ruleTeamId) => ruleTeamId,
  compare: (a, b) => b.score - a.score || byLoadThenRecency(a, b),
  explain: (winner, _config, _input, eligible) => {
    const missing =
      winner.missingSkills.length === 0
        ? 'every required skill'
        : `missing ${winner.missingSkills.join(', ')}`;
    return `Best skills match: score ${winner.score} (${missing}), ${loadText(winner)}, among ${eligible} eligible`;
  },
};

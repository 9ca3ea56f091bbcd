import type { StorageRepositories } from '../storage/port';
import type { Agent } from '../storage/records';
import { invalidInput } from '../validation';

/**
 * Checks that a ticket can be assigned to this agent and/or team: the team exists, the agent
 * exists and is active, and when both are given the agent belongs to the team.
 * Returns the agent, if one was given.
 */
export async function assertAssignable(
  tx: StorageRepositories,
  tenantId: string,
  assigneeId: string | null,
  teamId: string | null,
): Promise<Agent | null> {
  if (teamId !== null && (await tx.teams.get(tenantId, teamId)) === null) {
    invalidInput(['teamId'], 'unknown_team', `Team ${teamId} does not exist`);
  }
  if (assigneeId === null) return null;
  const agent = await tx.agents.get(tenantId, assigneeId);
  if (agent === null) invalidInput(['assigneeId'], 'unknown_agent', `Agent ${assigneeId} does not exist`);
  if (!agent.active) invalidInput(['assigneeId'], 'inactive_agent', `Agent ${assigneeId} is inactive`);
  if (teamId !== null && !agent.teamIds.includes(teamId)) {
    invalidInput(['assigneeId'], 'not_team_member', `Agent ${assigneeId} is not a member of team ${teamId}`);
  }
  return agent;
}

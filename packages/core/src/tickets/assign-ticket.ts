import { type Actor, actorRef, requireStaff } from '../actors';
import { type DeskContext, newEvent } from '../internal/desk-context';
import type { Ticket } from '../storage/records';
import { invalidInput, parseInput } from '../validation';
import { assertAssignable } from './assignment-rules';
import {
  assertNotClosed,
  assertStatedVersion,
  loadTicketForUpdate,
  nextVersionOf,
  saveTicket,
} from './ticket-access';
import { type AssignTicketInput, assignTicketSchema } from './ticket-schemas';

/**
 * The assign command: see `TicketsApi.assign`.
 * - Naming only an agent moves the ticket to the agent's first team unless the agent is
 *   already in the ticket's team.
 * - Naming only a team the current assignee is not in leaves the ticket unassigned in it;
 *   clearing the team (`teamId: null`) keeps the assignee.
 * - Only a newly named agent must be active; an unchanged assignee stays as is.
 * - Naming both requires the agent to be in the team.
 * `reassignCount` counts moves from one agent to another.
 */
export async function assignTicket(
  desk: DeskContext,
  who: Actor,
  ticketId: string,
  input: AssignTicketInput,
): Promise<Ticket> {
  requireStaff(who, 'assign tickets');
  const data = parseInput(assignTicketSchema, input);
  return desk.gateway.command(async (context) => {
    const { tx, record } = context;
    const current = await loadTicketForUpdate(tx, who, ticketId);
    assertStatedVersion(current, data.expectedVersion);
    assertNotClosed(current);
    let assigneeId = data.assigneeId === undefined ? current.assigneeId : data.assigneeId;
    let teamId = data.teamId === undefined ? current.teamId : data.teamId;
    const agent = assigneeId === null ? null : await tx.agents.get(who.tenantId, assigneeId);
    if (agent !== null) {
      if (data.teamId === undefined && (teamId === null || !agent.teamIds.includes(teamId))) {
        teamId = agent.teamIds[0] ?? null;
      } else if (data.assigneeId === undefined && teamId !== null && !agent.teamIds.includes(teamId)) {
        assigneeId = null;
      }
    }
    await assertAssignable(tx, who.tenantId, assigneeId === current.assigneeId ? null : assigneeId, teamId);
    if (assigneeId !== null && teamId !== null && agent !== null && !agent.teamIds.includes(teamId)) {
      invalidInput(
        ['assigneeId'],
        'not_team_member',
        `Agent ${assigneeId} is not a member of team ${teamId}`,
      );
    }
    if (assigneeId === current.assigneeId && teamId === current.teamId) return current;

    const now = desk.clock.now();
    const next = nextVersionOf(current, now);
    next.assigneeId = assigneeId;
    next.teamId = teamId;
    if (current.assigneeId !== null && assigneeId !== null && assigneeId !== current.assigneeId) {
      next.reassignCount = current.reassignCount + 1;
    }
    record(
      newEvent(desk, who.tenantId, actorRef(who), now, 'ticket.assigned', current.id, {
        assigneeId: { from: current.assigneeId, to: assigneeId },
        teamId: { from: current.teamId, to: teamId },
        reassignCount: next.reassignCount,
      }),
    );
    await saveTicket(desk, context, {
      before: current,
      after: next,
      actor: actorRef(who),
      now,
      statedVersion: data.expectedVersion,
    });
    return next;
  });
}

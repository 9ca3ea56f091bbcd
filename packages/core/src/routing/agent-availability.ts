import type { DeskContext } from '../internal/desk-context';
import { newEvent } from '../internal/desk-context';
import { ACTIVE_CATEGORIES } from '../pipelines/pipeline-rules';
import type { CommandContext } from '../storage/gateway';
import type { Keyset } from '../storage/port';
import type { Agent } from '../storage/records';
import { ticketSortValues } from '../storage/ticket-order';
import { nextVersionOf, saveTicket } from '../tickets/ticket-access';
import { routingSettingsOf } from './command-routing-state';
import { routeTicket } from './route-ticket';
import { drainQueues, ROUTING_ACTOR } from './routing-queue';
import type { RoutingSettings } from './routing-settings';

/**
 * What routing does when an agent changes, in the command that changes it:
 * - going offline or being deactivated, with `onAgentOffline: 'reroute'`: every open ticket
 *   of the agent is unassigned and routed again (trigger `agent_offline`);
 * - becoming able to take more work (online, active again, more capacity, new teams, skills,
 *   languages or level): the queues of the agent's teams are retried.
 */
export async function reactToAgentChange(
  desk: DeskContext,
  context: CommandContext,
  before: Agent,
  after: Agent,
  now: Date,
): Promise<void> {
  const routing = await routingSettingsOf(desk, context, after.tenantId);
  const gone =
    (before.status !== 'offline' && after.status === 'offline') || (before.active && !after.active);
  if (gone && routing.onAgentOffline === 'reroute') {
    await rerouteTicketsOf(desk, context, after, now, routing);
  }
  if (after.active && after.status === 'online' && mayTakeMoreWork(before, after)) {
    await drainQueues(desk, context, after.tenantId, after.teamIds, now, routing);
  }
}

function mayTakeMoreWork(before: Agent, after: Agent): boolean {
  return (
    before.status !== 'online' ||
    !before.active ||
    after.capacity.max > before.capacity.max ||
    JSON.stringify(after.capacity.perChannel) !== JSON.stringify(before.capacity.perChannel) ||
    after.teamIds.some((teamId) => !before.teamIds.includes(teamId)) ||
    JSON.stringify(after.skills) !== JSON.stringify(before.skills) ||
    after.languages.join() !== before.languages.join() ||
    after.escalationLevel !== before.escalationLevel
  );
}

/** Unassigns and routes again every ticket of an agent that is not resolved or closed. */
async function rerouteTicketsOf(
  desk: DeskContext,
  context: CommandContext,
  agent: Agent,
  now: Date,
  routing: RoutingSettings,
) {
  const { tx } = context;
  let after: Keyset | null = null;
  for (;;) {
    const page = await tx.tickets.list(agent.tenantId, {
      filter: { assigneeIds: [agent.id], categories: [...ACTIVE_CATEGORIES] },
      sort: 'priority',
      direction: 'asc',
      after,
      limit: 100,
    });
    for (const listed of page) {
      after = { values: ticketSortValues(listed, 'priority'), id: listed.id };
      const ticket = await tx.tickets.getForUpdate(agent.tenantId, listed.id);
      if (ticket === null || ticket.assigneeId !== agent.id) continue;
      const next = nextVersionOf(ticket, now);
      const outcome = await routeTicket(
        desk,
        context,
        {
          trigger: 'agent_offline',
          actor: ROUTING_ACTOR,
          now,
          before: ticket,
          after: next,
          excludeAgentIds: [agent.id],
        },
        routing,
      );
      if (next.assigneeId === agent.id && outcome.kind === 'failed') {
        next.assigneeId = null;
        context.record(
          newEvent(desk, agent.tenantId, ROUTING_ACTOR, now, 'ticket.assigned', ticket.id, {
            assigneeId: { from: agent.id, to: null },
            teamId: { from: ticket.teamId, to: ticket.teamId },
            reassignCount: ticket.reassignCount,
          }),
        );
      }
      if (next.assigneeId !== ticket.assigneeId || next.teamId !== ticket.teamId) {
        await saveTicket(desk, context, { before: ticket, after: next, actor: ROUTING_ACTOR, now });
      }
    }
    if (page.length < 100) return;
  }
}

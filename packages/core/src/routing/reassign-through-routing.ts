import type { ActorRef } from '../actors';
import type { DeskContext } from '../internal/desk-context';
import type { CommandContext } from '../storage/gateway';
import type { Ticket } from '../storage/records';
import { routingSettingsOf } from './command-routing-state';
import { type RouteOutcome, routeTicket } from './route-ticket';

/** What another engine passes to {@link reassignThroughRouting}. */
export interface ReassignRequest {
  /** The ticket as the calling command read it (locked with `getForUpdate`); null while it creates it. */
  before: Ticket | null;
  /**
   * The calling command's copy, with its own changes applied (e.g. the new escalation level
   * and team). Routing sets `assigneeId`, `teamId` and `reassignCount` on it.
   */
  after: Ticket;
  actor: ActorRef;
  now: Date;
  /** Agents that must not get the ticket, e.g. the agent it is escalated away from. */
  excludeAgentIds?: string[];
}

/**
 * Reassigns a ticket through routing inside another engine's command: the escalation
 * engine's `reassign` action calls it. Internal; not exported from the package.
 *
 * Runs the tenant's routing rules on `after` (rules may match on `escalationLevels` and
 * `teamIds`); when none matches, routes within `after.teamId` by the tenant's
 * `defaultStrategy`, queueing when nobody has room. Records `ticket.routed`, `ticket.queued`
 * or `routing.failed` with trigger `escalation` (and `ticket.assigned` when the agent or team
 * changed). The caller then saves `after` with `saveTicket`, as for any change; the routing
 * hook sees that the ticket was routed and only keeps its load slot and queue entry in step.
 */
export async function reassignThroughRouting(
  desk: DeskContext,
  context: CommandContext,
  request: ReassignRequest,
): Promise<RouteOutcome> {
  const routing = await routingSettingsOf(desk, context, request.after.tenantId);
  return routeTicket(
    desk,
    context,
    {
      trigger: 'escalation',
      actor: request.actor,
      now: request.now,
      before: request.before,
      after: request.after,
      ...(request.excludeAgentIds === undefined ? {} : { excludeAgentIds: request.excludeAgentIds }),
    },
    routing,
  );
}

import type { ActorRef } from '../actors';
import type { DeskContext } from '../internal/desk-context';
import { isDone } from '../pipelines/pipeline-rules';
import type { CommandContext } from '../storage/gateway';
import type { Keyset } from '../storage/port';
import { queuePosition } from '../storage/ticket-order';
import { nextVersionOf, saveTicket } from '../tickets/ticket-access';
import { routingStateOf } from './command-routing-state';
import { routeTicket } from './route-ticket';
import type { RoutingSettings } from './routing-settings';

/** The actor automatic routing is recorded as. */
export const ROUTING_ACTOR: ActorRef = { kind: 'system', id: null };

/**
 * Most queue entries one drain of one team tries. A drain stops earlier when a retry finds
 * no member with room; entries beyond the budget wait for the next drain
 * (`routing.processQueue`, or the next ticket that frees a slot).
 */
export const DRAIN_BUDGET = 50;

/**
 * Retries the queues of `teamIds` in queue order (priority, then age), in the caller's
 * command: each queued ticket is routed again (trigger `queue`) and saved when it was placed.
 * A ticket that is done or assigned meanwhile leaves the queue; `inFlightTicketId`, the ticket
 * whose write is running the drain (not stored yet), is skipped. Stops for a team when a retry
 * finds nobody with room, or after {@link DRAIN_BUDGET} entries. Drains do not nest.
 * Returns how many tickets got an agent.
 */
export async function drainQueues(
  desk: DeskContext,
  context: CommandContext,
  tenantId: string,
  teamIds: Iterable<string>,
  now: Date,
  settings: RoutingSettings,
  inFlightTicketId: string | null = null,
): Promise<number> {
  const state = routingStateOf(context);
  if (state.draining) return 0;
  state.draining = true;
  try {
    let assigned = 0;
    for (const teamId of teamIds) {
      assigned += await drainTeam(desk, context, tenantId, teamId, now, settings, inFlightTicketId);
    }
    return assigned;
  } finally {
    state.draining = false;
  }
}

async function drainTeam(
  desk: DeskContext,
  context: CommandContext,
  tenantId: string,
  teamId: string,
  now: Date,
  settings: RoutingSettings,
  inFlightTicketId: string | null,
): Promise<number> {
  const { tx } = context;
  let assigned = 0;
  let budget = DRAIN_BUDGET;
  let after: Keyset | null = null;
  while (budget > 0) {
    const entries = await tx.routingQueue.list(tenantId, { teamId, after, limit: Math.min(budget, 25) });
    if (entries.length === 0) return assigned;
    for (const entry of entries) {
      budget--;
      after = queuePosition(entry);
      if (entry.ticketId === inFlightTicketId) continue;
      const ticket = await tx.tickets.getForUpdate(tenantId, entry.ticketId);
      if (ticket === null || isDone(ticket.statusCategory) || ticket.assigneeId !== null) {
        await tx.routingQueue.remove(tenantId, entry.ticketId);
        continue;
      }
      const next = nextVersionOf(ticket, now);
      const outcome = await routeTicket(
        desk,
        context,
        { trigger: 'queue', actor: ROUTING_ACTOR, now, before: ticket, after: next, alreadyQueuedIn: teamId },
        settings,
      );
      if (outcome.kind === 'assigned') assigned++;
      // A ticket routing cannot place any more (its rule's team is gone) stops being retried.
      if (outcome.kind === 'failed') await tx.routingQueue.remove(tenantId, entry.ticketId);
      const changed = next.assigneeId !== ticket.assigneeId || next.teamId !== ticket.teamId;
      if (changed)
        await saveTicket(desk, context, { before: ticket, after: next, actor: ROUTING_ACTOR, now });
      if (outcome.kind === 'queued' && !outcome.teamHasRoom) return assigned;
    }
  }
  return assigned;
}

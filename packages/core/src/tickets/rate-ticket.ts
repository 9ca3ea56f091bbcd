import { type Actor, actorRef } from '../actors';
import { type DeskContext, newEvent } from '../internal/desk-context';
import type { Ticket } from '../storage/records';
import { parseInput } from '../validation';
import { loadTicketForUpdate, nextVersionOf, saveTicket } from './ticket-access';
import { type RateTicketInput, rateTicketSchema } from './ticket-schemas';

/**
 * The rate command: see `TicketsApi.rate`. A rating is a fact of the ticket's history
 * (`ticket.rated`); the ticket is stored again (next version) so escalation policies on
 * satisfaction see it. Closed tickets may be rated.
 */
export async function rateTicket(
  desk: DeskContext,
  who: Actor,
  ticketId: string,
  input: RateTicketInput,
): Promise<Ticket> {
  const data = parseInput(rateTicketSchema, input);
  return desk.gateway.command(async (context) => {
    const current = await loadTicketForUpdate(context.tx, who, ticketId);
    const now = desk.clock.now();
    const next = nextVersionOf(current, now);
    context.record(
      newEvent(desk, who.tenantId, actorRef(who), now, 'ticket.rated', current.id, {
        score: data.score,
        comment: data.comment ?? null,
      }),
    );
    await saveTicket(desk, context, { before: current, after: next, actor: actorRef(who), now });
    return next;
  });
}

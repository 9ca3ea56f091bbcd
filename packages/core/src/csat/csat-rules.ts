import type { CsatRating, Ticket } from '../storage/records';

/**
 * Why a ticket cannot be rated now: `merged` (its rating belongs to the ticket it was merged
 * into) or `not_resolved` (it is neither resolved nor closed). A merged ticket reports
 * `merged` whatever its status.
 */
export type CsatRefusal = 'merged' | 'not_resolved';

/** Why the ticket cannot be rated now, or null when its requester may rate it. */
export function csatRefusalOf(ticket: Ticket): CsatRefusal | null {
  if (ticket.mergedIntoId !== null) return 'merged';
  if (ticket.statusCategory !== 'resolved' && ticket.statusCategory !== 'closed') return 'not_resolved';
  return null;
}

/** Whether the ticket's requester may rate it now: resolved or closed, and not merged. */
export function canRateTicket(ticket: Ticket): boolean {
  return csatRefusalOf(ticket) === null;
}

/**
 * The instant a rating stops being changeable: `csatChangeWindowSeconds` after it was first
 * given. A change at or after this instant is refused.
 */
export function csatChangeWindowEnd(
  rating: Pick<CsatRating, 'createdAt'>,
  settings: { csatChangeWindowSeconds: number },
): Date {
  return new Date(rating.createdAt.getTime() + settings.csatChangeWindowSeconds * 1000);
}

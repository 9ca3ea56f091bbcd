import type { Actor } from '../actors';
import { InvalidStateError, NotFoundError } from '../errors';
import { versionMismatch } from '../internal/versioning';
import type { StorageRepositories } from '../storage/port';
import type { Ticket } from '../storage/records';

/**
 * Loads a ticket the actor may see. A customer asking for a ticket they did not request
 * gets `NOT_FOUND`, exactly as for a ticket that does not exist.
 */
export async function loadTicketFor(
  tx: StorageRepositories,
  actor: Actor,
  ticketId: string,
): Promise<Ticket> {
  const ticket = await tx.tickets.get(actor.tenantId, ticketId);
  if (ticket === null || !canSee(actor, ticket)) throw new NotFoundError('Ticket', ticketId);
  return ticket;
}

/**
 * {@link loadTicketFor} for a command that will modify the ticket: the read takes the
 * ticket's write lock, so concurrent commands on one ticket apply in turn.
 */
export async function loadTicketForUpdate(
  tx: StorageRepositories,
  actor: Actor,
  ticketId: string,
): Promise<Ticket> {
  const ticket = await tx.tickets.getForUpdate(actor.tenantId, ticketId);
  if (ticket === null || !canSee(actor, ticket)) throw new NotFoundError('Ticket', ticketId);
  return ticket;
}

/** Whether the actor may see the ticket at all. */
export function canSee(actor: Actor, ticket: Ticket): boolean {
  return actor.kind !== 'customer' || ticket.requesterId === actor.customerId;
}

/** `VERSION_CONFLICT` when the caller stated a version the ticket is no longer at. */
export function assertStatedVersion(ticket: Ticket, statedVersion: number | undefined): void {
  if (statedVersion !== undefined && statedVersion !== ticket.version) {
    throw versionMismatch('Ticket', ticket.id, statedVersion, ticket.version);
  }
}

/** `INVALID_STATE` for a closed ticket: closed is final. */
export function assertNotClosed(ticket: Ticket): void {
  if (ticket.statusCategory === 'closed') {
    throw new InvalidStateError(`Ticket ${ticket.id} is closed; closed tickets are final`, {
      ticketId: ticket.id,
      mergedIntoId: ticket.mergedIntoId,
    });
  }
}

/** The next version of a ticket, for a command to modify. */
export function nextVersionOf(ticket: Ticket, now: Date): Ticket {
  return { ...ticket, version: ticket.version + 1, updatedAt: now };
}

/** Stores `next` over the version the command read, or fails as {@link versionMismatch} says. */
export async function saveTicket(
  tx: StorageRepositories,
  next: Ticket,
  readVersion: number,
  statedVersion: number | undefined,
): Promise<void> {
  const result = await tx.tickets.update(next, readVersion);
  if (result !== 'ok') throw versionMismatch('Ticket', next.id, statedVersion, undefined);
}

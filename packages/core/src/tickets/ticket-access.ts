import type { Actor, ActorRef } from '../actors';
import { InvalidStateError, NotFoundError } from '../errors';
import type { DeskContext } from '../internal/desk-context';
import { versionMismatch } from '../internal/versioning';
import type { CommandContext } from '../storage/gateway';
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

/** A command's write of a ticket it read. */
export interface TicketSave {
  /** The ticket as the command read it (its version is the one the write expects). */
  before: Ticket;
  /** The ticket to store. */
  after: Ticket;
  actor: ActorRef;
  now: Date;
  /** The version the caller stated, if any (decides between VERSION_CONFLICT and a retry). */
  statedVersion?: number | undefined;
}

/**
 * Runs the desk's ticket hooks on the write, then stores `after` over the version the
 * command read, or fails as {@link versionMismatch} says. Record the command's events for
 * the ticket before saving, so hooks see them.
 */
export async function saveTicket(
  desk: DeskContext,
  context: CommandContext,
  save: TicketSave,
): Promise<void> {
  const hooks = desk.ticketHooks.run({
    context,
    actor: save.actor,
    now: save.now,
    before: save.before,
    after: save.after,
  });
  if (hooks !== undefined) await hooks;
  const result = await context.tx.tickets.update(save.after, save.before.version);
  if (result !== 'ok') throw versionMismatch('Ticket', save.after.id, save.statedVersion, undefined);
}

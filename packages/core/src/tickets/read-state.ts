import { z } from 'zod';
import type { Actor } from '../actors';
import { ForbiddenError } from '../errors';
import type { DeskContext } from '../internal/desk-context';
import { idSchema } from '../internal/schemas';
import type { Keyset, StorageRepositories } from '../storage/port';
import type { Message, ReadMarker, Ticket } from '../storage/records';
import { messageSortValues, readMarkerPosition } from '../storage/ticket-order';
import { parseInput } from '../validation';
import { loadTicketFor } from './ticket-access';

/** Unread counts stop here: a badge shows "99+" long before. */
export const MAX_UNREAD_COUNT = 100;

/** Input of `tickets.unreadCounts`: up to 100 ticket ids. */
export const unreadCountsSchema = z.array(idSchema).max(100);

/** A reader's position after `tickets.markRead`. */
export interface ReadPosition {
  ticketId: string;
  /** The last message the reader has now seen; null when the thread has none they can read. */
  lastMessageId: string | null;
}

type Reader = { kind: 'customer' | 'agent'; id: string };

function readerOf(who: Actor): Reader {
  if (who.kind === 'customer') return { kind: 'customer', id: who.customerId };
  if (who.kind === 'agent') return { kind: 'agent', id: who.agentId };
  throw new ForbiddenError('The system actor has no read state', { operation: 'track reading' });
}

/** The tickets whose messages make up the thread the actor reads (see `listMessages`). */
async function threadTicketIds(tx: StorageRepositories, who: Actor, ticket: Ticket): Promise<string[]> {
  let merged = ticket.mergedTicketIds;
  if (who.kind === 'customer' && merged.length > 0) {
    const sources = await tx.tickets.getMany(who.tenantId, merged);
    merged = sources.filter((source) => source.requesterId === who.customerId).map((source) => source.id);
  }
  return [ticket.id, ...merged];
}

function markerKeyset(marker: ReadMarker | undefined): Keyset | null {
  return marker === undefined ? null : readMarkerPosition(marker);
}

/** Pages through the thread after `after`, calling `visit` for each message, until `visit` says stop. */
async function scanThread(
  tx: StorageRepositories,
  who: Actor,
  ticketIds: string[],
  after: Keyset | null,
  visit: (message: Message) => boolean,
): Promise<void> {
  let position = after;
  for (;;) {
    const page = await tx.messages.list(who.tenantId, {
      ticketIds,
      ...(who.kind === 'customer' ? { visibility: 'public' as const } : {}),
      after: position,
      limit: 200,
    });
    for (const message of page) if (!visit(message)) return;
    const last = page.at(-1);
    if (page.length < 200 || last === undefined) return;
    position = { values: messageSortValues(last), id: last.id };
  }
}

/** The markRead command: see `TicketsApi.markRead`. */
export async function markRead(desk: DeskContext, who: Actor, ticketId: string): Promise<ReadPosition> {
  const reader = readerOf(who);
  const id = parseInput(idSchema, ticketId, 'ticketId');
  return desk.gateway.command(async ({ tx }) => {
    const ticket = await loadTicketFor(tx, who, id);
    const [marker] = await tx.readMarkers.getMany(who.tenantId, reader, [ticket.id]);
    let last: Message | undefined;
    await scanThread(tx, who, await threadTicketIds(tx, who, ticket), markerKeyset(marker), (message) => {
      last = message;
      return true;
    });
    if (last === undefined) return { ticketId: ticket.id, lastMessageId: marker?.lastMessageId ?? null };
    await tx.readMarkers.advance({
      tenantId: who.tenantId,
      ticketId: ticket.id,
      readerKind: reader.kind,
      readerId: reader.id,
      lastMessageAt: last.createdAt,
      lastMessageSeq: last.seq,
      lastMessageId: last.id,
      readAt: desk.clock.now(),
    });
    return { ticketId: ticket.id, lastMessageId: last.id };
  });
}

/** The unreadCounts query: see `TicketsApi.unreadCounts`. */
export async function unreadCounts(
  desk: DeskContext,
  who: Actor,
  ticketIds: readonly string[],
): Promise<Record<string, number>> {
  const reader = readerOf(who);
  const ids = [...new Set(parseInput(unreadCountsSchema, ticketIds, 'ticketIds'))];
  return desk.gateway.read(async (tx) => {
    const tickets = await tx.tickets.getMany(who.tenantId, ids);
    const visible = tickets.filter(
      (ticket) => who.kind !== 'customer' || ticket.requesterId === who.customerId,
    );
    const markers = new Map(
      (
        await tx.readMarkers.getMany(
          who.tenantId,
          reader,
          visible.map((ticket) => ticket.id),
        )
      ).map((marker) => [marker.ticketId, marker]),
    );
    const counts: Record<string, number> = {};
    for (const ticket of visible) {
      let unread = 0;
      await scanThread(
        tx,
        who,
        await threadTicketIds(tx, who, ticket),
        markerKeyset(markers.get(ticket.id)),
        (message) => {
          const own = message.author.kind === reader.kind && message.author.id === reader.id;
          if (!own) unread++;
          return unread < MAX_UNREAD_COUNT;
        },
      );
      counts[ticket.id] = unread;
    }
    return counts;
  });
}

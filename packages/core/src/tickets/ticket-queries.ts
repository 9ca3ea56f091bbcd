import { type Actor, requireStaff } from '../actors';
import type { AnyTicketkitEvent } from '../events';
import type { DeskContext } from '../internal/desk-context';
import {
  decodeKeysetCursor,
  decodePositionCursor,
  encodeKeysetCursor,
  encodePositionCursor,
  type Page,
  pageOf,
} from '../internal/pagination';
import { withLiveSla } from '../sla/sla-view';
import type { StorageRepositories, TicketFilter } from '../storage/port';
import type { Message, Ticket } from '../storage/records';
import { messageSortValues, ticketSortValues } from '../storage/ticket-order';
import { parseInput } from '../validation';
import { loadTicketFor } from './ticket-access';
import { type ListTicketsInput, listTicketsSchema, type PageInput, pageInputSchema } from './ticket-schemas';

/** The get query: see `TicketsApi.get`. */
export async function getTicket(desk: DeskContext, who: Actor, ticketId: string): Promise<Ticket> {
  return desk.gateway.read(async (repositories) => {
    const ticket = await loadTicketFor(repositories, who, ticketId);
    return (await withLiveSlaAll(desk, repositories, who.tenantId, [ticket]))[0] as Ticket;
  });
}

/** Tickets as reads show them: SLA figures brought to the desk clock's now (see `withLiveSla`). */
async function withLiveSlaAll(
  desk: DeskContext,
  repositories: StorageRepositories,
  tenantId: string,
  tickets: Ticket[],
): Promise<Ticket[]> {
  if (tickets.every((ticket) => ticket.sla === null)) return tickets;
  const { settings } = await desk.settings.load(repositories, tenantId);
  const now = desk.clock.now();
  return tickets.map((ticket) => withLiveSla(ticket, now, settings.sla));
}

/** The list query: see `TicketsApi.list`. */
export async function listTickets(
  desk: DeskContext,
  who: Actor,
  query: ListTicketsInput,
): Promise<Page<Ticket>> {
  const data = parseInput(listTicketsSchema, query);
  if (who.kind === 'customer' && data.requesterId !== undefined && data.requesterId !== who.customerId) {
    return { items: [], nextCursor: null };
  }
  const filter: TicketFilter = {};
  if (data.pipelineId !== undefined) filter.pipelineId = data.pipelineId;
  if (data.stageId !== undefined) filter.stageIds = data.stageId;
  if (data.category !== undefined) filter.categories = data.category;
  if (data.priority !== undefined) filter.priorities = data.priority;
  if (data.assigneeId !== undefined) filter.assigneeIds = data.assigneeId;
  if (data.teamId !== undefined) filter.teamIds = data.teamId;
  if (data.tags !== undefined) filter.tagsAll = data.tags.map((tag) => tag.toLowerCase());
  if (data.channel !== undefined) filter.channels = data.channel;
  if (data.type !== undefined) filter.types = data.type;
  if (data.parentId !== undefined) filter.parentId = data.parentId;
  if (data.createdAfter !== undefined) filter.createdFrom = data.createdAfter;
  if (data.createdBefore !== undefined) filter.createdBefore = data.createdBefore;
  if (data.search !== undefined)
    filter.subjectTerms = [...new Set(data.search.toLowerCase().split(/\s+/))].slice(0, 10);
  if (data.slaDueBefore !== undefined) filter.slaDueBefore = data.slaDueBefore;
  if (data.slaBreached !== undefined) filter.slaBreached = data.slaBreached;
  if (data.escalated !== undefined) filter.escalated = data.escalated;
  const requesterId = who.kind === 'customer' ? who.customerId : data.requesterId;
  if (requesterId !== undefined) filter.requesterId = requesterId;

  const order = data.order ?? (data.sort === 'priority' || data.sort === 'slaDueAt' ? 'asc' : 'desc');
  const kind = `tickets:${data.sort}:${order}`;
  const after =
    data.cursor === undefined
      ? null
      : decodeKeysetCursor(kind, data.cursor, data.sort === 'priority' || data.sort === 'slaDueAt' ? 2 : 1);
  const rows = await desk.gateway.read(async (repositories) =>
    withLiveSlaAll(
      desk,
      repositories,
      who.tenantId,
      await repositories.tickets.list(who.tenantId, {
        filter,
        sort: data.sort,
        direction: order,
        after,
        limit: data.limit + 1,
      }),
    ),
  );
  return pageOf(rows, data.limit, (last) =>
    encodeKeysetCursor(kind, { values: ticketSortValues(last, data.sort), id: last.id }),
  );
}

/**
 * The thread query: see `TicketsApi.messages`. Includes the threads of tickets merged into
 * this one. Customers read public messages only, and only from merged tickets they requested.
 */
export async function listMessages(
  desk: DeskContext,
  who: Actor,
  ticketId: string,
  page: PageInput,
): Promise<Page<Message>> {
  const data = parseInput(pageInputSchema, page);
  const after = data.cursor === undefined ? null : decodeKeysetCursor('messages', data.cursor, 2);
  const rows = await desk.gateway.read(async (repositories) => {
    const ticket = await loadTicketFor(repositories, who, ticketId);
    let mergedIds = ticket.mergedTicketIds;
    if (who.kind === 'customer' && mergedIds.length > 0) {
      const merged = await repositories.tickets.getMany(who.tenantId, mergedIds);
      mergedIds = merged.filter((source) => source.requesterId === who.customerId).map((source) => source.id);
    }
    return repositories.messages.list(who.tenantId, {
      ticketIds: [ticket.id, ...mergedIds],
      ...(who.kind === 'customer' ? { visibility: 'public' as const } : {}),
      after,
      limit: data.limit + 1,
    });
  });
  return pageOf(rows, data.limit, (last) =>
    encodeKeysetCursor('messages', { values: messageSortValues(last), id: last.id }),
  );
}

/**
 * The history query: see `TicketsApi.history`. Every change of the ticket in the order it
 * happened. Staff only (history includes internal notes and assignment reasons).
 */
export async function ticketHistory(
  desk: DeskContext,
  who: Actor,
  ticketId: string,
  page: PageInput,
): Promise<Page<AnyTicketkitEvent>> {
  requireStaff(who, 'read ticket history');
  const data = parseInput(pageInputSchema, page);
  const after = data.cursor === undefined ? null : decodePositionCursor('history', data.cursor);
  const result = await desk.gateway.read(async (repositories) => {
    await loadTicketFor(repositories, who, ticketId);
    return repositories.events.listForTicket(who.tenantId, ticketId, { after, limit: data.limit });
  });
  const full = result.events.length === data.limit && result.position !== null;
  return {
    items: result.events as unknown as AnyTicketkitEvent[],
    nextCursor: full ? encodePositionCursor('history', result.position as number) : null,
  };
}

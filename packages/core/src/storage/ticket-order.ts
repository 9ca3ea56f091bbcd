import type { Keyset, TicketFilter, TicketSort } from './port';
import type { Message, Priority, QueuedTicket, ReadMarker, Ticket } from './records';

/**
 * Reference semantics of ticket and message ordering and filtering. Core uses these to build
 * cursors; the memory adapter uses them directly; SQL adapters must order and filter the same
 * way (the conformance kit compares them).
 */

/** Sort rank of each priority: lower is more urgent. */
export const PRIORITY_RANK: Readonly<Record<Priority, number>> = { urgent: 0, high: 1, medium: 2, low: 3 };

/** The `slaDueAt` sort value of a ticket without a running SLA clock: after every instant. */
export const NO_SLA_DUE = Number.MAX_SAFE_INTEGER;

/** The keyset values of a ticket under a sort order (see {@link TicketSort}). */
export function ticketSortValues(ticket: Ticket, sort: TicketSort): number[] {
  switch (sort) {
    case 'createdAt':
      return [ticket.createdAt.getTime()];
    case 'updatedAt':
      return [ticket.updatedAt.getTime()];
    case 'priority':
      return [PRIORITY_RANK[ticket.priority], ticket.createdAt.getTime()];
    case 'slaDueAt':
      return [ticket.slaDueAt?.getTime() ?? NO_SLA_DUE, ticket.createdAt.getTime()];
  }
}

/** The keyset values of a message in thread order. */
export function messageSortValues(message: Message): number[] {
  return [message.createdAt.getTime(), message.seq];
}

/** A read marker's position in thread order: the keyset of the last message it covers. */
export function readMarkerPosition(marker: ReadMarker): Keyset {
  return { values: [marker.lastMessageAt.getTime(), marker.lastMessageSeq], id: marker.lastMessageId };
}

/**
 * The keyset of a routing queue entry in queue order: `[priorityRank, ticketCreatedAt]`,
 * then the ticket id (most urgent first, then oldest).
 */
export function queuePosition(entry: QueuedTicket): Keyset {
  return { values: [PRIORITY_RANK[entry.priority], entry.ticketCreatedAt.getTime()], id: entry.ticketId };
}

/** Compares two keysets ascending: values first, then id. */
export function compareKeysets(a: Keyset, b: Keyset): number {
  const length = Math.min(a.values.length, b.values.length);
  for (let index = 0; index < length; index++) {
    const difference = (a.values[index] as number) - (b.values[index] as number);
    if (difference !== 0) return difference;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Whether a ticket matches every given filter. */
export function matchesTicketFilter(ticket: Ticket, filter: TicketFilter): boolean {
  if (filter.pipelineId !== undefined && ticket.pipelineId !== filter.pipelineId) return false;
  if (filter.stageIds !== undefined && !filter.stageIds.includes(ticket.stageId)) return false;
  if (filter.categories !== undefined && !filter.categories.includes(ticket.statusCategory)) return false;
  if (filter.priorities !== undefined && !filter.priorities.includes(ticket.priority)) return false;
  if (filter.assigneeIds !== undefined && !filter.assigneeIds.includes(ticket.assigneeId)) return false;
  if (filter.teamIds !== undefined && !filter.teamIds.includes(ticket.teamId)) return false;
  if (filter.tagsAll !== undefined && !filter.tagsAll.every((tag) => ticket.tags.includes(tag))) return false;
  if (filter.channels !== undefined && !filter.channels.includes(ticket.channel)) return false;
  if (filter.requesterId !== undefined && ticket.requesterId !== filter.requesterId) return false;
  if (filter.types !== undefined && !filter.types.includes(ticket.type)) return false;
  if (filter.parentId !== undefined && ticket.parentId !== filter.parentId) return false;
  if (filter.createdFrom !== undefined && ticket.createdAt < filter.createdFrom) return false;
  if (filter.createdBefore !== undefined && ticket.createdAt >= filter.createdBefore) return false;
  if (filter.subjectTerms !== undefined) {
    const subject = ticket.subject.toLowerCase();
    if (!filter.subjectTerms.every((term) => subject.includes(term))) return false;
  }
  if (
    filter.slaDueBefore !== undefined &&
    (ticket.slaDueAt === null || ticket.slaDueAt.getTime() >= filter.slaDueBefore.getTime())
  )
    return false;
  if (filter.slaBreached !== undefined && (ticket.sla?.breached === true) !== filter.slaBreached)
    return false;
  if (filter.escalated !== undefined && ticket.escalationCount > 0 !== filter.escalated) return false;
  return true;
}

import type { EventListQuery, EventPage, EventRepository, StoredEvent } from '@ticketkit/core';
import { copyEvent, storedEvent } from '../deep-copy';
import type { MemoryState } from '../memory-state';

/**
 * The event store in memory. Positions are 1-based per tenant (an event's index + 1); with
 * one transaction at a time, append order is commit order, so a position cursor never
 * skips an event.
 */
export class MemoryEvents implements EventRepository {
  constructor(private readonly state: MemoryState) {}

  async append(events: StoredEvent[]): Promise<void> {
    for (const event of events) {
      const feed = this.state.appendList(this.state.eventsByTenant, event.tenantId);
      feed.push(storedEvent(event));
      if (event.ticketId !== null) {
        this.state.eventPositionsByTicket.append(event.tenantId, event.ticketId, feed.items.length);
      }
    }
  }

  async list(tenantId: string, query: EventListQuery): Promise<EventPage> {
    const feed = this.state.eventsByTenant.get(tenantId)?.items ?? [];
    const events: StoredEvent[] = [];
    let position = query.after;
    for (
      let index = Math.min(query.after ?? 0, feed.length);
      index < feed.length && events.length < query.limit;
      index++
    ) {
      const event = feed[index] as StoredEvent;
      position = index + 1;
      if (query.types === undefined || query.types.includes(event.type)) events.push(copyEvent(event));
    }
    return { events, position };
  }

  async listForTicket(tenantId: string, ticketId: string, query: EventListQuery): Promise<EventPage> {
    const feed = this.state.eventsByTenant.get(tenantId)?.items ?? [];
    const positions = this.state.eventPositionsByTicket.get(tenantId, ticketId);
    const after = query.after ?? 0;
    const events: StoredEvent[] = [];
    let position = query.after;
    for (
      let index = firstAfter(positions, after);
      index < positions.length && events.length < query.limit;
      index++
    ) {
      position = positions[index] as number;
      const event = feed[position - 1] as StoredEvent;
      if (query.types === undefined || query.types.includes(event.type)) events.push(copyEvent(event));
    }
    return { events, position };
  }
}

/** Index of the first position greater than `after` in an ascending list (binary search). */
function firstAfter(positions: readonly number[], after: number): number {
  let low = 0;
  let high = positions.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((positions[middle] as number) <= after) low = middle + 1;
    else high = middle;
  }
  return low;
}

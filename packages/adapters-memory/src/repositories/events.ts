import type { EventListQuery, EventPage, EventRepository, StoredEvent } from '@ticketkit/core';
import { copyEvent } from '../deep-copy';
import { key, type MemoryState, type PositionedEvent } from '../memory-state';

/**
 * The event store in memory. Positions are 1-based per tenant; with one transaction at a
 * time, append order is commit order, so a position cursor never skips an event.
 */
export class MemoryEvents implements EventRepository {
  constructor(private readonly state: MemoryState) {}

  async append(events: StoredEvent[]): Promise<void> {
    for (const event of events) {
      const feed = this.state.appendList(this.state.eventsByTenant, event.tenantId);
      const positioned = { position: feed.items.length + 1, event: copyEvent(event) };
      feed.push(positioned);
      if (event.ticketId !== null) {
        this.state
          .appendList(this.state.eventsByTicket, key(event.tenantId, event.ticketId))
          .push(positioned);
      }
    }
  }

  async list(tenantId: string, query: EventListQuery): Promise<EventPage> {
    const feed = this.state.eventsByTenant.get(tenantId)?.items ?? [];
    // Positions are array index + 1, so the page starts right after `after`.
    return page(feed, Math.min(query.after ?? 0, feed.length), query);
  }

  async listForTicket(tenantId: string, ticketId: string, query: EventListQuery): Promise<EventPage> {
    const history = this.state.eventsByTicket.get(key(tenantId, ticketId))?.items ?? [];
    const after = query.after ?? 0;
    let start = 0;
    while (start < history.length && (history[start] as PositionedEvent).position <= after) start++;
    return page(history, start, query);
  }
}

function page(items: readonly PositionedEvent[], start: number, query: EventListQuery): EventPage {
  const events: StoredEvent[] = [];
  let position = query.after;
  for (let index = start; index < items.length && events.length < query.limit; index++) {
    const item = items[index] as PositionedEvent;
    position = item.position;
    if (query.types === undefined || query.types.includes(item.event.type))
      events.push(copyEvent(item.event));
  }
  return { events, position };
}

import { describe, expect, it } from 'vitest';
import type { EventListQuery, EventPage, StoragePort } from '../storage/port';
import type { StoredEvent } from '../storage/records';
import { buildEvent, fixtureInstant, newId, newTenantId } from './fixtures';
import { type SuiteContext, useGroupStorage } from './suite-context';

const TYPES = ['ticket.created', 'message.created', 'ticket.updated'];

/** Events of two tickets and the tenant, of three types, with instants out of order. */
function feedOf(tenantId: string, count: number): { ticketIds: [string, string]; events: StoredEvent[] } {
  const ticketIds: [string, string] = [newId('tkt'), newId('tkt')];
  const events = Array.from({ length: count }, (_, index) =>
    buildEvent(tenantId, {
      type: TYPES[index % 3] as string,
      ticketId: index % 4 === 3 ? null : ticketIds[index % 2],
      // Instants deliberately not in append order: the feed is ordered by append, not by time.
      occurredAt: fixtureInstant(((index * 7) % 5) * 1000),
      data: { index, nested: { list: [index, null] } },
    }),
  );
  return { ticketIds, events };
}

type Reader = (query: EventListQuery) => Promise<EventPage>;

/** Reads a feed to its end with the returned positions, checking each position. */
async function readAll(read: Reader, limit: number, types?: string[], start: number | null = null) {
  const events: StoredEvent[] = [];
  let after = start;
  for (let page = 0; page < 200; page++) {
    const result = await read({ after, limit, ...(types === undefined ? {} : { types }) });
    expect(result.events.length).toBeLessThanOrEqual(limit);
    if (result.position !== null) {
      expect(Number.isSafeInteger(result.position) && result.position >= 0).toBe(true);
    }
    if (result.events.length === 0 && (types === undefined || result.position === after)) {
      expect(result.position, 'a page that scanned nothing keeps the position it was given').toBe(after);
      return { events, position: after };
    }
    // With a types filter, a page may skip non-matching events: it can be empty yet move on.
    events.push(...result.events);
    after = result.position;
  }
  throw new Error('The event feed did not end');
}

/** The event store: append order, positions, filters, tickets' histories, continuation. */
export function describeEventRepository(context: SuiteContext): void {
  describe('events', () => {
    const storage = useGroupStorage(context);
    const feed =
      (tenantId: string): Reader =>
      (query) =>
        storage().events.list(tenantId, query);
    const history =
      (tenantId: string, ticketId: string): Reader =>
      (query) =>
        storage().events.listForTicket(tenantId, ticketId, query);

    it('events.append - stores every field; list returns events in append order', async () => {
      const tenantId = newTenantId();
      const { events } = feedOf(tenantId, 9);
      await storage().events.append(events.slice(0, 4));
      await storage().events.append(events.slice(4));
      await storage().events.append([]);
      const page = await storage().events.list(tenantId, { after: null, limit: 100 });
      expect(page.events).toEqual(events);
      expect(page.position).not.toBeNull();
    });

    it('events.list - pages with the returned positions see every event once', async () => {
      const tenantId = newTenantId();
      const { events } = feedOf(tenantId, 11);
      for (const event of events) await storage().events.append([event]);
      for (const limit of [1, 2, 5, 11, 50]) {
        expect((await readAll(feed(tenantId), limit)).events, `limit ${limit}`).toEqual(events);
      }
    });

    it('events.list - an empty feed returns no events and the given position', async () => {
      expect(await storage().events.list(newTenantId(), { after: null, limit: 10 })).toEqual({
        events: [],
        position: null,
      });
    });

    it('events.list - continuing from the returned position sees later appends exactly once', async () => {
      const tenantId = newTenantId();
      const { events } = feedOf(tenantId, 12);
      await storage().events.append(events.slice(0, 5));
      const first = await readAll(feed(tenantId), 2);
      expect(first.events).toEqual(events.slice(0, 5));
      await storage().events.append(events.slice(5, 9));
      const second = await readAll(feed(tenantId), 3, undefined, first.position);
      expect(second.events).toEqual(events.slice(5, 9));
      const idle = await storage().events.list(tenantId, { after: second.position, limit: 10 });
      expect(idle).toEqual({ events: [], position: second.position });
      await storage().events.append(events.slice(9));
      const third = await readAll(feed(tenantId), 10, undefined, second.position);
      expect(third.events).toEqual(events.slice(9));
    });

    it('events.list - the types filter returns only those types, each once, in append order', async () => {
      const tenantId = newTenantId();
      const { events } = feedOf(tenantId, 14);
      await storage().events.append(events);
      for (const types of [['message.created'], ['ticket.created', 'ticket.updated'], ['no.such.type']]) {
        const expected = events.filter((event) => types.includes(event.type));
        for (const limit of [1, 3, 20]) {
          expect((await readAll(feed(tenantId), limit, types)).events, `${types} limit ${limit}`).toEqual(
            expected,
          );
        }
      }
    });

    it("events.list - never returns another tenant's events", async () => {
      const [first, second] = [newTenantId(), newTenantId()];
      const mine = feedOf(first, 4).events;
      const theirs = feedOf(second, 4).events;
      await storage().events.append([...mine, ...theirs]);
      expect((await readAll(feed(first), 3)).events).toEqual(mine);
      expect((await readAll(feed(second), 3)).events).toEqual(theirs);
    });

    it("events.listForTicket - the ticket's events in append order, paged, filtered by type", async () => {
      const tenantId = newTenantId();
      const { ticketIds, events } = feedOf(tenantId, 16);
      for (const chunk of [events.slice(0, 7), events.slice(7)]) await storage().events.append(chunk);
      for (const ticketId of ticketIds) {
        const expected = events.filter((event) => event.ticketId === ticketId);
        for (const limit of [1, 4, 100]) {
          expect((await readAll(history(tenantId, ticketId), limit)).events).toEqual(expected);
        }
        const created = expected.filter((event) => event.type === 'ticket.created');
        expect((await readAll(history(tenantId, ticketId), 2, ['ticket.created'])).events).toEqual(created);
      }
      expect((await readAll(history(tenantId, newId('tkt')), 5)).events).toEqual([]);
      expect((await readAll(history(newTenantId(), ticketIds[0]), 5)).events).toEqual([]);
    });

    it('events.listForTicket - continuing from the returned position sees later appends exactly once', async () => {
      const tenantId = newTenantId();
      const ticketId = newId('tkt');
      const make = (index: number) => buildEvent(tenantId, { ticketId, data: { index } });
      const before = [make(0), make(1), make(2)];
      await storage().events.append([...before, buildEvent(tenantId, { ticketId: newId('tkt') })]);
      const first = await readAll(history(tenantId, ticketId), 2);
      expect(first.events).toEqual(before);
      const after = [make(3), make(4)];
      await storage().events.append([buildEvent(tenantId), after[0] as StoredEvent]);
      await storage().events.append([after[1] as StoredEvent]);
      const second = await readAll(history(tenantId, ticketId), 1, undefined, first.position);
      expect(second.events).toEqual(after);
    });

    it('events.append - events appended by transactions in turn read back in commit order', async () => {
      const tenantId = newTenantId();
      const { events } = feedOf(tenantId, 6);
      await appendInTransactions(storage(), events);
      expect((await readAll(feed(tenantId), 4)).events).toEqual(events);
    });
  });
}

async function appendInTransactions(storage: StoragePort, events: StoredEvent[]): Promise<void> {
  for (let index = 0; index < events.length; index += 2) {
    await storage.transaction(async (tx) => {
      await tx.events.append(events.slice(index, index + 1));
      await tx.events.append(events.slice(index + 1, index + 2));
    });
  }
}

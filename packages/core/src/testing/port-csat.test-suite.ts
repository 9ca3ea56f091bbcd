import { describe, expect, it } from 'vitest';
import { customerActor, systemActor } from '../actors';
import type { ReadMarker } from '../storage/records';
import { buildCsatRating, buildReadMarker, fixtureInstant, newId, newTenantId } from './fixtures';
import { byId, fulfilledValues, type SuiteContext, testDesk, useGroupStorage } from './suite-context';

const byTicketId = (rows: ReadMarker[]) =>
  byId(rows.map((row) => ({ ...row, id: row.ticketId }))).map(({ id: _id, ...row }) => row);

/** Satisfaction ratings and read markers: one rating per ticket, markers that only move forward. */
export function describeCsatRepositories(context: SuiteContext): void {
  describe('csat ratings', () => {
    const storage = useGroupStorage(context);

    it('csat.put - creates a rating with every field; get returns it; other tenants and tickets see none', async () => {
      const tenantId = newTenantId();
      const rating = buildCsatRating(tenantId, newId('tkt'));
      expect(await storage().csat.get(tenantId, rating.ticketId)).toBeNull();
      expect(await storage().csat.put(rating, null)).toBe('ok');
      expect(await storage().csat.get(tenantId, rating.ticketId)).toEqual(rating);
      expect(await storage().csat.get(newTenantId(), rating.ticketId)).toBeNull();
      expect(await storage().csat.get(tenantId, newId('tkt'))).toBeNull();
      const thumbs = buildCsatRating(tenantId, newId('tkt'), { scale: 'thumbs', score: 0, comment: null });
      expect(await storage().csat.put(thumbs, null)).toBe('ok');
      expect(await storage().csat.get(tenantId, thumbs.ticketId)).toEqual(thumbs);
    });

    it('csat.put - a second create for the ticket is duplicate and keeps the first rating', async () => {
      const tenantId = newTenantId();
      const first = buildCsatRating(tenantId, newId('tkt'));
      await storage().csat.put(first, null);
      expect(await storage().csat.put({ ...first, score: 1 }, null)).toBe('duplicate');
      expect(await storage().csat.get(tenantId, first.ticketId)).toEqual(first);
      // The same ticket id in another tenant is another rating.
      expect(await storage().csat.put({ ...first, tenantId: newTenantId() }, null)).toBe('ok');
    });

    it('csat.put - replaces at the stated version; a stale version writes nothing', async () => {
      const tenantId = newTenantId();
      const first = buildCsatRating(tenantId, newId('tkt'));
      await storage().csat.put(first, null);
      const changed = { ...first, score: 2, comment: null, version: 2, updatedAt: fixtureInstant(60_000) };
      expect(await storage().csat.put(changed, 1)).toBe('ok');
      expect(await storage().csat.get(tenantId, first.ticketId)).toEqual(changed);
      expect(await storage().csat.put({ ...changed, score: 7, version: 3 }, 1)).toBe('stale');
      expect(await storage().csat.get(tenantId, first.ticketId)).toEqual(changed);
      const missing = buildCsatRating(tenantId, newId('tkt'), { version: 2 });
      expect(await storage().csat.put(missing, 1)).toBe('stale');
      expect(await storage().csat.get(tenantId, missing.ticketId)).toBeNull();
    });

    it('csat.put - 20 concurrent first ratings of one ticket: exactly one is stored', async () => {
      const tenantId = newTenantId();
      const ticketId = newId('tkt');
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          storage().csat.put(buildCsatRating(tenantId, ticketId, { score: (index % 7) + 1 }), null),
        ),
      );
      expect(results.filter((result) => result === 'ok')).toHaveLength(1);
      expect(results.filter((result) => result === 'duplicate')).toHaveLength(19);
      const winner = results.indexOf('ok');
      expect((await storage().csat.get(tenantId, ticketId))?.score).toBe((winner % 7) + 1);
    });

    it(
      'csat.submit - 10 concurrent ratings through the desk apply in turn: one rating, the last event’s score',
      async () => {
        const { desk, clock } = testDesk(storage());
        const tenantId = newTenantId();
        const system = systemActor(tenantId);
        const ticket = await desk.tickets.create(system, {
          subject: 'Rate me',
          requester: { email: 'r@example.com' },
        });
        await desk.tickets.transition(system, ticket.id, { stageId: 'resolved' });
        clock.advance(1_000);
        const customer = customerActor(tenantId, ticket.requesterId);
        const results = await Promise.allSettled(
          Array.from({ length: 10 }, (_, index) =>
            desk.csat.submit(customer, ticket.id, { score: (index % 5) + 1 }),
          ),
        );
        expect(fulfilledValues(results)).toHaveLength(10);
        const stored = await storage().csat.get(tenantId, ticket.id);
        const events = (
          await storage().events.listForTicket(tenantId, ticket.id, {
            after: null,
            limit: 100,
            types: ['csat.submitted'],
          })
        ).events;
        // Every submission applied in some order: the stored rating is the last event's.
        expect(events.length).toBeGreaterThanOrEqual(5);
        const last = events.at(-1)?.data as { score: number } | undefined;
        expect(stored?.score).toBe(last?.score);
        expect(stored?.version).toBe(events.length);
      },
      context.slowTimeout,
    );
  });

  describe('read markers', () => {
    const storage = useGroupStorage(context);

    it('readMarkers.advance - stores a first marker with every field; getMany returns only that reader’s', async () => {
      const tenantId = newTenantId();
      const ticketId = newId('tkt');
      const marker = buildReadMarker(tenantId, ticketId);
      const reader = { kind: marker.readerKind, id: marker.readerId };
      expect(await storage().readMarkers.getMany(tenantId, reader, [ticketId])).toEqual([]);
      expect(await storage().readMarkers.advance(marker)).toBe('ok');
      expect(await storage().readMarkers.getMany(tenantId, reader, [ticketId, newId('tkt')])).toEqual([
        marker,
      ]);
      expect(
        await storage().readMarkers.getMany(tenantId, { kind: 'agent', id: marker.readerId }, [ticketId]),
      ).toEqual([]);
      expect(
        await storage().readMarkers.getMany(tenantId, { kind: 'customer', id: newId('cus') }, [ticketId]),
      ).toEqual([]);
      expect(await storage().readMarkers.getMany(newTenantId(), reader, [ticketId])).toEqual([]);
      const agentMarker = buildReadMarker(tenantId, ticketId, {
        readerKind: 'agent',
        readerId: marker.readerId,
      });
      expect(await storage().readMarkers.advance(agentMarker)).toBe('ok');
      expect(await storage().readMarkers.getMany(tenantId, reader, [ticketId])).toEqual([marker]);
      const other = buildReadMarker(tenantId, newId('tkt'), { readerId: marker.readerId });
      await storage().readMarkers.advance(other);
      expect(
        byTicketId(await storage().readMarkers.getMany(tenantId, reader, [ticketId, other.ticketId])),
      ).toEqual(byTicketId([marker, other]));
    });

    it('readMarkers.advance - moves forward by instant, then seq, then id; never back or sideways', async () => {
      const tenantId = newTenantId();
      const ticketId = newId('tkt');
      const first = buildReadMarker(tenantId, ticketId, { lastMessageId: 'msg_m' });
      const reader = { kind: first.readerKind, id: first.readerId };
      await storage().readMarkers.advance(first);
      const same = { ...first, readAt: fixtureInstant(9_000) };
      const earlier = {
        ...first,
        lastMessageAt: fixtureInstant(-1),
        lastMessageSeq: 99,
        lastMessageId: 'msg_z',
      };
      const lowerSeq = { ...first, lastMessageSeq: 2, lastMessageId: 'msg_z' };
      const lowerId = { ...first, lastMessageId: 'msg_a' };
      for (const marker of [same, earlier, lowerSeq, lowerId]) {
        expect(await storage().readMarkers.advance(marker)).toBe('stale');
      }
      expect(await storage().readMarkers.getMany(tenantId, reader, [ticketId])).toEqual([first]);
      const higherId = { ...first, lastMessageId: 'msg_n' };
      expect(await storage().readMarkers.advance(higherId)).toBe('ok');
      const higherSeq = { ...higherId, lastMessageSeq: 4, lastMessageId: 'msg_a' };
      expect(await storage().readMarkers.advance(higherSeq)).toBe('ok');
      const later = { ...higherSeq, lastMessageAt: fixtureInstant(1), lastMessageSeq: 1 };
      expect(await storage().readMarkers.advance(later)).toBe('ok');
      expect(await storage().readMarkers.getMany(tenantId, reader, [ticketId])).toEqual([later]);
    });

    it('readMarkers.advance - 30 concurrent advances: the furthest marker is stored', async () => {
      const tenantId = newTenantId();
      const ticketId = newId('tkt');
      const readerId = newId('cus');
      const markers = Array.from({ length: 30 }, (_, index) =>
        buildReadMarker(tenantId, ticketId, {
          readerId,
          lastMessageAt: fixtureInstant(((index * 7) % 30) * 1000),
          lastMessageSeq: (index * 7) % 30,
        }),
      );
      const results = await Promise.all(markers.map((marker) => storage().readMarkers.advance(marker)));
      expect(results.filter((result) => result === 'ok').length).toBeGreaterThanOrEqual(1);
      const [stored] = await storage().readMarkers.getMany(tenantId, { kind: 'customer', id: readerId }, [
        ticketId,
      ]);
      expect(stored?.lastMessageSeq).toBe(29);
    });
  });
}

import { describe, expect, it } from 'vitest';
import type { Ticket } from '../storage/records';
import { buildEvent, buildTicket, fixtureInstant, newId, newTenantId, sparseTicket } from './fixtures';
import { byId, type SuiteContext, useGroupStorage } from './suite-context';

/** The ticket repository: round trips, versions, keys, children and numbers. */
export function describeTicketRepository(context: SuiteContext): void {
  describe('tickets', () => {
    const storage = useGroupStorage(context);

    it('tickets.insert - stores every field, and get returns it unchanged', async () => {
      const ticket = buildTicket(newTenantId());
      expect(await storage().tickets.insert(ticket)).toBe('ok');
      expect(await storage().tickets.get(ticket.tenantId, ticket.id)).toEqual(ticket);
    });

    it('tickets.insert - stores nulls, empty lists and empty objects unchanged', async () => {
      const ticket = sparseTicket(buildTicket(newTenantId()));
      expect(await storage().tickets.insert(ticket)).toBe('ok');
      expect(await storage().tickets.get(ticket.tenantId, ticket.id)).toEqual(ticket);
    });

    it('tickets.insert - returns duplicate for a taken id and keeps the stored ticket', async () => {
      const ticket = buildTicket(newTenantId());
      await storage().tickets.insert(ticket);
      const again = { ...ticket, subject: 'Another subject', number: 99 };
      expect(await storage().tickets.insert(again)).toBe('duplicate');
      expect(await storage().tickets.get(ticket.tenantId, ticket.id)).toEqual(ticket);
    });

    it('tickets.insertNew - stores the ticket, on the port and in a transaction with later reads seeing it', async () => {
      const tenantId = newTenantId();
      const alone = buildTicket(tenantId);
      await storage().tickets.insertNew(alone);
      expect(await storage().tickets.get(tenantId, alone.id)).toEqual(alone);
      const held = sparseTicket(buildTicket(tenantId));
      const event = buildEvent(tenantId, { ticketId: held.id });
      const seen = await storage().transaction(async (tx) => {
        await tx.tickets.insertNew(held);
        await tx.events.append([event]);
        return tx.tickets.get(tenantId, held.id);
      });
      expect(seen).toEqual(held);
      expect(await storage().tickets.get(tenantId, held.id)).toEqual(held);
      const history = await storage().events.listForTicket(tenantId, held.id, { after: null, limit: 10 });
      expect(history.events).toEqual([event]);
    });

    it('tickets.insertNew - a taken id fails the transaction, and none of its writes are stored', async () => {
      const tenantId = newTenantId();
      const ticket = buildTicket(tenantId);
      await storage().tickets.insert(ticket);
      const other = buildTicket(tenantId);
      const event = buildEvent(tenantId, { ticketId: other.id });
      await expect(
        storage().transaction(async (tx) => {
          await tx.tickets.insertNew(other);
          await tx.events.append([event]);
          await tx.tickets.insertNew({ ...ticket, subject: 'Another subject' });
        }),
      ).rejects.toThrow();
      expect(await storage().tickets.get(tenantId, ticket.id)).toEqual(ticket);
      expect(await storage().tickets.get(tenantId, other.id)).toBeNull();
      expect(
        (await storage().events.listForTicket(tenantId, other.id, { after: null, limit: 10 })).events,
      ).toEqual([]);
    });

    it('tickets.insert - the same id in two tenants names two tickets', async () => {
      const first = buildTicket(newTenantId(), { subject: 'first tenant' });
      const second = buildTicket(newTenantId(), { id: first.id, subject: 'second tenant' });
      expect(await storage().tickets.insert(first)).toBe('ok');
      expect(await storage().tickets.insert(second)).toBe('ok');
      expect(await storage().tickets.get(first.tenantId, first.id)).toEqual(first);
      expect(await storage().tickets.get(second.tenantId, second.id)).toEqual(second);
    });

    it("tickets.get - returns null for an unknown id and for another tenant's ticket", async () => {
      const ticket = buildTicket(newTenantId());
      await storage().tickets.insert(ticket);
      expect(await storage().tickets.get(ticket.tenantId, newId('tkt'))).toBeNull();
      expect(await storage().tickets.get(newTenantId(), ticket.id)).toBeNull();
    });

    it("tickets.getMany - returns the stored tickets among the ids, never another tenant's", async () => {
      const tenantId = newTenantId();
      const tickets = [buildTicket(tenantId), buildTicket(tenantId), buildTicket(tenantId)];
      const foreign = buildTicket(newTenantId());
      for (const ticket of [...tickets, foreign]) await storage().tickets.insert(ticket);
      const [first, , third] = tickets as [Ticket, Ticket, Ticket];
      const found = await storage().tickets.getMany(tenantId, [third.id, newId('tkt'), foreign.id, first.id]);
      expect(byId(found)).toEqual(byId([first, third]));
      expect(await storage().tickets.getMany(tenantId, [])).toEqual([]);
    });

    it('tickets.update - replaces every field when the stated version matches', async () => {
      const ticket = buildTicket(newTenantId());
      await storage().tickets.insert(ticket);
      const next: Ticket = {
        ...sparseTicket(ticket),
        subject: 'Renamed',
        priority: 'low',
        tags: ['renamed'],
        customFields: { only: { one: [2] } },
        stageId: 'resolved',
        statusCategory: 'resolved',
        escalationLevel: 3,
        messageCount: 7,
        version: 2,
        updatedAt: fixtureInstant(60_000),
        resolvedAt: fixtureInstant(60_000),
        reopenCount: 0,
      };
      expect(await storage().tickets.update(next, 1)).toBe('ok');
      expect(await storage().tickets.get(ticket.tenantId, ticket.id)).toEqual(next);
    });

    it('tickets.update - returns stale for an outdated version and writes nothing', async () => {
      const ticket = buildTicket(newTenantId());
      await storage().tickets.insert(ticket);
      const second = { ...ticket, subject: 'v2', version: 2 };
      expect(await storage().tickets.update(second, 1)).toBe('ok');
      expect(await storage().tickets.update({ ...ticket, subject: 'lost', version: 2 }, 1)).toBe('stale');
      expect(await storage().tickets.update({ ...ticket, subject: 'ahead', version: 4 }, 3)).toBe('stale');
      expect(await storage().tickets.get(ticket.tenantId, ticket.id)).toEqual(second);
      const third = { ...second, subject: 'v3', version: 3 };
      expect(await storage().tickets.update(third, 2)).toBe('ok');
      expect(await storage().tickets.get(ticket.tenantId, ticket.id)).toEqual(third);
    });

    it('tickets.update - returns stale for a ticket that is not stored, and creates nothing', async () => {
      const ticket = buildTicket(newTenantId(), { version: 2 });
      expect(await storage().tickets.update(ticket, 1)).toBe('stale');
      expect(await storage().tickets.get(ticket.tenantId, ticket.id)).toBeNull();
    });

    it("tickets.update - cannot change another tenant's ticket with the same id", async () => {
      const ticket = buildTicket(newTenantId());
      await storage().tickets.insert(ticket);
      const intruder = { ...ticket, tenantId: newTenantId(), subject: 'hijacked', version: 2 };
      expect(await storage().tickets.update(intruder, 1)).toBe('stale');
      expect(await storage().tickets.get(ticket.tenantId, ticket.id)).toEqual(ticket);
      expect(await storage().tickets.get(intruder.tenantId, ticket.id)).toBeNull();
    });

    it('tickets.listChildren - returns the children of a parent and follows parent changes', async () => {
      const tenantId = newTenantId();
      const parent = buildTicket(tenantId, { parentId: null });
      const other = buildTicket(tenantId, { parentId: null });
      const first = buildTicket(tenantId, { parentId: parent.id });
      const second = buildTicket(tenantId, { parentId: parent.id });
      const third = buildTicket(tenantId, { parentId: other.id });
      const foreign = buildTicket(newTenantId(), { parentId: parent.id });
      for (const ticket of [parent, other, first, second, third, foreign])
        await storage().tickets.insert(ticket);
      expect(byId(await storage().tickets.listChildren(tenantId, parent.id))).toEqual(byId([first, second]));
      expect(await storage().tickets.listChildren(tenantId, first.id)).toEqual([]);

      const detached = { ...second, parentId: null, version: 2 };
      const moved = { ...third, parentId: parent.id, version: 2 };
      expect(await storage().tickets.update(detached, 1)).toBe('ok');
      expect(await storage().tickets.update(moved, 1)).toBe('ok');
      expect(byId(await storage().tickets.listChildren(tenantId, parent.id))).toEqual(byId([first, moved]));
      expect(await storage().tickets.listChildren(tenantId, other.id)).toEqual([]);
      expect(await storage().tickets.listChildren(newTenantId(), parent.id)).toEqual([]);
    });

    it('tickets.nextNumber - starts at 1 and increases within each tenant', async () => {
      const first = newTenantId();
      const second = newTenantId();
      const numbers = [
        await storage().tickets.nextNumber(first),
        await storage().tickets.nextNumber(first),
        await storage().tickets.nextNumber(first),
      ];
      expect(numbers[0]).toBe(1);
      expect(numbers[1]).toBeGreaterThan(numbers[0] as number);
      expect(numbers[2]).toBeGreaterThan(numbers[1] as number);
      expect(await storage().tickets.nextNumber(second)).toBe(1);
      for (const number of numbers) expect(Number.isSafeInteger(number)).toBe(true);
    });

    it('tickets.nextNumber - a count reserves that many consecutive numbers and returns the first', async () => {
      const tenantId = newTenantId();
      expect(await storage().tickets.nextNumber(tenantId, 5)).toBe(1);
      const next = await storage().tickets.nextNumber(tenantId);
      expect(next).toBeGreaterThanOrEqual(6);
      const range = await storage().tickets.nextNumber(tenantId, 3);
      expect(range).toBeGreaterThan(next);
      expect(await storage().tickets.nextNumber(tenantId, 2)).toBeGreaterThanOrEqual(range + 3);
    });
  });
}

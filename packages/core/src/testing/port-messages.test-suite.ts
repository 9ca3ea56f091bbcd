import { describe, expect, it } from 'vitest';
import type { Keyset, MessageListQuery } from '../storage/port';
import type { Message } from '../storage/records';
import { compareKeysets, messageSortValues } from '../storage/ticket-order';
import { buildMessage, fixtureInstant, newId, newTenantId } from './fixtures';
import { type SuiteContext, useGroupStorage } from './suite-context';

const keysetOf = (message: Message): Keyset => ({ values: messageSortValues(message), id: message.id });

/** Thread order of the reference: `(createdAt, seq)`, then id. */
function threadOrder(messages: Message[]): Message[] {
  return [...messages].sort((a, b) => compareKeysets(keysetOf(a), keysetOf(b)));
}

/**
 * Messages on three tickets whose instants and sequence numbers tie in every way the order
 * must break: same instant different seq, same instant and seq on two tickets, internal notes.
 */
function threadsOf(tenantId: string): { ticketIds: [string, string, string]; messages: Message[] } {
  const ticketIds: [string, string, string] = [newId('tkt'), newId('tkt'), newId('tkt')];
  const [a, b, c] = ticketIds;
  const at = (offset: number) => fixtureInstant(offset * 1000);
  const spec: Array<[string, number, number, 'public' | 'internal']> = [
    [a, 1, 0, 'public'],
    [a, 2, 0, 'internal'],
    [a, 3, 5, 'public'],
    [b, 1, 0, 'public'],
    [b, 2, 3, 'public'],
    [b, 3, 3, 'internal'],
    [c, 1, 3, 'public'],
    [c, 2, 3, 'public'],
    [a, 4, 9, 'internal'],
    [c, 3, 2, 'public'],
  ];
  const messages = spec.map(([ticketId, seq, offset, visibility]) =>
    buildMessage(tenantId, ticketId, { seq, createdAt: at(offset), visibility, externalId: null }),
  );
  return { ticketIds, messages };
}

/** The message repository: round trips, external id dedup, thread order and pages. */
export function describeMessageRepository(context: SuiteContext): void {
  describe('messages', () => {
    const storage = useGroupStorage(context);
    const listAll = (tenantId: string, ticketIds: string[], visibility?: 'public') =>
      storage().messages.list(tenantId, {
        ticketIds,
        ...(visibility === undefined ? {} : { visibility }),
        after: null,
        limit: 1000,
      });

    it('messages.insert - stores every field; list and findByExternalId return it unchanged', async () => {
      const message = buildMessage(newTenantId(), newId('tkt'));
      expect(await storage().messages.insert(message)).toBe('ok');
      expect(await listAll(message.tenantId, [message.ticketId])).toEqual([message]);
      expect(
        await storage().messages.findByExternalId(message.tenantId, message.externalId as string),
      ).toEqual(message);
    });

    it('messages.insert - stores a message without external id or attachments unchanged', async () => {
      const message = buildMessage(newTenantId(), newId('tkt'), {
        externalId: null,
        attachments: [],
        author: { kind: 'system', id: null },
        visibility: 'internal',
      });
      expect(await storage().messages.insert(message)).toBe('ok');
      expect(await listAll(message.tenantId, [message.ticketId])).toEqual([message]);
    });

    it('messages.insert - returns duplicate for an external id the tenant already has, and writes nothing', async () => {
      const tenantId = newTenantId();
      const first = buildMessage(tenantId, newId('tkt'));
      const second = buildMessage(tenantId, newId('tkt'), { externalId: first.externalId, body: 'again' });
      expect(await storage().messages.insert(first)).toBe('ok');
      expect(await storage().messages.insert(second)).toBe('duplicate');
      expect(await listAll(tenantId, [first.ticketId, second.ticketId])).toEqual([first]);
      expect(await storage().messages.findByExternalId(tenantId, first.externalId as string)).toEqual(first);
    });

    it('messages.insert - returns duplicate for a taken id and keeps the stored message', async () => {
      const tenantId = newTenantId();
      const message = buildMessage(tenantId, newId('tkt'));
      await storage().messages.insert(message);
      const again = buildMessage(tenantId, message.ticketId, { id: message.id, seq: 2, externalId: null });
      expect(await storage().messages.insert(again)).toBe('duplicate');
      expect(await listAll(tenantId, [message.ticketId])).toEqual([message]);
      const elsewhere = buildMessage(newTenantId(), message.ticketId, { id: message.id });
      expect(await storage().messages.insert(elsewhere)).toBe('ok');
      expect(await listAll(elsewhere.tenantId, [message.ticketId])).toEqual([elsewhere]);
    });

    it('messages.insertNew - stores the message; in a transaction, later reads see it and a taken id fails it', async () => {
      const tenantId = newTenantId();
      const ticketId = newId('tkt');
      const alone = buildMessage(tenantId, ticketId, { externalId: null });
      await storage().messages.insertNew(alone);
      const held = buildMessage(tenantId, ticketId, { seq: 2, externalId: null });
      const seen = await storage().transaction(async (tx) => {
        await tx.messages.insertNew(held);
        return tx.messages.list(tenantId, { ticketIds: [ticketId], after: null, limit: 10 });
      });
      expect(seen).toEqual(threadOrder([alone, held]));
      const lost = buildMessage(tenantId, ticketId, { seq: 3, externalId: null });
      await expect(
        storage().transaction(async (tx) => {
          await tx.messages.insertNew(lost);
          await tx.messages.insertNew({ ...alone, seq: 4, body: 'again' });
        }),
      ).rejects.toThrow();
      expect(await listAll(tenantId, [ticketId])).toEqual(threadOrder([alone, held]));
    });

    it('messages.insert - the same external id in another tenant is another message', async () => {
      const first = buildMessage(newTenantId(), newId('tkt'));
      const second = buildMessage(newTenantId(), first.ticketId, { externalId: first.externalId });
      expect(await storage().messages.insert(first)).toBe('ok');
      expect(await storage().messages.insert(second)).toBe('ok');
      expect(await storage().messages.findByExternalId(second.tenantId, second.externalId as string)).toEqual(
        second,
      );
      expect(await listAll(first.tenantId, [first.ticketId])).toEqual([first]);
    });

    it('messages.insert - messages without external id never collide', async () => {
      const tenantId = newTenantId();
      const ticketId = newId('tkt');
      const first = buildMessage(tenantId, ticketId, { externalId: null, seq: 1 });
      const second = buildMessage(tenantId, ticketId, { externalId: null, seq: 2 });
      expect(await storage().messages.insert(first)).toBe('ok');
      expect(await storage().messages.insert(second)).toBe('ok');
      expect(await listAll(tenantId, [ticketId])).toEqual([first, second]);
    });

    it("messages.findByExternalId - returns null for an unknown id and for another tenant's message", async () => {
      const message = buildMessage(newTenantId(), newId('tkt'));
      await storage().messages.insert(message);
      expect(await storage().messages.findByExternalId(message.tenantId, 'unknown@example.com')).toBeNull();
      expect(
        await storage().messages.findByExternalId(newTenantId(), message.externalId as string),
      ).toBeNull();
    });

    it('messages.list - orders the messages of several tickets by (createdAt, seq), then id', async () => {
      const tenantId = newTenantId();
      const { ticketIds, messages } = threadsOf(tenantId);
      for (const message of messages) expect(await storage().messages.insert(message)).toBe('ok');
      expect(await listAll(tenantId, ticketIds)).toEqual(threadOrder(messages));
      const [a, , c] = ticketIds;
      expect(await listAll(tenantId, [c, a])).toEqual(
        threadOrder(messages.filter((message) => message.ticketId === a || message.ticketId === c)),
      );
    });

    it('messages.list - visibility public leaves out internal messages', async () => {
      const tenantId = newTenantId();
      const { ticketIds, messages } = threadsOf(tenantId);
      for (const message of messages) await storage().messages.insert(message);
      const expected = threadOrder(messages.filter((message) => message.visibility === 'public'));
      expect(await listAll(tenantId, ticketIds, 'public')).toEqual(expected);
    });

    it("messages.list - returns only the given tickets' messages of the tenant", async () => {
      const tenantId = newTenantId();
      const { ticketIds, messages } = threadsOf(tenantId);
      for (const message of messages) await storage().messages.insert(message);
      const foreign = buildMessage(newTenantId(), ticketIds[0], { externalId: null });
      await storage().messages.insert(foreign);
      expect(await listAll(tenantId, [newId('tkt')])).toEqual([]);
      expect(await listAll(tenantId, [])).toEqual([]);
      expect(await listAll(foreign.tenantId, ticketIds)).toEqual([foreign]);
    });

    it('messages.list - keyset pages return every message once, with and without the visibility filter', async () => {
      const tenantId = newTenantId();
      const { ticketIds, messages } = threadsOf(tenantId);
      for (const message of messages) await storage().messages.insert(message);
      for (const visibility of [undefined, 'public'] as const) {
        for (const limit of [1, 3, 4]) {
          const seen: Message[] = [];
          let after: Keyset | null = null;
          for (let page = 0; page < 20; page++) {
            const query: MessageListQuery = {
              ticketIds,
              ...(visibility === undefined ? {} : { visibility }),
              after,
              limit,
            };
            const rows = await storage().messages.list(tenantId, query);
            expect(rows.length).toBeLessThanOrEqual(limit);
            seen.push(...rows);
            if (rows.length < limit) break;
            after = keysetOf(rows[rows.length - 1] as Message);
          }
          const all = visibility === undefined ? messages : messages.filter((m) => m.visibility === 'public');
          expect(seen, `limit ${limit}, visibility ${visibility ?? 'all'}`).toEqual(threadOrder(all));
        }
      }
    });

    it('messages.list - starts strictly after a keyset that is not a stored position', async () => {
      const tenantId = newTenantId();
      const { ticketIds, messages } = threadsOf(tenantId);
      for (const message of messages) await storage().messages.insert(message);
      const ordered = threadOrder(messages);
      const after: Keyset = { values: [fixtureInstant(3000).getTime(), 2], id: '' };
      const expected = ordered.filter((message) => compareKeysets(keysetOf(message), after) > 0);
      expect(await storage().messages.list(tenantId, { ticketIds, after, limit: 100 })).toEqual(expected);
    });
  });
}

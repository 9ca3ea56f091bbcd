import { describe, expect, it } from 'vitest';
import type { TicketLink } from '../storage/records';
import {
  buildIdempotencyRecord,
  buildLink,
  buildSettings,
  buildTicket,
  fixtureInstant,
  newId,
  newTenantId,
} from './fixtures';
import { type SuiteContext, useGroupStorage } from './suite-context';

/** Links, alarm keys, idempotency keys and settings: the keyed, mostly unique records. */
export function describeKeyRepositories(context: SuiteContext): void {
  describe('links', () => {
    const storage = useGroupStorage(context);

    it('links.insert - stores every field; listForTicket returns it from both ends', async () => {
      const tenantId = newTenantId();
      const link = buildLink(tenantId, newId('tkt'), newId('tkt'));
      expect(await storage().links.insert(link)).toBe('ok');
      expect(await storage().links.listForTicket(tenantId, link.sourceId)).toEqual([link]);
      expect(await storage().links.listForTicket(tenantId, link.targetId)).toEqual([link]);
      const system = buildLink(tenantId, newId('tkt'), newId('tkt'), {
        type: 'caused_by',
        createdBy: { kind: 'system', id: null },
      });
      expect(await storage().links.insert(system)).toBe('ok');
      expect(await storage().links.listForTicket(tenantId, system.sourceId)).toEqual([system]);
    });

    it('links.insert - returns duplicate for the same type and direction; related is duplicate either way', async () => {
      const tenantId = newTenantId();
      const [a, b] = [newId('tkt'), newId('tkt')];
      const duplicateOf = buildLink(tenantId, a, b, { type: 'duplicate_of' });
      const related = buildLink(tenantId, a, b, { type: 'related', createdAt: fixtureInstant(1) });
      expect(await storage().links.insert(duplicateOf)).toBe('ok');
      expect(await storage().links.insert(buildLink(tenantId, a, b, { type: 'duplicate_of' }))).toBe(
        'duplicate',
      );
      const reversed = buildLink(tenantId, b, a, { type: 'duplicate_of', createdAt: fixtureInstant(2) });
      expect(await storage().links.insert(reversed)).toBe('ok');
      expect(await storage().links.insert(related)).toBe('ok');
      expect(await storage().links.insert(buildLink(tenantId, b, a, { type: 'related' }))).toBe('duplicate');
      expect(await storage().links.insert(buildLink(tenantId, a, b, { type: 'related' }))).toBe('duplicate');
      const causedBy = buildLink(tenantId, a, b, { type: 'caused_by', createdAt: fixtureInstant(3) });
      expect(await storage().links.insert(causedBy)).toBe('ok');
      expect(await storage().links.listForTicket(tenantId, a)).toEqual(
        [duplicateOf, related, reversed, causedBy].sort(byCreatedAt),
      );
      // Another tenant may link the same ids.
      expect(await storage().links.insert(buildLink(newTenantId(), a, b, { type: 'related' }))).toBe('ok');
    });

    it('links.insert - returns duplicate for a taken id and keeps the stored link', async () => {
      const tenantId = newTenantId();
      const link = buildLink(tenantId, newId('tkt'), newId('tkt'));
      await storage().links.insert(link);
      const again = buildLink(tenantId, newId('tkt'), newId('tkt'), { id: link.id });
      expect(await storage().links.insert(again)).toBe('duplicate');
      expect(await storage().links.listForTicket(tenantId, link.sourceId)).toEqual([link]);
      expect(await storage().links.listForTicket(tenantId, again.sourceId)).toEqual([]);
      const elsewhere = buildLink(newTenantId(), link.sourceId, link.targetId, { id: link.id });
      expect(await storage().links.insert(elsewhere)).toBe('ok');
      expect(await storage().links.listForTicket(elsewhere.tenantId, link.sourceId)).toEqual([elsewhere]);
    });

    it("links.listForTicket - every link of the ticket oldest first, never another tenant's", async () => {
      const tenantId = newTenantId();
      const hub = newId('tkt');
      const links = [3, 1, 4, 2].map((minute, index) =>
        index % 2 === 0
          ? buildLink(tenantId, hub, newId('tkt'), { createdAt: fixtureInstant(minute * 60_000) })
          : buildLink(tenantId, newId('tkt'), hub, {
              createdAt: fixtureInstant(minute * 60_000),
              type: 'caused_by',
            }),
      );
      for (const link of links) await storage().links.insert(link);
      await storage().links.insert(buildLink(tenantId, newId('tkt'), newId('tkt')));
      await storage().links.insert(buildLink(newTenantId(), hub, newId('tkt')));
      expect(await storage().links.listForTicket(tenantId, hub)).toEqual([...links].sort(byCreatedAt));
      expect(await storage().links.listForTicket(tenantId, newId('tkt'))).toEqual([]);
    });

    it('links.delete - removes the link once; another tenant cannot remove it; it may be linked again', async () => {
      const tenantId = newTenantId();
      const link = buildLink(tenantId, newId('tkt'), newId('tkt'), { type: 'related' });
      await storage().links.insert(link);
      expect(await storage().links.delete(newTenantId(), link.id)).toBe(false);
      expect(await storage().links.listForTicket(tenantId, link.sourceId)).toEqual([link]);
      expect(await storage().links.delete(tenantId, link.id)).toBe(true);
      expect(await storage().links.delete(tenantId, link.id)).toBe(false);
      expect(await storage().links.listForTicket(tenantId, link.sourceId)).toEqual([]);
      expect(await storage().links.listForTicket(tenantId, link.targetId)).toEqual([]);
      const again = buildLink(tenantId, link.targetId, link.sourceId, { type: 'related' });
      expect(await storage().links.insert(again)).toBe('ok');
      expect(await storage().links.listForTicket(tenantId, link.sourceId)).toEqual([again]);
    });
  });

  describe('alarm keys', () => {
    const storage = useGroupStorage(context);

    it('alarmKeys.bind - binds a free key; binding it to another ticket is duplicate', async () => {
      const tenantId = newTenantId();
      const [owner, other] = [newId('tkt'), newId('tkt')];
      expect(await storage().alarmKeys.find(tenantId, 'disk-full')).toBeNull();
      expect(await storage().alarmKeys.bind(tenantId, 'disk-full', owner)).toBe('ok');
      expect(await storage().alarmKeys.find(tenantId, 'disk-full')).toBe(owner);
      expect(await storage().alarmKeys.bind(tenantId, 'disk-full', other)).toBe('duplicate');
      expect(await storage().alarmKeys.find(tenantId, 'disk-full')).toBe(owner);
    });

    it('alarmKeys.release - frees the key only for its owner; then another ticket may bind it', async () => {
      const tenantId = newTenantId();
      const [owner, other] = [newId('tkt'), newId('tkt')];
      await storage().alarmKeys.bind(tenantId, 'cpu:web-1', owner);
      await storage().alarmKeys.release(tenantId, 'cpu:web-1', other);
      expect(await storage().alarmKeys.find(tenantId, 'cpu:web-1')).toBe(owner);
      await storage().alarmKeys.release(newTenantId(), 'cpu:web-1', owner);
      expect(await storage().alarmKeys.find(tenantId, 'cpu:web-1')).toBe(owner);
      await storage().alarmKeys.release(tenantId, 'cpu:web-1', owner);
      expect(await storage().alarmKeys.find(tenantId, 'cpu:web-1')).toBeNull();
      expect(await storage().alarmKeys.bind(tenantId, 'cpu:web-1', other)).toBe('ok');
      expect(await storage().alarmKeys.find(tenantId, 'cpu:web-1')).toBe(other);
    });

    it('alarmKeys.bind - the same key in two tenants binds two tickets', async () => {
      const [first, second] = [newTenantId(), newTenantId()];
      const [a, b] = [newId('tkt'), newId('tkt')];
      expect(await storage().alarmKeys.bind(first, 'shared-key', a)).toBe('ok');
      expect(await storage().alarmKeys.bind(second, 'shared-key', b)).toBe('ok');
      expect(await storage().alarmKeys.find(first, 'shared-key')).toBe(a);
      expect(await storage().alarmKeys.find(second, 'shared-key')).toBe(b);
    });
  });

  describe('idempotency keys', () => {
    const storage = useGroupStorage(context);

    it('idempotency.insert - stores every field, and find returns it unchanged', async () => {
      const tenantId = newTenantId();
      const records = [
        buildIdempotencyRecord(tenantId),
        buildIdempotencyRecord(tenantId, { result: null }),
        buildIdempotencyRecord(tenantId, { result: 'a plain string' }),
        buildIdempotencyRecord(tenantId, { result: [1, 'two', { three: null }] }),
        buildIdempotencyRecord(tenantId, { result: 0 }),
      ];
      for (const record of records) {
        expect(await storage().idempotency.insert(record)).toBe('ok');
        expect(await storage().idempotency.find(tenantId, record.scope, record.key)).toEqual(record);
      }
    });

    it('idempotency.insert - returns duplicate for a used key and keeps the first record', async () => {
      const first = buildIdempotencyRecord(newTenantId());
      await storage().idempotency.insert(first);
      const second = { ...first, fingerprint: 'sha256:other', result: { ticketId: 'other' } };
      expect(await storage().idempotency.insert(second)).toBe('duplicate');
      expect(await storage().idempotency.find(first.tenantId, first.scope, first.key)).toEqual(first);
    });

    it('idempotency.findMany - returns the records of the keys asked for, of this tenant only', async () => {
      const tenantId = newTenantId();
      const first = buildIdempotencyRecord(tenantId);
      const second = buildIdempotencyRecord(tenantId, { scope: 'credits.consume' });
      const elsewhere = buildIdempotencyRecord(newTenantId(), { key: first.key });
      for (const record of [first, second, elsewhere]) await storage().idempotency.insert(record);
      const found = await storage().idempotency.findMany(tenantId, [
        { scope: second.scope, key: second.key },
        { scope: first.scope, key: 'unknown' },
        { scope: first.scope, key: first.key },
        { scope: 'credits.consume', key: first.key },
      ]);
      expect(found.sort((a, b) => (a.scope < b.scope ? -1 : 1))).toEqual(
        [first, second].sort((a, b) => (a.scope < b.scope ? -1 : 1)),
      );
      expect(await storage().idempotency.findMany(tenantId, [])).toEqual([]);
    });

    it('idempotency.insertNew - stores the record, on the port and in a transaction with later reads seeing it', async () => {
      const tenantId = newTenantId();
      const alone = buildIdempotencyRecord(tenantId);
      await storage().idempotency.insertNew(alone);
      expect(await storage().idempotency.find(tenantId, alone.scope, alone.key)).toEqual(alone);
      const held = buildIdempotencyRecord(tenantId);
      const seen = await storage().transaction(async (tx) => {
        await tx.idempotency.insertNew(held);
        return tx.idempotency.find(tenantId, held.scope, held.key);
      });
      expect(seen).toEqual(held);
      expect(await storage().idempotency.find(tenantId, held.scope, held.key)).toEqual(held);
    });

    it('idempotency.insertNew - a transaction that stores a taken key does not commit; when run again it finds the key', async () => {
      const tenantId = newTenantId();
      const first = buildIdempotencyRecord(tenantId);
      await storage().idempotency.insert(first);
      const ticket = buildTicket(tenantId);
      // Stores the key when it finds it absent; a storage that runs the transaction again
      // after the taken key finds it then, and stores nothing.
      let runs = 0;
      const outcome = await storage()
        .transaction(async (tx) => {
          runs += 1;
          await tx.tickets.insert(ticket);
          if (runs === 1 || (await tx.idempotency.find(tenantId, first.scope, first.key)) === null) {
            await tx.idempotency.insertNew({ ...first, fingerprint: 'sha256:other' });
          }
          return runs;
        })
        .then(
          (value) => ({ committed: value }),
          () => ({ failed: true }),
        );
      expect(await storage().idempotency.find(tenantId, first.scope, first.key)).toEqual(first);
      if ('committed' in outcome) {
        expect(outcome.committed).toBeGreaterThan(1);
        expect(await storage().tickets.get(tenantId, ticket.id)).toEqual(ticket);
      } else {
        expect(await storage().tickets.get(tenantId, ticket.id)).toBeNull();
      }
    });

    it('idempotency.find - keys are per tenant and scope; unknown keys are null', async () => {
      const first = buildIdempotencyRecord(newTenantId());
      await storage().idempotency.insert(first);
      const otherScope = { ...first, scope: 'credits.charge', fingerprint: 'sha256:b' };
      const otherTenant = { ...first, tenantId: newTenantId(), fingerprint: 'sha256:c' };
      expect(await storage().idempotency.insert(otherScope)).toBe('ok');
      expect(await storage().idempotency.insert(otherTenant)).toBe('ok');
      expect(await storage().idempotency.find(first.tenantId, first.scope, first.key)).toEqual(first);
      expect(await storage().idempotency.find(first.tenantId, otherScope.scope, first.key)).toEqual(
        otherScope,
      );
      expect(await storage().idempotency.find(otherTenant.tenantId, first.scope, first.key)).toEqual(
        otherTenant,
      );
      expect(await storage().idempotency.find(first.tenantId, first.scope, 'unknown')).toBeNull();
      expect(await storage().idempotency.find(newTenantId(), first.scope, first.key)).toBeNull();
    });
  });

  describe('settings', () => {
    const storage = useGroupStorage(context);

    it('settings.put - creates with expectedVersion null; get returns every field', async () => {
      const record = buildSettings(newTenantId());
      expect(await storage().settings.get(record.tenantId)).toBeNull();
      expect(await storage().settings.put(record, null)).toBe('ok');
      expect(await storage().settings.get(record.tenantId)).toEqual(record);
      expect(await storage().settings.get(newTenantId())).toBeNull();
    });

    it('settings.put - creating again is stale; a versioned write needs the stored version', async () => {
      const record = buildSettings(newTenantId());
      expect(await storage().settings.put({ ...record, version: 2 }, 1)).toBe('stale');
      expect(await storage().settings.get(record.tenantId)).toBeNull();
      await storage().settings.put(record, null);
      expect(await storage().settings.put({ ...record, settings: { lost: true } }, null)).toBe('stale');
      const next = {
        ...record,
        settings: { defaultPriority: 'low' },
        version: 2,
        updatedAt: fixtureInstant(5),
      };
      expect(await storage().settings.put(next, 1)).toBe('ok');
      expect(await storage().settings.put({ ...next, settings: {}, version: 3 }, 1)).toBe('stale');
      expect(await storage().settings.get(record.tenantId)).toEqual(next);
    });

    it('settings.getVersion - null without a document, then the stored version; per tenant', async () => {
      const record = buildSettings(newTenantId());
      expect(await storage().settings.getVersion(record.tenantId)).toBeNull();
      await storage().settings.put(record, null);
      expect(await storage().settings.getVersion(record.tenantId)).toBe(record.version);
      await storage().settings.put({ ...record, version: record.version + 1 }, record.version);
      expect(await storage().settings.getVersion(record.tenantId)).toBe(record.version + 1);
      expect(await storage().settings.getVersion(newTenantId())).toBeNull();
    });

    it('settings.put - tenants have separate documents', async () => {
      const first = buildSettings(newTenantId());
      const second = buildSettings(newTenantId(), { settings: { other: ['x'] } });
      expect(await storage().settings.put(first, null)).toBe('ok');
      expect(await storage().settings.put(second, null)).toBe('ok');
      expect(await storage().settings.get(first.tenantId)).toEqual(first);
      expect(await storage().settings.get(second.tenantId)).toEqual(second);
    });
  });
}

function byCreatedAt(a: TicketLink, b: TicketLink): number {
  return a.createdAt.getTime() - b.createdAt.getTime();
}

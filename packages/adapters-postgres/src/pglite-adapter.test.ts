import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { createTicketing, systemActor } from '@ticketkit/core';
import { buildTicket, createTestClock, newTenantId, runStorageConformance } from '@ticketkit/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { BUNDLED_MIGRATIONS } from './migrations/bundled';
import { pgliteAdapter } from './pglite-adapter';
import type { PostgresStorage } from './postgres-storage';
import { quoteIdentifier } from './schema-names';
import { freshSchemaName, rawInspector } from './test-support/schemas';

/** One PGlite database for the file; every kit group gets a fresh schema in it. */
const db = new PGlite({ extensions: { pg_trgm } });
const live = new Set<string>();

afterAll(async () => {
  await db.close();
});

runStorageConformance({
  name: 'pglite',
  createStorage: async () => {
    const storage = pgliteAdapter({ db, schema: freshSchemaName() });
    await storage.migrate();
    live.add(storage.schema);
    return storage;
  },
  destroyStorage: async (storage) => {
    const { schema } = storage as PostgresStorage;
    live.delete(schema);
    await db.exec(`DROP SCHEMA ${quoteIdentifier(schema)} CASCADE`);
  },
  inspect: rawInspector(
    live,
    async (text, params) => (await db.query<Record<string, unknown>>(text, params)).rows,
  ),
});

describe('pglite adapter', () => {
  it('pgliteAdapter - reports its name and capabilities', () => {
    const storage = pgliteAdapter({ db });
    expect(storage.name).toBe('pglite');
    expect(storage.schema).toBe('ticketkit');
    // The shared test database lives in memory: not durable.
    expect(storage.capabilities).toEqual({ concurrentTransactions: false, durable: false });
  });

  it('pgliteAdapter - with pg_trgm loaded, the migration creates the trigram index on subjects', async () => {
    const storage = pgliteAdapter({ db, schema: freshSchemaName() });
    await storage.migrate();
    const indexes = await db.query<{ indexdef: string }>(
      'SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND indexname = $2',
      [storage.schema, 'tickets_subject_trgm'],
    );
    expect(indexes.rows.map((row) => row.indexdef)).toEqual([
      expect.stringMatching(/USING gin \(subject_search (public\.)?gin_trgm_ops\)/),
    ]);
    await db.exec(`DROP SCHEMA ${quoteIdentifier(storage.schema)} CASCADE`);
  });

  it('pgliteAdapter - creates the folders above a dataDir that do not exist yet', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ticketkit-pglite-'));
    try {
      const dataDir = join(root, 'data', 'nested', 'ticketkit');
      const storage = pgliteAdapter({ dataDir });
      await storage.migrate();
      const ticket = buildTicket(newTenantId());
      await storage.tickets.insert(ticket);
      expect(await storage.tickets.get(ticket.tenantId, ticket.id)).toEqual(ticket);
      await storage.close();
      expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('pgliteAdapter - a dataDir database of its own keeps tickets across close and reopen', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ticketkit-pglite-'));
    try {
      const storage = pgliteAdapter({ dataDir });
      expect(storage.capabilities.durable).toBe(true);
      expect(await storage.migrate()).toEqual({
        schema: 'ticketkit',
        applied: BUNDLED_MIGRATIONS.map((migration) => migration.version),
        version: BUNDLED_MIGRATIONS.length,
      });
      const desk = createTicketing({ storage, clock: createTestClock('2024-05-01T10:00:00Z') });
      const acme = systemActor('acme');
      const ticket = await desk.tickets.create(acme, {
        subject: 'Ümlaut PRINTER on fire',
        requester: { email: 'ada@example.com' },
      });
      await storage.close();
      await expect(storage.tickets.get('acme', ticket.id)).rejects.toThrow();

      const reopened = pgliteAdapter({ dataDir });
      expect((await reopened.migrate()).applied).toEqual([]);
      const again = createTicketing({ storage: reopened, clock: createTestClock('2024-05-01T11:00:00Z') });
      const { items } = await again.tickets.list(acme, { search: 'printer' });
      expect(items).toEqual([ticket]);
      await reopened.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('pglite adapter without pg_trgm', () => {
  it('migrate - succeeds without the extension; subject search still finds tickets', async () => {
    const bare = new PGlite();
    try {
      const storage = pgliteAdapter({ db: bare });
      expect((await storage.migrate()).applied).toEqual(
        BUNDLED_MIGRATIONS.map((migration) => migration.version),
      );
      const indexes = await bare.query('SELECT indexname FROM pg_indexes WHERE indexname = $1', [
        'tickets_subject_trgm',
      ]);
      expect(indexes.rows).toEqual([]);
      const desk = createTicketing({ storage, clock: createTestClock('2024-05-01T10:00:00Z') });
      const acme = systemActor('acme');
      const ticket = await desk.tickets.create(acme, {
        subject: 'Invoice 50% off_SALE',
        requester: { email: 'ada@example.com' },
      });
      await desk.tickets.create(acme, {
        subject: 'Invoice 500 offXsale',
        requester: { email: 'ada@example.com' },
      });
      const { items } = await desk.tickets.list(acme, { search: '50% off_sale' });
      expect(items.map((found) => found.id)).toEqual([ticket.id]);
    } finally {
      await bare.close();
    }
  });
});

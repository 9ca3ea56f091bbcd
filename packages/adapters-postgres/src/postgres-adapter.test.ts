import {
  compareKeysets,
  createTicketing,
  type Keyset,
  type StoredEvent,
  systemActor,
  type Ticket,
  type TicketFilter,
  TicketkitError,
  type TicketSort,
  ticketSortValues,
} from '@ticketkit/core';
import {
  buildCreditEntry,
  buildEvent,
  buildIdempotencyRecord,
  buildTicket,
  createTestClock,
  newTenantId,
  runStorageConformance,
} from '@ticketkit/core/testing';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, describe, expect, inject, it, vi } from 'vitest';
import { MAX_PREPARED_PER_CONNECTION, pgDriver, pgQueryConfig } from './driver/pg-driver';
import { isRetryable, PostgresDriverError } from './driver/sql-driver';
import { BUNDLED_MIGRATIONS } from './migrations/bundled';
import { migrateSchema } from './migrations/migrate';
import { postgresAdapter } from './postgres-adapter';
import type { PostgresStorage } from './postgres-storage';
import { MAX_TRANSACTION_ATTEMPTS } from './retry';
import { quoteIdentifier } from './schema-names';
import { freshSchemaName, rawInspector } from './test-support/schemas';

/** The file's pool (10 clients: the race tests run with at least 8 at once). */
const pool = new pg.Pool({ connectionString: inject('databaseUrl'), max: 10 });
/**
 * The same with pg's pipelining on (`pipeline: true`, what the README recommends): the
 * adapter's BEGIN and deferred writes then travel with the next statement, so the kit runs
 * on it too.
 */
const pipelinedPool = new pg.Pool({
  connectionString: inject('databaseUrl'),
  max: 10,
  pipeline: true,
} as pg.PoolConfig);
const live = new Set<string>();

afterAll(async () => {
  await Promise.all([pool.end(), pipelinedPool.end()]);
});

async function freshStorage(on: pg.Pool = pool): Promise<PostgresStorage> {
  const storage = postgresAdapter({ pool: on, schema: freshSchemaName() });
  await storage.migrate();
  live.add(storage.schema);
  return storage;
}

async function dropStorage(storage: PostgresStorage): Promise<void> {
  live.delete(storage.schema);
  await pool.query(`DROP SCHEMA ${quoteIdentifier(storage.schema)} CASCADE`);
}

runStorageConformance({
  name: 'postgres (pipelining pool)',
  createStorage: () => freshStorage(pipelinedPool),
  destroyStorage: (storage) => dropStorage(storage as PostgresStorage),
  inspect: rawInspector(live, async (text, params) => (await pool.query(text, params)).rows),
});

runStorageConformance({
  name: 'postgres',
  createStorage: () => freshStorage(),
  destroyStorage: (storage) => dropStorage(storage as PostgresStorage),
  inspect: rawInspector(live, async (text, params) => (await pool.query(text, params)).rows),
});

/** Resolves when `resolve()` is called: lets a test hold a transaction open at a chosen point. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open: () => void = () => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

async function tablesOf(schema: string): Promise<string[]> {
  const { rows } = await pool.query<{ table_name: string }>(
    'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
    [schema],
  );
  return rows.map((row) => row.table_name);
}

/** Every bundled migration's version, and the latest. */
const VERSIONS = BUNDLED_MIGRATIONS.map((migration) => migration.version);
const LATEST = VERSIONS.length;

const TABLES = [
  'agent_load_holdings',
  'agent_loads',
  'agent_team_members',
  'agents',
  'alarm_keys',
  'credit_accounts',
  'credit_blocks',
  'credit_entries',
  'credit_holds',
  'csat_ratings',
  'customer_identities',
  'customers',
  'events',
  'idempotency_keys',
  'jobs',
  'messages',
  'pipelines',
  'read_markers',
  'round_robin_cycles',
  'routing_queue',
  'schema_migrations',
  'settings',
  'teams',
  'ticket_links',
  'ticket_numbers',
  'tickets',
];

describe('postgres adapter: migrations', () => {
  it('migrate - from an empty database creates every table and records the version', async () => {
    const storage = postgresAdapter({ pool, schema: freshSchemaName() });
    expect(await tablesOf(storage.schema)).toEqual([]);
    expect(await storage.migrate()).toEqual({ schema: storage.schema, applied: VERSIONS, version: LATEST });
    expect(await tablesOf(storage.schema)).toEqual(TABLES);
    const { rows } = await pool.query(
      `SELECT version, name FROM ${quoteIdentifier(storage.schema)}.schema_migrations ORDER BY version`,
    );
    expect(rows).toEqual(BUNDLED_MIGRATIONS.map(({ version, name }) => ({ version, name })));
    await dropStorage(storage);
  });

  it('migrate - running it again is a no-op that keeps the data', async () => {
    const storage = await freshStorage();
    const ticket = buildTicket(newTenantId());
    await storage.tickets.insert(ticket);
    expect(await storage.migrate()).toEqual({ schema: storage.schema, applied: [], version: LATEST });
    expect(await storage.tickets.get(ticket.tenantId, ticket.id)).toEqual(ticket);
    await dropStorage(storage);
  });

  it('migrate - two concurrent calls both succeed; the schema is migrated once', async () => {
    const schema = freshSchemaName();
    const [first, second] = [postgresAdapter({ pool, schema }), postgresAdapter({ pool, schema })];
    const reports = await Promise.all([first.migrate(), second.migrate()]);
    expect(reports.map((report) => report.applied).sort()).toEqual([[], VERSIONS]);
    expect(reports.map((report) => report.version)).toEqual([LATEST, LATEST]);
    expect(await tablesOf(schema)).toEqual(TABLES);
    await dropStorage(first);
  });

  it('migrate - a schema at version 1 moves to the latest; its tickets read with no SLA record and sort last by slaDueAt; its agents get routing defaults and team rows', async () => {
    const schema = freshSchemaName();
    const { pgDriver } = await import('./driver/pg-driver');
    const first = BUNDLED_MIGRATIONS.filter((migration) => migration.version === 1);
    expect((await migrateSchema(pgDriver(pool), schema, first)).version).toBe(1);
    const tenantId = newTenantId();
    const table = `${quoteIdentifier(schema)}.tickets`;
    // A ticket as version 1 stored it (no SLA columns yet).
    await pool.query(
      `INSERT INTO ${table} (tenant_id, id, number, subject, subject_search, type, priority, priority_rank, tags,
         custom_fields, channel, requester_id, pipeline_id, stage_id, status_category, escalation_level,
         merged_ticket_ids, message_count, version, created_at, updated_at, reopen_count, reassign_count)
       VALUES ($1, 'tkt_old', 1, 'Old', 'old', 'question', 'low', 3, '{}', '{}', 'email', 'cus_1', 'default',
         'new', 'new', 1, '{}', 0, 1, $2, $2, 0, 0)`,
      [tenantId, new Date('2024-01-01T00:00:00Z')],
    );
    // An agent as version 1 stored it (no routing columns, membership only in team_ids).
    await pool.query(
      `INSERT INTO ${quoteIdentifier(schema)}.agents (tenant_id, id, name, email, team_ids, status, active, version,
         created_at, updated_at)
       VALUES ($1, 'agt_old', 'Old', NULL, '{team_a,team_b}', 'online', true, 1, $2, $2)`,
      [tenantId, new Date('2024-01-01T00:00:00Z')],
    );
    const storage = postgresAdapter({ pool, schema });
    live.add(schema);
    expect(await storage.migrate()).toEqual({ schema, applied: VERSIONS.slice(1), version: LATEST });
    const [oldAgent] = await storage.agents.listByTeam(tenantId, 'team_b');
    expect(oldAgent).toMatchObject({
      id: 'agt_old',
      teamIds: ['team_a', 'team_b'],
      skills: [],
      escalationLevel: 1,
      languages: [],
      capacity: { max: 10, perChannel: {} },
    });
    expect(await storage.tickets.get(tenantId, 'tkt_old')).toMatchObject({
      sla: null,
      slaDueAt: null,
      escalationCount: 0,
    });
    const due = buildTicket(tenantId, { slaDueAt: new Date('2024-02-01T00:00:00Z') });
    await storage.tickets.insert(due);
    const sorted = await storage.tickets.list(tenantId, {
      filter: {},
      sort: 'slaDueAt',
      direction: 'asc',
      after: null,
      limit: 10,
    });
    expect(sorted.map((ticket) => ticket.id)).toEqual([due.id, 'tkt_old']);
    await dropStorage(storage);
  });

  it('migrate - a schema name that needs quoting works like any other', async () => {
    const storage = postgresAdapter({ pool, schema: `${freshSchemaName()} "Quoted"; drop` });
    await storage.migrate();
    const ticket = buildTicket(newTenantId());
    expect(await storage.tickets.insert(ticket)).toBe('ok');
    expect(await storage.tickets.get(ticket.tenantId, ticket.id)).toEqual(ticket);
    await dropStorage(storage);
  });

  it('postgresAdapter - refuses an empty schema name and one Postgres would truncate', () => {
    expect(() => postgresAdapter({ pool, schema: '' })).toThrow(TypeError);
    expect(() => postgresAdapter({ pool, schema: 'x'.repeat(64) })).toThrow(TypeError);
    expect(() => postgresAdapter({ pool, schema: 'ü'.repeat(32) })).toThrow(TypeError);
    expect(postgresAdapter({ pool, schema: 'x'.repeat(63) }).schema).toBe('x'.repeat(63));
  });

  it('migrate - refuses a migration whose SQL changed after it was applied', async () => {
    const storage = await freshStorage();
    const changed = BUNDLED_MIGRATIONS.map((migration) => ({
      ...migration,
      sql: `${migration.sql}\n-- edited`,
    }));
    const { pgDriver } = await import('./driver/pg-driver');
    await expect(migrateSchema(pgDriver(pool), storage.schema, changed)).rejects.toThrow(
      /changed after it was applied/,
    );
    await dropStorage(storage);
  });
});

describe('postgres adapter: held writes', () => {
  /** A storage over a pool of one connection that records the statements it sends. */
  async function counted() {
    const single = new pg.Pool({ connectionString: inject('databaseUrl'), max: 1 });
    const sent: string[] = [];
    single.on('connect', (client) => {
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
        const first = args[0] as string | { text: string };
        sent.push((typeof first === 'string' ? first : first.text).trim().split(/\s+/, 1)[0] as string);
        return query(...args);
      };
    });
    const storage = postgresAdapter({ pool: single, schema: freshSchemaName() });
    await storage.migrate();
    const done = async () => {
      await single.query(`DROP SCHEMA ${quoteIdentifier(storage.schema)} CASCADE`);
      await single.end();
    };
    return { storage, sent, done };
  }

  it('transaction - one that only writes held writes sends them as one statement, without BEGIN and COMMIT', async () => {
    const { storage, sent, done } = await counted();
    const tenantId = newTenantId();
    const ticket = buildTicket(tenantId);
    const events = [
      buildEvent(tenantId, { ticketId: ticket.id }),
      buildEvent(tenantId, { ticketId: ticket.id }),
    ];
    sent.length = 0;
    await storage.transaction(async (tx) => {
      await tx.tickets.insertNew(ticket);
      await tx.events.append(events);
    });
    expect(sent).toEqual(['WITH']);
    expect(await storage.tickets.get(tenantId, ticket.id)).toEqual(ticket);
    expect(
      (await storage.events.listForTicket(tenantId, ticket.id, { after: null, limit: 10 })).events,
    ).toEqual(events);
    // With a read, BEGIN goes out before it and the held writes travel with the COMMIT.
    const other = buildTicket(tenantId);
    sent.length = 0;
    await storage.transaction(async (tx) => {
      await tx.tickets.get(tenantId, ticket.id);
      await tx.tickets.insertNew(other);
      await tx.events.append([buildEvent(tenantId, { ticketId: other.id })]);
    });
    expect(sent).toEqual(['BEGIN', 'SELECT', 'WITH', 'COMMIT']);
    await done();
  });

  it('transaction - a statement that carries the held writes sends them in it; a key they find taken re-runs the transaction', async () => {
    const driver = pgDriver(pool);
    const storage = await freshStorage();
    const table = `${quoteIdentifier(storage.schema)}."idempotency_keys"`;
    const record = buildIdempotencyRecord(newTenantId());
    await storage.idempotency.insert(record);
    const insert = `INSERT INTO ${table} (tenant_id, scope, key, fingerprint, result, created_at)
      VALUES ($1, $2, $3, $4, $5::text::jsonb, $6::timestamptz)`;
    const params = [record.tenantId, record.scope, record.key, 'other', '{}', new Date()];
    const carried = (key: string) =>
      driver.transaction(async (session) => {
        await session.deferred(insert, [...params.slice(0, 2), key, ...params.slice(3)]);
        return session.query<{ n: number }>(
          `WITH counted AS (SELECT count(*)::integer AS n FROM ${table} WHERE tenant_id = $1) SELECT n FROM counted`,
          [record.tenantId],
          { carriesHeld: true },
        );
      });
    // The count ran in the statement that inserted the new key: the same snapshot, so 1.
    expect(await carried('fresh-key')).toEqual([{ n: 1 }]);
    const failure = await carried(record.key).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(PostgresDriverError);
    expect(failure).toMatchObject({ sqlState: '23505', heldWrite: true });
    expect(isRetryable(failure)).toBe(true);
    await dropStorage(storage);
  });

  it('transaction - held appends to one table keep their order: events of two appends get positions in append order', async () => {
    const { storage, sent, done } = await counted();
    const tenantId = newTenantId();
    const ticket = buildTicket(tenantId);
    const appended = Array.from({ length: 4 }, () => buildEvent(tenantId, { ticketId: ticket.id }));
    sent.length = 0;
    await storage.transaction(async (tx) => {
      await tx.events.append(appended.slice(0, 1));
      await tx.tickets.insertNew(ticket);
      await tx.events.append(appended.slice(1));
    });
    // The ticket travels with the first append; the second append goes on its own, after it.
    expect(sent).toEqual(['BEGIN', 'WITH', 'INSERT', 'COMMIT']);
    const history = await storage.events.listForTicket(tenantId, ticket.id, { after: null, limit: 10 });
    expect(history.events).toEqual(appended);
    await done();
  });

  for (const [name, on] of [
    ['plain pool', pool],
    ['pipelining pool', pipelinedPool],
  ] as const) {
    it(`transaction - a deferred write that fails fails the transaction with its own error, at the next statement or at commit (${name})`, async () => {
      const storage = await freshStorage(on);
      const tenantId = newTenantId();
      const event = buildEvent(tenantId);
      await storage.events.append([event]);
      const ticket = buildTicket(tenantId);
      const failure = (run: Promise<unknown>) =>
        run.then(
          () => null,
          (error: unknown) => error,
        );
      // The append (an event id taken: a unique violation) is found by the read issued behind it...
      const atRead = await failure(
        storage.transaction(async (tx) => {
          await tx.tickets.insert(ticket);
          await tx.events.append([event]);
          await tx.tickets.get(tenantId, ticket.id);
        }),
      );
      // ...or by the COMMIT, which then rolls back.
      const atCommit = await failure(
        storage.transaction(async (tx) => {
          await tx.tickets.insert(ticket);
          await tx.events.append([buildEvent(tenantId), event]);
        }),
      );
      for (const error of [atRead, atCommit]) {
        expect(error).toBeInstanceOf(PostgresDriverError);
        expect((error as PostgresDriverError).sqlState).toBe('23505');
      }
      expect(await storage.tickets.get(tenantId, ticket.id)).toBeNull();
      expect((await storage.events.list(tenantId, { after: null, limit: 10 })).events).toEqual([event]);
      // The connections are fine afterwards.
      await storage.transaction(async (tx) => {
        await tx.tickets.insert(ticket);
        await tx.events.append([buildEvent(tenantId, { ticketId: ticket.id })]);
      });
      expect(await storage.tickets.get(tenantId, ticket.id)).toEqual(ticket);
      await dropStorage(storage);
    });
  }
});

describe('postgres adapter: prepared statements', () => {
  /** A storage over a pool of one connection, and the names of the statements prepared on it. */
  async function onOneConnection(preparedStatements: boolean | undefined) {
    const single = new pg.Pool({ connectionString: inject('databaseUrl'), max: 1 });
    const storage = postgresAdapter({
      pool: single,
      schema: freshSchemaName(),
      ...(preparedStatements === undefined ? {} : { preparedStatements }),
    });
    await storage.migrate();
    const prepared = async () =>
      (
        await single.query<{ name: string; statement: string }>(
          `SELECT name, statement FROM pg_prepared_statements WHERE name LIKE 'ticketkit_%' ORDER BY name`,
        )
      ).rows;
    const done = async () => {
      await single.query(`DROP SCHEMA ${quoteIdentifier(storage.schema)} CASCADE`);
      await single.end();
    };
    return { storage, prepared, done };
  }

  it('postgresAdapter - prepares a statement once per connection and reuses it', async () => {
    const { storage, prepared, done } = await onOneConnection(undefined);
    const ofTickets = async () =>
      (await prepared()).filter((row) =>
        row.statement.includes(`${quoteIdentifier(storage.schema)}."tickets"`),
      );
    const ticket = buildTicket(newTenantId());
    await storage.tickets.insert(ticket);
    const afterInsert = await ofTickets();
    expect(afterInsert.map((row) => row.statement)).toEqual([expect.stringMatching(/^INSERT INTO/)]);
    for (let index = 0; index < 3; index++)
      expect(await storage.tickets.get(ticket.tenantId, ticket.id)).toEqual(ticket);
    const afterReads = await ofTickets();
    expect(afterReads.map((row) => row.statement)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^INSERT INTO/), expect.stringMatching(/^SELECT/)]),
    );
    expect(afterReads).toHaveLength(2);
    // A list is prepared too, except with a subject search (its best plan depends on the term).
    const list = (filter: TicketFilter) =>
      storage.tickets.list(ticket.tenantId, {
        filter,
        sort: 'createdAt',
        direction: 'desc',
        after: null,
        limit: 5,
      });
    await list({ subjectTerms: ['cannot'] });
    expect(await ofTickets()).toEqual(afterReads);
    await list({ categories: ['open'] });
    expect(await ofTickets()).toHaveLength(3);
    await done();
  });

  it('postgresAdapter - preparedStatements false prepares nothing', async () => {
    const { storage, prepared, done } = await onOneConnection(false);
    const ticket = buildTicket(newTenantId());
    await storage.tickets.insert(ticket);
    expect(await storage.tickets.get(ticket.tenantId, ticket.id)).toEqual(ticket);
    expect(await prepared()).toEqual([]);
    await done();
  });

  it('pgQueryConfig - names at most MAX_PREPARED_PER_CONNECTION statements per connection', () => {
    const connection = {};
    const names = Array.from(
      { length: MAX_PREPARED_PER_CONNECTION + 1 },
      (_, index) => pgQueryConfig(connection, `SELECT $1::int + ${index}`, [1], true, undefined).name,
    );
    expect(new Set(names.slice(0, -1)).size).toBe(MAX_PREPARED_PER_CONNECTION);
    expect(names.at(-1)).toBeUndefined();
    // Statements it prepared keep their name; another connection has its own budget.
    expect(pgQueryConfig(connection, 'SELECT $1::int + 0', [1], true, undefined).name).toBe(names[0]);
    expect(
      pgQueryConfig({}, `SELECT $1::int + ${MAX_PREPARED_PER_CONNECTION}`, [1], true, undefined).name,
    ).toMatch(/^ticketkit_\d+$/);
    expect(pgQueryConfig({}, 'SELECT $1::int', [1], true, { varying: true }).name).toBeUndefined();
    expect(pgQueryConfig({}, 'SELECT $1::int', [1], false, undefined).name).toBeUndefined();
  });
});

describe('postgres adapter: credits', () => {
  it('credit_entries - the database itself refuses to change or delete a ledger entry', async () => {
    const storage = await freshStorage();
    const entry = buildCreditEntry(newTenantId(), 'cus_1', 1);
    expect(
      await storage.creditLedger.write({
        newBlocks: [],
        changedBlocks: [],
        newHolds: [],
        changedHolds: [],
        entries: [entry],
      }),
    ).toBe('ok');
    const table = `${quoteIdentifier(storage.schema)}.credit_entries`;
    await expect(pool.query(`UPDATE ${table} SET amount = 0`)).rejects.toThrow(/never change/);
    await expect(pool.query(`DELETE FROM ${table}`)).rejects.toThrow(/never change/);
    expect(await storage.creditLedger.list(entry.tenantId, 'cus_1', { afterSeq: 0, limit: 10 })).toEqual([
      entry,
    ]);
    await dropStorage(storage);
  });

  it('creditBlocks.listOpen - is served by the partial index of open blocks', async () => {
    const storage = await freshStorage();
    const schema = quoteIdentifier(storage.schema);
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SET LOCAL enable_seqscan = off');
      const { rows } = await client.query(
        `EXPLAIN SELECT id FROM ${schema}.credit_blocks
         WHERE tenant_id = 't' AND customer_id = 'c' AND (remaining <> 0 OR held <> 0)`,
      );
      expect(rows.map((row) => String(row['QUERY PLAN'])).join('\n')).toContain('credit_blocks_open');
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    await dropStorage(storage);
  });
});

describe('postgres adapter: behaviour beyond the kit', () => {
  it('postgresAdapter - reports its name, schema and capabilities', () => {
    const storage = postgresAdapter({ pool });
    expect(storage.name).toBe('postgres');
    expect(storage.schema).toBe('ticketkit');
    expect(storage.capabilities).toEqual({ concurrentTransactions: true, durable: true });
  });

  it('errors - a failing statement becomes STORAGE_FAILURE with no SQL or driver text for the caller', async () => {
    const storage = await freshStorage();
    await pool.query(`DROP TABLE ${quoteIdentifier(storage.schema)}.tickets`);
    const logger = { error: vi.fn(), warn: vi.fn() };
    const desk = createTicketing({ storage, clock: createTestClock('2024-05-01T10:00:00Z'), logger });
    const secret = 'secret-subject-4711';
    const error = await desk.tickets
      .create(systemActor(newTenantId()), { subject: secret, requester: { email: 'ada@example.com' } })
      .then(
        () => null,
        (thrown: unknown) => thrown,
      );
    expect(error).toBeInstanceOf(TicketkitError);
    const failure = error as TicketkitError;
    expect(failure.code).toBe('STORAGE_FAILURE');
    const visible = JSON.stringify({ message: failure.message, details: failure.details, failure });
    for (const leak of ['tickets', 'relation', 'SELECT', 'INSERT', secret, storage.schema, '42P01']) {
      expect(visible).not.toContain(leak);
    }
    // The log gets the adapter's error: the SQLSTATE and the server's message, no statement, no values.
    const logged = logger.error.mock.calls[0]?.[1] as { error: unknown };
    expect(logged.error).toBeInstanceOf(PostgresDriverError);
    expect((logged.error as PostgresDriverError).sqlState).toBe('42P01');
    expect(JSON.stringify(logged.error)).not.toContain(secret);
    expect(Object.keys(logged.error as object).sort()).toEqual([
      'constraint',
      'heldWrite',
      'name',
      'sqlState',
    ]);
    await dropStorage(storage);
  });

  it('transaction - a deadlock is retried: both transactions commit, after at least one retry', async () => {
    const storage = await freshStorage();
    const tenantId = newTenantId();
    const [a, b] = [buildTicket(tenantId), buildTicket(tenantId)];
    await storage.tickets.insert(a);
    await storage.tickets.insert(b);
    const bothLocked = [gate(), gate()];
    const runs = [0, 0];
    const lockInOrder = (index: 0 | 1, firstId: string, secondId: string) =>
      storage.transaction(async (tx) => {
        runs[index] = (runs[index] ?? 0) + 1;
        await tx.tickets.getForUpdate(tenantId, firstId);
        bothLocked[index]?.open();
        if (runs[index] === 1) await Promise.all(bothLocked.map((entry) => entry.promise));
        await tx.tickets.getForUpdate(tenantId, secondId);
        return index;
      });
    expect(await Promise.all([lockInOrder(0, a.id, b.id), lockInOrder(1, b.id, a.id)])).toEqual([0, 1]);
    // Usually one run each plus one retry; a retry can lose the race for the row lock to the
    // woken winner and deadlock again, which is retried too, within the bound.
    expect((runs[0] ?? 0) + (runs[1] ?? 0)).toBeGreaterThanOrEqual(3);
    expect(Math.max(...runs)).toBeLessThanOrEqual(MAX_TRANSACTION_ATTEMPTS);
    await dropStorage(storage);
  });

  it('events.list - an event committed after a later-positioned one is never skipped', async () => {
    const storage = await freshStorage();
    const tenantId = newTenantId();
    const [early, late] = [
      buildEvent(tenantId, { data: { n: 1 } }),
      buildEvent(tenantId, { data: { n: 2 } }),
    ];
    const appended = gate();
    const release = gate();
    // The first transaction draws the lower position and stays open...
    const slow = storage.transaction(async (tx) => {
      await tx.events.append([early]);
      // An append may still be in flight (see SqlQueryable.deferred); a read behind it has run it.
      await tx.events.list(tenantId, { after: null, limit: 1 });
      appended.open();
      await release.promise;
    });
    let first: Awaited<ReturnType<typeof storage.events.list>>;
    try {
      await appended.promise;
      // ...while a second one appends after it and commits first.
      await storage.transaction((tx) => tx.events.append([late]));
      // A reader now must not pass the open transaction's event: it sees nothing yet.
      first = await storage.events.list(tenantId, { after: null, limit: 10 });
    } finally {
      release.open();
      await slow;
    }
    expect(first).toEqual({ events: [], position: null });
    const positions = (
      await pool.query(
        `SELECT id, position FROM ${quoteIdentifier(storage.schema)}.events WHERE tenant_id = $1 ORDER BY position`,
        [tenantId],
      )
    ).rows.map((row) => row.id);
    expect(positions, 'the open transaction drew the lower position').toEqual([early.id, late.id]);
    const second = await storage.events.list(tenantId, { after: first.position, limit: 10 });
    expect(second.events).toEqual([early, late]);
    expect(await storage.events.list(tenantId, { after: second.position, limit: 10 })).toEqual({
      events: [],
      position: second.position,
    });
    await dropStorage(storage);
  });

  it('events.list - readers paging against 8 concurrent writers see every event once, in commit order per writer', async () => {
    const storage = await freshStorage();
    const tenantId = newTenantId();
    const writers = Array.from({ length: 8 }, (_, writer) =>
      Array.from({ length: 5 }, (_, index) => buildEvent(tenantId, { data: { writer, index } })),
    );
    let done = false;
    const writing = Promise.all(
      writers.map(async (events, writer) => {
        for (const [index, event] of events.entries()) {
          await storage.transaction(async (tx) => {
            await tx.events.append([event]);
            await new Promise((resolve) => setTimeout(resolve, (writer + index) % 3));
          });
        }
      }),
    ).then(() => {
      done = true;
    });
    const seen: StoredEvent[] = [];
    let after: number | null = null;
    for (let round = 0; round < 5000; round++) {
      const finished = done;
      const page = await storage.events.list(tenantId, { after, limit: 3 });
      seen.push(...page.events);
      after = page.position;
      if (page.events.length === 0 && finished) break;
    }
    await writing;
    expect(seen.map((event) => event.id).sort()).toEqual(
      writers
        .flat()
        .map((event) => event.id)
        .sort(),
    );
    for (const events of writers) {
      const order = events.map((event) => seen.findIndex((found) => found.id === event.id));
      expect(order).toEqual([...order].sort((x, y) => x - y));
    }
    await dropStorage(storage);
  });

  it('tickets.list - forged cursor values (fractions, beyond the storable range) page as the reference does', async () => {
    const storage = await freshStorage();
    const tenantId = newTenantId();
    const base = Date.UTC(2024, 0, 1);
    const tickets: Ticket[] = Array.from({ length: 12 }, (_, index) =>
      buildTicket(tenantId, {
        priority: (['urgent', 'high', 'medium', 'low'] as const)[index % 4],
        createdAt: new Date(base + (index % 5) * 1000),
        updatedAt: new Date(base + (index % 3) * 1000),
      }),
    );
    for (const ticket of tickets) await storage.tickets.insert(ticket);
    const edge = [
      base - 1000,
      base,
      base + 500.5,
      base + 1000,
      base + 4000,
      2e15,
      -2e15,
      1e300,
      -1e300,
      Infinity,
      -Infinity,
      Number.NaN,
    ];
    const value = fc.oneof(fc.constantFrom(...edge, -0.5, 1.5, 3, 4, -7, 2 ** 60), fc.double());
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<TicketSort>('createdAt', 'updatedAt', 'priority'),
        fc.constantFrom<'asc' | 'desc'>('asc', 'desc'),
        fc.array(value, { minLength: 2, maxLength: 2 }),
        fc.constantFrom('', 'tkt_', 'tkt_M', 'zzz', tickets[3]?.id ?? ''),
        async (sort, direction, values, id) => {
          const after: Keyset = { values: sort === 'priority' ? values : values.slice(0, 1), id };
          const sign = direction === 'asc' ? 1 : -1;
          const expected = tickets
            .map((ticket) => ({ ticket, keyset: { values: ticketSortValues(ticket, sort), id: ticket.id } }))
            .filter((row) => sign * compareKeysets(row.keyset, after) > 0)
            .sort((a, b) => sign * compareKeysets(a.keyset, b.keyset))
            .map((row) => row.ticket.id);
          const actual = await storage.tickets.list(tenantId, {
            filter: {},
            sort,
            direction,
            after,
            limit: 50,
          });
          expect(actual.map((ticket) => ticket.id)).toEqual(expected);
        },
      ),
      {
        numRuns: 150,
        // NaN after a decided column: only the columns before it decide (found by this property).
        examples: [
          ['priority', 'desc', [base - 1000, Number.NaN], ''],
          ['priority', 'asc', [1, Number.NaN], tickets[3]?.id ?? ''],
        ],
      },
    );
    await dropStorage(storage);
  });
});

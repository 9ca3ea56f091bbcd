import type { Pool } from 'pg';
import { pgDriver } from './driver/pg-driver';
import { createPostgresStorage, type PostgresStorage } from './postgres-storage';

/** Options of {@link postgresAdapter}. */
export interface PostgresAdapterOptions {
  /**
   * Your `pg` Pool. The adapter borrows a client per transaction and never ends the pool.
   * Size it for your concurrency; every open command holds one client.
   */
  pool: Pool;
  /** The schema of ticketkit's tables; default `ticketkit`. Any name (it is quoted). */
  schema?: string;
  /**
   * Whether the adapter prepares its statements once per connection (named statements), so
   * the server does not parse and plan them on every call. Default true. Set false behind a
   * pooler that cannot keep prepared statements across transactions (PgBouncer in
   * transaction mode before 1.21, or without `max_prepared_statements`).
   */
  preparedStatements?: boolean;
}

/**
 * ticketkit storage on PostgreSQL (13 or later) through your own `pg` Pool. Transactions run
 * concurrently, one pool client each; concurrency is left to the database (row locks,
 * `SKIP LOCKED`, unique indexes), and serialization failures and deadlocks are retried.
 * Call `migrate()` once at startup.
 *
 * @example
 * ```ts
 * const storage = postgresAdapter({ pool: new Pool({ connectionString: process.env.DATABASE_URL }) });
 * await storage.migrate();
 * const desk = createTicketing({ storage });
 * ```
 */
export function postgresAdapter(options: PostgresAdapterOptions): PostgresStorage {
  return createPostgresStorage(
    pgDriver(options.pool, { prepare: options.preparedStatements ?? true }),
    options.schema,
    true,
  );
}

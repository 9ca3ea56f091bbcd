import type { StorageCapabilities, StoragePort, StorageRepositories } from '@ticketkit/core';
import type { SqlDriver } from './driver/sql-driver';
import { BUNDLED_MIGRATIONS } from './migrations/bundled';
import { migrateSchema } from './migrations/migrate';
import type { MigrationReport } from './migrations/migration';
import { createRepositories } from './repositories';
import { withRetry } from './retry';
import { DEFAULT_SCHEMA, schemaNames } from './schema-names';
import { autocommitContext, transactionContext } from './sql-context';

/** The storage port over Postgres, plus what only a database needs: migrations. */
export interface PostgresStorage extends StoragePort {
  /** `postgres` (a `pg` Pool) or `pglite`. */
  readonly name: 'postgres' | 'pglite';
  /** The schema holding the tables (unquoted), `ticketkit` unless configured. */
  readonly schema: string;
  /**
   * Creates or upgrades the schema to this package version's migrations. Idempotent, and
   * safe when several instances call it at once (an advisory lock makes them take turns;
   * the later ones find nothing to do). Call it once at startup, before the first command.
   */
  migrate(): Promise<MigrationReport>;
  /** Releases what the adapter opened itself: the PGlite database it created; never a pool or database it was given. */
  close(): Promise<void>;
}

/**
 * Builds the port over a driver: one SQL code path for both drivers. `durable` says whether
 * the data outlives the process (false for an in-memory PGlite).
 */
export function createPostgresStorage(
  driver: SqlDriver,
  schema: string | undefined,
  durable: boolean,
): PostgresStorage {
  const schemaName = schema ?? DEFAULT_SCHEMA;
  const tables = schemaNames(schemaName);
  const capabilities: StorageCapabilities = Object.freeze({
    concurrentTransactions: driver.concurrent,
    durable,
  });
  const transaction = <T>(run: (tx: StorageRepositories) => Promise<T>): Promise<T> =>
    withRetry(() =>
      driver.transaction((session) => run(createRepositories(transactionContext(session, tables)))),
    );
  return {
    name: driver.kind,
    schema: schemaName,
    capabilities,
    ...createRepositories(autocommitContext(driver, tables)),
    transaction,
    migrate: () => migrateSchema(driver, schemaName, BUNDLED_MIGRATIONS),
    close: () => driver.close(),
  };
}

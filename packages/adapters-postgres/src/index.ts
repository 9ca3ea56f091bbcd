/**
 * Postgres storage for ticketkit: {@link postgresAdapter} over your own `pg` Pool, or
 * {@link pgliteAdapter} over embedded PGlite. One SQL code path, versioned migrations
 * (`migrate()`), and every table keyed by `(tenant_id, id)`.
 *
 * @packageDocumentation
 */

export { PostgresDriverError } from './driver/sql-driver';
export type { Migration, MigrationReport } from './migrations/migration';
export { type PgliteAdapterOptions, pgliteAdapter } from './pglite-adapter';
export { type PostgresAdapterOptions, postgresAdapter } from './postgres-adapter';
export type { PostgresStorage } from './postgres-storage';
export { DEFAULT_SCHEMA } from './schema-names';

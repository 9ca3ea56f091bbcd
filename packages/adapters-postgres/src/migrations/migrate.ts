import type { SqlDriver, SqlQueryable } from '../driver/sql-driver';
import { quoteIdentifier } from '../schema-names';
import type { Migration, MigrationReport } from './migration';

/**
 * One advisory lock for every ticketkit migration in the database (any schema), so that
 * instances starting at once migrate one after another, and extensions are created once.
 * The number is arbitrary but fixed: 'ticketkit' in ASCII, as a bigint.
 */
const MIGRATION_LOCK = '8388345093869038441';

/**
 * Brings `schema` up to the latest of `migrations`, in one transaction under an advisory
 * lock: the first caller applies what is missing; concurrent callers wait, then find nothing
 * left to do. Applied migrations are recorded in `<schema>.schema_migrations` with a
 * checksum; a recorded migration whose SQL changed since is an error (write a new one).
 */
export async function migrateSchema(
  driver: SqlDriver,
  schema: string,
  migrations: readonly Migration[],
): Promise<MigrationReport> {
  const quoted = quoteIdentifier(schema);
  const history = `${quoted}."schema_migrations"`;
  return driver.transaction(async (sql) => {
    await sql.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK}::bigint)`);
    await sql.query(`CREATE SCHEMA IF NOT EXISTS ${quoted}`);
    await sql.query(
      `CREATE TABLE IF NOT EXISTS ${history} (
        version    integer PRIMARY KEY,
        name       text NOT NULL,
        checksum   text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`,
    );
    const recorded = await sql.query<{ version: number; name: string; checksum: string }>(
      `SELECT version, name, checksum FROM ${history} ORDER BY version`,
    );
    const known = new Map(recorded.map((row) => [Number(row.version), row]));
    const applied: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      const checksum = checksumOf(migration.sql);
      const done = known.get(migration.version);
      if (done !== undefined) {
        if (done.checksum !== checksum) {
          throw new Error(
            `Migration ${migration.version} (${migration.name}) changed after it was applied to schema ${schema}; add a new migration instead`,
          );
        }
        continue;
      }
      await apply(sql, quoted, migration);
      await sql.query(`INSERT INTO ${history} (version, name, checksum) VALUES ($1, $2, $3)`, [
        migration.version,
        migration.name,
        checksum,
      ]);
      applied.push(migration.version);
    }
    const version = Math.max(0, ...known.keys(), ...applied);
    return { schema, applied, version };
  });
}

async function apply(sql: SqlQueryable, quotedSchema: string, migration: Migration): Promise<void> {
  // Unqualified names in the script land in the target schema; public stays reachable for
  // extension objects (pg_trgm's operator classes). The setting ends with the transaction.
  await sql.query(`SELECT set_config('search_path', $1, true)`, [`${quotedSchema}, public`]);
  await sql.exec(migration.sql);
}

/** A short, stable checksum of a script (FNV-1a, 64 bits, hex), ignoring line-ending style. */
export function checksumOf(script: string): string {
  let hash = 0xcbf29ce484222325n;
  const text = script.replaceAll('\r\n', '\n');
  for (let index = 0; index < text.length; index++) {
    hash ^= BigInt(text.charCodeAt(index));
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}

import type { IdempotencyRecord, IdempotencyRepository, WriteResult } from '@ticketkit/core';
import type { SqlRow } from '../driver/sql-driver';
import { jsonParam, toDate, toJsonValue } from '../row-values';
import type { SqlContext } from '../sql-context';

const COLUMNS = 'tenant_id, scope, key, fingerprint, result, created_at';

function recordFromRow(row: SqlRow): IdempotencyRecord {
  return {
    tenantId: String(row.tenant_id),
    scope: String(row.scope),
    key: String(row.key),
    fingerprint: String(row.fingerprint),
    result: toJsonValue(row.result),
    createdAt: toDate(row.created_at),
  };
}

/** The values of {@link COLUMNS} for a record. */
function recordParams(record: IdempotencyRecord): unknown[] {
  return [
    record.tenantId,
    record.scope,
    record.key,
    record.fingerprint,
    jsonParam(record.result),
    record.createdAt,
  ];
}

/** Idempotency keys in `idempotency_keys`, primary key `(tenant_id, scope, key)`. */
export class PgIdempotency implements IdempotencyRepository {
  constructor(private readonly context: SqlContext) {}

  get #table(): string {
    return this.context.tables.table('idempotency_keys');
  }

  async find(tenantId: string, scope: string, key: string): Promise<IdempotencyRecord | null> {
    const rows = await this.context.sql.query(
      `SELECT ${COLUMNS} FROM ${this.#table} WHERE tenant_id = $1 AND scope = $2 AND key = $3`,
      [tenantId, scope, key],
    );
    return rows[0] === undefined ? null : recordFromRow(rows[0]);
  }

  async findMany(
    tenantId: string,
    keys: ReadonlyArray<{ scope: string; key: string }>,
  ): Promise<IdempotencyRecord[]> {
    if (keys.length === 0) return [];
    // Scopes and keys as two lists (a cheap plan: one index scan), then the pairs asked for.
    const rows = await this.context.sql.query(
      `SELECT ${COLUMNS} FROM ${this.#table}
       WHERE tenant_id = $1 AND scope = ANY($2::text[]) AND key = ANY($3::text[])`,
      [tenantId, [...new Set(keys.map((each) => each.scope))], keys.map((each) => each.key)],
    );
    const wanted = new Set(keys.map((each) => `${each.scope}\u0000${each.key}`));
    return rows.map(recordFromRow).filter((record) => wanted.has(`${record.scope}\u0000${record.key}`));
  }

  /**
   * Held inside a transaction (see `SqlQueryable.deferred`); a key stored meanwhile by another
   * transaction fails the statement it travels with, and the transaction runs again.
   */
  async insertNew(record: IdempotencyRecord): Promise<void> {
    await this.context.sql.deferred(this.#insertText, recordParams(record));
  }

  /**
   * `INSERT ... ON CONFLICT DO NOTHING`: a concurrent insert of the same key waits for the
   * first transaction; when it commits, this one gets `duplicate` (nothing written, no error,
   * so the caller decides); when it rolls back, this one gets `ok`.
   */
  async insert(record: IdempotencyRecord): Promise<WriteResult> {
    const rows = await this.context.sql.query(
      `${this.#insertText} ON CONFLICT DO NOTHING RETURNING 1 AS inserted`,
      recordParams(record),
    );
    return rows.length === 1 ? 'ok' : 'duplicate';
  }

  /** The single-row insert of a record, without a conflict clause. */
  get #insertText(): string {
    return `INSERT INTO ${this.#table} (${COLUMNS})
       VALUES ($1, $2, $3, $4, $5::text::jsonb, $6::timestamptz)`;
  }
}

import type { IdempotencyRecord, IdempotencyRepository, WriteResult } from '@ticketkit/core';
import { jsonParam, toDate, toJsonValue } from '../row-values';
import type { SqlContext } from '../sql-context';

/** Idempotency keys in `idempotency_keys`, primary key `(tenant_id, scope, key)`. */
export class PgIdempotency implements IdempotencyRepository {
  constructor(private readonly context: SqlContext) {}

  get #table(): string {
    return this.context.tables.table('idempotency_keys');
  }

  async find(tenantId: string, scope: string, key: string): Promise<IdempotencyRecord | null> {
    const rows = await this.context.sql.query(
      `SELECT tenant_id, scope, key, fingerprint, result, created_at FROM ${this.#table}
       WHERE tenant_id = $1 AND scope = $2 AND key = $3`,
      [tenantId, scope, key],
    );
    const row = rows[0];
    return row === undefined
      ? null
      : {
          tenantId: String(row.tenant_id),
          scope: String(row.scope),
          key: String(row.key),
          fingerprint: String(row.fingerprint),
          result: toJsonValue(row.result),
          createdAt: toDate(row.created_at),
        };
  }

  /**
   * `INSERT ... ON CONFLICT DO NOTHING`: a concurrent insert of the same key waits for the
   * first transaction; when it commits, this one gets `duplicate` (nothing written, no error,
   * so the caller decides); when it rolls back, this one gets `ok`.
   */
  async insert(record: IdempotencyRecord): Promise<WriteResult> {
    const rows = await this.context.sql.query(
      `INSERT INTO ${this.#table} (tenant_id, scope, key, fingerprint, result, created_at)
       VALUES ($1, $2, $3, $4, $5::text::jsonb, $6::timestamptz)
       ON CONFLICT DO NOTHING RETURNING 1 AS inserted`,
      [
        record.tenantId,
        record.scope,
        record.key,
        record.fingerprint,
        jsonParam(record.result),
        record.createdAt,
      ],
    );
    return rows.length === 1 ? 'ok' : 'duplicate';
  }
}

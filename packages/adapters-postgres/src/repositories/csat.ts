import type { CsatRating, CsatRepository, CsatScale, WriteResult } from '@ticketkit/core';
import { toDate, toNumber, toStringOrNull } from '../row-values';
import type { SqlContext } from '../sql-context';

const COLUMNS = 'tenant_id, ticket_id, customer_id, scale, score, comment, version, created_at, updated_at';

function ratingFromRow(row: Record<string, unknown>): CsatRating {
  return {
    tenantId: String(row.tenant_id),
    ticketId: String(row.ticket_id),
    customerId: String(row.customer_id),
    scale: String(row.scale) as CsatScale,
    score: toNumber(row.score),
    comment: toStringOrNull(row.comment),
    version: toNumber(row.version),
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
  };
}

/** Satisfaction ratings in `csat_ratings`, primary key `(tenant_id, ticket_id)`: one per ticket. */
export class PgCsat implements CsatRepository {
  constructor(private readonly context: SqlContext) {}

  get #table(): string {
    return this.context.tables.table('csat_ratings');
  }

  async get(tenantId: string, ticketId: string): Promise<CsatRating | null> {
    const rows = await this.context.sql.query(
      `SELECT ${COLUMNS} FROM ${this.#table} WHERE tenant_id = $1 AND ticket_id = $2`,
      [tenantId, ticketId],
    );
    return rows[0] === undefined ? null : ratingFromRow(rows[0]);
  }

  /**
   * A create is `INSERT ... ON CONFLICT DO NOTHING` (a concurrent first rating waits for the
   * other transaction and then gets `duplicate`); a change is an `UPDATE` at the stated version.
   */
  async put(rating: CsatRating, expectedVersion: number | null): Promise<WriteResult> {
    const params = [
      rating.tenantId,
      rating.ticketId,
      rating.customerId,
      rating.scale,
      rating.score,
      rating.comment,
      rating.version,
      rating.createdAt,
      rating.updatedAt,
    ];
    if (expectedVersion === null) {
      const rows = await this.context.sql.query(
        `INSERT INTO ${this.#table} (${COLUMNS})
         VALUES ($1, $2, $3, $4, $5::smallint, $6, $7::integer, $8::timestamptz, $9::timestamptz)
         ON CONFLICT DO NOTHING RETURNING 1 AS written`,
        params,
      );
      return rows.length === 1 ? 'ok' : 'duplicate';
    }
    const rows = await this.context.sql.query(
      `UPDATE ${this.#table} SET customer_id = $3, scale = $4, score = $5::smallint, comment = $6,
         version = $7::integer, created_at = $8::timestamptz, updated_at = $9::timestamptz
       WHERE tenant_id = $1 AND ticket_id = $2 AND version = $10::integer RETURNING 1 AS written`,
      [...params, expectedVersion],
    );
    return rows.length === 1 ? 'ok' : 'stale';
  }
}

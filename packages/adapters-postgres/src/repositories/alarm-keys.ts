import type { AlarmKeyRepository, WriteResult } from '@ticketkit/core';
import type { SqlContext } from '../sql-context';

/** Alarm dedup keys in `alarm_keys`, primary key `(tenant_id, dedup_key)`. */
export class PgAlarmKeys implements AlarmKeyRepository {
  constructor(private readonly context: SqlContext) {}

  get #table(): string {
    return this.context.tables.table('alarm_keys');
  }

  async find(tenantId: string, dedupKey: string): Promise<string | null> {
    const rows = await this.context.sql.query<{ ticket_id: string }>(
      `SELECT ticket_id FROM ${this.#table} WHERE tenant_id = $1 AND dedup_key = $2`,
      [tenantId, dedupKey],
    );
    return rows[0] === undefined ? null : String(rows[0].ticket_id);
  }

  /**
   * One statement: inserts the key, or (bound already) "updates" it only when it is bound to
   * the same ticket. A concurrent bind of the same key waits for the first to commit.
   */
  async bind(tenantId: string, dedupKey: string, ticketId: string): Promise<WriteResult> {
    const rows = await this.context.sql.query(
      `INSERT INTO ${this.#table} AS bound (tenant_id, dedup_key, ticket_id) VALUES ($1, $2, $3)
       ON CONFLICT (tenant_id, dedup_key) DO UPDATE SET ticket_id = excluded.ticket_id
       WHERE bound.ticket_id = excluded.ticket_id
       RETURNING 1 AS bound`,
      [tenantId, dedupKey, ticketId],
    );
    return rows.length === 1 ? 'ok' : 'duplicate';
  }

  async release(tenantId: string, dedupKey: string, ticketId: string): Promise<void> {
    await this.context.sql.query(
      `DELETE FROM ${this.#table} WHERE tenant_id = $1 AND dedup_key = $2 AND ticket_id = $3`,
      [tenantId, dedupKey, ticketId],
    );
  }
}

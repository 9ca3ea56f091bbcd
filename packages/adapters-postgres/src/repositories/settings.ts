import type { SettingsRecord, SettingsRepository, WriteResult } from '@ticketkit/core';
import { jsonParam, toDate, toJsonObject, toNumber } from '../row-values';
import type { SqlContext } from '../sql-context';

/** Per-tenant settings documents in `settings`, one row per tenant. */
export class PgSettings implements SettingsRepository {
  constructor(private readonly context: SqlContext) {}

  get #table(): string {
    return this.context.tables.table('settings');
  }

  async get(tenantId: string): Promise<SettingsRecord | null> {
    const rows = await this.context.sql.query(
      `SELECT tenant_id, settings, version, updated_at FROM ${this.#table} WHERE tenant_id = $1`,
      [tenantId],
    );
    const row = rows[0];
    return row === undefined
      ? null
      : {
          tenantId: String(row.tenant_id),
          settings: toJsonObject(row.settings),
          version: toNumber(row.version),
          updatedAt: toDate(row.updated_at),
        };
  }

  async getVersion(tenantId: string): Promise<number | null> {
    const rows = await this.context.sql.query(`SELECT version FROM ${this.#table} WHERE tenant_id = $1`, [
      tenantId,
    ]);
    return rows[0] === undefined ? null : toNumber(rows[0].version);
  }

  async put(record: SettingsRecord, expectedVersion: number | null): Promise<WriteResult> {
    const params = [record.tenantId, jsonParam(record.settings), record.version, record.updatedAt];
    const rows =
      expectedVersion === null
        ? await this.context.sql.query(
            `INSERT INTO ${this.#table} (tenant_id, settings, version, updated_at)
             VALUES ($1, $2::text::jsonb, $3::integer, $4::timestamptz)
             ON CONFLICT DO NOTHING RETURNING 1 AS written`,
            params,
          )
        : await this.context.sql.query(
            `UPDATE ${this.#table} SET settings = $2::text::jsonb, version = $3::integer, updated_at = $4::timestamptz
             WHERE tenant_id = $1 AND version = $5::integer RETURNING 1 AS written`,
            [...params, expectedVersion],
          );
    return rows.length === 1 ? 'ok' : 'stale';
  }
}

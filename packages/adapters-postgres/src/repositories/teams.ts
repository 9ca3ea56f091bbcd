import type { Team, TeamRepository, WriteResult } from '@ticketkit/core';
import type { SqlRow } from '../driver/sql-driver';
import { toDate, toNumber } from '../row-values';
import type { SqlContext } from '../sql-context';

const COLUMNS = 'tenant_id, id, name, version, created_at, updated_at';

function teamFromRow(row: SqlRow): Team {
  return {
    tenantId: String(row.tenant_id),
    id: String(row.id),
    name: String(row.name),
    version: toNumber(row.version),
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
  };
}

/** Teams in `teams`. */
export class PgTeams implements TeamRepository {
  constructor(private readonly context: SqlContext) {}

  get #table(): string {
    return this.context.tables.table('teams');
  }

  async get(tenantId: string, id: string): Promise<Team | null> {
    const rows = await this.context.sql.query(
      `SELECT ${COLUMNS} FROM ${this.#table} WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
    return rows[0] === undefined ? null : teamFromRow(rows[0]);
  }

  async insert(team: Team): Promise<WriteResult> {
    const rows = await this.context.sql.query(
      `INSERT INTO ${this.#table} (${COLUMNS})
       VALUES ($1, $2, $3, $4::integer, $5::timestamptz, $6::timestamptz)
       ON CONFLICT DO NOTHING RETURNING 1 AS inserted`,
      [team.tenantId, team.id, team.name, team.version, team.createdAt, team.updatedAt],
    );
    return rows.length === 1 ? 'ok' : 'duplicate';
  }

  async update(team: Team, expectedVersion: number): Promise<WriteResult> {
    const rows = await this.context.sql.query(
      `UPDATE ${this.#table} SET name = $3, version = $4::integer, created_at = $5::timestamptz,
         updated_at = $6::timestamptz
       WHERE tenant_id = $1 AND id = $2 AND version = $7::integer RETURNING 1 AS updated`,
      [team.tenantId, team.id, team.name, team.version, team.createdAt, team.updatedAt, expectedVersion],
    );
    return rows.length === 1 ? 'ok' : 'stale';
  }

  async list(tenantId: string): Promise<Team[]> {
    const rows = await this.context.sql.query(
      `SELECT ${COLUMNS} FROM ${this.#table} WHERE tenant_id = $1 ORDER BY id`,
      [tenantId],
    );
    return rows.map(teamFromRow);
  }
}

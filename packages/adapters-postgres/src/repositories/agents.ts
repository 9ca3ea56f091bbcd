import type { Agent, AgentRepository, WriteResult } from '@ticketkit/core';
import type { SqlRow } from '../driver/sql-driver';
import { toDate, toNumber, toStringArray, toStringOrNull } from '../row-values';
import type { SqlContext } from '../sql-context';

const COLUMNS = 'tenant_id, id, name, email, team_ids, status, active, version, created_at, updated_at';

function agentFromRow(row: SqlRow): Agent {
  return {
    tenantId: String(row.tenant_id),
    id: String(row.id),
    name: String(row.name),
    email: toStringOrNull(row.email),
    teamIds: toStringArray(row.team_ids),
    status: String(row.status) as Agent['status'],
    active: row.active === true,
    version: toNumber(row.version),
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
  };
}

function agentParams(agent: Agent): unknown[] {
  return [
    agent.tenantId,
    agent.id,
    agent.name,
    agent.email,
    agent.teamIds,
    agent.status,
    agent.active,
    agent.version,
    agent.createdAt,
    agent.updatedAt,
  ];
}

/** Agents in `agents`; emails unique per tenant (a partial unique index). */
export class PgAgents implements AgentRepository {
  constructor(private readonly context: SqlContext) {}

  get #table(): string {
    return this.context.tables.table('agents');
  }

  async get(tenantId: string, id: string): Promise<Agent | null> {
    const rows = await this.context.sql.query(
      `SELECT ${COLUMNS} FROM ${this.#table} WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
    return rows[0] === undefined ? null : agentFromRow(rows[0]);
  }

  async insert(agent: Agent): Promise<WriteResult> {
    const rows = await this.context.sql.query(
      `INSERT INTO ${this.#table} (${COLUMNS})
       VALUES ($1, $2, $3, $4, $5::text[], $6, $7::boolean, $8::integer, $9::timestamptz, $10::timestamptz)
       ON CONFLICT DO NOTHING RETURNING 1 AS inserted`,
      agentParams(agent),
    );
    return rows.length === 1 ? 'ok' : 'duplicate';
  }

  /** A versioned replace; taking another agent's email is a unique violation, hence `duplicate`. */
  update(agent: Agent, expectedVersion: number): Promise<WriteResult> {
    return this.context.guarded(async (sql) => {
      const rows = await sql.query(
        `UPDATE ${this.#table} SET name = $3, email = $4, team_ids = $5::text[], status = $6, active = $7::boolean,
           version = $8::integer, created_at = $9::timestamptz, updated_at = $10::timestamptz
         WHERE tenant_id = $1 AND id = $2 AND version = $11::integer RETURNING 1 AS updated`,
        [...agentParams(agent), expectedVersion],
      );
      return rows.length === 1 ? 'ok' : 'stale';
    });
  }

  async list(tenantId: string, query: { afterId: string | null; limit: number }): Promise<Agent[]> {
    const rows =
      query.afterId === null
        ? await this.context.sql.query(
            `SELECT ${COLUMNS} FROM ${this.#table} WHERE tenant_id = $1 ORDER BY id LIMIT $2::integer`,
            [tenantId, query.limit],
          )
        : await this.context.sql.query(
            `SELECT ${COLUMNS} FROM ${this.#table} WHERE tenant_id = $1 AND id > $2 ORDER BY id LIMIT $3::integer`,
            [tenantId, query.afterId, query.limit],
          );
    return rows.map(agentFromRow);
  }
}

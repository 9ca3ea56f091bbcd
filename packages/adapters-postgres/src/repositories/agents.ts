import type { Agent, AgentRepository, WriteResult } from '@ticketkit/core';
import type { SqlQueryable, SqlRow } from '../driver/sql-driver';
import { jsonParam, toDate, toJsonValue, toNumber, toStringArray, toStringOrNull } from '../row-values';
import type { SqlContext } from '../sql-context';

const COLUMNS =
  'tenant_id, id, name, email, team_ids, status, active, skills, escalation_level, languages, capacity, version, created_at, updated_at';

function agentFromRow(row: SqlRow): Agent {
  return {
    tenantId: String(row.tenant_id),
    id: String(row.id),
    name: String(row.name),
    email: toStringOrNull(row.email),
    teamIds: toStringArray(row.team_ids),
    status: String(row.status) as Agent['status'],
    active: row.active === true,
    skills: toJsonValue(row.skills) as unknown as Agent['skills'],
    escalationLevel: toNumber(row.escalation_level),
    languages: toStringArray(row.languages),
    capacity: toJsonValue(row.capacity) as unknown as Agent['capacity'],
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
    jsonParam(agent.skills),
    agent.escalationLevel,
    agent.languages,
    jsonParam(agent.capacity),
    agent.version,
    agent.createdAt,
    agent.updatedAt,
  ];
}

const VALUES =
  '$1, $2, $3, $4, $5::text[], $6, $7::boolean, $8::text::jsonb, $9::integer, $10::text[], $11::text::jsonb, $12::integer, $13::timestamptz, $14::timestamptz';

/**
 * Agents in `agents`; emails unique per tenant (a partial unique index). Team membership is
 * also kept as rows of `agent_team_members`, written with the agent, so `listByTeam` reads
 * one team through a primary key instead of scanning the tenant's agents.
 */
export class PgAgents implements AgentRepository {
  constructor(private readonly context: SqlContext) {}

  get #table(): string {
    return this.context.tables.table('agents');
  }

  get #members(): string {
    return this.context.tables.table('agent_team_members');
  }

  async get(tenantId: string, id: string): Promise<Agent | null> {
    const rows = await this.context.sql.query(
      `SELECT ${COLUMNS} FROM ${this.#table} WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
    return rows[0] === undefined ? null : agentFromRow(rows[0]);
  }

  insert(agent: Agent): Promise<WriteResult> {
    return this.context.guarded(async (sql) => {
      const rows = await sql.query(
        `INSERT INTO ${this.#table} (${COLUMNS}) VALUES (${VALUES})
         ON CONFLICT DO NOTHING RETURNING 1 AS inserted`,
        agentParams(agent),
      );
      if (rows.length !== 1) return 'duplicate';
      await this.#writeMembership(sql, agent);
      return 'ok';
    });
  }

  /** A versioned replace; taking another agent's email is a unique violation, hence `duplicate`. */
  update(agent: Agent, expectedVersion: number): Promise<WriteResult> {
    return this.context.guarded(async (sql) => {
      const rows = await sql.query(
        `UPDATE ${this.#table} SET name = $3, email = $4, team_ids = $5::text[], status = $6, active = $7::boolean,
           skills = $8::text::jsonb, escalation_level = $9::integer, languages = $10::text[],
           capacity = $11::text::jsonb, version = $12::integer, created_at = $13::timestamptz,
           updated_at = $14::timestamptz
         WHERE tenant_id = $1 AND id = $2 AND version = $15::integer RETURNING 1 AS updated`,
        [...agentParams(agent), expectedVersion],
      );
      if (rows.length !== 1) return 'stale';
      await this.#writeMembership(sql, agent);
      return 'ok';
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

  async listByTeam(tenantId: string, teamId: string): Promise<readonly Agent[]> {
    const columns = COLUMNS.split(', ')
      .map((column) => `a.${column}`)
      .join(', ');
    const rows = await this.context.sql.query(
      `SELECT ${columns} FROM ${this.#members} m
       JOIN ${this.#table} a ON a.tenant_id = m.tenant_id AND a.id = m.agent_id
       WHERE m.tenant_id = $1 AND m.team_id = $2 ORDER BY a.id`,
      [tenantId, teamId],
    );
    return rows.map(agentFromRow);
  }

  /** Replaces the agent's membership rows with its `teamIds`. */
  async #writeMembership(sql: SqlQueryable, agent: Agent): Promise<void> {
    await sql.query(
      `DELETE FROM ${this.#members} WHERE tenant_id = $1 AND agent_id = $2 AND NOT (team_id = ANY($3::text[]))`,
      [agent.tenantId, agent.id, agent.teamIds],
    );
    if (agent.teamIds.length === 0) return;
    await sql.query(
      `INSERT INTO ${this.#members} (tenant_id, team_id, agent_id)
       SELECT $1, team_id, $2 FROM unnest($3::text[]) AS team_id
       ON CONFLICT DO NOTHING`,
      [agent.tenantId, agent.id, agent.teamIds],
    );
  }
}

import {
  type AgentLoad,
  type AgentLoadRepository,
  type CapacityLimits,
  type Channel,
  type Keyset,
  type LoadHolding,
  PRIORITY_RANK,
  type Priority,
  type QueuedTicket,
  type RoundRobinRepository,
  type RoundRobinState,
  type RoutingQueueRepository,
} from '@ticketkit/core';
import type { SqlQueryable, SqlRow } from '../driver/sql-driver';
import { keysetCondition } from '../keyset-condition';
import { toDate, toDateOrNull, toJsonValue, toNumber, toStringArray, toStringOrNull } from '../row-values';
import type { SqlContext } from '../sql-context';

function loadFromRow(row: SqlRow): AgentLoad {
  return {
    tenantId: String(row.tenant_id),
    agentId: String(row.agent_id),
    total: toNumber(row.total),
    byChannel: toJsonValue(row.by_channel) as AgentLoad['byChannel'],
    lastAssignedAt: toDateOrNull(row.last_assigned_at),
  };
}

function holdingFromRow(tenantId: string, row: SqlRow): LoadHolding {
  return {
    tenantId,
    ticketId: String(row.ticket_id),
    agentId: String(row.agent_id),
    channel: String(row.channel) as Channel,
    acquiredAt: toDate(row.acquired_at),
  };
}

/**
 * Agent loads in `agent_loads` (one row per agent: the fold of its holdings) and the slot of
 * each counting ticket in `agent_load_holdings`.
 *
 * The capacity guard is one conditional `UPDATE` of the agent's load row: under READ
 * COMMITTED, a concurrent transaction that holds the row makes the statement wait, and the
 * `WHERE total < max` is then evaluated again on the committed row, so of any number of
 * concurrent acquires only those that fit get a row back. A refused acquire changes nothing
 * (at most it creates the agent's empty load row). Moving a ticket locks the new agent's row,
 * then the old one's; two moves in opposite directions may deadlock, which Postgres breaks
 * and the adapter retries.
 */
export class PgAgentLoads implements AgentLoadRepository {
  constructor(private readonly context: SqlContext) {}

  get #loads(): string {
    return this.context.tables.table('agent_loads');
  }

  get #holdings(): string {
    return this.context.tables.table('agent_load_holdings');
  }

  async list(tenantId: string, agentIds: readonly string[]): Promise<readonly AgentLoad[]> {
    if (agentIds.length === 0) return [];
    const rows = await this.context.sql.query(
      `SELECT tenant_id, agent_id, total, by_channel, last_assigned_at FROM ${this.#loads}
       WHERE tenant_id = $1 AND agent_id = ANY($2::text[])
       ORDER BY array_position($2::text[], agent_id::text)`,
      [tenantId, agentIds],
    );
    return rows.map(loadFromRow);
  }

  async holding(tenantId: string, ticketId: string): Promise<LoadHolding | null> {
    const rows = await this.context.sql.query(
      `SELECT ticket_id, agent_id, channel, acquired_at FROM ${this.#holdings}
       WHERE tenant_id = $1 AND ticket_id = $2`,
      [tenantId, ticketId],
    );
    return rows[0] === undefined ? null : holdingFromRow(tenantId, rows[0]);
  }

  acquire(holding: LoadHolding, limits: CapacityLimits | null): Promise<boolean> {
    return this.#unit(async (sql) => {
      const { tenantId, ticketId, agentId, channel } = holding;
      const previousRows = await sql.query(
        `SELECT ticket_id, agent_id, channel, acquired_at FROM ${this.#holdings}
         WHERE tenant_id = $1 AND ticket_id = $2 FOR UPDATE`,
        [tenantId, ticketId],
      );
      const previous = previousRows[0] === undefined ? null : holdingFromRow(tenantId, previousRows[0]);
      if (previous !== null && previous.agentId === agentId && previous.channel === channel) return true;
      const ownSlot = previous !== null && previous.agentId === agentId;
      const count = () =>
        sql.query(
          `UPDATE ${this.#loads} SET total = total + 1,
             by_channel = jsonb_set(by_channel, ARRAY[$3::text], to_jsonb(coalesce((by_channel->>$3::text)::integer, 0) + 1)),
             last_assigned_at = $4::timestamptz
           WHERE tenant_id = $1 AND agent_id = $2
             AND ($5::integer IS NULL OR total - $7::integer < $5::integer)
             AND ($6::integer IS NULL OR coalesce((by_channel->>$3::text)::integer, 0) < $6::integer)
           RETURNING 1 AS counted`,
          [
            tenantId,
            agentId,
            channel,
            holding.acquiredAt,
            limits?.max ?? null,
            limits?.channelMax ?? null,
            // The ticket's own slot on this agent frees one of the total (on another channel: the same
            // agent and channel returned above).
            ownSlot ? 1 : 0,
          ],
        );
      let counted = await count();
      if (counted.length !== 1) {
        // Refused, or the agent has no load row yet: make sure it has one (a concurrent insert
        // of the same row makes this wait for that transaction), then decide once more.
        await sql.query(
          `INSERT INTO ${this.#loads} (tenant_id, agent_id, total, by_channel, last_assigned_at)
           VALUES ($1, $2, 0, '{}'::jsonb, NULL) ON CONFLICT DO NOTHING`,
          [tenantId, agentId],
        );
        counted = await count();
      }
      if (counted.length !== 1) return false;
      if (previous !== null) await this.#uncount(sql, previous);
      await sql.query(
        `INSERT INTO ${this.#holdings} (tenant_id, ticket_id, agent_id, channel, acquired_at)
         VALUES ($1, $2, $3, $4, $5::timestamptz)
         ON CONFLICT (tenant_id, ticket_id) DO UPDATE
           SET agent_id = EXCLUDED.agent_id, channel = EXCLUDED.channel, acquired_at = EXCLUDED.acquired_at`,
        [tenantId, ticketId, agentId, channel, holding.acquiredAt],
      );
      return true;
    });
  }

  release(tenantId: string, ticketId: string): Promise<LoadHolding | null> {
    return this.#unit(async (sql) => {
      const rows = await sql.query(
        `DELETE FROM ${this.#holdings} WHERE tenant_id = $1 AND ticket_id = $2
         RETURNING ticket_id, agent_id, channel, acquired_at`,
        [tenantId, ticketId],
      );
      if (rows[0] === undefined) return null;
      const holding = holdingFromRow(tenantId, rows[0]);
      await this.#uncount(sql, holding);
      return holding;
    });
  }

  /** Takes one ticket off the agent's load; a channel count that reaches 0 is dropped. */
  async #uncount(sql: SqlQueryable, holding: LoadHolding): Promise<void> {
    await sql.query(
      `UPDATE ${this.#loads} SET total = greatest(total - 1, 0),
         by_channel = CASE WHEN coalesce((by_channel->>$3::text)::integer, 0) <= 1 THEN by_channel - $3::text
           ELSE jsonb_set(by_channel, ARRAY[$3::text], to_jsonb((by_channel->>$3::text)::integer - 1)) END
       WHERE tenant_id = $1 AND agent_id = $2`,
      [holding.tenantId, holding.agentId, holding.channel],
    );
  }

  /** Several statements as one unit: in the caller's transaction, or in a transaction of their own. */
  async #unit<T>(work: (sql: SqlQueryable) => Promise<T>): Promise<T> {
    if (this.context.inTransaction) return work(this.context.sql);
    let value: T | undefined;
    await this.context.guarded(async (sql) => {
      value = await work(sql);
      return 'ok';
    });
    return value as T;
  }
}

function queuedFromRow(row: SqlRow): QueuedTicket {
  return {
    tenantId: String(row.tenant_id),
    ticketId: String(row.ticket_id),
    teamId: String(row.team_id),
    priority: String(row.priority) as Priority,
    ticketCreatedAt: toDate(row.ticket_created_at),
    queuedAt: toDate(row.queued_at),
    ruleId: toStringOrNull(row.rule_id),
  };
}

const QUEUE_COLUMNS = 'tenant_id, ticket_id, team_id, priority, ticket_created_at, queued_at, rule_id';

/** The routing queue in `routing_queue`, read in queue order through `routing_queue_order`. */
export class PgRoutingQueue implements RoutingQueueRepository {
  constructor(private readonly context: SqlContext) {}

  get #table(): string {
    return this.context.tables.table('routing_queue');
  }

  async put(entry: QueuedTicket): Promise<void> {
    await this.context.sql.query(
      `INSERT INTO ${this.#table} (${QUEUE_COLUMNS}, priority_rank)
       VALUES ($1, $2, $3, $4, $5::timestamptz, $6::timestamptz, $7, $8::smallint)
       ON CONFLICT (tenant_id, ticket_id) DO UPDATE SET team_id = EXCLUDED.team_id,
         priority = EXCLUDED.priority, ticket_created_at = EXCLUDED.ticket_created_at,
         queued_at = EXCLUDED.queued_at, rule_id = EXCLUDED.rule_id, priority_rank = EXCLUDED.priority_rank`,
      [
        entry.tenantId,
        entry.ticketId,
        entry.teamId,
        entry.priority,
        entry.ticketCreatedAt,
        entry.queuedAt,
        entry.ruleId,
        PRIORITY_RANK[entry.priority],
      ],
    );
  }

  async get(tenantId: string, ticketId: string): Promise<QueuedTicket | null> {
    const rows = await this.context.sql.query(
      `SELECT ${QUEUE_COLUMNS} FROM ${this.#table} WHERE tenant_id = $1 AND ticket_id = $2`,
      [tenantId, ticketId],
    );
    return rows[0] === undefined ? null : queuedFromRow(rows[0]);
  }

  async remove(tenantId: string, ticketId: string): Promise<boolean> {
    const rows = await this.context.sql.query(
      `DELETE FROM ${this.#table} WHERE tenant_id = $1 AND ticket_id = $2 RETURNING 1 AS removed`,
      [tenantId, ticketId],
    );
    return rows.length === 1;
  }

  async list(
    tenantId: string,
    query: { teamId: string; after: Keyset | null; limit: number },
  ): Promise<QueuedTicket[]> {
    const after =
      query.after === null
        ? null
        : keysetCondition(
            [
              { sql: 'priority_rank', kind: 'integer' },
              { sql: 'ticket_created_at', kind: 'instant' },
            ],
            'ticket_id',
            query.after,
            'asc',
            4,
          );
    const rows = await this.context.sql.query(
      `SELECT ${QUEUE_COLUMNS} FROM ${this.#table}
       WHERE tenant_id = $1 AND team_id = $2 ${after === null ? '' : `AND ${after.sql}`}
       ORDER BY priority_rank, ticket_created_at, ticket_id LIMIT $3::integer`,
      [tenantId, query.teamId, query.limit, ...(after?.params ?? [])],
    );
    return rows.map(queuedFromRow);
  }
}

/**
 * Round-robin cycles in `round_robin_cycles`. `getForUpdate` is `SELECT ... FOR UPDATE`; a
 * team without a row gets one first (`INSERT ... ON CONFLICT DO NOTHING`, which waits for a
 * concurrent insert of the same row), so the lock exists from a team's first routing on.
 */
export class PgRoundRobin implements RoundRobinRepository {
  constructor(private readonly context: SqlContext) {}

  get #table(): string {
    return this.context.tables.table('round_robin_cycles');
  }

  async getForUpdate(tenantId: string, teamId: string, now: Date): Promise<RoundRobinState> {
    const select = `SELECT served, updated_at FROM ${this.#table} WHERE tenant_id = $1 AND team_id = $2 FOR UPDATE`;
    let rows = await this.context.sql.query(select, [tenantId, teamId]);
    if (rows[0] === undefined) {
      await this.context.sql.query(
        `INSERT INTO ${this.#table} (tenant_id, team_id, served, updated_at)
         VALUES ($1, $2, '{}'::text[], $3::timestamptz) ON CONFLICT DO NOTHING`,
        [tenantId, teamId, now],
      );
      rows = await this.context.sql.query(select, [tenantId, teamId]);
    }
    const row = rows[0];
    return {
      tenantId,
      teamId,
      served: toStringArray(row?.served),
      updatedAt: row === undefined ? new Date(now.getTime()) : toDate(row.updated_at),
    };
  }

  async put(state: RoundRobinState): Promise<void> {
    await this.context.sql.query(
      `INSERT INTO ${this.#table} (tenant_id, team_id, served, updated_at)
       VALUES ($1, $2, $3::text[], $4::timestamptz)
       ON CONFLICT (tenant_id, team_id) DO UPDATE SET served = EXCLUDED.served, updated_at = EXCLUDED.updated_at`,
      [state.tenantId, state.teamId, state.served, state.updatedAt],
    );
  }
}

import {
  NO_SLA_DUE,
  PRIORITY_RANK,
  type Priority,
  type Ticket,
  type TicketListQuery,
  type TicketRepository,
  type TicketSla,
  type WriteResult,
} from '@ticketkit/core';
import type { SqlRow } from '../driver/sql-driver';
import {
  jsonParam,
  toDate,
  toDateOrNull,
  toJsonObject,
  toNumber,
  toStringArray,
  toStringOrNull,
} from '../row-values';
import type { SqlContext } from '../sql-context';
import { ticketListQuery } from './ticket-list-query';

/** The columns a ticket is written to, in parameter order (the benchmark's raw insert uses them too). */
export const WRITE_COLUMNS = [
  'tenant_id',
  'id',
  'number',
  'subject',
  'subject_search',
  'type',
  'priority',
  'priority_rank',
  'category',
  'team_id',
  'assignee_id',
  'tags',
  'custom_fields',
  'channel',
  'channel_detail',
  'requester_id',
  'pipeline_id',
  'stage_id',
  'status_category',
  'escalation_level',
  'parent_id',
  'merged_into_id',
  'merged_ticket_ids',
  'alarm_dedup_key',
  'alarm_occurrences',
  'alarm_first_at',
  'alarm_last_at',
  'message_count',
  'version',
  'created_at',
  'updated_at',
  'first_responded_at',
  'resolved_at',
  'closed_at',
  'reopen_count',
  'reassign_count',
  'sla',
  'sla_due_at',
  'sla_due_sort',
  'sla_breached',
  'escalation_count',
] as const;

/** Parameter casts, so both drivers send every value the same way. */
const CASTS: Partial<Record<(typeof WRITE_COLUMNS)[number], string>> = {
  number: 'bigint',
  priority_rank: 'smallint',
  tags: 'text[]',
  custom_fields: 'text::jsonb',
  channel_detail: 'text::jsonb',
  escalation_level: 'integer',
  merged_ticket_ids: 'text[]',
  alarm_occurrences: 'integer',
  alarm_first_at: 'timestamptz',
  alarm_last_at: 'timestamptz',
  message_count: 'integer',
  version: 'integer',
  created_at: 'timestamptz',
  updated_at: 'timestamptz',
  first_responded_at: 'timestamptz',
  resolved_at: 'timestamptz',
  closed_at: 'timestamptz',
  reopen_count: 'integer',
  reassign_count: 'integer',
  sla: 'text::jsonb',
  sla_due_at: 'timestamptz',
  sla_due_sort: 'bigint',
  sla_breached: 'boolean',
  escalation_count: 'integer',
};

/** The cast placeholder `$index::type` of a column, so both drivers send every value the same way. */
const placeholder = (column: (typeof WRITE_COLUMNS)[number], index: number): string => {
  const cast = CASTS[column];
  return cast === undefined ? `$${index}::text` : `$${index}::${cast}`;
};

/** `(columns) VALUES (placeholders)` of a ticket row, for `INSERT INTO <table> ...` with {@link ticketParams}. */
export const TICKET_ROW = `(${WRITE_COLUMNS.join(', ')}) VALUES (${WRITE_COLUMNS.map((column, index) =>
  placeholder(column, index + 1),
).join(', ')})`;

/** The SET list of a ticket update: every column but the key, with {@link ticketParams}. */
const TICKET_ASSIGNMENTS = WRITE_COLUMNS.flatMap((column, index) =>
  column === 'tenant_id' || column === 'id' ? [] : [`${column} = ${placeholder(column, index + 1)}`],
).join(', ');

/** The columns read back for a ticket. */
export const TICKET_COLUMNS = WRITE_COLUMNS.filter(
  (column) =>
    column !== 'subject_search' &&
    column !== 'priority_rank' &&
    column !== 'sla_due_sort' &&
    column !== 'sla_breached',
).join(', ');

/** The values of {@link WRITE_COLUMNS} for a ticket. */
export function ticketParams(ticket: Ticket): unknown[] {
  return [
    ticket.tenantId,
    ticket.id,
    ticket.number,
    ticket.subject,
    ticket.subject.toLowerCase(),
    ticket.type,
    ticket.priority,
    PRIORITY_RANK[ticket.priority],
    ticket.category,
    ticket.teamId,
    ticket.assigneeId,
    ticket.tags,
    jsonParam(ticket.customFields),
    ticket.channel,
    ticket.channelDetail === null ? null : jsonParam(ticket.channelDetail),
    ticket.requesterId,
    ticket.pipelineId,
    ticket.stageId,
    ticket.statusCategory,
    ticket.escalationLevel,
    ticket.parentId,
    ticket.mergedIntoId,
    ticket.mergedTicketIds,
    ticket.alarm?.dedupKey ?? null,
    ticket.alarm?.occurrences ?? null,
    ticket.alarm?.firstOccurredAt ?? null,
    ticket.alarm?.lastOccurredAt ?? null,
    ticket.messageCount,
    ticket.version,
    ticket.createdAt,
    ticket.updatedAt,
    ticket.firstRespondedAt,
    ticket.resolvedAt,
    ticket.closedAt,
    ticket.reopenCount,
    ticket.reassignCount,
    ticket.sla === null ? null : jsonParam(ticket.sla),
    ticket.slaDueAt,
    ticket.slaDueAt?.getTime() ?? NO_SLA_DUE,
    ticket.sla?.breached === true,
    ticket.escalationCount,
  ];
}

/** A ticket from a row of {@link TICKET_COLUMNS}. */
export function ticketFromRow(row: SqlRow): Ticket {
  return {
    tenantId: String(row.tenant_id),
    id: String(row.id),
    number: toNumber(row.number),
    subject: String(row.subject),
    type: String(row.type),
    priority: String(row.priority) as Priority,
    category: toStringOrNull(row.category),
    teamId: toStringOrNull(row.team_id),
    assigneeId: toStringOrNull(row.assignee_id),
    tags: toStringArray(row.tags),
    customFields: toJsonObject(row.custom_fields),
    channel: String(row.channel) as Ticket['channel'],
    channelDetail: row.channel_detail === null ? null : toJsonObject(row.channel_detail),
    requesterId: String(row.requester_id),
    pipelineId: String(row.pipeline_id),
    stageId: String(row.stage_id),
    statusCategory: String(row.status_category) as Ticket['statusCategory'],
    escalationLevel: toNumber(row.escalation_level),
    parentId: toStringOrNull(row.parent_id),
    mergedIntoId: toStringOrNull(row.merged_into_id),
    mergedTicketIds: toStringArray(row.merged_ticket_ids),
    alarm:
      row.alarm_dedup_key === null
        ? null
        : {
            dedupKey: String(row.alarm_dedup_key),
            occurrences: toNumber(row.alarm_occurrences),
            firstOccurredAt: toDate(row.alarm_first_at),
            lastOccurredAt: toDate(row.alarm_last_at),
          },
    messageCount: toNumber(row.message_count),
    version: toNumber(row.version),
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
    firstRespondedAt: toDateOrNull(row.first_responded_at),
    resolvedAt: toDateOrNull(row.resolved_at),
    closedAt: toDateOrNull(row.closed_at),
    reopenCount: toNumber(row.reopen_count),
    reassignCount: toNumber(row.reassign_count),
    sla: row.sla === null ? null : (toJsonObject(row.sla) as unknown as TicketSla),
    slaDueAt: toDateOrNull(row.sla_due_at),
    escalationCount: toNumber(row.escalation_count),
  };
}

/** Tickets in `tickets`; numbers from the `ticket_numbers` counter rows. */
export class PgTickets implements TicketRepository {
  constructor(private readonly context: SqlContext) {}

  get #table(): string {
    return this.context.tables.table('tickets');
  }

  async get(tenantId: string, id: string): Promise<Ticket | null> {
    const rows = await this.context.sql.query(
      `SELECT ${TICKET_COLUMNS} FROM ${this.#table} WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
    return rows[0] === undefined ? null : ticketFromRow(rows[0]);
  }

  /** `SELECT ... FOR UPDATE`: the row stays locked until the transaction ends. */
  async getForUpdate(tenantId: string, id: string): Promise<Ticket | null> {
    const rows = await this.context.sql.query(
      `SELECT ${TICKET_COLUMNS} FROM ${this.#table} WHERE tenant_id = $1 AND id = $2 FOR UPDATE`,
      [tenantId, id],
    );
    return rows[0] === undefined ? null : ticketFromRow(rows[0]);
  }

  async getMany(tenantId: string, ids: string[]): Promise<Ticket[]> {
    if (ids.length === 0) return [];
    const rows = await this.context.sql.query(
      `SELECT ${TICKET_COLUMNS} FROM ${this.#table} WHERE tenant_id = $1 AND id = ANY($2::text[])`,
      [tenantId, [...new Set(ids)]],
    );
    return rows.map(ticketFromRow);
  }

  async insert(ticket: Ticket): Promise<WriteResult> {
    const rows = await this.context.sql.query(
      `INSERT INTO ${this.#table} ${TICKET_ROW} ON CONFLICT DO NOTHING RETURNING 1 AS inserted`,
      ticketParams(ticket),
    );
    return rows.length === 1 ? 'ok' : 'duplicate';
  }

  /**
   * Inside a transaction, held (see `SqlQueryable.deferred`): sent with the transaction's next
   * statement or its commit, together with the other held writes, so a create whose other
   * writes are held too reaches the server as one statement. A taken id fails that statement.
   */
  async insertNew(ticket: Ticket): Promise<void> {
    await this.context.sql.deferred(`INSERT INTO ${this.#table} ${TICKET_ROW}`, ticketParams(ticket));
  }

  /** `UPDATE ... WHERE version = $n`: of concurrent updates stating one version, one matches. */
  async update(ticket: Ticket, expectedVersion: number): Promise<WriteResult> {
    const params = ticketParams(ticket);
    params.push(expectedVersion);
    const rows = await this.context.sql.query(
      `UPDATE ${this.#table} SET ${TICKET_ASSIGNMENTS}
       WHERE tenant_id = $1::text AND id = $2::text AND version = $${params.length}::integer
       RETURNING 1 AS updated`,
      params,
    );
    return rows.length === 1 ? 'ok' : 'stale';
  }

  async list(tenantId: string, query: TicketListQuery): Promise<Ticket[]> {
    const { sql, params, varying } = ticketListQuery(this.#table, TICKET_COLUMNS, tenantId, query);
    const rows = await this.context.sql.query(sql, params, { varying });
    return rows.map(ticketFromRow);
  }

  async listChildren(tenantId: string, parentId: string): Promise<Ticket[]> {
    const rows = await this.context.sql.query(
      `SELECT ${TICKET_COLUMNS} FROM ${this.#table} WHERE tenant_id = $1 AND parent_id = $2`,
      [tenantId, parentId],
    );
    return rows.map(ticketFromRow);
  }

  /**
   * Adds `count` to the tenant's counter row (created on first use): an UPDATE, or on a
   * tenant's first reservation an upsert (of two first callers, one inserts and the other
   * adds). Called on the port (autocommit, as the create command does), the row is locked
   * only for that statement. Inside a transaction it stays locked until the transaction ends:
   * numbers then follow commit order, and creates of one tenant take turns on the row.
   */
  async nextNumber(tenantId: string, count = 1): Promise<number> {
    const table = this.context.tables.table('ticket_numbers');
    const bumped = await this.context.sql.query<{ first: unknown }>(
      `UPDATE ${table} SET last_number = last_number + $2::bigint WHERE tenant_id = $1
       RETURNING last_number - $2::bigint + 1 AS first`,
      [tenantId, count],
    );
    if (bumped[0] !== undefined) return toNumber(bumped[0].first);
    const rows = await this.context.sql.query<{ first: unknown }>(
      `INSERT INTO ${table} AS counter (tenant_id, last_number) VALUES ($1, $2::bigint)
       ON CONFLICT (tenant_id) DO UPDATE SET last_number = counter.last_number + $2::bigint
       RETURNING last_number - $2::bigint + 1 AS first`,
      [tenantId, count],
    );
    return toNumber(rows[0]?.first);
  }
}

import type { TicketListQuery, TicketSort } from '@ticketkit/core';
import { type KeysetColumn, keysetCondition } from '../keyset-condition';

/** The sort columns of each ticket order (then id), as in core's `ticket-order.ts`. */
const SORT_COLUMNS: Readonly<Record<TicketSort, readonly KeysetColumn[]>> = {
  createdAt: [{ sql: 'created_at', kind: 'instant' }],
  updatedAt: [{ sql: 'updated_at', kind: 'instant' }],
  priority: [
    { sql: 'priority_rank', kind: 'integer' },
    { sql: 'created_at', kind: 'instant' },
  ],
  slaDueAt: [
    { sql: 'sla_due_sort', kind: 'integer' },
    { sql: 'created_at', kind: 'instant' },
  ],
};

/** Escapes LIKE's wildcards (`%`, `_`) and its escape character, so a term matches literally. */
export function likeLiteral(term: string): string {
  return term.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/**
 * The SELECT of a ticket list page: the filter as AND-ed conditions, the keyset condition,
 * ORDER BY the sort columns then id (all in the query's direction), LIMIT. Every value is a
 * parameter. The shapes match the indexes of `0001_initial.sql` (tenant first, then an
 * equality filter, then the sort columns).
 */
export function ticketListQuery(
  table: string,
  columns: string,
  tenantId: string,
  query: TicketListQuery,
): { sql: string; params: unknown[] } {
  const params: unknown[] = [tenantId];
  const where: string[] = ['tenant_id = $1'];
  const param = (value: unknown, cast: string) => {
    params.push(value);
    return `$${params.length}::${cast}`;
  };
  const filter = query.filter;
  const anyOf = (column: string, values: readonly string[]) => {
    where.push(`${column} = ANY(${param(values, 'text[]')})`);
  };
  const nullableAnyOf = (column: string, values: ReadonlyArray<string | null>) => {
    const present = values.filter((value): value is string => value !== null);
    const withNull = present.length < values.length;
    const conditions: string[] = [];
    if (present.length === 1) conditions.push(`${column} = ${param(present[0], 'text')}`);
    else if (present.length > 1) conditions.push(`${column} = ANY(${param(present, 'text[]')})`);
    if (withNull) conditions.push(`${column} IS NULL`);
    where.push(conditions.length === 0 ? 'false' : `(${conditions.join(' OR ')})`);
  };
  const single = (column: string, values: readonly string[]) => {
    // One value is an equality, which an index on the column can lead with.
    if (values.length === 1) where.push(`${column} = ${param(values[0], 'text')}`);
    else anyOf(column, values);
  };

  if (filter.pipelineId !== undefined) where.push(`pipeline_id = ${param(filter.pipelineId, 'text')}`);
  if (filter.stageIds !== undefined) single('stage_id', filter.stageIds);
  if (filter.categories !== undefined) single('status_category', filter.categories);
  if (filter.priorities !== undefined) single('priority', filter.priorities);
  if (filter.assigneeIds !== undefined) nullableAnyOf('assignee_id', filter.assigneeIds);
  if (filter.teamIds !== undefined) nullableAnyOf('team_id', filter.teamIds);
  if (filter.tagsAll !== undefined && filter.tagsAll.length > 0)
    where.push(`tags @> ${param(filter.tagsAll, 'text[]')}`);
  if (filter.channels !== undefined) single('channel', filter.channels);
  if (filter.requesterId !== undefined) where.push(`requester_id = ${param(filter.requesterId, 'text')}`);
  if (filter.types !== undefined) single('type', filter.types);
  if (filter.parentId !== undefined) where.push(`parent_id = ${param(filter.parentId, 'text')}`);
  if (filter.createdFrom !== undefined)
    where.push(`created_at >= ${param(filter.createdFrom, 'timestamptz')}`);
  if (filter.createdBefore !== undefined)
    where.push(`created_at < ${param(filter.createdBefore, 'timestamptz')}`);
  if (filter.slaDueBefore !== undefined)
    where.push(`sla_due_at < ${param(filter.slaDueBefore, 'timestamptz')}`);
  if (filter.slaBreached !== undefined) where.push(`sla_breached = ${param(filter.slaBreached, 'boolean')}`);
  if (filter.escalated !== undefined)
    where.push(filter.escalated ? 'escalation_count > 0' : 'escalation_count = 0');
  for (const term of filter.subjectTerms ?? []) {
    // Terms arrive lower-cased; subject_search holds the lower-cased subject.
    where.push(`subject_search LIKE ${param(`%${likeLiteral(term)}%`, 'text')}`);
  }

  const sortColumns = SORT_COLUMNS[query.sort];
  if (query.after !== null) {
    const condition = keysetCondition(sortColumns, 'id', query.after, query.direction, params.length + 1);
    params.push(...condition.params);
    where.push(condition.sql);
  }
  const direction = query.direction === 'asc' ? 'ASC' : 'DESC';
  const orderBy = [...sortColumns.map((column) => column.sql), 'id']
    .map((column) => `${column} ${direction}`)
    .join(', ');
  const limit = param(query.limit, 'integer');
  return {
    sql: `SELECT ${columns} FROM ${table} WHERE ${where.join(' AND ')} ORDER BY ${orderBy} LIMIT ${limit}`,
    params,
  };
}

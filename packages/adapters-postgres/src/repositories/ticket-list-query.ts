import { PRIORITY_RANK, type StageCategory, type TicketListQuery, type TicketSort } from '@ticketkit/core';
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

/**
 * Every stage category, as the `tickets_status_category` CHECK constraint (migration 0006)
 * allows them. The type below fails to compile when core adds a category this list lacks.
 */
export const STAGE_CATEGORIES = ['new', 'open', 'pending', 'on_hold', 'resolved', 'closed'] as const;
type MissingCategory = Exclude<StageCategory, (typeof STAGE_CATEGORIES)[number]>;
const everyCategoryListed: [MissingCategory] extends [never] ? true : never = true;
void everyCategoryListed;

/**
 * At most this many branches in one list query (see {@link ticketListQuery}); a filter that
 * would need more is applied as `= ANY(...)` instead. Each branch costs planning time.
 */
export const MAX_BRANCHES = 8;

/** Escapes LIKE's wildcards (`%`, `_`) and its escape character, so a term matches literally. */
export function likeLiteral(term: string): string {
  return term.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/** A filter on one column by a list of values, where `null` matches NULL. */
interface ValueList {
  readonly column: string;
  readonly values: ReadonlyArray<string | null>;
}

/**
 * The SELECT of a ticket list page: the filter as AND-ed conditions, the keyset condition,
 * ORDER BY the sort columns then id (all in the query's direction), LIMIT. Every value is a
 * parameter. The shapes match the indexes of the migrations: tenant first, then an equality
 * filter (assignee, team, or none), then the stage category, then the sort columns.
 *
 * A btree index serves "equal to one value, then ordered" as a seek that stops at the page
 * size, but not "one of several values, then ordered" (it would read every match and sort).
 * So a filter with several categories, or several assignees or teams, becomes one branch
 * per value: `(SELECT ... WHERE category = 'new' ORDER BY ... LIMIT n) UNION ALL (...)`,
 * merged in sort order (Merge Append) and cut to the page. For a createdAt list filtered by
 * assignee or team alone, the branches run over every category (the CHECK constraint of
 * migration 0006 guarantees there are no others), so `tickets_assignee` / `tickets_team`
 * serve it as a seek too. A branch on "unassigned" (`IS NULL`) orders by that column first:
 * every row in it is NULL, so the order is the same, and the planner sees that the index
 * order matches (it does not treat `IS NULL` as an equality that drops the column).
 *
 * No branches when a selective filter with an index of its own is given (requester, parent,
 * subject search), or when there would be more than {@link MAX_BRANCHES}.
 *
 * `varying` says whether the statement should run unprepared (see `QueryOptions.varying`).
 */
export function ticketListQuery(
  table: string,
  columns: string,
  tenantId: string,
  query: TicketListQuery,
): { sql: string; params: unknown[]; varying: boolean } {
  const params: unknown[] = [tenantId];
  const where: string[] = ['tenant_id = $1'];
  const param = (value: unknown, cast: string) => {
    params.push(value);
    return `$${params.length}::${cast}`;
  };
  const filter = query.filter;
  const anyOf = (column: string, values: ReadonlyArray<string | null>, cast = 'text') => {
    const present = values.filter((value): value is string => value !== null);
    const withNull = present.length < values.length;
    const conditions: string[] = [];
    // One value is an equality, which an index on the column can lead with.
    if (present.length === 1) conditions.push(`${column} = ${param(present[0], cast)}`);
    else if (present.length > 1) conditions.push(`${column} = ANY(${param(present, `${cast}[]`)})`);
    if (withNull) conditions.push(`${column} IS NULL`);
    if (conditions.length === 0) return 'false';
    return conditions.length === 1 ? (conditions[0] as string) : `(${conditions.join(' OR ')})`;
  };

  const branchable =
    filter.requesterId === undefined &&
    filter.parentId === undefined &&
    (filter.subjectTerms === undefined || filter.subjectTerms.length === 0);
  const lists = branchable ? branchLists(query) : [];
  const branchCount = lists.reduce((count, list) => count * list.values.length, 1);
  const branched = branchCount <= MAX_BRANCHES ? lists : [];
  const branchedColumns = new Set(branched.map((list) => list.column));

  if (filter.pipelineId !== undefined) where.push(`pipeline_id = ${param(filter.pipelineId, 'text')}`);
  if (filter.stageIds !== undefined) where.push(anyOf('stage_id', filter.stageIds));
  if (filter.categories !== undefined && !branchedColumns.has('status_category'))
    where.push(anyOf('status_category', filter.categories));
  if (filter.priorities !== undefined)
    where.push(
      anyOf(
        'priority_rank',
        filter.priorities.map((priority) => String(PRIORITY_RANK[priority])),
        'smallint',
      ),
    );
  if (filter.assigneeIds !== undefined && !branchedColumns.has('assignee_id'))
    where.push(anyOf('assignee_id', filter.assigneeIds));
  if (filter.teamIds !== undefined && !branchedColumns.has('team_id'))
    where.push(anyOf('team_id', filter.teamIds));
  if (filter.tagsAll !== undefined && filter.tagsAll.length > 0)
    where.push(`tags @> ${param(filter.tagsAll, 'text[]')}`);
  if (filter.channels !== undefined) where.push(anyOf('channel', filter.channels));
  if (filter.requesterId !== undefined) where.push(`requester_id = ${param(filter.requesterId, 'text')}`);
  if (filter.types !== undefined) where.push(anyOf('type', filter.types));
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
  const orderBy = (leading: readonly string[]) =>
    [...leading, ...sortColumns.map((column) => column.sql), 'id']
      .map((column) => `${column} ${direction}`)
      .join(', ');
  const limit = param(query.limit, 'integer');

  const branches = product(branched).map((values) => {
    const conditions = [...where];
    const nullColumns: string[] = [];
    values.forEach((value, index) => {
      const column = (branched[index] as ValueList).column;
      if (value === null) {
        conditions.push(`${column} IS NULL`);
        nullColumns.push(column);
      } else {
        conditions.push(`${column} = ${param(value, 'text')}`);
      }
    });
    return { conditions, nullColumns };
  });
  // A list's text depends on the shape of its filter, not on the values, so a desk sends few
  // different ones and they are worth preparing; except with a subject search, whose best plan
  // depends on the term (rare: the trigram index; common: the sort order's index), which a
  // prepared statement's generic plan could not tell apart.
  const varying = (filter.subjectTerms ?? []).length > 0;
  if (branches.length === 1) {
    const [only] = branches as [(typeof branches)[number]];
    return {
      sql: `SELECT ${columns} FROM ${table} WHERE ${only.conditions.join(' AND ')} ORDER BY ${orderBy(only.nullColumns)} LIMIT ${limit}`,
      params,
      varying,
    };
  }
  // The outer ORDER BY needs the sort columns; some (priority_rank, sla_due_sort) are not read.
  const read = new Set(columns.split(', '));
  const unread = sortColumns.map((column) => column.sql).filter((column) => !read.has(column));
  const selected = [columns, ...unread].join(', ');
  const selects = branches.map(
    (branch) =>
      `(SELECT ${selected} FROM ${table} WHERE ${branch.conditions.join(' AND ')} ORDER BY ${orderBy(branch.nullColumns)} LIMIT ${limit})`,
  );
  return {
    sql: `SELECT * FROM (${selects.join(' UNION ALL ')}) AS page ORDER BY ${orderBy([])} LIMIT ${limit}`,
    params,
    varying,
  };
}

/**
 * The value lists a query branches on: the categories, and the assignees (or else the
 * teams), each deduplicated. Without a category filter, a createdAt list filtered by
 * assignee or team branches on every category (see {@link ticketListQuery}).
 */
function branchLists(query: TicketListQuery): ValueList[] {
  const filter = query.filter;
  const lists: ValueList[] = [];
  const owner =
    filter.assigneeIds !== undefined
      ? { column: 'assignee_id', values: [...new Set(filter.assigneeIds)] }
      : filter.teamIds !== undefined
        ? { column: 'team_id', values: [...new Set(filter.teamIds)] }
        : null;
  if (filter.categories !== undefined) {
    lists.push({ column: 'status_category', values: [...new Set(filter.categories)] });
  } else if (owner !== null && owner.values.length > 0 && query.sort === 'createdAt') {
    const everyCategory = { column: 'status_category', values: STAGE_CATEGORIES };
    if (everyCategory.values.length * owner.values.length <= MAX_BRANCHES) lists.push(everyCategory);
  }
  if (owner !== null) lists.push(owner);
  // An empty list matches nothing: no branches, the plain condition says `false`.
  if (lists.some((list) => list.values.length === 0)) return [];
  return lists;
}

/** Every combination of one value from each list (one empty combination for no lists). */
function product(lists: readonly ValueList[]): Array<Array<string | null>> {
  let combinations: Array<Array<string | null>> = [[]];
  for (const list of lists) {
    combinations = combinations.flatMap((combination) => list.values.map((value) => [...combination, value]));
  }
  return combinations;
}

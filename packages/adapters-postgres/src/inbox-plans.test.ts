import {
  compareKeysets,
  matchesTicketFilter,
  type Ticket,
  type TicketFilter,
  type TicketListQuery,
  type TicketSort,
  ticketSortValues,
} from '@ticketkit/core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { postgresAdapter } from './postgres-adapter';
import type { PostgresStorage } from './postgres-storage';
import { ticketListQuery } from './repositories/ticket-list-query';
import { TICKET_COLUMNS } from './repositories/tickets';
import { quoteIdentifier } from './schema-names';
import { type PlanNode, type TableAccess, tableAccess } from './test-support/query-plans';
import { freshSchemaName } from './test-support/schemas';
import { seedTenantId, seedTickets } from './test-support/seed-tickets';

/**
 * The scale test: 200,000 tickets of 50 tenants on the real server, and the plan of every
 * inbox query core offers (each filter, each sort in both directions, the first page and
 * the next keyset page), read from `EXPLAIN (ANALYZE, FORMAT JSON)` of the exact SQL the
 * adapter sends, as a custom plan and (for the statements the adapter prepares) as the
 * generic plan a prepared statement may switch to. Set TICKETKIT_PLANS=1 to print the table.
 */

const SEED = {
  tenants: 50,
  tickets: 200_000,
  agents: 10,
  teams: 4,
  requesters: 400,
  start: new Date('2024-01-01T00:00:00Z'),
} as const;
const TENANT = seedTenantId(7);
/** What core asks for a page of 25: one row more, to know whether there is a next page. */
const LIMIT = 26;

const pool = new pg.Pool({ connectionString: inject('databaseUrl'), max: 2 });
let storage: PostgresStorage;
let indexes: Set<string>;

beforeAll(async () => {
  storage = postgresAdapter({ pool, schema: freshSchemaName() });
  await storage.migrate();
  const client = await pool.connect();
  try {
    await seedTickets(client, storage.schema, SEED);
  } finally {
    client.release();
  }
  const { rows } = await pool.query<{ indexname: string }>(
    `SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND tablename = 'tickets'`,
    [storage.schema],
  );
  indexes = new Set(rows.map((row) => row.indexname));
}, 180_000);

afterAll(async () => {
  if (storage !== undefined) await pool.query(`DROP SCHEMA ${quoteIdentifier(storage.schema)} CASCADE`);
  await pool.end();
});

/** One inbox filter, and the sorts under which it must be a seek (rows read bounded by the page). */
interface Shape {
  readonly name: string;
  readonly filter: TicketFilter;
  readonly seeks: readonly TicketSort[];
}

const ALL_SORTS: readonly TicketSort[] = ['createdAt', 'updatedAt', 'priority', 'slaDueAt'];
const ACTIVE = ['new', 'open', 'pending', 'on_hold'] as const;

const SHAPES: readonly Shape[] = [
  { name: 'no filter', filter: {}, seeks: ALL_SORTS },
  { name: 'category', filter: { categories: ['open'] }, seeks: ALL_SORTS },
  { name: 'several categories', filter: { categories: [...ACTIVE] }, seeks: ALL_SORTS },
  { name: 'assignee', filter: { assigneeIds: ['agt_3'] }, seeks: ['createdAt'] },
  {
    name: 'assignee + category',
    filter: { assigneeIds: ['agt_3'], categories: ['open'] },
    seeks: ['createdAt'],
  },
  {
    name: 'assignee + several categories',
    filter: { assigneeIds: ['agt_3'], categories: [...ACTIVE] },
    seeks: ['createdAt'],
  },
  { name: 'unassigned', filter: { assigneeIds: [null] }, seeks: ['createdAt'] },
  {
    name: 'unassigned + category',
    filter: { assigneeIds: [null], categories: ['new'] },
    seeks: ['createdAt'],
  },
  {
    name: 'assignee or unassigned + category',
    filter: { assigneeIds: ['agt_3', null], categories: ['open'] },
    seeks: ['createdAt'],
  },
  { name: 'team', filter: { teamIds: ['team_2'] }, seeks: ['createdAt'] },
  { name: 'team + category', filter: { teamIds: ['team_2'], categories: ['open'] }, seeks: ['createdAt'] },
  { name: 'no team + category', filter: { teamIds: [null], categories: ['open'] }, seeks: ['createdAt'] },
  { name: 'priority', filter: { priorities: ['high'] }, seeks: ['createdAt', 'priority'] },
  { name: 'several priorities', filter: { priorities: ['urgent', 'high'] }, seeks: [] },
  { name: 'requester', filter: { requesterId: 'cus_42' }, seeks: [] },
  {
    name: 'created range',
    filter: {
      createdFrom: new Date('2024-03-01T00:00:00Z'),
      createdBefore: new Date('2024-04-01T00:00:00Z'),
    },
    seeks: ['createdAt'],
  },
  { name: 'subject search', filter: { subjectTerms: ['refund'] }, seeks: [] },
  { name: 'subject search, rare term', filter: { subjectTerms: ['#1234'] }, seeks: [] },
  {
    name: 'category + priority + assignee',
    filter: { categories: ['open'], priorities: ['high'], assigneeIds: ['agt_3'] },
    seeks: [],
  },
];

interface PlanRow {
  /** `custom` (planned for the values, as an unprepared statement) or `generic` (a prepared statement's plan for any values). */
  plan: 'custom' | 'generic';
  shape: string;
  sort: TicketSort;
  direction: 'asc' | 'desc';
  page: 'first' | 'next';
  access: TableAccess;
  seek: boolean;
}

/**
 * The plan of the adapter's SQL for `query`: `custom` as an unprepared statement is planned
 * (for its values); `generic` as a prepared statement may be planned once for any values
 * (the adapter prepares list statements, and Postgres switches to the generic plan when it
 * is not costlier).
 */
async function explain(query: TicketListQuery, plan: 'custom' | 'generic'): Promise<TableAccess> {
  const table = `${quoteIdentifier(storage.schema)}.${quoteIdentifier('tickets')}`;
  const { sql, params } = ticketListQuery(table, TICKET_COLUMNS, TENANT, query);
  const client = await pool.connect();
  try {
    let rows: Array<Record<string, unknown>>;
    if (plan === 'custom') {
      rows = (await client.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params)).rows;
    } else {
      await client.query(`PREPARE inbox_plan AS ${sql}`);
      try {
        await client.query('SET plan_cache_mode = force_generic_plan');
        // EXECUTE takes its arguments as literals (they are coerced to the statement's types).
        const values = params.map((value) => literal(client, value)).join(', ');
        rows = (await client.query(`EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE inbox_plan(${values})`)).rows;
      } finally {
        await client.query('RESET plan_cache_mode');
        await client.query('DEALLOCATE inbox_plan');
      }
    }
    const [explained] = (rows[0]?.['QUERY PLAN'] ?? []) as Array<{ Plan: PlanNode }>;
    if (explained === undefined) throw new Error('EXPLAIN returned no plan');
    return tableAccess(explained.Plan, 'tickets', indexes);
  } finally {
    client.release();
  }
}

/** A parameter value as an SQL literal of unknown type (text, arrays, instants, numbers). */
function literal(client: pg.PoolClient, value: unknown): string {
  if (value === null) return 'NULL';
  if (value instanceof Date) return client.escapeLiteral(value.toISOString());
  if (Array.isArray(value)) {
    const elements = value.map((element) => `"${String(element).replace(/["\\]/g, '\\$&')}"`);
    return client.escapeLiteral(`{${elements.join(',')}}`);
  }
  return client.escapeLiteral(String(value));
}

describe('postgres adapter: inbox query plans at 200,000 tickets (50 tenants)', () => {
  it('tickets.list - every inbox query reads tickets through an index, never a sequential scan; the inbox shapes seek', async () => {
    const seeded = await pool.query(
      `SELECT count(*)::integer AS total, count(DISTINCT tenant_id)::integer AS tenants
       FROM ${quoteIdentifier(storage.schema)}.tickets`,
    );
    expect(seeded.rows[0]).toEqual({ total: SEED.tickets, tenants: SEED.tenants });

    const report: PlanRow[] = [];
    for (const shape of SHAPES) {
      for (const sort of ALL_SORTS) {
        for (const direction of ['desc', 'asc'] as const) {
          const first: TicketListQuery = { filter: shape.filter, sort, direction, after: null, limit: LIMIT };
          // The next page continues after the first page's last row, as core's cursor does.
          const page = await storage.tickets.list(TENANT, { ...first, limit: LIMIT - 1 });
          const last = page[page.length - 1];
          const queries: Array<['first' | 'next', TicketListQuery]> = [['first', first]];
          if (last !== undefined) {
            queries.push([
              'next',
              { ...first, after: { values: ticketSortValues(last, sort), id: last.id } },
            ]);
          }
          for (const [which, query] of queries) {
            const plans = [
              'custom',
              ...(ticketListQuery('t', '*', TENANT, query).varying ? [] : ['generic']),
            ] as const;
            for (const plan of plans as readonly ('custom' | 'generic')[]) {
              const access = await explain(query, plan);
              report.push({
                plan,
                shape: shape.name,
                sort,
                direction,
                page: which,
                access,
                seek: access.rowsRead <= access.scans.length * LIMIT,
              });
            }
          }
        }
      }
    }
    if (process.env.TICKETKIT_PLANS === '1') printReport(report);

    const label = (row: PlanRow) =>
      `${row.shape} / ${row.sort} ${row.direction} / ${row.page} page / ${row.plan} plan`;
    const withoutIndex = report
      .filter(
        (row) => row.access.scans.some((scan) => scan === 'Seq Scan') || row.access.indexes.length === 0,
      )
      .map(label);
    expect(withoutIndex, 'plans that scan tickets without an index').toEqual([]);
    const notSeeking = report
      .filter(
        (row) => SHAPES.find((shape) => shape.name === row.shape)?.seeks.includes(row.sort) && !row.seek,
      )
      .map((row) => `${label(row)}: read ${row.access.rowsRead} rows (${row.access.indexes.join(', ')})`);
    expect(notSeeking, 'inbox shapes that read more than a page per branch').toEqual([]);
    // Every shape x sort x direction, first page and next page (every shape has tickets), custom
    // and (but for subject searches, which run unprepared) generic plans.
    const searches = SHAPES.filter((shape) => shape.filter.subjectTerms !== undefined).length;
    expect(report).toHaveLength((2 * SHAPES.length - searches) * ALL_SORTS.length * 2 * 2);
  }, 120_000);

  it('tickets.list - every inbox shape pages as the reference does over a seeded tenant', async () => {
    const everything = await storage.tickets.list(TENANT, {
      filter: {},
      sort: 'createdAt',
      direction: 'asc',
      after: null,
      limit: 100_000,
    });
    expect(everything).toHaveLength(SEED.tickets / SEED.tenants);
    const reference = (query: TicketListQuery): string[] => {
      const sign = query.direction === 'asc' ? 1 : -1;
      const keyset = (ticket: Ticket) => ({ values: ticketSortValues(ticket, query.sort), id: ticket.id });
      return everything
        .filter((ticket) => matchesTicketFilter(ticket, query.filter))
        .filter((ticket) => query.after === null || sign * compareKeysets(keyset(ticket), query.after) > 0)
        .sort((a, b) => sign * compareKeysets(keyset(a), keyset(b)))
        .slice(0, query.limit)
        .map((ticket) => ticket.id);
    };
    let compared = 0;
    for (const shape of SHAPES) {
      for (const sort of ALL_SORTS) {
        for (const direction of ['desc', 'asc'] as const) {
          let query: TicketListQuery = { filter: shape.filter, sort, direction, after: null, limit: LIMIT };
          // Three pages deep, each continuing after the previous page's last row.
          for (let page = 0; page < 3; page++) {
            const rows = await storage.tickets.list(TENANT, query);
            expect(
              rows.map((ticket) => ticket.id),
              `${shape.name} / ${sort} ${direction} / page ${page}`,
            ).toEqual(reference(query));
            compared += 1;
            const last = rows[rows.length - 1];
            if (last === undefined) break;
            query = { ...query, after: { values: ticketSortValues(last, sort), id: last.id } };
          }
        }
      }
    }
    expect(compared).toBeGreaterThanOrEqual(SHAPES.length * ALL_SORTS.length * 2);
  }, 60_000);
});

function printReport(rows: readonly PlanRow[]): void {
  const lines = rows.map(
    (row) =>
      `| ${row.shape} | ${row.sort} ${row.direction} | ${row.page} | ${row.plan} | ${row.access.indexes.join(', ')} | ${row.access.scans.length} | ${row.access.rowsRead} | ${row.access.sorts ? 'yes' : 'no'} | ${row.seek ? 'seek' : 'filter/sort'} |`,
  );
  console.log(
    [
      '| shape | sort | page | plan | indexes | scans | rows read | sort node | kind |',
      '| --- | --- | --- | --- | --- | ---: | ---: | --- | --- |',
      ...lines,
    ].join('\n'),
  );
}

import { beforeAll, describe, expect, it } from 'vitest';
import type { Keyset, TicketFilter, TicketListQuery, TicketSort } from '../storage/port';
import type { Channel, Priority, StageCategory, Ticket } from '../storage/records';
import { compareKeysets, matchesTicketFilter, ticketSortValues } from '../storage/ticket-order';
import { buildTicket, newId, newTenantId } from './fixtures';
import { createRandom, type Random } from './random';
import { type SuiteContext, useGroupStorage } from './suite-context';

const BASE = Date.UTC(2024, 0, 15, 12, 0, 0, 0);
const MINUTE = 60_000;
const PRIORITIES: Priority[] = ['urgent', 'high', 'medium', 'low'];
const CATEGORIES: StageCategory[] = ['new', 'open', 'pending', 'on_hold', 'resolved', 'closed'];
const CHANNELS: Channel[] = ['email', 'web_form', 'chat', 'phone', 'social', 'api', 'alarm'];
const TYPES = ['question', 'incident', 'task'];
const TAGS = ['vip', 'billing', 'bug', 'refund'];
/** Subject words: mixed case, LIKE wildcards (`%`, `_`) and near misses of them (`150`, `snakeycase`). */
const WORDS = [
  'Login',
  'fails',
  'REFUND',
  'refund',
  'invoice',
  '50%',
  '150',
  'snake_case',
  'snakeycase',
  'Café',
  'printer',
  'on',
  'Fire',
];
const TERMS = ['login', 'refund', '50%', 'snake_case', '_', '%', 'café', 'fire', 'nvoic', 'on f'];
const SORTS: TicketSort[] = ['createdAt', 'updatedAt', 'priority', 'slaDueAt'];
const DIRECTIONS = ['asc', 'desc'] as const;
const TICKET_COUNT = 60;
const RANDOM_QUERIES = 25;

/** The stages the generated tickets use, with their pipeline and category. */
const STAGES: Array<{ pipelineId: string; stageId: string; category: StageCategory }> = [
  { pipelineId: 'default', stageId: 'new', category: 'new' },
  { pipelineId: 'default', stageId: 'waiting_on_us', category: 'open' },
  { pipelineId: 'default', stageId: 'waiting_on_customer', category: 'pending' },
  { pipelineId: 'default', stageId: 'resolved', category: 'resolved' },
  { pipelineId: 'default', stageId: 'closed', category: 'closed' },
  { pipelineId: 'pip_returns', stageId: 'received', category: 'new' },
  { pipelineId: 'pip_returns', stageId: 'inspecting', category: 'on_hold' },
  { pipelineId: 'pip_returns', stageId: 'done', category: 'closed' },
];

/** Ids the generated tickets point to. */
interface Directory {
  agents: string[];
  teams: string[];
  requesters: string[];
  parents: string[];
}

function newDirectory(): Directory {
  return {
    agents: [newId('agt'), newId('agt'), newId('agt')],
    teams: [newId('team'), newId('team')],
    requesters: [newId('cus'), newId('cus'), newId('cus')],
    parents: [newId('tkt'), newId('tkt')],
  };
}

/** A ticket with random list-relevant fields drawn from small domains, so filters match and sort values tie. */
function randomTicket(random: Random, tenantId: string, directory: Directory, id?: string): Ticket {
  const stage = random.pick(STAGES);
  const createdAt = BASE + random.int(0, 20) * MINUTE + (random.chance(0.2) ? random.int(1, 999) : 0);
  const words = Array.from({ length: random.int(1, 4) }, () => random.pick(WORDS));
  return buildTicket(tenantId, {
    ...(id === undefined ? {} : { id }),
    subject: words.join(' '),
    type: random.pick(TYPES),
    priority: random.pick(PRIORITIES),
    assigneeId: random.chance(0.3) ? null : random.pick(directory.agents),
    teamId: random.chance(0.3) ? null : random.pick(directory.teams),
    tags: TAGS.filter(() => random.chance(0.35)),
    channel: random.pick(CHANNELS),
    requesterId: random.pick(directory.requesters),
    pipelineId: stage.pipelineId,
    stageId: stage.stageId,
    statusCategory: stage.category,
    parentId: random.chance(0.6) ? null : random.pick(directory.parents),
    createdAt: new Date(createdAt),
    updatedAt: new Date(createdAt + random.int(0, 10) * MINUTE),
    sla: random.chance(0.25) ? null : slaRecord(random.chance(0.4)),
    slaDueAt: random.chance(0.35) ? null : new Date(BASE + random.int(0, 30) * MINUTE),
    escalationCount: random.chance(0.6) ? 0 : random.int(1, 3),
  });
}

/** A minimal SLA record whose `breached` flag is `breached`. */
function slaRecord(breached: boolean): NonNullable<Ticket['sla']> {
  return {
    policyId: 'standard',
    settingsVersion: 1,
    done: false,
    pauses: [],
    clocks: [],
    breached,
    timerAt: null,
    asOf: new Date(BASE).toISOString(),
  };
}

/** A random filter: each condition with probability 0.3. */
function randomFilter(random: Random, directory: Directory): TicketFilter {
  const filter: TicketFilter = {};
  const maybe = (apply: () => void) => {
    if (random.chance(0.3)) apply();
  };
  maybe(() => (filter.pipelineId = random.pick(['default', 'pip_returns', 'pip_missing'])));
  maybe(() => (filter.stageIds = random.someOf(STAGES.map((stage) => stage.stageId))));
  maybe(() => (filter.categories = random.someOf(CATEGORIES)));
  maybe(() => (filter.priorities = random.someOf(PRIORITIES)));
  maybe(() => (filter.assigneeIds = random.someOf([null, ...directory.agents])));
  maybe(() => (filter.teamIds = random.someOf([null, ...directory.teams])));
  maybe(() => (filter.tagsAll = random.someOf(TAGS).slice(0, 2)));
  maybe(() => (filter.channels = random.someOf(CHANNELS)));
  maybe(() => (filter.requesterId = random.pick(directory.requesters)));
  maybe(() => (filter.types = random.someOf(TYPES)));
  maybe(() => (filter.parentId = random.pick(directory.parents)));
  maybe(() => (filter.createdFrom = new Date(BASE + random.int(0, 20) * MINUTE)));
  maybe(() => (filter.createdBefore = new Date(BASE + random.int(0, 21) * MINUTE)));
  maybe(() => (filter.subjectTerms = Array.from({ length: random.int(1, 2) }, () => random.pick(TERMS))));
  maybe(() => (filter.slaDueBefore = new Date(BASE + random.int(0, 31) * MINUTE)));
  maybe(() => (filter.slaBreached = random.chance(0.5)));
  maybe(() => (filter.escalated = random.chance(0.5)));
  return filter;
}

/** A keyset that is not necessarily any row's position. */
function randomKeyset(random: Random, sort: TicketSort, rows: Ticket[]): Keyset {
  const row = random.pick(rows);
  const values = ticketSortValues(row, sort).map((value, index) =>
    index === 0 && sort === 'priority' ? value : value + random.pick([-MINUTE, 0, 0, 1, MINUTE]),
  );
  const id = random.chance(0.5) ? row.id : `${row.id.slice(0, 6)}${random.pick(['', '0', 'z', '~'])}`;
  return { values, id };
}

/** The reference answer: `ticket-order.ts` applied to every row. */
function referenceList(rows: Ticket[], tenantId: string, query: TicketListQuery): Ticket[] {
  const sign = query.direction === 'asc' ? 1 : -1;
  const keyed = rows
    .filter((ticket) => ticket.tenantId === tenantId && matchesTicketFilter(ticket, query.filter))
    .map((ticket) => ({ ticket, keyset: { values: ticketSortValues(ticket, query.sort), id: ticket.id } }))
    .filter((row) => query.after === null || sign * compareKeysets(row.keyset, query.after) > 0)
    .sort((a, b) => sign * compareKeysets(a.keyset, b.keyset));
  return keyed.slice(0, query.limit).map((row) => row.ticket);
}

const idsOf = (rows: Ticket[]) => rows.map((row) => row.id);

/** The keyset of a row under a sort, as core builds cursors. */
function keysetOf(ticket: Ticket, sort: TicketSort): Keyset {
  return { values: ticketSortValues(ticket, sort), id: ticket.id };
}

/** Ticket lists: every filter and sort against the reference, and keyset pagination. */
export function describeTicketList(context: SuiteContext): void {
  describe('ticket list', () => {
    const storage = useGroupStorage(context);
    const tenantId = newTenantId();
    const directory = newDirectory();
    const random = createRandom(context.seed);
    let rows: Ticket[] = [];

    beforeAll(async () => {
      rows = Array.from({ length: TICKET_COUNT }, () => randomTicket(random, tenantId, directory));
      // A few fixed rows, so that every single-filter check below matches something whatever the seed.
      Object.assign(rows[0] as Ticket, {
        subject: 'Login fails: 50% off for snake_case REFUND',
        createdAt: new Date(BASE),
        tags: ['vip', 'bug', 'refund'],
      });
      Object.assign(rows[1] as Ticket, { subject: 'Café printer on Fire', parentId: directory.parents[0] });
      Object.assign(rows[2] as Ticket, { teamId: null, assigneeId: directory.agents[1] });
      Object.assign(rows[3] as Ticket, { subject: 'snakeycase 150 printer' });
      // SLA values every SLA check below needs: a due time on a boundary, both breach flags, no SLA.
      Object.assign(rows[4] as Ticket, { slaDueAt: new Date(BASE + 20 * MINUTE), sla: slaRecord(true) });
      Object.assign(rows[5] as Ticket, { slaDueAt: new Date(BASE + 5 * MINUTE), sla: slaRecord(false) });
      Object.assign(rows[6] as Ticket, { slaDueAt: null, sla: null, escalationCount: 2 });
      Object.assign(rows[8] as Ticket, { slaDueAt: new Date(BASE + 20 * MINUTE), escalationCount: 0 });
      // The same list-relevant values under another tenant: none of them may ever show up.
      const foreignTenant = newTenantId();
      const foreign = rows.slice(0, 15).map((row) => ({ ...row, tenantId: foreignTenant, id: newId('tkt') }));
      for (const ticket of [...rows, ...foreign]) {
        const result = await storage().tickets.insert(ticket);
        if (result !== 'ok') throw new Error(`Could not seed ticket ${ticket.id}: ${result}`);
      }
    });

    /** Pages through a query to the end, checking each page against the reference. */
    async function walk(query: TicketListQuery, label: string): Promise<Ticket[]> {
      const seen: Ticket[] = [];
      let after = query.after;
      for (let page = 0; page < TICKET_COUNT + 2; page++) {
        const pageQuery = { ...query, after };
        const actual = await storage().tickets.list(tenantId, pageQuery);
        const expected = referenceList(rows, tenantId, pageQuery);
        expect(
          idsOf(actual),
          `${label}, page ${page} (seed ${context.seed}): ${describeQuery(pageQuery)}`,
        ).toEqual(idsOf(expected));
        seen.push(...actual);
        if (actual.length < query.limit) return seen;
        after = keysetOf(actual[actual.length - 1] as Ticket, query.sort);
      }
      throw new Error(`${label}: pagination did not end`);
    }

    for (const sort of SORTS) {
      for (const direction of DIRECTIONS) {
        it(`tickets.list - sorts by ${sort} ${direction} with keyset pages, as the reference does`, async () => {
          const query: TicketListQuery = { filter: {}, sort, direction, after: null, limit: 7 };
          const all = await walk(query, `${sort} ${direction}`);
          expect(all).toHaveLength(TICKET_COUNT);
          const full = await storage().tickets.list(tenantId, { ...query, limit: TICKET_COUNT + 10 });
          expect(full).toEqual(referenceList(rows, tenantId, { ...query, limit: TICKET_COUNT + 10 }));
        });
      }
    }

    const singleFilters: Array<[string, (sample: Ticket) => TicketFilter]> = [
      ['pipelineId', (sample) => ({ pipelineId: sample.pipelineId })],
      ['stageIds', (sample) => ({ stageIds: [sample.stageId, 'inspecting'] })],
      ['categories', (sample) => ({ categories: [sample.statusCategory, 'pending'] })],
      ['priorities', (sample) => ({ priorities: [sample.priority] })],
      [
        'assigneeIds with null',
        (sample) => ({ assigneeIds: [null, sample.assigneeId ?? (directory.agents[0] as string)] }),
      ],
      ['assigneeIds', () => ({ assigneeIds: [directory.agents[1] as string] })],
      ['teamIds with null', () => ({ teamIds: [null] })],
      ['teamIds', () => ({ teamIds: [directory.teams[0] as string, directory.teams[1] as string] })],
      ['tagsAll', () => ({ tagsAll: ['vip', 'bug'] })],
      ['channels', (sample) => ({ channels: [sample.channel, 'chat'] })],
      ['requesterId', (sample) => ({ requesterId: sample.requesterId })],
      ['types', (sample) => ({ types: [sample.type] })],
      ['parentId', () => ({ parentId: directory.parents[0] as string })],
      ['createdFrom (inclusive)', (sample) => ({ createdFrom: sample.createdAt })],
      ['createdBefore (exclusive)', () => ({ createdBefore: new Date(BASE + 10 * MINUTE) })],
      [
        'createdBefore at an exact createdAt',
        (sample) => ({ createdBefore: new Date(sample.createdAt.getTime() + 1) }),
      ],
      [
        'createdFrom and createdBefore',
        () => ({ createdFrom: new Date(BASE + 5 * MINUTE), createdBefore: new Date(BASE + 12 * MINUTE) }),
      ],
      ['subjectTerms (case-insensitive)', () => ({ subjectTerms: ['refund'] })],
      ['subjectTerms with LIKE wildcards taken literally', () => ({ subjectTerms: ['50%', 'snake_case'] })],
      ['subjectTerms "%" taken literally', () => ({ subjectTerms: ['%'] })],
      ['subjectTerms "_" taken literally', () => ({ subjectTerms: ['_'] })],
      ['subjectTerms "0%" taken literally', () => ({ subjectTerms: ['0%'] })],
      ['subjectTerms "e_c" taken literally', () => ({ subjectTerms: ['e_c'] })],
      ['subjectTerms (every term)', () => ({ subjectTerms: ['login', 'fails'] })],
      ['slaDueBefore (exclusive, nulls never match)', () => ({ slaDueBefore: new Date(BASE + 15 * MINUTE) })],
      ['slaDueBefore an exact slaDueAt excludes it', () => ({ slaDueBefore: new Date(BASE + 20 * MINUTE) })],
      [
        'slaDueBefore just after an exact slaDueAt',
        () => ({ slaDueBefore: new Date(BASE + 20 * MINUTE + 1) }),
      ],
      ['slaBreached true (the JSON flag)', () => ({ slaBreached: true })],
      ['slaBreached false (including tickets without SLA)', () => ({ slaBreached: false })],
      ['escalated true', () => ({ escalated: true })],
      ['escalated false', () => ({ escalated: false })],
    ];
    for (const [name, filterOf] of singleFilters) {
      it(`tickets.list - filters by ${name}, as the reference does`, async () => {
        const sample = rows[7] as Ticket;
        const query: TicketListQuery = {
          filter: filterOf(sample),
          sort: 'createdAt',
          direction: 'asc',
          after: null,
          limit: 200,
        };
        const expected = referenceList(rows, tenantId, query);
        expect(expected.length, 'the seeded data should match the filter at least once').toBeGreaterThan(0);
        expect(idsOf(await storage().tickets.list(tenantId, query)), describeQuery(query)).toEqual(
          idsOf(expected),
        );
      });
    }

    it(`tickets.list - random filters, sorts, limits and keysets match the reference (${RANDOM_QUERIES} queries)`, async () => {
      const queries = createRandom(context.seed + 1);
      for (let index = 0; index < RANDOM_QUERIES; index++) {
        const sort = queries.pick(SORTS);
        const query: TicketListQuery = {
          filter: randomFilter(queries, directory),
          sort,
          direction: queries.pick(DIRECTIONS),
          after: queries.chance(0.3) ? randomKeyset(queries, sort, rows) : null,
          limit: queries.int(1, 15),
        };
        await walk(query, `random query ${index}`);
      }
    });

    it('tickets.list - returns nothing for a tenant without tickets', async () => {
      const query: TicketListQuery = {
        filter: {},
        sort: 'createdAt',
        direction: 'desc',
        after: null,
        limit: 10,
      };
      expect(await storage().tickets.list(newTenantId(), query)).toEqual([]);
    });

    for (const sort of SORTS) {
      for (const direction of DIRECTIONS) {
        it(`tickets.list - ${sort} ${direction} pages stay stable while tickets are inserted between pages`, async () => {
          const pagingTenant = newTenantId();
          const local = createRandom(
            context.seed + SORTS.indexOf(sort) * 2 + DIRECTIONS.indexOf(direction) + 7,
          );
          const current: Ticket[] = Array.from({ length: 18 }, () =>
            randomTicket(local, pagingTenant, directory),
          );
          for (const ticket of current) await storage().tickets.insert(ticket);
          const original = new Set(idsOf(current));
          const seen: string[] = [];
          let after: Keyset | null = null;
          for (let page = 0; page < 40; page++) {
            const query: TicketListQuery = { filter: {}, sort, direction, after, limit: 5 };
            const actual = await storage().tickets.list(pagingTenant, query);
            expect(idsOf(actual), `page ${page} (seed ${context.seed})`).toEqual(
              idsOf(referenceList(current, pagingTenant, query)),
            );
            seen.push(...idsOf(actual));
            if (actual.length < 5) break;
            after = keysetOf(actual[actual.length - 1] as Ticket, sort);
            // New tickets land before and after the cursor; only those after it may show up.
            for (let extra = 0; extra < 3; extra++) {
              const ticket = randomTicket(local, pagingTenant, directory);
              current.push(ticket);
              await storage().tickets.insert(ticket);
            }
          }
          const seenOriginal = seen.filter((id) => original.has(id));
          expect(new Set(seen).size, 'no ticket is returned twice').toBe(seen.length);
          expect(seenOriginal.sort(), 'every ticket stored before the first page is returned once').toEqual(
            [...original].sort(),
          );
        });
      }
    }
  });
}

function describeQuery(query: TicketListQuery): string {
  return JSON.stringify(query);
}

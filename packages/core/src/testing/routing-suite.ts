import { describe, expect, it } from 'vitest';
import { type Actor, systemActor } from '../actors';
import { createTicketing, type Ticketing } from '../desk';
import type { CreateAgentInput } from '../routing/directory-schemas';
import type { RoutingDecision } from '../routing/routing-decision';
import type { RoutingRuleInput, RoutingSettingsInput } from '../routing/routing-settings';
import type { StoragePort } from '../storage/port';
import type { Channel, Priority, Ticket } from '../storage/records';
import type { CreateTicketInput } from '../tickets/ticket-schemas';
import { newTenantId } from './fixtures';
import { rejectionCodes, type SuiteContext, testDesk, useGroupStorage } from './suite-context';
import type { TestClock } from './test-clock';

const MINUTE = 60_000;

function range(count: number): number[] {
  return Array.from({ length: count }, (_, index) => index);
}

/** An agent of a routing scenario: online in `support` with capacity 10 unless told otherwise. */
type AgentSpec = Partial<CreateAgentInput> & { id: string };

interface RoutingScenario {
  desk: Ticketing;
  storage: StoragePort;
  clock: TestClock;
  tenantId: string;
  system: Actor;
  requesterId: string;
  /** Opens a ticket as the system, with the scenario's requester. */
  open(input?: Partial<CreateTicketInput>): Promise<Ticket>;
  /** Moves a ticket to resolved. */
  resolve(ticketId: string): Promise<Ticket>;
  /** The ticket as stored. */
  stored(ticketId: string): Promise<Ticket>;
  /** The agent's load as stored (0 when it has none). */
  loadOf(agentId: string): Promise<number>;
  /** The routing decisions recorded for a ticket, oldest first. */
  decisions(ticketId: string): Promise<Array<{ type: string; data: RoutingDecision }>>;
  /** The team's queue, as ticket ids in queue order. */
  queue(teamId?: string): Promise<string[]>;
}

/** A tenant with teams `support` and `billing`, the given agents and routing settings. */
async function scenario(
  storage: StoragePort,
  agents: AgentSpec[],
  routing: RoutingSettingsInput,
  requester: { locale?: string } = {},
): Promise<RoutingScenario> {
  const { desk, clock } = testDesk(storage);
  const tenantId = newTenantId();
  const system = systemActor(tenantId);
  await desk.teams.create(system, { id: 'support', name: 'Support' });
  await desk.teams.create(system, { id: 'billing', name: 'Billing' });
  for (const agent of agents) {
    await desk.agents.create(system, {
      name: agent.id,
      teamIds: ['support'],
      status: 'online',
      ...agent,
    });
  }
  await desk.settings.update(system, { routing });
  const customer = await desk.customers.create(system, {
    name: 'Requester',
    email: 'requester@example.com',
    ...(requester.locale === undefined ? {} : { locale: requester.locale }),
  });
  return {
    desk,
    storage,
    clock,
    tenantId,
    system,
    requesterId: customer.id,
    open: (input = {}) => {
      clock.advance(MINUTE);
      return desk.tickets.create(system, { subject: 'Help', requesterId: customer.id, ...input });
    },
    resolve: (ticketId) => desk.tickets.transition(system, ticketId, { stageId: 'resolved' }),
    stored: async (ticketId) => {
      const ticket = await storage.tickets.get(tenantId, ticketId);
      if (ticket === null) throw new Error(`ticket ${ticketId} not stored`);
      return ticket;
    },
    loadOf: async (agentId) => (await storage.agentLoads.list(tenantId, [agentId]))[0]?.total ?? 0,
    decisions: async (ticketId) => {
      const page = await storage.events.listForTicket(tenantId, ticketId, {
        after: null,
        limit: 1000,
        types: ['ticket.routed', 'ticket.queued', 'routing.failed'],
      });
      return page.events.map((event) => ({
        type: event.type,
        data: event.data as unknown as RoutingDecision,
      }));
    },
    queue: async (teamId = 'support') =>
      (await storage.routingQueue.list(tenantId, { teamId, after: null, limit: 1000 })).map(
        (entry) => entry.ticketId,
      ),
  };
}

/** One rule for every ticket, to `support`. */
function onlyRule(
  strategy: RoutingRuleInput['strategy'],
  extra: Partial<RoutingRuleInput> = {},
): RoutingSettingsInput {
  return { rules: [{ id: 'all', teamId: 'support', strategy, ...extra }] };
}

/** Gives a ticket to an agent by hand (counts toward load, beyond capacity if need be). */
async function assignTo(s: RoutingScenario, agentId: string, input: Partial<CreateTicketInput> = {}) {
  const ticket = await s.open({ assigneeId: agentId, teamId: 'support', ...input });
  expect(ticket.assigneeId).toBe(agentId);
  return ticket;
}

/** Routing over the adapter: every strategy, the queue, offline agents, races. */
export function describeRouting(context: SuiteContext): void {
  describe('routing', () => {
    const storage = useGroupStorage(context);
    const slow = context.slowTimeout;

    it('round_robin - everyone eligible gets one before anyone gets two, in id order; a newcomer joins the current cycle; the cycle is stored', async () => {
      const s = await scenario(
        storage(),
        [{ id: 'agt_a' }, { id: 'agt_b' }, { id: 'agt_c' }],
        onlyRule({
          type: 'round_robin',
        }),
      );
      const assignees: Array<string | null> = [];
      for (const _ of range(4)) assignees.push((await s.open()).assigneeId);
      expect(assignees).toEqual(['agt_a', 'agt_b', 'agt_c', 'agt_a']);
      // Another desk on the same storage (another instance, or a restart) continues the cycle.
      const other = createTicketing({ storage: storage(), clock: s.clock });
      const next = await other.tickets.create(s.system, { subject: 'Next', requesterId: s.requesterId });
      expect(next.assigneeId).toBe('agt_b');
      // agt_0 comes online mid-cycle: it is unserved, so it gets one before agt_a gets a third.
      await s.desk.agents.create(s.system, {
        id: 'agt_0',
        name: 'Zero',
        teamIds: ['support'],
        status: 'online',
      });
      // agt_c goes away: it is skipped, and the cycle does not wait for it.
      await s.desk.agents.update(s.system, 'agt_c', { status: 'away' });
      const rest: Array<string | null> = [];
      for (const _ of range(4)) rest.push((await s.open()).assigneeId);
      expect(rest).toEqual(['agt_0', 'agt_a', 'agt_b', 'agt_0']);
      const [decision] = await s.decisions(next.id);
      expect(decision).toMatchObject({
        type: 'ticket.routed',
        data: {
          trigger: 'create',
          ruleId: 'all',
          strategy: 'round_robin',
          teamId: 'support',
          assigneeId: 'agt_b',
        },
      });
    });

    it('round_robin - an agent skipped while away and back within the cycle gets its turn before anyone gets a second', async () => {
      const s = await scenario(
        storage(),
        [{ id: 'agt_a' }, { id: 'agt_b' }, { id: 'agt_c' }, { id: 'agt_d' }],
        onlyRule({ type: 'round_robin' }),
      );
      const assignees: Array<string | null> = [(await s.open()).assigneeId];
      await s.desk.agents.update(s.system, 'agt_b', { status: 'away' });
      assignees.push((await s.open()).assigneeId);
      await s.desk.agents.update(s.system, 'agt_b', { status: 'online' });
      for (const _ of range(4)) assignees.push((await s.open()).assigneeId);
      // b rejoins the first cycle (after d, before anyone's second); the next cycle continues the rotation.
      expect(assignees).toEqual(['agt_a', 'agt_c', 'agt_d', 'agt_b', 'agt_c', 'agt_d']);
    });

    it('least_loaded - fewest counting tickets; ties go to who took one least recently, then id; pending tickets do not count', async () => {
      const s = await scenario(
        storage(),
        [{ id: 'agt_a' }, { id: 'agt_b' }, { id: 'agt_c' }, { id: 'agt_d' }],
        onlyRule({ type: 'least_loaded' }, { conditions: { tagsAny: ['route'] } }),
      );
      await assignTo(s, 'agt_a');
      await assignTo(s, 'agt_a');
      await assignTo(s, 'agt_c');
      await assignTo(s, 'agt_b');
      const waiting = await assignTo(s, 'agt_d');
      await assignTo(s, 'agt_d');
      // agt_d's second ticket waits on the customer: it does not count.
      await s.desk.tickets.transition(s.system, waiting.id, { stageId: 'waiting_on_customer' });
      expect([
        await s.loadOf('agt_a'),
        await s.loadOf('agt_b'),
        await s.loadOf('agt_c'),
        await s.loadOf('agt_d'),
      ]).toEqual([2, 1, 1, 1]);
      // b, c and d have 1 each; c took one longest ago.
      const first = await s.open({ tags: ['route'] });
      expect(first.assigneeId).toBe('agt_c');
      const second = await s.open({ tags: ['route'] });
      expect(second.assigneeId).toBe('agt_b');
      const third = await s.open({ tags: ['route'] });
      expect(third.assigneeId).toBe('agt_d');
      const [decision] = await s.decisions(first.id);
      expect(decision?.data.candidates).toEqual([
        { agentId: 'agt_a', excluded: null, load: 2, capacity: 10 },
        { agentId: 'agt_b', excluded: null, load: 1, capacity: 10 },
        { agentId: 'agt_c', excluded: null, load: 1, capacity: 10 },
        { agentId: 'agt_d', excluded: null, load: 1, capacity: 10 },
      ]);
    });

    it('spare_capacity - absolute takes the most free slots; percent the largest free share (1 of 2 taken beats 8 of 10 taken)', async () => {
      const s = await scenario(
        storage(),
        [
          { id: 'agt_small', capacity: { max: 2 } },
          { id: 'agt_large', capacity: { max: 10 } },
        ],
        {
          rules: [
            {
              id: 'absolute',
              conditions: { tagsAny: ['absolute'] },
              teamId: 'support',
              strategy: { type: 'spare_capacity', measure: 'absolute' },
            },
            {
              id: 'percent',
              conditions: { tagsAny: ['percent'] },
              teamId: 'support',
              strategy: { type: 'spare_capacity', measure: 'percent' },
            },
          ],
        },
      );
      await assignTo(s, 'agt_small');
      for (const _ of range(8)) await assignTo(s, 'agt_large');
      const byPercent = await s.open({ tags: ['percent'] });
      expect(byPercent.assigneeId).toBe('agt_small');
      await s.desk.tickets.assign(s.system, byPercent.id, { assigneeId: null });
      const byAbsolute = await s.open({ tags: ['absolute'] });
      expect(byAbsolute.assigneeId).toBe('agt_large');
      expect((await s.decisions(byAbsolute.id))[0]?.data.reason).toContain('2 of 10 free');
    });

    it('skills - required skills from category and tags, levels, language; match all excludes, best ranks', async () => {
      const s = await scenario(
        storage(),
        [
          { id: 'agt_a', skills: [{ name: 'billing', level: 3 }], languages: ['de'] },
          {
            id: 'agt_b',
            skills: [
              { name: 'billing', level: 8 },
              { name: 'sap', level: 2 },
            ],
            languages: ['en'],
          },
          {
            id: 'agt_c',
            skills: [
              { name: 'billing', level: 5 },
              { name: 'sap', level: 5 },
            ],
            languages: ['de', 'en'],
          },
          { id: 'agt_d', skills: [], languages: ['de'] },
        ],
        {
          rules: [
            {
              id: 'german',
              conditions: { tagsAny: ['german'] },
              teamId: 'support',
              strategy: { type: 'skills', match: 'all' },
              requirements: { skillFromCategory: true, language: 'requester_locale' },
            },
            {
              id: 'all-skills',
              conditions: { tagsAny: ['all'] },
              teamId: 'support',
              strategy: { type: 'skills', match: 'all' },
              requirements: {
                skillFromCategory: true,
                skillsFromTags: ['sap'],
                skills: [{ skill: 'billing', minLevel: 4 }],
              },
            },
            {
              id: 'best',
              conditions: { tagsAny: ['best'] },
              teamId: 'support',
              strategy: { type: 'skills', match: 'best' },
              requirements: { skillFromCategory: true, skillsFromTags: ['sap'] },
            },
          ],
        },
        { locale: 'de-AT' },
      );
      // Category billing, German requester: a and c qualify; c scores 1005, a 1003.
      const german = await s.open({ category: 'billing', tags: ['german'] });
      expect(german.assigneeId).toBe('agt_c');
      // billing (>= 4) and sap: only b and c have both; c scores 2010, b 2010 - tie on score:
      // least loaded wins (b has none, c has one).
      const both = await s.open({ category: 'billing', tags: ['all', 'sap'] });
      expect(both.assigneeId).toBe('agt_b');
      const [decision] = await s.decisions(both.id);
      expect(decision?.data.candidates).toEqual([
        { agentId: 'agt_b', excluded: null, load: 0, capacity: 10, score: 2010 },
        { agentId: 'agt_c', excluded: null, load: 1, capacity: 10, score: 2010 },
        {
          agentId: 'agt_a',
          excluded: 'missing_skills',
          load: 0,
          capacity: 10,
          score: 0,
          missingSkills: ['billing', 'sap'],
        },
        {
          agentId: 'agt_d',
          excluded: 'missing_skills',
          load: 0,
          capacity: 10,
          score: 0,
          missingSkills: ['billing', 'sap'],
        },
      ]);
      // best: nobody is excluded for skills; the highest score wins even if partial.
      await s.desk.agents.update(s.system, 'agt_b', { status: 'offline' });
      await s.desk.agents.update(s.system, 'agt_c', { status: 'offline' });
      const best = await s.open({ category: 'billing', tags: ['best', 'sap'] });
      expect(best.assigneeId).toBe('agt_a');
      expect((await s.decisions(best.id))[0]?.data.candidates.slice(0, 2)).toEqual([
        { agentId: 'agt_a', excluded: null, load: 0, capacity: 10, score: 1003, missingSkills: ['sap'] },
        {
          agentId: 'agt_d',
          excluded: null,
          load: 0,
          capacity: 10,
          score: 0,
          missingSkills: ['billing', 'sap'],
        },
      ]);
    });

    it('priority - urgent and high go to the most senior available level, the others to the most junior', async () => {
      const s = await scenario(
        storage(),
        [
          { id: 'agt_junior', escalationLevel: 1 },
          { id: 'agt_lead', escalationLevel: 3 },
          { id: 'agt_mid', escalationLevel: 2 },
          { id: 'agt_lead2', escalationLevel: 3 },
        ],
        onlyRule({ type: 'priority' }),
      );
      const urgent = await s.open({ priority: 'urgent' });
      expect(urgent.assigneeId).toBe('agt_lead');
      const high = await s.open({ priority: 'high' });
      expect(high.assigneeId).toBe('agt_lead2');
      const low = await s.open({ priority: 'low' });
      expect(low.assigneeId).toBe('agt_junior');
      await s.desk.agents.update(s.system, 'agt_lead', { status: 'away' });
      await s.desk.agents.update(s.system, 'agt_lead2', { status: 'offline' });
      const nextUrgent = await s.open({ priority: 'urgent' });
      expect(nextUrgent.assigneeId).toBe('agt_mid');
    });

    it('department - the category picks the team, the inner strategy the agent; other categories go to the default team', async () => {
      const s = await scenario(
        storage(),
        [{ id: 'agt_support' }, { id: 'agt_billing', teamIds: ['billing'] }],
        onlyRule(
          {
            type: 'department',
            teams: { invoices: 'billing' },
            defaultTeamId: 'support',
            assign: { type: 'least_loaded' },
          },
          { teamId: null },
        ),
      );
      const invoice = await s.open({ category: 'invoices' });
      expect(invoice).toMatchObject({ teamId: 'billing', assigneeId: 'agt_billing' });
      const other = await s.open({ category: 'login' });
      expect(other).toMatchObject({ teamId: 'support', assigneeId: 'agt_support' });
      expect((await s.decisions(invoice.id))[0]?.data).toMatchObject({
        strategy: 'department',
        teamId: 'billing',
      });
    });

    it('manual - the ticket goes to the team unassigned, and history says so', async () => {
      const s = await scenario(storage(), [{ id: 'agt_a' }], onlyRule({ type: 'manual' }));
      const ticket = await s.open();
      expect(ticket).toMatchObject({ teamId: 'support', assigneeId: null });
      expect(await s.decisions(ticket.id)).toEqual([
        {
          type: 'ticket.routed',
          data: expect.objectContaining({
            strategy: 'manual',
            teamId: 'support',
            assigneeId: null,
            candidates: [],
          }),
        },
      ]);
      expect(await s.queue()).toEqual([]);
    });

    it('queue - nobody with room: tickets wait by priority then age, and get an agent as soon as a slot frees', async () => {
      const s = await scenario(
        storage(),
        [
          { id: 'agt_a', capacity: { max: 1 } },
          { id: 'agt_b', capacity: { max: 1 }, status: 'offline' },
        ],
        onlyRule({ type: 'least_loaded' }),
      );
      const first = await s.open({ priority: 'low' });
      expect(first.assigneeId).toBe('agt_a');
      const queued: Record<string, Ticket> = {};
      for (const priority of ['low', 'urgent', 'medium', 'urgent'] as Priority[]) {
        const ticket = await s.open({ priority });
        expect(ticket).toMatchObject({ teamId: 'support', assigneeId: null });
        queued[`${priority}${Object.keys(queued).filter((key) => key.startsWith(priority)).length}`] = ticket;
      }
      const ids = (keys: string[]) => keys.map((key) => queued[key]?.id);
      expect(await s.queue()).toEqual(ids(['urgent0', 'urgent1', 'medium0', 'low0']));
      const [queuedDecision] = await s.decisions(queued.urgent0?.id as string);
      expect(queuedDecision).toMatchObject({
        type: 'ticket.queued',
        data: {
          assigneeId: null,
          candidates: [
            { agentId: 'agt_a', excluded: 'at_capacity', load: 1, capacity: 1 },
            { agentId: 'agt_b', excluded: 'offline', load: 0, capacity: 1 },
          ],
        },
      });
      // agt_a resolves its ticket: the most urgent, oldest queued ticket goes to agt_a.
      await s.resolve(first.id);
      expect((await s.stored(queued.urgent0?.id as string)).assigneeId).toBe('agt_a');
      expect(await s.queue()).toEqual(ids(['urgent1', 'medium0', 'low0']));
      // agt_b comes online: the next one goes to agt_b.
      await s.desk.agents.update(s.system, 'agt_b', { status: 'online' });
      expect((await s.stored(queued.urgent1?.id as string)).assigneeId).toBe('agt_b');
      // agt_a gets more capacity: one more.
      await s.desk.agents.update(s.system, 'agt_a', { capacity: { max: 2 } });
      expect((await s.stored(queued.medium0?.id as string)).assigneeId).toBe('agt_a');
      expect(await s.queue()).toEqual(ids(['low0']));
      const [, retried] = await s.decisions(queued.medium0?.id as string);
      expect(retried).toMatchObject({
        type: 'ticket.routed',
        data: { trigger: 'queue', assigneeId: 'agt_a' },
      });
      expect([await s.loadOf('agt_a'), await s.loadOf('agt_b')]).toEqual([2, 1]);
    });

    it('onAgentOffline reroute - an agent going offline or deactivated has their open tickets routed to others or queued', async () => {
      const s = await scenario(storage(), [{ id: 'agt_a' }, { id: 'agt_b', capacity: { max: 1 } }], {
        ...onlyRule({ type: 'least_loaded' }),
        onAgentOffline: 'reroute',
      });
      const tickets = [await assignTo(s, 'agt_a'), await assignTo(s, 'agt_a')];
      await s.desk.agents.update(s.system, 'agt_a', { status: 'offline' });
      const after = await Promise.all(tickets.map((ticket) => s.stored(ticket.id)));
      expect(after.map((ticket) => ticket.assigneeId ?? 'none').sort()).toEqual(['agt_b', 'none']);
      expect(await s.loadOf('agt_a')).toBe(0);
      expect(await s.loadOf('agt_b')).toBe(1);
      expect(await s.queue()).toEqual(
        after.filter((ticket) => ticket.assigneeId === null).map((ticket) => ticket.id),
      );
      expect((await s.decisions(tickets[0]?.id as string))[0]?.data.trigger).toBe('agent_offline');
      // Deactivating an agent reroutes too: nobody else is left, so both tickets wait.
      await s.desk.agents.update(s.system, 'agt_b', { active: false });
      expect(await s.loadOf('agt_b')).toBe(0);
      expect((await s.queue()).sort()).toEqual(tickets.map((ticket) => ticket.id).sort());
    });

    it(
      'tickets.create - 100 concurrent routings to a team whose total capacity is 10: exactly 10 assigned, 90 queued, nobody over capacity',
      async () => {
        const capacities: Record<string, number> = { agt_a: 4, agt_b: 3, agt_c: 2, agt_d: 1 };
        const s = await scenario(
          storage(),
          Object.entries(capacities).map(([id, max]) => ({ id, capacity: { max } })),
          onlyRule({ type: 'round_robin' }),
        );
        const results = await Promise.allSettled(
          range(100).map((index) =>
            s.desk.tickets.create(s.system, { subject: `Race ${index}`, requesterId: s.requesterId }),
          ),
        );
        expect(rejectionCodes(results)).toEqual([]);
        const tickets = await Promise.all(
          results.map((result) => s.stored((result as PromiseFulfilledResult<Ticket>).value.id)),
        );
        const assigned = tickets.filter((ticket) => ticket.assigneeId !== null);
        expect(assigned).toHaveLength(10);
        for (const [agentId, max] of Object.entries(capacities)) {
          expect(assigned.filter((ticket) => ticket.assigneeId === agentId)).toHaveLength(max);
          expect(await s.loadOf(agentId)).toBe(max);
        }
        expect((await s.queue()).sort()).toEqual(
          tickets
            .filter((ticket) => ticket.assigneeId === null)
            .map((ticket) => ticket.id)
            .sort(),
        );
        expect(await s.queue()).toHaveLength(90);
      },
      slow,
    );

    it(
      'routing.route - 100 concurrent routings of open tickets to a team of total capacity 10: exactly 10 assigned, nobody over capacity',
      async () => {
        const capacities: Record<string, number> = { agt_a: 5, agt_b: 5 };
        const s = await scenario(
          storage(),
          Object.entries(capacities).map(([id, max]) => ({ id, capacity: { max, perChannel: { chat: 3 } } })),
          { ...onlyRule({ type: 'least_loaded' }), onCreate: false },
        );
        const tickets: Ticket[] = [];
        for (const index of range(100)) {
          const channel: Channel = index % 2 === 0 ? 'chat' : 'email';
          tickets.push(await s.open({ teamId: 'support', channel }));
        }
        const results = await Promise.allSettled(
          tickets.map((ticket) => s.desk.routing.route(s.system, ticket.id)),
        );
        expect(rejectionCodes(results)).toEqual([]);
        const stored = await Promise.all(tickets.map((ticket) => s.stored(ticket.id)));
        const assigned = stored.filter((ticket) => ticket.assigneeId !== null);
        expect(assigned).toHaveLength(10);
        for (const agentId of Object.keys(capacities)) {
          const mine = assigned.filter((ticket) => ticket.assigneeId === agentId);
          expect(mine).toHaveLength(5);
          expect(mine.filter((ticket) => ticket.channel === 'chat').length).toBeLessThanOrEqual(3);
          expect(await s.loadOf(agentId)).toBe(5);
        }
        expect(await s.queue()).toHaveLength(90);
      },
      slow,
    );
  });
}

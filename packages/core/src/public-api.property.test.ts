import { memoryAdapter } from '@ticketkit/adapters-memory';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Actor, agentActor, customerActor, systemActor } from './actors';
import { createTicketing } from './desk';
import { isTicketkitError, TicketkitError } from './errors';
import {
  AGENT,
  OTHER_TENANT,
  RecordingLogger,
  storedState,
  TEAM,
  type TestDesk,
  testDesk,
} from './test-support';

/**
 * Property: whatever a caller passes to a public command or query, the call either succeeds
 * or rejects with a `TicketkitError` (never a TypeError, a RangeError or a storage failure
 * caused by the input), it reports failure by rejecting rather than by throwing
 * synchronously, and a failed call leaves the stored state unchanged.
 */

const RUNS = 40;

/** A JSON object nested deeper than any schema should walk. */
function deeplyNested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let level = 0; level < depth; level++) value = { nested: value };
  return value;
}
const cyclic: Record<string, unknown> = { name: 'loop' };
cyclic.self = cyclic;

/** Values of the wrong shape: anything, plus edge cases fast-check rarely draws by itself. */
const wrong: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.anything({ maxDepth: 2 }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom<unknown>(
      null,
      undefined,
      '',
      '   ',
      'x'.repeat(70_000),
      0,
      -1,
      1.5,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      2 ** 60,
      true,
      [],
      {},
      new Date(Number.NaN),
      new Date(0),
      () => 'function',
      Symbol('s'),
      10n,
      Object.create(null),
      ['a', 'b'],
      { __proto__: { polluted: true } },
      JSON.parse('{"__proto__": {"polluted": true}}'),
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(deeplyNested(5_000), cyclic) },
);

/** Either a plausible value or a wrong one. */
const maybe = (...valid: unknown[]): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...valid) }, { weight: 1, arbitrary: wrong });

/** An object with some of these fields (each plausible or wrong), or something else entirely. */
const shaped = (fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 1, arbitrary: wrong },
    {
      weight: 4,
      arbitrary: fc
        .tuple(
          fc.record(fields, { requiredKeys: [] }),
          fc.option(fc.dictionary(fc.string(), wrong, { maxKeys: 2 }), { freq: 5 }),
        )
        .map(([record, extra]) => (extra === null ? record : { ...extra, ...record })),
    },
  );

interface Context {
  t: TestDesk;
  actors: Actor[];
  ticketIds: string[];
}

async function context(): Promise<Context> {
  const t = await testDesk();
  const open = await t.open({ message: { body: 'Hello' }, customFields: { plan: 'pro' } }, t.carla);
  const child = await t.open({ parentId: open.id });
  const closed = await t.open({ subject: 'Closed' });
  await t.desk.tickets.transition(t.system, closed.id, { stageId: 'closed' });
  const merged = await t.open({ subject: 'Merged' });
  await t.desk.tickets.merge(t.system, merged.id, { targetId: open.id });
  const alarm = await t.desk.alarms.raise(t.system, {
    dedupKey: 'k',
    subject: 'Alarm',
    requesterId: t.danId,
  });
  await t.desk.tickets.link(t.system, open.id, { type: 'related', targetId: alarm.ticket.id });
  await t.desk.pipelines.create(t.system, {
    id: 'flow',
    name: 'Flow',
    stages: [
      { id: 'todo', name: 'To do', category: 'new', transitionsTo: ['done'] },
      { id: 'done', name: 'Done', category: 'resolved' },
    ],
  });
  return {
    t,
    actors: [
      t.system,
      t.ada,
      agentActor('acme', AGENT.eve),
      agentActor('acme', 'agt_ghost'),
      t.carla,
      t.dan,
      customerActor('acme', 'cus_ghost'),
      systemActor(OTHER_TENANT),
    ],
    ticketIds: [open.id, child.id, closed.id, merged.id, alarm.ticket.id],
  };
}

type Invoke = (c: Context, args: unknown[]) => unknown;

interface PublicCall {
  name: string;
  args: (c: Context) => fc.Arbitrary<unknown[]>;
  invoke: Invoke;
}

const actorArb = (c: Context): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom<unknown>(...c.actors) },
    { weight: 1, arbitrary: wrong },
    {
      weight: 1,
      arbitrary: fc.record(
        {
          kind: maybe('system', 'agent', 'customer', 'robot'),
          tenantId: maybe('acme', ''),
          agentId: maybe(AGENT.ada),
          customerId: maybe(c.t.carlaId),
        },
        { requiredKeys: [] },
      ),
    },
  );
const idArb = (c: Context) => maybe(...c.ticketIds, 'tkt_missing');
const stageIds = [
  'new',
  'waiting_on_us',
  'waiting_on_customer',
  'resolved',
  'closed',
  'todo',
  'done',
  'nope',
];
const attachments = maybe([{ name: 'a.txt', contentType: 'text/plain', size: 1 }], [{ name: '', size: -1 }]);
const customFields = maybe({ plan: 'pro' }, { nested: { deep: [1, null] } }, { bad: Number.NaN });
const identity = maybe(
  { type: 'social', network: 'x', value: '@a' },
  { type: 'phone', value: '+1 555' },
  { type: 'fax', value: '1' },
);
const tags = maybe(['a', 'B'], ['two words'], []);
const cursor = maybe('eyJ9', 'not-a-cursor', 'WyJ0aWNrZXRzOmNyZWF0ZWRBdDpkZXNjIixbMV0sIngiXQ');

const ticketInputs = {
  create: (c: Context) =>
    shaped({
      subject: maybe('Hello', ''),
      type: maybe('task', 'Not A Slug'),
      priority: maybe('high', 'critical'),
      category: maybe('billing', null),
      teamId: maybe(TEAM.support, null, 'team_nope'),
      assigneeId: maybe(AGENT.ada, AGENT.eve, null),
      tags,
      customFields,
      channel: maybe('email', 'alarm', 'pigeon'),
      channelDetail: maybe({ network: 'x' }, null),
      requesterId: maybe(c.t.carlaId, 'cus_nope'),
      requester: maybe({ email: 'new@example.com' }, { identity: { type: 'chat', value: 'v1' } }, {}),
      pipelineId: maybe('default', 'flow', 'nope'),
      stageId: maybe(...stageIds),
      parentId: idArb(c),
      message: maybe(
        { body: 'Hi' },
        { body: 'Hi', visibility: 'internal', externalId: 'ext-1' },
        { body: ' ' },
      ),
      idempotencyKey: maybe('key-1', ''),
    }),
  update: () =>
    shaped({
      subject: maybe('New', ''),
      type: maybe('incident'),
      priority: maybe('low'),
      category: maybe('sales', null),
      tags,
      addTags: tags,
      removeTags: tags,
      customFields,
      channelDetail: maybe({ a: 1 }, null),
      expectedVersion: maybe(1, 2, 0),
    }),
  assign: () =>
    shaped({
      assigneeId: maybe(AGENT.ada, AGENT.bob, AGENT.eve, 'agt_nope', null),
      teamId: maybe(TEAM.support, TEAM.billing, null),
      expectedVersion: maybe(1, 3),
    }),
  transition: () =>
    shaped({
      stageId: maybe(...stageIds),
      pipelineId: maybe('default', 'flow', 'nope'),
      expectedVersion: maybe(1, 2),
    }),
  reply: () =>
    shaped({
      body: maybe('Thanks', ''),
      visibility: maybe('public', 'internal'),
      channel: maybe('chat'),
      externalId: maybe('ext-1', 'ext-2'),
      attachments,
      moveToStageId: maybe(...stageIds),
      expectedVersion: maybe(1, 4),
    }),
  note: () => shaped({ body: maybe('Note'), attachments, expectedVersion: maybe(1) }),
  list: (c: Context) =>
    shaped({
      pipelineId: maybe('default'),
      stageId: maybe('new', ['new', 'closed'], []),
      category: maybe('open', ['closed']),
      priority: maybe('high', ['low', 'urgent']),
      assigneeId: maybe(AGENT.ada, null, [null]),
      teamId: maybe(TEAM.support, [null]),
      tags: maybe(['a'], ['A B']),
      channel: maybe('email'),
      requesterId: maybe(c.t.carlaId),
      type: maybe('question'),
      parentId: idArb(c),
      createdAfter: maybe(new Date(0), '2025-01-01T00:00:00Z', 'yesterday'),
      createdBefore: maybe(new Date(8.64e15)),
      search: maybe('hello world', ''),
      sort: maybe('createdAt', 'updatedAt', 'priority', 'random'),
      order: maybe('asc', 'desc'),
      limit: maybe(1, 200, 201),
      cursor,
    }),
  page: () => shaped({ cursor, limit: maybe(1, 50, 0) }),
  setParent: (c: Context) => shaped({ parentId: maybe(...c.ticketIds, null), expectedVersion: maybe(1) }),
  split: () =>
    shaped({
      children: maybe(
        [{ subject: 'Child' }],
        [{ subject: 'Child', assigneeId: AGENT.bob, message: { body: 'x' } }],
        [],
      ),
    }),
  link: (c: Context) => shaped({ type: maybe('related', 'duplicate_of', 'sibling'), targetId: idArb(c) }),
  merge: (c: Context) => shaped({ targetId: idArb(c), expectedVersion: maybe(1) }),
};

const stageInput = maybe(
  { id: 'a', name: 'A', category: 'new' },
  { id: 'b', name: 'B', category: 'closed', transitionsTo: ['a'] },
  { id: 'a', name: 'Dup', category: 'open' },
  { id: 'c', name: 'C', category: 'open', transitionsTo: ['zz'] },
);
const pipelineFields = {
  name: maybe('Pipeline', ''),
  stages: fc.oneof(fc.array(stageInput, { maxLength: 4 }), wrong),
};
const settingsPatch = shaped({
  defaultPipelineId: maybe('default', 'flow', 'nope'),
  defaultPriority: maybe('low'),
  ticketTypes: maybe(['question'], []),
  categories: maybe([{ id: 'billing', name: 'Billing' }]),
  customFields: maybe([{ key: 'plan', label: 'Plan', type: 'text' }], [{ key: 'x', type: 'color' }]),
  autoCloseAfterSeconds: maybe(60, null, -5),
  allowResolveWithOpenChildren: maybe(true),
  agentReplyMovesToPending: maybe(true),
  customerCanSetPriority: maybe(false),
});
const customerFields = {
  name: maybe('Name', null, ''),
  email: maybe('someone@example.com', 'carla@example.com', 'nope'),
  identities: maybe(
    [{ type: 'social', network: 'x', value: 'h' }],
    [{ type: 'email', value: 'dan@example.com' }],
  ),
  timeZone: maybe('Europe/Paris', 'Mars/Base', null),
  locale: maybe('fr', '!!'),
  attributes: customFields,
};

const calls: PublicCall[] = [
  {
    name: 'tickets.create',
    args: (c) => fc.tuple(actorArb(c), ticketInputs.create(c)),
    invoke: (c, [a, i]) => c.t.desk.tickets.create(a as never, i as never),
  },
  {
    name: 'tickets.get',
    args: (c) => fc.tuple(actorArb(c), idArb(c)),
    invoke: (c, [a, i]) => c.t.desk.tickets.get(a as never, i as never),
  },
  {
    name: 'tickets.list',
    args: (c) => fc.tuple(actorArb(c), ticketInputs.list(c)),
    invoke: (c, [a, q]) => c.t.desk.tickets.list(a as never, q as never),
  },
  {
    name: 'tickets.update',
    args: (c) => fc.tuple(actorArb(c), idArb(c), ticketInputs.update()),
    invoke: (c, [a, i, x]) => c.t.desk.tickets.update(a as never, i as never, x as never),
  },
  {
    name: 'tickets.assign',
    args: (c) => fc.tuple(actorArb(c), idArb(c), ticketInputs.assign()),
    invoke: (c, [a, i, x]) => c.t.desk.tickets.assign(a as never, i as never, x as never),
  },
  {
    name: 'tickets.transition',
    args: (c) => fc.tuple(actorArb(c), idArb(c), ticketInputs.transition()),
    invoke: (c, [a, i, x]) => c.t.desk.tickets.transition(a as never, i as never, x as never),
  },
  {
    name: 'tickets.reply',
    args: (c) => fc.tuple(actorArb(c), idArb(c), ticketInputs.reply()),
    invoke: (c, [a, i, x]) => c.t.desk.tickets.reply(a as never, i as never, x as never),
  },
  {
    name: 'tickets.addNote',
    args: (c) => fc.tuple(actorArb(c), idArb(c), ticketInputs.note()),
    invoke: (c, [a, i, x]) => c.t.desk.tickets.addNote(a as never, i as never, x as never),
  },
  {
    name: 'tickets.messages',
    args: (c) => fc.tuple(actorArb(c), idArb(c), ticketInputs.page()),
    invoke: (c, [a, i, x]) => c.t.desk.tickets.messages(a as never, i as never, x as never),
  },
  {
    name: 'tickets.history',
    args: (c) => fc.tuple(actorArb(c), idArb(c), ticketInputs.page()),
    invoke: (c, [a, i, x]) => c.t.desk.tickets.history(a as never, i as never, x as never),
  },
  {
    name: 'tickets.setParent',
    args: (c) => fc.tuple(actorArb(c), idArb(c), ticketInputs.setParent(c)),
    invoke: (c, [a, i, x]) => c.t.desk.tickets.setParent(a as never, i as never, x as never),
  },
  {
    name: 'tickets.split',
    args: (c) => fc.tuple(actorArb(c), idArb(c), ticketInputs.split()),
    invoke: (c, [a, i, x]) => c.t.desk.tickets.split(a as never, i as never, x as never),
  },
  {
    name: 'tickets.link',
    args: (c) => fc.tuple(actorArb(c), idArb(c), ticketInputs.link(c)),
    invoke: (c, [a, i, x]) => c.t.desk.tickets.link(a as never, i as never, x as never),
  },
  {
    name: 'tickets.unlink',
    args: (c) => fc.tuple(actorArb(c), idArb(c), maybe('lnk_missing')),
    invoke: (c, [a, i, x]) => c.t.desk.tickets.unlink(a as never, i as never, x as never),
  },
  {
    name: 'tickets.links',
    args: (c) => fc.tuple(actorArb(c), idArb(c)),
    invoke: (c, [a, i]) => c.t.desk.tickets.links(a as never, i as never),
  },
  {
    name: 'tickets.merge',
    args: (c) => fc.tuple(actorArb(c), idArb(c), ticketInputs.merge(c)),
    invoke: (c, [a, i, x]) => c.t.desk.tickets.merge(a as never, i as never, x as never),
  },
  {
    name: 'customers.create',
    args: (c) => fc.tuple(actorArb(c), shaped(customerFields)),
    invoke: (c, [a, x]) => c.t.desk.customers.create(a as never, x as never),
  },
  {
    name: 'customers.update',
    args: (c) =>
      fc.tuple(
        actorArb(c),
        maybe(c.t.carlaId, c.t.danId, 'cus_nope'),
        shaped({ ...customerFields, expectedVersion: maybe(1) }),
      ),
    invoke: (c, [a, i, x]) => c.t.desk.customers.update(a as never, i as never, x as never),
  },
  {
    name: 'customers.get',
    args: (c) => fc.tuple(actorArb(c), maybe(c.t.carlaId, 'cus_nope')),
    invoke: (c, [a, i]) => c.t.desk.customers.get(a as never, i as never),
  },
  {
    name: 'customers.findByEmail',
    args: (c) => fc.tuple(actorArb(c), maybe('carla@example.com', 'nope')),
    invoke: (c, [a, e]) => c.t.desk.customers.findByEmail(a as never, e as never),
  },
  {
    name: 'customers.findByIdentity',
    args: (c) => fc.tuple(actorArb(c), identity),
    invoke: (c, [a, x]) => c.t.desk.customers.findByIdentity(a as never, x as never),
  },
  {
    name: 'customers.resolve',
    args: (c) =>
      fc.tuple(
        actorArb(c),
        shaped({ email: maybe('carla@example.com', 'new@x.test'), identity, name: maybe('N') }),
      ),
    invoke: (c, [a, x]) => c.t.desk.customers.resolve(a as never, x as never),
  },
  {
    name: 'customers.list',
    args: (c) => fc.tuple(actorArb(c), ticketInputs.page()),
    invoke: (c, [a, x]) => c.t.desk.customers.list(a as never, x as never),
  },
  {
    name: 'agents.create',
    args: (c) =>
      fc.tuple(
        actorArb(c),
        shaped({
          id: maybe('agt_new', AGENT.ada),
          name: maybe('Agent'),
          email: maybe('a@acme.test', null),
          teamIds: maybe([TEAM.support], ['team_nope']),
          status: maybe('online', 'busy'),
        }),
      ),
    invoke: (c, [a, x]) => c.t.desk.agents.create(a as never, x as never),
  },
  {
    name: 'agents.update',
    args: (c) =>
      fc.tuple(
        actorArb(c),
        maybe(AGENT.ada, 'agt_nope'),
        shaped({
          name: maybe('A'),
          email: maybe('x@acme.test', null),
          teamIds: maybe([TEAM.billing]),
          status: maybe('away'),
          active: maybe(false),
          expectedVersion: maybe(1),
        }),
      ),
    invoke: (c, [a, i, x]) => c.t.desk.agents.update(a as never, i as never, x as never),
  },
  {
    name: 'agents.get',
    args: (c) => fc.tuple(actorArb(c), maybe(AGENT.ada, 'agt_nope')),
    invoke: (c, [a, i]) => c.t.desk.agents.get(a as never, i as never),
  },
  {
    name: 'agents.list',
    args: (c) => fc.tuple(actorArb(c), ticketInputs.page()),
    invoke: (c, [a, x]) => c.t.desk.agents.list(a as never, x as never),
  },
  {
    name: 'teams.create',
    args: (c) =>
      fc.tuple(actorArb(c), shaped({ id: maybe('team_new', TEAM.support), name: maybe('Team', '') })),
    invoke: (c, [a, x]) => c.t.desk.teams.create(a as never, x as never),
  },
  {
    name: 'teams.update',
    args: (c) =>
      fc.tuple(
        actorArb(c),
        maybe(TEAM.support, 'team_nope'),
        shaped({ name: maybe('Renamed'), expectedVersion: maybe(1) }),
      ),
    invoke: (c, [a, i, x]) => c.t.desk.teams.update(a as never, i as never, x as never),
  },
  {
    name: 'teams.get',
    args: (c) => fc.tuple(actorArb(c), maybe(TEAM.support, 'team_nope')),
    invoke: (c, [a, i]) => c.t.desk.teams.get(a as never, i as never),
  },
  {
    name: 'teams.list',
    args: (c) => fc.tuple(actorArb(c)),
    invoke: (c, [a]) => c.t.desk.teams.list(a as never),
  },
  {
    name: 'pipelines.create',
    args: (c) => fc.tuple(actorArb(c), shaped({ id: maybe('p2', 'default', 'flow'), ...pipelineFields })),
    invoke: (c, [a, x]) => c.t.desk.pipelines.create(a as never, x as never),
  },
  {
    name: 'pipelines.update',
    args: (c) =>
      fc.tuple(
        actorArb(c),
        maybe('default', 'flow', 'nope'),
        shaped({ ...pipelineFields, expectedVersion: maybe(1) }),
      ),
    invoke: (c, [a, i, x]) => c.t.desk.pipelines.update(a as never, i as never, x as never),
  },
  {
    name: 'pipelines.get',
    args: (c) => fc.tuple(actorArb(c), maybe('default', 'flow', 'nope')),
    invoke: (c, [a, i]) => c.t.desk.pipelines.get(a as never, i as never),
  },
  {
    name: 'pipelines.list',
    args: (c) => fc.tuple(actorArb(c)),
    invoke: (c, [a]) => c.t.desk.pipelines.list(a as never),
  },
  {
    name: 'alarms.raise',
    args: (c) =>
      fc.tuple(
        actorArb(c),
        shaped({
          dedupKey: maybe('k', 'k2', ''),
          subject: maybe('Alarm'),
          detail: maybe('cpu=99%', ''),
          priority: maybe('urgent'),
          requesterId: maybe(c.t.danId, 'cus_nope'),
          requester: maybe({ email: 'mon@acme.test' }),
          teamId: maybe(TEAM.support, null),
          tags,
          customFields,
          channelDetail: maybe({ source: 'x' }),
        }),
      ),
    invoke: (c, [a, x]) => c.t.desk.alarms.raise(a as never, x as never),
  },
  {
    name: 'settings.get',
    args: (c) => fc.tuple(actorArb(c)),
    invoke: (c, [a]) => c.t.desk.settings.get(a as never),
  },
  {
    name: 'settings.update',
    args: (c) =>
      fc.tuple(actorArb(c), settingsPatch, maybe({}, { expectedVersion: 0 }, { expectedVersion: 1 })),
    invoke: (c, [a, p, o]) => c.t.desk.settings.update(a as never, p as never, o as never),
  },
  {
    name: 'events.list',
    args: (c) =>
      fc.tuple(
        actorArb(c),
        shaped({
          after: maybe(null, 'WyJldmVudHMiLFsxXSwiIl0', 'nope'),
          limit: maybe(1, 100),
          types: maybe(['ticket.created'], []),
        }),
      ),
    invoke: (c, [a, q]) => c.t.desk.events.list(a as never, q as never),
  },
  {
    name: 'scheduler.runDueJobs',
    args: () =>
      fc.tuple(
        shaped({
          now: maybe(new Date('2030-01-01T00:00:00Z'), '2030-01-01T00:00:00Z', 'soon'),
          limit: maybe(1, 10_001),
          leaseSeconds: maybe(60, 0),
        }),
      ),
    invoke: (c, [o]) => c.t.desk.scheduler.runDueJobs(o as never),
  },
];

/** Runs one call and checks the contract; returns whether it succeeded. */
async function checkCall(c: Context, call: PublicCall, args: unknown[]): Promise<boolean> {
  const tenants = ['acme', OTHER_TENANT];
  const before = await Promise.all(tenants.map((tenant) => storedState(c.t.storage, tenant)));
  let returned: unknown;
  try {
    returned = call.invoke(c, args);
  } catch (error) {
    throw new Error(`${call.name} threw synchronously instead of rejecting: ${String(error)}`);
  }
  expect(returned, `${call.name} returns a promise`).toBeInstanceOf(Promise);
  try {
    await returned;
    return true;
  } catch (error) {
    if (!(error instanceof TicketkitError)) {
      throw new Error(
        `${call.name} failed with ${(error as Error)?.name}: ${String((error as Error)?.message ?? error)}`,
      );
    }
    expect(error.code, `${call.name}: ${error.message}`).not.toBe('STORAGE_FAILURE');
    expect(JSON.parse(JSON.stringify(error.toJSON())).code).toBe(error.code);
    const after = await Promise.all(tenants.map((tenant) => storedState(c.t.storage, tenant)));
    expect(after, `${call.name} failed with ${error.code} but changed the store`).toEqual(before);
    return false;
  } finally {
    expect(c.t.logger.errors, `${call.name} logged a failure`).toEqual([]);
  }
}

describe('public API (property)', () => {
  for (const call of calls) {
    it(`bad input - ${call.name} succeeds or fails with a TicketkitError and writes nothing when it fails`, async () => {
      const c = await context();
      await fc.assert(
        fc.asyncProperty(call.args(c), async (args) => {
          await checkCall(c, call, args);
        }),
        { numRuns: RUNS },
      );
    });
  }

  it('bad input - createTicketing returns a desk or throws a TicketkitError', () => {
    const storage = memoryAdapter();
    const options = shaped({
      storage: maybe(storage, { name: 'x', capabilities: {}, transaction: () => null }, { name: 'x' }),
      clock: maybe({ now: () => new Date(0) }, { now: 1 }),
      generateId: maybe(() => 'id', 'id'),
      logger: maybe(new RecordingLogger(), { error: () => {} }),
      defaults: maybe({}, { defaultPriority: 'low' }, { ticketTypes: [] }),
    });
    fc.assert(
      fc.property(options, (input) => {
        try {
          const desk = createTicketing(input as never);
          expect(typeof desk.tickets.create).toBe('function');
        } catch (error) {
          expect(isTicketkitError(error, 'VALIDATION_FAILED'), String(error)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});

import { memoryAdapter } from '@ticketkit/adapters-memory';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Actor, agentActor, customerActor, systemActor } from './actors';
import { createTicketing, type Ticketing } from './desk';
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
 * or rejects with a `TicketkitError` (never a TypeError, a RangeError, or a storage failure
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

/** One of these plausible values, or a wrong one. */
const maybe = (...plausible: unknown[]): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...plausible) }, { weight: 1, arbitrary: wrong });

/**
 * An input object: valid-looking field values (so that calls also succeed and reach their
 * deeper rules), often with exactly one field bad (a plausible wrong value from `bad`, or
 * anything), sometimes with an unknown key, sometimes not an object at all. `required`
 * fields are always present in the valid-looking records.
 */
function shaped(
  good: Record<string, unknown[]>,
  options: { required?: string[]; bad?: Record<string, unknown[]> } = {},
): fc.Arbitrary<unknown> {
  const keys = [...new Set([...Object.keys(good), ...Object.keys(options.bad ?? {})])];
  const valid = fc.record(
    Object.fromEntries(Object.entries(good).map(([key, values]) => [key, fc.constantFrom(...values)])),
    { requiredKeys: (options.required ?? []) as never[] },
  ) as fc.Arbitrary<Record<string, unknown>>;
  const badValue = (key: string): fc.Arbitrary<unknown> => {
    const plausible = options.bad?.[key];
    return plausible === undefined ? wrong : fc.oneof(fc.constantFrom(...plausible), wrong);
  };
  return fc.oneof(
    { weight: 1, arbitrary: wrong },
    { weight: 4, arbitrary: valid },
    {
      weight: 4,
      arbitrary: fc
        .tuple(valid, fc.constantFrom(...keys))
        .chain(([record, key]) => badValue(key).map((value) => ({ ...record, [key]: value }))),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(valid, fc.string(), wrong)
        .map(([record, key, value]) => ({ [key]: value, ...record })),
    },
  );
}

interface Context {
  t: TestDesk;
  actors: Actor[];
  ticketIds: string[];
  linkId: string;
  blockIds: string[];
}

/** A desk with tickets in every interesting state: open, child, closed, merged, alarm, resolved. */
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
  const link = await t.desk.tickets.link(t.system, open.id, { type: 'related', targetId: alarm.ticket.id });
  const resolved = await t.open({ subject: 'Resolved' });
  await t.desk.tickets.transition(t.system, resolved.id, { stageId: 'resolved' });
  await t.desk.pipelines.create(t.system, {
    id: 'flow',
    name: 'Flow',
    stages: [
      { id: 'todo', name: 'To do', category: 'new', transitionsTo: ['done'] },
      { id: 'done', name: 'Done', category: 'resolved' },
    ],
  });
  const { block } = await t.desk.credits.grant(t.system, {
    customerId: t.carlaId,
    amount: 20,
    expiresAt: '2026-01-01T00:00:00Z',
    idempotencyKey: 'seed-grant',
  });
  await t.desk.credits.consume(t.system, {
    customerId: t.carlaId,
    service: 'chat_question',
    idempotencyKey: 'seed-q',
  });
  await t.desk.credits.reserve(t.system, {
    customerId: t.carlaId,
    service: 'chat_question',
    key: 'seed-hold',
  });
  return {
    t,
    blockIds: [block.id],
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
    ticketIds: [open.id, child.id, closed.id, merged.id, alarm.ticket.id, resolved.id],
    linkId: link.linkId,
  };
}

const actorArb = (c: Context): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom<unknown>(c.t.system, c.t.ada) },
    { weight: 2, arbitrary: fc.constantFrom<unknown>(c.t.carla, c.t.dan) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(...c.actors) },
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

const STAGE_IDS = ['new', 'waiting_on_us', 'waiting_on_customer', 'resolved', 'closed', 'todo', 'done'];
const ATTACHMENTS = [[{ name: 'a.txt', contentType: 'text/plain', size: 1 }], []];
const BAD_ATTACHMENTS = [[{ name: '', size: -1 }], [{ name: 'x', contentType: 'y', size: 1.5 }]];
const CUSTOM_FIELDS = [{ plan: 'pro' }, { nested: { deep: [1, null] } }, {}];
const BAD_CUSTOM_FIELDS = [{ bad: Number.NaN }, { list: [undefined] }, { date: new Date(0) }];
const IDENTITIES = [
  { type: 'social', network: 'x', value: '@a' },
  { type: 'phone', value: '+1 555' },
];
const BAD_IDENTITIES = [
  { type: 'fax', value: '1' },
  { type: 'social', value: '' },
];
const TAGS = [['a', 'B'], []];
const BAD_TAGS = [['two words'], [''], ['x'.repeat(65)]];
const BAD_CURSORS = ['eyJ9', 'not-a-cursor', 'WyJ0aWNrZXRzOmNyZWF0ZWRBdDpkZXNjIixbMV0sIngiXQ'];
const VERSIONS = [1, 2];
const BAD_VERSIONS = [0, -1, 1.5, '1'];

const ticketInputs = {
  create: (c: Context) =>
    shaped(
      {
        subject: ['Hello'],
        requesterId: [c.t.carlaId, c.t.danId],
        type: ['task'],
        priority: ['high'],
        category: ['billing', null],
        teamId: [TEAM.support, null],
        assigneeId: [AGENT.ada, null],
        tags: TAGS,
        customFields: CUSTOM_FIELDS,
        channel: ['email', 'chat'],
        channelDetail: [{ network: 'x' }, null],
        pipelineId: ['default', 'flow'],
        stageId: ['new', 'todo'],
        parentId: c.ticketIds,
        message: [{ body: 'Hi' }, { body: 'Hi', visibility: 'internal', externalId: 'ext-1' }],
        idempotencyKey: ['key-1', 'key-2'],
      },
      {
        required: ['subject', 'requesterId'],
        bad: {
          subject: ['', '   '],
          requesterId: ['cus_nope'],
          requester: [{ email: 'new@example.com' }],
          type: ['Not A Slug', 'rant'],
          priority: ['critical'],
          teamId: ['team_nope'],
          assigneeId: [AGENT.eve, 'agt_nope'],
          tags: BAD_TAGS,
          customFields: BAD_CUSTOM_FIELDS,
          channel: ['pigeon'],
          pipelineId: ['nope'],
          stageId: ['resolved', 'closed', 'nope'],
          message: [{ body: ' ' }, {}],
          idempotencyKey: [''],
        },
      },
    ),
  update: () =>
    shaped(
      {
        subject: ['New'],
        type: ['incident'],
        priority: ['low'],
        category: ['sales', null],
        tags: TAGS,
        addTags: TAGS,
        removeTags: TAGS,
        customFields: CUSTOM_FIELDS,
        channelDetail: [{ a: 1 }, null],
        expectedVersion: VERSIONS,
      },
      {
        bad: {
          subject: [''],
          type: ['Bad Type', 'unknown'],
          tags: BAD_TAGS,
          customFields: BAD_CUSTOM_FIELDS,
          expectedVersion: BAD_VERSIONS,
        },
      },
    ),
  assign: () =>
    shaped(
      {
        assigneeId: [AGENT.ada, AGENT.bob, AGENT.cyd, null],
        teamId: [TEAM.support, TEAM.billing, null],
        expectedVersion: VERSIONS,
      },
      { bad: { assigneeId: [AGENT.eve, 'agt_nope'], teamId: ['team_nope'], expectedVersion: BAD_VERSIONS } },
    ),
  transition: () =>
    shaped(
      { stageId: STAGE_IDS, pipelineId: ['default', 'flow'], expectedVersion: VERSIONS },
      {
        required: ['stageId'],
        bad: { stageId: ['nope', 'Bad Stage'], pipelineId: ['nope'], expectedVersion: BAD_VERSIONS },
      },
    ),
  reply: () =>
    shaped(
      {
        body: ['Thanks'],
        visibility: ['public', 'internal'],
        channel: ['chat'],
        externalId: ['ext-1', 'ext-2'],
        attachments: ATTACHMENTS,
        moveToStageId: STAGE_IDS,
        expectedVersion: VERSIONS,
      },
      {
        required: ['body'],
        bad: {
          body: ['', ' \n '],
          visibility: ['secret'],
          attachments: BAD_ATTACHMENTS,
          moveToStageId: ['nope'],
          expectedVersion: BAD_VERSIONS,
        },
      },
    ),
  note: () =>
    shaped(
      { body: ['Note'], attachments: ATTACHMENTS, expectedVersion: VERSIONS },
      { required: ['body'], bad: { body: [''], attachments: BAD_ATTACHMENTS } },
    ),
  list: (c: Context) =>
    shaped(
      {
        pipelineId: ['default'],
        stageId: ['new', ['new', 'closed']],
        category: ['open', ['closed']],
        priority: ['high', ['low', 'urgent']],
        assigneeId: [AGENT.ada, null, [null]],
        teamId: [TEAM.support, [null]],
        tags: [['a']],
        channel: ['email'],
        requesterId: [c.t.carlaId],
        type: ['question'],
        parentId: c.ticketIds,
        createdAfter: [new Date(0), '2025-01-01T00:00:00Z'],
        createdBefore: [new Date(8.64e15)],
        search: ['hello world'],
        sort: ['createdAt', 'updatedAt', 'priority'],
        order: ['asc', 'desc'],
        limit: [1, 200],
      },
      {
        bad: {
          stageId: [[]],
          tags: [['A B']],
          createdAfter: ['yesterday', new Date(Number.NaN)],
          search: [''],
          sort: ['random'],
          limit: [0, 201],
          cursor: BAD_CURSORS,
        },
      },
    ),
  page: () => shaped({ limit: [1, 50] }, { bad: { cursor: BAD_CURSORS, limit: [0, 201] } }),
  setParent: (c: Context) =>
    shaped(
      { parentId: [...c.ticketIds, null], expectedVersion: VERSIONS },
      { required: ['parentId'], bad: { expectedVersion: BAD_VERSIONS } },
    ),
  split: () =>
    shaped(
      {
        children: [
          [{ subject: 'Child' }],
          [{ subject: 'Child', assigneeId: AGENT.bob, message: { body: 'x' } }],
        ],
      },
      {
        required: ['children'],
        bad: { children: [[], [{ subject: 'Child', type: 'nope' }], [{ subject: '' }]] },
      },
    ),
  link: (c: Context) =>
    shaped(
      { type: ['related', 'duplicate_of', 'caused_by'], targetId: c.ticketIds },
      { required: ['type', 'targetId'], bad: { type: ['sibling'], targetId: ['tkt_nope'] } },
    ),
  merge: (c: Context) =>
    shaped(
      { targetId: c.ticketIds, expectedVersion: VERSIONS },
      { required: ['targetId'], bad: { targetId: ['tkt_nope'], expectedVersion: BAD_VERSIONS } },
    ),
};

const STAGE_LISTS = [
  [{ id: 'a', name: 'A', category: 'new' }],
  [
    { id: 'a', name: 'A', category: 'new', transitionsTo: ['b'] },
    { id: 'b', name: 'B', category: 'closed' },
  ],
  [
    { id: 'todo', name: 'To do', category: 'open' },
    { id: 'done', name: 'Done', category: 'resolved' },
  ],
];
const BAD_STAGE_LISTS = [
  [
    { id: 'a', name: 'A', category: 'new' },
    { id: 'a', name: 'Dup', category: 'open' },
  ],
  [{ id: 'c', name: 'C', category: 'open', transitionsTo: ['zz'] }],
  [{ id: 'c', name: 'C', category: 'archived' }],
  [],
];
const SETTINGS_PATCH = {
  defaultPipelineId: ['default', 'flow'],
  defaultPriority: ['low', 'medium'],
  ticketTypes: [['question', 'task']],
  categories: [[{ id: 'billing', name: 'Billing' }], []],
  customFields: [[{ key: 'plan', label: 'Plan', type: 'text' }], []],
  autoCloseAfterSeconds: [60, null],
  allowResolveWithOpenChildren: [true, false],
  agentReplyMovesToPending: [true, false],
  customerCanSetPriority: [false, true],
  sla: [
    {
      calendars: [
        {
          id: 'office',
          name: 'Office',
          calendar: {
            mode: 'business_hours',
            timeZone: 'Europe/Paris',
            weekly: { mon: [{ start: '09:00', end: '17:00' }] },
          },
        },
      ],
      policies: [
        { id: 'std', name: 'Std', calendarId: 'office', targets: { fallback: { firstResponseMinutes: 60 } } },
      ],
    },
    { policies: [] },
  ],
  escalation: [
    {
      levels: [
        { id: 'l1', name: 'L1', teamId: TEAM.support },
        { id: 'l2', name: 'L2' },
      ],
      policies: [
        {
          id: 'b',
          name: 'B',
          trigger: { type: 'sla_breach', metric: 'first_response' },
          actions: [{ type: 'raise_level' }],
        },
      ],
    },
    {},
  ],
};
const BAD_SETTINGS = {
  defaultPipelineId: ['nope', ''],
  ticketTypes: [[]],
  customFields: [[{ key: 'x', type: 'color' }]],
  autoCloseAfterSeconds: [-5, 1.5],
  sla: [
    {
      calendars: [
        { id: 'x', name: 'X', calendar: { mode: 'business_hours', timeZone: 'Mars/Base', weekly: {} } },
      ],
    },
    { policies: [{ id: 'p', name: 'P', calendarId: 'missing', targets: {} }] },
    { policies: [{ id: 'p', name: 'P', targets: { fallback: { firstResponseMinutes: 60 } } }] },
  ],
  escalation: [{ levels: [] }, { levels: [{ id: 'l1', name: 'L1', teamId: 'team_nope' }] }],
};
const CUSTOMER_FIELDS = {
  name: ['Name', null],
  email: ['someone@example.com', 'other@example.com'],
  identities: [[{ type: 'social', network: 'x', value: 'h' }], []],
  timeZone: ['Europe/Paris', null],
  locale: ['fr', null],
  attributes: CUSTOM_FIELDS,
};
const BAD_CUSTOMER_FIELDS = {
  name: [''],
  email: ['carla@example.com', 'nope'],
  identities: [[{ type: 'email', value: 'dan@example.com' }], BAD_IDENTITIES],
  timeZone: ['Mars/Base'],
  locale: ['!!'],
  attributes: BAD_CUSTOM_FIELDS,
};
const AGENT_FIELDS = {
  name: ['Agent'],
  email: ['new.agent@acme.test', null],
  teamIds: [[TEAM.support], []],
  status: ['online', 'away'],
};
const BAD_AGENT_FIELDS = { name: [''], email: ['nope'], teamIds: [['team_nope']], status: ['busy'] };

/** A public call: how to draw its arguments and how to make it. */
interface PublicCall {
  name: string;
  args: (c: Context) => fc.Arbitrary<unknown[]>;
  invoke: (desk: Ticketing, args: unknown[]) => unknown;
}

type Loose = (...args: unknown[]) => unknown;
/** Calls a desk method with arguments the type system would refuse: that is the point. */
const method = (pick: (desk: Ticketing) => unknown) => (desk: Ticketing, args: unknown[]) =>
  (pick(desk) as Loose)(...args);

const calls: PublicCall[] = [
  {
    name: 'tickets.create',
    args: (c) => fc.tuple(actorArb(c), ticketInputs.create(c)),
    invoke: method((d) => d.tickets.create.bind(d.tickets)),
  },
  {
    name: 'tickets.get',
    args: (c) => fc.tuple(actorArb(c), idArb(c)),
    invoke: method((d) => d.tickets.get.bind(d.tickets)),
  },
  {
    name: 'tickets.list',
    args: (c) => fc.tuple(actorArb(c), ticketInputs.list(c)),
    invoke: method((d) => d.tickets.list.bind(d.tickets)),
  },
  {
    name: 'tickets.update',
    args: (c) => fc.tuple(actorArb(c), idArb(c), ticketInputs.update()),
    invoke: method((d) => d.tickets.update.bind(d.tickets)),
  },
  {
    name: 'tickets.assign',
    args: (c) => fc.tuple(actorArb(c), idArb(c), ticketInputs.assign()),
    invoke: method((d) => d.tickets.assign.bind(d.tickets)),
  },
  {
    name: 'tickets.transition',
    args: (c) => fc.tuple(actorArb(c), idArb(c), ticketInputs.transition()),
    invoke: method((d) => d.tickets.transition.bind(d.tickets)),
  },
  {
    name: 'tickets.reply',
    args: (c) => fc.tuple(actorArb(c), idArb(c), ticketInputs.reply()),
    invoke: method((d) => d.tickets.reply.bind(d.tickets)),
  },
  {
    name: 'tickets.addNote',
    args: (c) => fc.tuple(actorArb(c), idArb(c), ticketInputs.note()),
    invoke: method((d) => d.tickets.addNote.bind(d.tickets)),
  },
  {
    name: 'tickets.messages',
    args: (c) => fc.tuple(actorArb(c), idArb(c), ticketInputs.page()),
    invoke: method((d) => d.tickets.messages.bind(d.tickets)),
  },
  {
    name: 'tickets.history',
    args: (c) => fc.tuple(actorArb(c), idArb(c), ticketInputs.page()),
    invoke: method((d) => d.tickets.history.bind(d.tickets)),
  },
  {
    name: 'tickets.setParent',
    args: (c) => fc.tuple(actorArb(c), idArb(c), ticketInputs.setParent(c)),
    invoke: method((d) => d.tickets.setParent.bind(d.tickets)),
  },
  {
    name: 'tickets.split',
    args: (c) => fc.tuple(actorArb(c), idArb(c), ticketInputs.split()),
    invoke: method((d) => d.tickets.split.bind(d.tickets)),
  },
  {
    name: 'tickets.link',
    args: (c) => fc.tuple(actorArb(c), idArb(c), ticketInputs.link(c)),
    invoke: method((d) => d.tickets.link.bind(d.tickets)),
  },
  {
    name: 'tickets.unlink',
    args: (c) => fc.tuple(actorArb(c), idArb(c), maybe(c.linkId, 'lnk_missing')),
    invoke: method((d) => d.tickets.unlink.bind(d.tickets)),
  },
  {
    name: 'tickets.links',
    args: (c) => fc.tuple(actorArb(c), idArb(c)),
    invoke: method((d) => d.tickets.links.bind(d.tickets)),
  },
  {
    name: 'tickets.merge',
    args: (c) => fc.tuple(actorArb(c), idArb(c), ticketInputs.merge(c)),
    invoke: method((d) => d.tickets.merge.bind(d.tickets)),
  },
  {
    name: 'customers.create',
    args: (c) => fc.tuple(actorArb(c), shaped(CUSTOMER_FIELDS, { bad: BAD_CUSTOMER_FIELDS })),
    invoke: method((d) => d.customers.create.bind(d.customers)),
  },
  {
    name: 'customers.update',
    args: (c) =>
      fc.tuple(
        actorArb(c),
        maybe(c.t.carlaId, c.t.danId, 'cus_nope'),
        shaped(
          { ...CUSTOMER_FIELDS, expectedVersion: VERSIONS },
          { bad: { ...BAD_CUSTOMER_FIELDS, expectedVersion: BAD_VERSIONS } },
        ),
      ),
    invoke: method((d) => d.customers.update.bind(d.customers)),
  },
  {
    name: 'customers.get',
    args: (c) => fc.tuple(actorArb(c), maybe(c.t.carlaId, 'cus_nope')),
    invoke: method((d) => d.customers.get.bind(d.customers)),
  },
  {
    name: 'customers.findByEmail',
    args: (c) => fc.tuple(actorArb(c), maybe('carla@example.com', 'nope')),
    invoke: method((d) => d.customers.findByEmail.bind(d.customers)),
  },
  {
    name: 'customers.findByIdentity',
    args: (c) => fc.tuple(actorArb(c), maybe(...IDENTITIES, ...BAD_IDENTITIES)),
    invoke: method((d) => d.customers.findByIdentity.bind(d.customers)),
  },
  {
    name: 'customers.resolve',
    args: (c) =>
      fc.tuple(
        actorArb(c),
        shaped(
          { email: ['carla@example.com', 'new@x.test'], name: ['N'] },
          { required: ['email'], bad: { email: ['nope'], identity: BAD_IDENTITIES } },
        ),
      ),
    invoke: method((d) => d.customers.resolve.bind(d.customers)),
  },
  {
    name: 'customers.list',
    args: (c) => fc.tuple(actorArb(c), ticketInputs.page()),
    invoke: method((d) => d.customers.list.bind(d.customers)),
  },
  {
    name: 'agents.create',
    args: (c) =>
      fc.tuple(
        actorArb(c),
        shaped(
          { ...AGENT_FIELDS, id: ['agt_new', 'agt_other'] },
          { required: ['name'], bad: { ...BAD_AGENT_FIELDS, id: [AGENT.ada, ''] } },
        ),
      ),
    invoke: method((d) => d.agents.create.bind(d.agents)),
  },
  {
    name: 'agents.update',
    args: (c) =>
      fc.tuple(
        actorArb(c),
        maybe(AGENT.ada, AGENT.cyd, 'agt_nope'),
        shaped(
          { ...AGENT_FIELDS, active: [false, true], expectedVersion: VERSIONS },
          { bad: { ...BAD_AGENT_FIELDS, expectedVersion: BAD_VERSIONS } },
        ),
      ),
    invoke: method((d) => d.agents.update.bind(d.agents)),
  },
  {
    name: 'agents.get',
    args: (c) => fc.tuple(actorArb(c), maybe(AGENT.ada, 'agt_nope')),
    invoke: method((d) => d.agents.get.bind(d.agents)),
  },
  {
    name: 'agents.list',
    args: (c) => fc.tuple(actorArb(c), ticketInputs.page()),
    invoke: method((d) => d.agents.list.bind(d.agents)),
  },
  {
    name: 'teams.create',
    args: (c) =>
      fc.tuple(
        actorArb(c),
        shaped(
          { id: ['team_new', 'team_other'], name: ['Team'] },
          { required: ['name'], bad: { id: [TEAM.support], name: [''] } },
        ),
      ),
    invoke: method((d) => d.teams.create.bind(d.teams)),
  },
  {
    name: 'teams.update',
    args: (c) =>
      fc.tuple(
        actorArb(c),
        maybe(TEAM.support, 'team_nope'),
        shaped(
          { name: ['Renamed', 'Support'], expectedVersion: VERSIONS },
          { bad: { name: [''], expectedVersion: BAD_VERSIONS } },
        ),
      ),
    invoke: method((d) => d.teams.update.bind(d.teams)),
  },
  {
    name: 'teams.get',
    args: (c) => fc.tuple(actorArb(c), maybe(TEAM.support, 'team_nope')),
    invoke: method((d) => d.teams.get.bind(d.teams)),
  },
  {
    name: 'teams.list',
    args: (c) => fc.tuple(actorArb(c)),
    invoke: method((d) => d.teams.list.bind(d.teams)),
  },
  {
    name: 'pipelines.create',
    args: (c) =>
      fc.tuple(
        actorArb(c),
        shaped(
          { id: ['p2', 'p3'], name: ['Pipeline'], stages: STAGE_LISTS },
          {
            required: ['name', 'stages'],
            bad: { id: ['default', 'flow'], name: [''], stages: BAD_STAGE_LISTS },
          },
        ),
      ),
    invoke: method((d) => d.pipelines.create.bind(d.pipelines)),
  },
  {
    name: 'pipelines.update',
    args: (c) =>
      fc.tuple(
        actorArb(c),
        maybe('default', 'flow', 'nope'),
        shaped(
          { name: ['Renamed'], stages: STAGE_LISTS, expectedVersion: VERSIONS },
          { bad: { name: [''], stages: BAD_STAGE_LISTS, expectedVersion: BAD_VERSIONS } },
        ),
      ),
    invoke: method((d) => d.pipelines.update.bind(d.pipelines)),
  },
  {
    name: 'pipelines.get',
    args: (c) => fc.tuple(actorArb(c), maybe('default', 'flow', 'nope')),
    invoke: method((d) => d.pipelines.get.bind(d.pipelines)),
  },
  {
    name: 'pipelines.list',
    args: (c) => fc.tuple(actorArb(c)),
    invoke: method((d) => d.pipelines.list.bind(d.pipelines)),
  },
  {
    name: 'alarms.raise',
    args: (c) =>
      fc.tuple(
        actorArb(c),
        shaped(
          {
            dedupKey: ['k', 'k2'],
            subject: ['Alarm'],
            requesterId: [c.t.danId],
            detail: ['cpu=99%'],
            priority: ['urgent'],
            teamId: [TEAM.support, null],
            tags: TAGS,
            customFields: CUSTOM_FIELDS,
            channelDetail: [{ source: 'x' }],
          },
          {
            required: ['dedupKey', 'subject', 'requesterId'],
            bad: {
              dedupKey: [''],
              subject: [''],
              requesterId: ['cus_nope'],
              detail: [''],
              requester: [{ email: 'mon@acme.test' }],
              tags: BAD_TAGS,
              customFields: BAD_CUSTOM_FIELDS,
            },
          },
        ),
      ),
    invoke: method((d) => d.alarms.raise.bind(d.alarms)),
  },
  ...creditCalls(),
  {
    name: 'settings.get',
    args: (c) => fc.tuple(actorArb(c)),
    invoke: method((d) => d.settings.get.bind(d.settings)),
  },
  {
    name: 'settings.update',
    args: (c) =>
      fc.tuple(
        actorArb(c),
        shaped(SETTINGS_PATCH, { bad: BAD_SETTINGS }),
        shaped({ expectedVersion: [0, 1, 2] }, { bad: { expectedVersion: [-1, 'one'] } }),
      ),
    invoke: method((d) => d.settings.update.bind(d.settings)),
  },
  {
    name: 'csat.submit',
    args: (c) =>
      fc.tuple(
        actorArb(c),
        idArb(c),
        shaped(
          { score: [1, 3, 5], comment: ['Thanks'] },
          { required: ['score'], bad: { score: [0, 6, 2.5], comment: [''] } },
        ),
      ),
    invoke: method((d) => d.csat.submit.bind(d.csat)),
  },
  {
    name: 'sla.recompute',
    args: (c) => fc.tuple(actorArb(c), idArb(c)),
    invoke: method((d) => d.sla.recompute.bind(d.sla)),
  },
  {
    name: 'escalation.escalate',
    args: (c) =>
      fc.tuple(
        actorArb(c),
        idArb(c),
        shaped(
          { note: ['Tried a restart'], toLevel: [2, 5], expectedVersion: VERSIONS },
          {
            required: ['note'],
            bad: { note: ['', '  '], toLevel: [0, 6, 21, 1.5], expectedVersion: BAD_VERSIONS },
          },
        ),
      ),
    invoke: method((d) => d.escalation.escalate.bind(d.escalation)),
  },
  {
    name: 'escalation.stats',
    args: (c) =>
      fc.tuple(
        actorArb(c),
        shaped(
          { from: [new Date(0), '2025-01-01T00:00:00Z'], to: [new Date('2030-01-01T00:00:00Z')] },
          {
            required: ['from', 'to'],
            bad: { from: ['2031-01-01T00:00:00Z', 'soon'], to: [new Date(Number.NaN)] },
          },
        ),
      ),
    invoke: method((d) => d.escalation.stats.bind(d.escalation)),
  },
  {
    name: 'events.list',
    args: (c) =>
      fc.tuple(
        actorArb(c),
        shaped(
          { after: [null, 'WyJldmVudHMiLFsxXSwiIl0'], limit: [1, 100], types: [['ticket.created']] },
          { bad: { after: ['nope'], limit: [0], types: [[]] } },
        ),
      ),
    invoke: method((d) => d.events.list.bind(d.events)),
  },
  {
    name: 'scheduler.runDueJobs',
    args: () =>
      fc.tuple(
        shaped(
          {
            now: [new Date('2030-01-01T00:00:00Z'), '2030-01-01T00:00:00Z'],
            limit: [1, 100],
            leaseSeconds: [60],
          },
          { bad: { now: ['soon'], limit: [10_001], leaseSeconds: [0] } },
        ),
      ),
    invoke: method((d) => d.scheduler.runDueJobs.bind(d.scheduler)),
  },
];

/** The credits API: staff change, customers read their own; every change takes a key. */
function creditCalls(): PublicCall[] {
  const customer = (c: Context) => maybe(c.t.carlaId, c.t.danId, 'cus_nope');
  const key = maybe('k1', 'k2', 'seed-q', 'seed-hold', '');
  const credits = (name: keyof Ticketing['credits']) =>
    method((d) => (d.credits[name] as Loose).bind(d.credits));
  const changes: Array<[keyof Ticketing['credits'], (c: Context) => fc.Arbitrary<unknown>]> = [
    [
      'grant',
      (c) =>
        shaped(
          {
            customerId: [c.t.carlaId, c.t.danId],
            amount: [1, 5],
            effectiveAt: ['2025-03-03T09:00:00Z'],
            expiresAt: ['2026-01-01T00:00:00Z', null],
            validForMonths: [6],
            priority: [0, 50],
            costBasis: [0, 100],
            scope: [['chat_question'], null],
            externalRef: ['order-1', null],
            idempotencyKey: ['g1', 'g2', 'seed-grant'],
          },
          {
            required: ['customerId', 'amount', 'idempotencyKey'],
            bad: {
              customerId: ['cus_nope'],
              amount: [0, -1, 1.5],
              expiresAt: ['2020-01-01T00:00:00Z', 'soon'],
              validForMonths: [0],
              scope: [[], ['Bad Scope']],
            },
          },
        ),
    ],
    [
      'consume',
      (c) =>
        shaped(
          {
            customerId: [c.t.carlaId, c.t.danId],
            service: ['chat_question', 'phone_followup'],
            quantity: [1, 30],
            idempotencyKey: ['q1', 'q2', 'seed-q'],
            ticketId: c.ticketIds,
            messageId: ['msg_1'],
          },
          {
            required: ['customerId', 'service', 'idempotencyKey'],
            bad: { service: ['fax', 'Bad'], quantity: [0, 1.5], ticketId: ['tkt_nope'] },
          },
        ),
    ],
    [
      'reserve',
      (c) =>
        shaped(
          {
            customerId: [c.t.carlaId, c.t.danId],
            service: ['chat_question'],
            quantity: [1, 30],
            key: ['h1', 'h2', 'seed-hold'],
            timeoutSeconds: [60, null],
          },
          { required: ['customerId', 'service', 'key'], bad: { timeoutSeconds: [0], key: [''] } },
        ),
    ],
    [
      'commit',
      (c) =>
        shaped(
          { customerId: [c.t.carlaId, c.t.danId], key: ['seed-hold', 'h1'], amount: [0, 1] },
          { required: ['customerId', 'key'], bad: { amount: [2, -1] } },
        ),
    ],
    [
      'voidHold',
      (c) =>
        shaped({ customerId: [c.t.carlaId], key: ['seed-hold', 'h1'] }, { required: ['customerId', 'key'] }),
    ],
    [
      'refund',
      (c) =>
        shaped(
          {
            customerId: [c.t.carlaId, c.t.danId],
            chargeKey: ['seed-q', 'nope'],
            amount: [1],
            idempotencyKey: ['r1'],
          },
          { required: ['customerId', 'chargeKey', 'idempotencyKey'], bad: { amount: [2, 0] } },
        ),
    ],
    [
      'changeExpiry',
      (c) =>
        shaped(
          {
            customerId: [c.t.carlaId],
            blockId: [...c.blockIds, 'blk_nope'],
            expiresAt: ['2027-01-01T00:00:00Z', null],
            amount: [1],
            idempotencyKey: ['e1'],
          },
          {
            required: ['customerId', 'blockId', 'idempotencyKey', 'expiresAt'],
            bad: { expiresAt: ['2020-01-01T00:00:00Z'], amount: [100], validForMonths: [3] },
          },
        ),
    ],
    [
      'voidBlock',
      (c) =>
        shaped(
          {
            customerId: [c.t.carlaId, c.t.danId],
            blockId: [...c.blockIds, 'blk_nope'],
            idempotencyKey: ['v1'],
          },
          { required: ['customerId', 'blockId', 'idempotencyKey'] },
        ),
    ],
  ];
  return [
    ...changes.map(([name, input]) => ({
      name: `credits.${name}`,
      args: (c: Context) => fc.tuple(actorArb(c), input(c)),
      invoke: credits(name),
    })),
    {
      name: 'credits.expire',
      args: (c: Context) => fc.tuple(actorArb(c), customer(c)),
      invoke: credits('expire'),
    },
    {
      name: 'credits.balance',
      args: (c: Context) =>
        fc.tuple(
          actorArb(c),
          customer(c),
          shaped(
            { expiringWithinDays: [1, 30], at: ['2025-03-03T09:00:00Z', new Date(0)] },
            { bad: { expiringWithinDays: [0], at: ['yesterday'] } },
          ),
        ),
      invoke: credits('balance'),
    },
    {
      name: 'credits.ledger',
      args: (c: Context) =>
        fc.tuple(
          actorArb(c),
          customer(c),
          shaped({ limit: [1, 50] }, { bad: { cursor: BAD_CURSORS, limit: [0] } }),
        ),
      invoke: credits('ledger'),
    },
    {
      name: 'credits.hold',
      args: (c: Context) => fc.tuple(actorArb(c), customer(c), key),
      invoke: credits('hold'),
    },
  ];
}

/** Makes one call and checks the contract; returns whether the call succeeded. */
async function checkCall(c: Context, call: PublicCall, args: unknown[]): Promise<boolean> {
  const tenants = ['acme', OTHER_TENANT];
  const before = await Promise.all(tenants.map((tenant) => storedState(c.t.storage, tenant)));
  let returned: unknown;
  try {
    returned = call.invoke(c.t.desk, args);
  } catch (error) {
    throw new Error(`${call.name} threw synchronously instead of rejecting: ${String(error)}`);
  }
  expect(returned, `${call.name} returns a promise`).toBeInstanceOf(Promise);
  try {
    await returned;
    return true;
  } catch (error) {
    if (!(error instanceof TicketkitError)) {
      const { name, message } = error as Error;
      throw new Error(`${call.name} failed with ${name}: ${message}`);
    }
    expect(error.code, `${call.name}: ${error.message}`).not.toBe('STORAGE_FAILURE');
    expect(JSON.parse(JSON.stringify(error)).code).toBe(error.code);
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
    const options = shaped(
      {
        storage: [storage],
        clock: [{ now: () => new Date(0) }],
        generateId: [() => 'id'],
        logger: [new RecordingLogger()],
        defaults: [{}, { defaultPriority: 'low' }],
      },
      {
        required: ['storage'],
        bad: {
          storage: [{ name: 'x', capabilities: {} }, { transaction: () => null }],
          clock: [{ now: 1 }],
          generateId: ['id'],
          logger: [{ error: () => {} }],
          defaults: [{ ticketTypes: [] }, { defaultPriority: 'asap' }],
        },
      },
    );
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

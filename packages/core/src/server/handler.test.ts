import { describe, expect, it, vi } from 'vitest';
import type { Actor } from '../actors';
import type { TenantSettingsInput } from '../settings/tenant-settings';
import { AGENT, TENANT, type TestDesk, testDesk } from '../test-support';
import { createHandler, type HandlerOptions } from './handler';
import { createWidgetToken, type WidgetTokenKey } from './widget-token';

const KEY: WidgetTokenKey = { id: 'k1', secret: 's'.repeat(32), tenantId: TENANT };
const OTHER_TENANT_KEY: WidgetTokenKey = { id: 'k-globex', secret: 'g'.repeat(32), tenantId: 'globex' };

/** Tokyo office hours, weekdays 09:00-18:00, and a 4-business-hour first response for every ticket. */
const SLA_SETTINGS: TenantSettingsInput = {
  sla: {
    calendars: [
      {
        id: 'tokyo',
        name: 'Tokyo office',
        calendar: {
          mode: 'business_hours',
          timeZone: 'Asia/Tokyo',
          weekly: Object.fromEntries(
            ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => [day, [{ start: '09:00', end: '18:00' }]]),
          ),
        },
      },
    ],
    policies: [
      {
        id: 'standard',
        name: 'Standard',
        calendarId: 'tokyo',
        targets: { fallback: { firstResponseMinutes: 240, resolutionMinutes: 2400 } },
      },
    ],
  },
};

/** Web requests cost 2 credits (`web_question`); `whenShort` and the overdraft vary per test. */
function billingSettings(
  tickets: { whenShort?: 'reject' | 'await_credits'; customers?: 'all' | 'with_credits' } = {},
  overdraftLimit = 0,
): TenantSettingsInput {
  return {
    credits: {
      rateCard: { web_question: 2, chat_question: 1, phone_followup: 1 },
      overdraftLimit,
      defaultTimeZone: 'UTC',
      holdTimeoutSeconds: null,
      lowBalanceThreshold: null,
      expiringNoticeDays: 30,
      tickets: {
        enabled: true,
        services: { web_form: 'web_question' },
        billing: 'per_ticket',
        commitOn: 'first_agent_reply',
        voidStageIds: [],
        whenShort: tickets.whenShort ?? 'reject',
        awaitingStageId: tickets.whenShort === 'await_credits' ? 'awaiting_credits' : null,
        customers: tickets.customers ?? 'all',
      },
    },
  };
}

/** Keys no customer response may contain at any depth. */
const AGENT_ONLY_KEYS = [
  'tags',
  'assigneeId',
  'teamId',
  'escalationLevel',
  'requesterId',
  'history',
  'visibility',
  'stageId',
  'pipelineId',
  'channelDetail',
  'reassignCount',
  'mergedTicketIds',
  'version',
  // SLA internals, routing explanations, escalation, credit internals
  'sla',
  'slaDueAt',
  'slaSummary',
  'clocks',
  'policyId',
  'escalationCount',
  'routing',
  'candidates',
  'costBasis',
  'scope',
  'externalRef',
  'idempotencyKey',
  'holdId',
  'service',
  'balanceBefore',
  'customerId',
];

function keysDeep(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) keysDeep(item, into);
  else if (value !== null && typeof value === 'object') {
    for (const [key, member] of Object.entries(value)) {
      into.add(key);
      keysDeep(member, into);
    }
  }
  return into;
}

function expectCustomerSafe(body: unknown): void {
  const keys = keysDeep(body);
  expect(AGENT_ONLY_KEYS.filter((key) => keys.has(key))).toEqual([]);
  expect(JSON.stringify(body)).not.toContain('INTERNAL NOTE');
}

interface CallOptions {
  as?: 'ada' | 'bob' | 'carla' | 'dan' | 'system';
  token?: string;
  body?: unknown;
  raw?: BodyInit;
  headers?: Record<string, string>;
}

async function setup(extra: Partial<HandlerOptions> = {}, settings: TenantSettingsInput = {}) {
  const t = await testDesk({
    settings: {
      categories: [
        { id: 'billing', name: 'Billing' },
        { id: 'tech', name: 'Technical' },
      ],
      customFields: [
        { key: 'order', label: 'Order number', type: 'text', customerEditable: true },
        { key: 'churn_risk', label: 'Churn risk', type: 'select', options: ['low', 'high'] },
      ],
      ...settings,
    },
  });
  const actors: Record<string, Actor> = {
    ada: t.ada,
    bob: t.bob,
    carla: t.carla,
    dan: t.dan,
    system: t.system,
  };
  const authenticate = vi.fn((request: Request) => actors[request.headers.get('x-test-user') ?? ''] ?? null);
  const handler = createHandler(t.desk, {
    basePath: '/api',
    authenticate,
    widgetTokenKeys: [KEY, OTHER_TENANT_KEY],
    logger: t.logger,
    maxBodyBytes: 4096,
    ...extra,
  });
  const call = async (method: string, path: string, options: CallOptions = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.as !== undefined) headers['x-test-user'] = options.as;
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    let body: BodyInit | undefined = options.raw;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await handler(
      new Request(`http://desk.test/api${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body }),
      }),
    );
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      // biome-ignore lint/suspicious/noExplicitAny: response bodies are read loosely in tests
      body: (text === '' ? null : JSON.parse(text)) as Record<string, any>,
    };
  };
  return { ...t, handler, call, authenticate };
}

type Setup = Awaited<ReturnType<typeof setup>>;

async function customerTicket(t: Setup | TestDesk, actor: Actor = (t as TestDesk).carla) {
  const ticket = await t.desk.tickets.create(actor, {
    subject: 'Invoice is wrong',
    message: { body: 'Please fix' },
  });
  await t.desk.tickets.reply(t.ada, ticket.id, { body: 'Looking into it' });
  await t.desk.tickets.addNote(t.ada, ticket.id, { body: 'INTERNAL NOTE: customer is on legacy plan' });
  await t.desk.tickets.update(t.ada, ticket.id, { tags: ['vip'], customFields: { churn_risk: 'high' } });
  await t.desk.tickets.assign(t.ada, ticket.id, { assigneeId: AGENT.ada, teamId: 'support' });
  return ticket;
}

describe('handler: requests refused before the desk', () => {
  it('createHandler - an unknown route is 404 ROUTE_NOT_FOUND, inside and outside the base path', async () => {
    const t = await setup();
    for (const path of ['/nope', '/tickets/x/y/z', '']) {
      const response = await t.call('GET', path, { as: 'carla' });
      expect(response.status, path).toBe(404);
      expect(response.body.error.code).toBe('ROUTE_NOT_FOUND');
    }
    const outside = await t.handler(new Request('http://desk.test/elsewhere/tickets'));
    expect(outside.status).toBe(404);
    expect((await outside.json()).error.code).toBe('ROUTE_NOT_FOUND');
  });

  it('createHandler - a wrong method is 405 METHOD_NOT_ALLOWED with Allow', async () => {
    const t = await setup();
    const response = await t.call('DELETE', '/tickets', { as: 'carla' });
    expect(response.status).toBe(405);
    expect(response.body.error).toMatchObject({
      code: 'METHOD_NOT_ALLOWED',
      details: { allowed: ['GET', 'POST'] },
    });
    expect(response.headers.get('allow')).toBe('GET, POST');
    expect((await t.call('PATCH', '/tickets/tkt_1/csat', { as: 'carla' })).body.error.code).toBe(
      'METHOD_NOT_ALLOWED',
    );
  });

  it('createHandler - no session and no token is 401 UNAUTHENTICATED on every route', async () => {
    const t = await setup();
    for (const [method, path] of [
      ['GET', '/config'],
      ['GET', '/tickets'],
      ['POST', '/tickets'],
      ['GET', '/tickets/tkt_1'],
      ['POST', '/tickets/tkt_1/replies'],
      ['POST', '/tickets/tkt_1/read'],
      ['PUT', '/tickets/tkt_1/csat'],
      ['GET', '/credits'],
      ['GET', '/events'],
      ['GET', '/directory'],
    ] as const) {
      const response = await t.call(method, path);
      expect(response.status, path).toBe(401);
      expect(response.body.error.code).toBe('UNAUTHENTICATED');
    }
  });

  it('createHandler - forged, expired, malformed and other-tenant tokens are 401 with their codes', async () => {
    const t = await setup();
    const now = t.desk.clock.now();
    const forged = await createWidgetToken(
      { tenantId: TENANT, customerId: t.carlaId, expiresIn: 600, now },
      { id: 'k1', secret: 'x'.repeat(32) },
    );
    const expired = await createWidgetToken(
      { tenantId: TENANT, customerId: t.carlaId, expiresIn: 60, now },
      KEY,
    );
    t.clock.advance({ seconds: 61 });
    // Signed with globex's key but claiming acme: a key bound to one tenant speaks for no other.
    const crossTenant = await createWidgetToken(
      { tenantId: TENANT, customerId: t.carlaId, expiresIn: 600, now: t.desk.clock.now() },
      { id: OTHER_TENANT_KEY.id, secret: OTHER_TENANT_KEY.secret },
    );
    const cases: Array<[Record<string, string>, string]> = [
      [{ authorization: `Bearer ${forged}` }, 'TOKEN_INVALID'],
      [{ authorization: `Bearer ${expired}` }, 'TOKEN_EXPIRED'],
      [{ authorization: `Bearer ${crossTenant}` }, 'TOKEN_INVALID'],
      [{ authorization: 'Bearer' }, 'TOKEN_INVALID'],
      [{ authorization: 'Basic dXNlcjpwYXNz' }, 'TOKEN_INVALID'],
      [{ authorization: 'Bearer not.a.token' }, 'TOKEN_INVALID'],
    ];
    for (const [headers, code] of cases) {
      // A bad token is refused even when a session would have identified someone.
      const response = await t.call('GET', '/tickets', { headers: { ...headers, 'x-test-user': 'carla' } });
      expect(response.status, headers.authorization).toBe(401);
      expect(response.body.error.code).toBe(code);
    }
  });

  it('createHandler - a token of a customer of another tenant sees nothing of this one', async () => {
    const t = await setup();
    const ticket = await customerTicket(t);
    const globex = await createWidgetToken(
      { tenantId: 'globex', customerId: t.carlaId, expiresIn: 600, now: t.desk.clock.now() },
      OTHER_TENANT_KEY,
    );
    expect((await t.call('GET', '/tickets', { token: globex })).body).toEqual({
      items: [],
      nextCursor: null,
    });
    const read = await t.call('GET', `/tickets/${ticket.id}`, { token: globex });
    expect([read.status, read.body.error.code]).toEqual([404, 'NOT_FOUND']);
    const config = await t.call('GET', '/config', { token: globex });
    expect([config.status, config.body.features, config.body.deskStatus]).toEqual([
      200,
      { credits: false, deskStatus: false },
      null,
    ]);
    const credits = await t.call('GET', '/credits', { token: globex });
    expect([credits.status, credits.body.error.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('createHandler - a body that is not application/json is 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const t = await setup();
    const response = await t.call('POST', '/tickets', {
      as: 'carla',
      raw: 'subject=hi',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect([response.status, response.body.error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const plain = await t.call('POST', '/tickets', {
      as: 'carla',
      raw: '{"subject":"x"}',
      headers: { 'content-type': 'text/plain' },
    });
    expect(plain.status).toBe(415);
    expect((await t.desk.tickets.list(t.system)).items).toEqual([]);
  });

  it('createHandler - malformed JSON and invalid UTF-8 are 400 MALFORMED_JSON', async () => {
    const t = await setup();
    for (const raw of ['{"subject": ', 'not json', new Uint8Array([0x7b, 0xff, 0x7d])]) {
      const response = await t.call('POST', '/tickets', {
        as: 'carla',
        raw,
        headers: { 'content-type': 'application/json' },
      });
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('MALFORMED_JSON');
    }
  });

  it('createHandler - a body over the limit is 413 PAYLOAD_TOO_LARGE, by declared length or while streaming', async () => {
    const t = await setup();
    const big = JSON.stringify({ subject: 'x', message: { body: 'y'.repeat(5000) } });
    const declared = await t.call('POST', '/tickets', {
      as: 'carla',
      raw: big,
      headers: { 'content-type': 'application/json' },
    });
    expect([declared.status, declared.body.error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const bytes = new TextEncoder().encode(big);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let offset = 0; offset < bytes.length; offset += 1000)
          controller.enqueue(bytes.slice(offset, offset + 1000));
        controller.close();
      },
    });
    const response = await t.handler(
      new Request('http://desk.test/api/tickets', {
        method: 'POST',
        headers: { 'x-test-user': 'carla', 'content-type': 'application/json' },
        body: stream,
        duplex: 'half',
      } as RequestInit),
    );
    expect(response.status).toBe(413);
    expect((await response.json()).error.code).toBe('PAYLOAD_TOO_LARGE');
    expect((await t.desk.tickets.list(t.system)).items).toEqual([]);
  });

  it('createHandler - unknown fields and query parameters are 400 VALIDATION_FAILED', async () => {
    const t = await setup();
    const ticket = await customerTicket(t);
    const cases: Array<[string, string, CallOptions]> = [
      ['POST', '/tickets', { as: 'carla', body: { subject: 'x', message: { body: 'y' }, admin: true } }],
      ['POST', `/tickets/${ticket.id}/replies`, { as: 'carla', body: { body: 'x', visibility: 'internal' } }],
      ['POST', `/tickets/${ticket.id}/replies`, { as: 'ada', body: { body: 'x', sneaky: 1 } }],
      ['POST', `/tickets/${ticket.id}/read`, { as: 'carla', body: { upTo: 3 } }],
      ['PUT', `/tickets/${ticket.id}/csat`, { as: 'carla', body: { score: 5, stars: 5 } }],
      ['GET', '/tickets?assigneeId=agt_ada', { as: 'carla' }],
      ['GET', '/tickets?bogus=1', { as: 'ada' }],
      ['GET', '/tickets?limit=abc', { as: 'ada' }],
      ['GET', `/tickets/${ticket.id}?expand=history`, { as: 'carla' }],
      ['GET', '/config?x=1', { as: 'carla' }],
      ['POST', '/tickets', { as: 'carla', body: [1, 2] }],
      ['POST', '/tickets', { as: 'carla', body: 'a string' }],
    ];
    for (const [method, path, options] of cases) {
      const response = await t.call(method, path, options);
      expect(response.status, `${method} ${path}`).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
    }
    expect((await t.desk.tickets.list(t.system)).items).toHaveLength(1);
  });

  it('createHandler - identity never comes from the body: a customer naming another requester is refused', async () => {
    const t = await setup();
    const response = await t.call('POST', '/tickets', {
      as: 'carla',
      body: { subject: 'As Dan', message: { body: 'hi' }, requesterId: t.danId },
    });
    expect([response.status, response.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const spoof = await t.call('POST', '/tickets', {
      as: 'carla',
      body: { subject: 'As Dan', message: { body: 'hi' }, requester: { email: 'dan@example.com' } },
    });
    expect(spoof.status).toBe(400);
    expect((await t.desk.tickets.list(t.dan)).items).toEqual([]);
  });

  it('createHandler - a throwing authenticate is 500 INTERNAL_ERROR without details, and logged', async () => {
    const t = await setup({
      authenticate: () => {
        throw new Error('session store down at 10.0.0.3');
      },
    });
    const response = await t.call('GET', '/tickets', { as: 'carla' });
    expect(response.status).toBe(500);
    expect(response.body).toEqual({
      error: { code: 'INTERNAL_ERROR', message: 'Something went wrong on the server', details: {} },
    });
    expect(t.logger.errors).toHaveLength(1);
    const malformed = await setup({ authenticate: () => ({ kind: 'root' }) as never });
    expect((await malformed.call('GET', '/tickets', { as: 'carla' })).status).toBe(500);
  });

  it('createHandler - bad options are VALIDATION_FAILED', async () => {
    const t = await testDesk();
    expect(() => createHandler(t.desk, { basePath: 'api/' })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
    expect(() => createHandler(t.desk, { maxBodyBytes: 10 })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });
});

describe('handler: customer routes', () => {
  it('GET /config - the customer-facing settings and which engines are wired in', async () => {
    const t = await setup();
    const response = await t.call('GET', '/config', { as: 'carla' });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      actor: { kind: 'customer' },
      settings: {
        categories: [
          { id: 'billing', name: 'Billing' },
          { id: 'tech', name: 'Technical' },
        ],
        customFields: [
          { key: 'order', label: 'Order number', type: 'text', required: false, customerEditable: true },
        ],
        customerCanSetPriority: false,
        defaultPriority: 'medium',
        csatScale: 'five_point',
        csatChangeWindowSeconds: 604_800,
        awaitingCreditsStageId: null,
      },
      deskStatus: null,
      features: { credits: false, deskStatus: false },
    });
  });

  it('GET /config - outside business hours: closed, when it opens, and the expected first reply on the calendar', async () => {
    const t = await setup({}, SLA_SETTINGS);
    // START is Monday 09:00 UTC = 18:00 in Tokyo: the desk just closed.
    const closed = await t.call('GET', '/config', { as: 'carla' });
    expect(closed.body.deskStatus).toEqual({
      open: false,
      timeZone: 'Asia/Tokyo',
      hours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, from: '09:00', to: '18:00' })),
      nextChangeAt: '2025-03-04T00:00:00.000Z',
      expectedReplySeconds: 4 * 3600,
      expectedReplyBy: '2025-03-04T04:00:00.000Z',
    });
    expect(closed.body.features).toEqual({ credits: false, deskStatus: true });
    expectCustomerSafe(closed.body);
    t.clock.set(new Date('2025-03-04T01:00:00.000Z')); // Tuesday 10:00 in Tokyo
    const open = await t.call('GET', '/config', { as: 'carla' });
    expect(open.body.deskStatus).toMatchObject({
      open: true,
      nextChangeAt: '2025-03-04T09:00:00.000Z',
      expectedReplyBy: '2025-03-04T05:00:00.000Z',
    });
  });

  it('GET /config - the expected reply follows the policy the customer would get; an agent sees the default', async () => {
    const t = await setup(
      {},
      {
        sla: {
          ...SLA_SETTINGS.sla,
          policies: [
            {
              id: 'gold',
              name: 'Gold',
              conditions: { requesterAttributes: { plan: 'gold' } },
              targets: { fallback: { firstResponseMinutes: 30, hours: '24x7' } },
            },
            ...(SLA_SETTINGS.sla?.policies ?? []),
          ],
        },
      },
    );
    await t.desk.customers.update(t.system, t.danId, { attributes: { plan: 'gold' } });
    const gold = await t.call('GET', '/config', { as: 'dan' });
    expect(gold.body.deskStatus).toMatchObject({
      expectedReplySeconds: 1800,
      expectedReplyBy: '2025-03-03T09:30:00.000Z',
    });
    const agent = await t.call('GET', '/config', { as: 'ada' });
    expect(agent.body.deskStatus).toMatchObject({ expectedReplySeconds: 4 * 3600 });
  });

  it('POST /tickets - a customer opens a ticket as themself on the web form channel', async () => {
    const t = await setup();
    const response = await t.call('POST', '/tickets', {
      as: 'carla',
      body: {
        subject: 'Cannot pay',
        category: 'billing',
        customFields: { order: 'A-1' },
        message: { body: 'Card declined' },
      },
    });
    expect(response.status).toBe(201);
    expect(response.body.ticket).toMatchObject({
      subject: 'Cannot pay',
      category: 'billing',
      status: 'new',
      customFields: { order: 'A-1' },
      unread: 0,
    });
    expect(response.body.messages).toEqual([
      expect.objectContaining({ body: 'Card declined', author: 'me', attachments: [] }),
    ]);
    expect(response.body.canRate).toBe(false);
    expectCustomerSafe(response.body);
    const stored = await t.get(response.body.ticket.id);
    expect(stored).toMatchObject({ requesterId: t.carlaId, channel: 'web_form' });
  });

  it('POST /tickets - the desk rules apply: a field customers may not set and a priority are refused', async () => {
    const t = await setup();
    const internal = await t.call('POST', '/tickets', {
      as: 'carla',
      body: { subject: 'x', customFields: { churn_risk: 'low' }, message: { body: 'y' } },
    });
    expect([internal.status, internal.body.error.code]).toEqual([403, 'FORBIDDEN']);
    const priority = await t.call('POST', '/tickets', {
      as: 'carla',
      body: { subject: 'x', priority: 'urgent', message: { body: 'y' } },
    });
    expect(priority.status).toBe(403);
    const empty = await t.call('POST', '/tickets', {
      as: 'carla',
      body: { subject: ' ', message: { body: 'y' } },
    });
    expect([empty.status, empty.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await t.desk.tickets.list(t.system)).items).toEqual([]);
  });

  it('POST /tickets - an idempotency key makes a retried submission return the first ticket', async () => {
    const t = await setup();
    const body = { subject: 'Once', message: { body: 'only once' }, idempotencyKey: 'form-1' };
    const first = await t.call('POST', '/tickets', { as: 'carla', body });
    const again = await t.call('POST', '/tickets', { as: 'carla', body });
    expect(again.body.ticket.id).toBe(first.body.ticket.id);
    expect((await t.desk.tickets.list(t.system)).items).toHaveLength(1);
  });

  it('GET /tickets - only my tickets, with unread counts and no agent-only fields', async () => {
    const t = await setup();
    const mine = await customerTicket(t);
    await customerTicket(t, t.dan);
    const response = await t.call('GET', '/tickets', { as: 'carla' });
    expect(response.status).toBe(200);
    expect(response.body.items.map((ticket: { id: string }) => ticket.id)).toEqual([mine.id]);
    expect(response.body.items[0]).toMatchObject({ unread: 1, status: 'open', customFields: {} });
    expectCustomerSafe(response.body);
    const resolvedOnly = await t.call('GET', '/tickets?status=resolved', { as: 'carla' });
    expect(resolvedOnly.body.items).toEqual([]);
    const paged = await t.call('GET', '/tickets?limit=1&status=open&status=new', { as: 'carla' });
    expect(paged.body.items).toHaveLength(1);
  });

  it('GET /tickets/:id - my ticket with its public thread; internal notes and agent fields never appear', async () => {
    const t = await setup();
    const ticket = await customerTicket(t);
    const response = await t.call('GET', `/tickets/${ticket.id}`, { as: 'carla' });
    expect(response.status).toBe(200);
    expect(response.body.messages.map((m: { author: string; body: string }) => [m.author, m.body])).toEqual([
      ['me', 'Please fix'],
      ['support', 'Looking into it'],
    ]);
    expect(response.body).toMatchObject({ canRate: false, csat: null });
    expect(Object.keys(response.body.ticket).sort()).toEqual(
      [
        'id',
        'number',
        'subject',
        'category',
        'priority',
        'status',
        'customFields',
        'createdAt',
        'updatedAt',
        'resolvedAt',
        'closedAt',
        'unread',
        'awaitingCredits',
      ].sort(),
    );
    expectCustomerSafe(response.body);
  });

  it("GET /tickets/:id - another customer's ticket is 404, exactly like a missing one", async () => {
    const t = await setup();
    const dans = await customerTicket(t, t.dan);
    const other = await t.call('GET', `/tickets/${dans.id}`, { as: 'carla' });
    const missing = await t.call('GET', '/tickets/tkt_missing', { as: 'carla' });
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('NOT_FOUND');
    expect(missing.body.error.code).toBe('NOT_FOUND');
    for (const [method, path, body] of [
      ['POST', `/tickets/${dans.id}/replies`, { body: 'hi' }],
      ['POST', `/tickets/${dans.id}/read`, undefined],
      ['PUT', `/tickets/${dans.id}/csat`, { score: 1 }],
    ] as const) {
      const response = await t.call(method, path, { as: 'carla', ...(body === undefined ? {} : { body }) });
      expect([response.status, response.body.error.code], path).toEqual([404, 'NOT_FOUND']);
    }
    expect(await t.thread(dans.id)).toHaveLength(3);
  });

  it('POST /tickets/:id/replies - a customer reply lands in the thread and marks it read', async () => {
    const t = await setup();
    const ticket = await customerTicket(t);
    const response = await t.call('POST', `/tickets/${ticket.id}/replies`, {
      as: 'carla',
      body: { body: 'Thanks!' },
    });
    expect(response.status).toBe(201);
    expect(response.body.messages.at(-1)).toMatchObject({ body: 'Thanks!', author: 'me' });
    expect(response.body.ticket.unread).toBe(0);
    expectCustomerSafe(response.body);
    expect((await t.thread(ticket.id)).at(-1)).toMatchObject({
      body: 'Thanks!',
      author: { kind: 'customer', id: t.carlaId },
    });
  });

  it('POST /tickets/:id/read - clears the unread count', async () => {
    const t = await setup();
    const ticket = await customerTicket(t);
    const response = await t.call('POST', `/tickets/${ticket.id}/read`, { as: 'carla' });
    expect(response.status).toBe(200);
    expect(response.body.ticketId).toBe(ticket.id);
    expect(await t.desk.tickets.unreadCounts(t.carla, [ticket.id])).toEqual({ [ticket.id]: 0 });
    const withEmptyObject = await t.call('POST', `/tickets/${ticket.id}/read`, { as: 'carla', body: {} });
    expect(withEmptyObject.status).toBe(200);
  });

  it('PUT /tickets/:id/csat - rates a resolved ticket once, changes it, refuses an open one', async () => {
    const t = await setup();
    const ticket = await customerTicket(t);
    const early = await t.call('PUT', `/tickets/${ticket.id}/csat`, { as: 'carla', body: { score: 5 } });
    expect([early.status, early.body.error.code]).toEqual([409, 'INVALID_STATE']);
    await t.desk.tickets.transition(t.ada, ticket.id, { stageId: 'resolved' });
    const rated = await t.call('PUT', `/tickets/${ticket.id}/csat`, {
      as: 'carla',
      body: { score: 2, comment: 'slow' },
    });
    expect(rated.status).toBe(200);
    expect(rated.body).toEqual({
      scale: 'five_point',
      score: 2,
      comment: 'slow',
      changeableUntil: new Date(t.desk.clock.now().getTime() + 604_800_000).toISOString(),
    });
    const changed = await t.call('PUT', `/tickets/${ticket.id}/csat`, { as: 'carla', body: { score: 4 } });
    expect(changed.body.score).toBe(4);
    const detail = await t.call('GET', `/tickets/${ticket.id}`, { as: 'carla' });
    expect(detail.body).toMatchObject({ canRate: true, csat: { score: 4 } });
    const offScale = await t.call('PUT', `/tickets/${ticket.id}/csat`, { as: 'carla', body: { score: 6 } });
    expect([offScale.status, offScale.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(t.published.filter((event) => event.type === 'csat.submitted')).toHaveLength(2);
  });

  it('staff routes - a customer is 403 FORBIDDEN and nothing changes', async () => {
    const t = await setup();
    const ticket = await customerTicket(t);
    const before = await t.get(ticket.id);
    for (const [path, body] of [
      [`/tickets/${ticket.id}/notes`, { body: 'x' }],
      [`/tickets/${ticket.id}/transition`, { stageId: 'resolved' }],
      [`/tickets/${ticket.id}/assign`, { assigneeId: AGENT.bob }],
      [`/tickets/${ticket.id}/escalate`, { note: 'tried' }],
    ] as const) {
      const response = await t.call('POST', path, { as: 'carla', body });
      expect([response.status, response.body.error.code], path).toEqual([403, 'FORBIDDEN']);
    }
    const directory = await t.call('GET', '/directory', { as: 'carla' });
    expect(directory.status).toBe(403);
    expect(await t.get(ticket.id)).toEqual(before);
  });

  it('widget token - a customer identified by token uses the same routes as with a session', async () => {
    const t = await setup();
    const token = await createWidgetToken(
      { tenantId: TENANT, customerId: t.carlaId, expiresIn: 600, now: t.desk.clock.now() },
      KEY,
    );
    const created = await t.call('POST', '/tickets', {
      token,
      body: { subject: 'Via token', message: { body: 'hi' } },
    });
    expect(created.status).toBe(201);
    expect((await t.get(created.body.ticket.id)).requesterId).toBe(t.carlaId);
    expect(t.authenticate).not.toHaveBeenCalled();
  });
});

/** Grants Carla a 3-credit pack expiring on 2025-03-20 (cost basis 900) and a 10-credit pack that never expires. */
async function grantCarla(t: Setup, amounts: { soon?: number; never?: number } = {}) {
  const soon = await t.desk.credits.grant(t.system, {
    customerId: t.carlaId,
    amount: amounts.soon ?? 3,
    expiresAt: new Date('2025-03-20T00:00:00.000Z'),
    costBasis: 900,
    externalRef: 'order-77',
    idempotencyKey: 'grant-soon',
  });
  const never =
    amounts.never === 0
      ? null
      : await t.desk.credits.grant(t.system, {
          customerId: t.carlaId,
          amount: amounts.never ?? 10,
          costBasis: 500,
          idempotencyKey: 'grant-never',
        });
  return { soon: soon.block, never: never?.block ?? null };
}

const newRequest = { subject: 'Export fails', message: { body: 'The CSV export times out.' } };

describe('handler: credits routes', () => {
  it('GET /credits - my balance with expiry dates and my ledger newest first; no cost basis or keys', async () => {
    const t = await setup({}, billingSettings());
    const { soon, never } = await grantCarla(t);
    const response = await t.call('GET', '/credits?limit=5', { as: 'carla' });
    expect(response.status).toBe(200);
    expect(response.body.balance).toEqual({
      available: 13,
      held: 0,
      overdraft: 0,
      expiringSoon: { withinDays: 30, amount: 3 },
      blocks: [
        {
          id: soon.id,
          status: 'active',
          amount: 3,
          remaining: 3,
          available: 3,
          expiresAt: '2025-03-20T00:00:00.000Z',
        },
        { id: never?.id, status: 'active', amount: 10, remaining: 10, available: 10, expiresAt: null },
      ],
    });
    expect(
      response.body.ledger.items.map((entry: { kind: string; change: number }) => [entry.kind, entry.change]),
    ).toEqual([
      ['increment', 10],
      ['increment', 3],
    ]);
    expectCustomerSafe(response.body);
    expect(JSON.stringify(response.body)).not.toContain('order-77');
    const firstPage = await t.call('GET', '/credits?limit=1', { as: 'carla' });
    expect(firstPage.body.ledger.items.map((entry: { change: number }) => entry.change)).toEqual([10]);
    const secondPage = await t.call(
      'GET',
      `/credits?limit=1&cursor=${encodeURIComponent(firstPage.body.ledger.nextCursor)}`,
      { as: 'carla' },
    );
    expect(secondPage.body.ledger).toEqual({
      items: [expect.objectContaining({ change: 3 })],
      nextCursor: null,
    });
    const dan = await t.call('GET', '/credits', { as: 'dan' });
    expect(dan.body).toEqual({
      balance: {
        available: 0,
        held: 0,
        overdraft: 0,
        expiringSoon: { withinDays: 30, amount: 0 },
        blocks: [],
      },
      ledger: { items: [], nextCursor: null },
    });
    const bad = await t.call('GET', '/credits?limit=0', { as: 'carla' });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('GET /credits, GET /credits/quote - staff are 403 FORBIDDEN (they read credits through the desk)', async () => {
    const t = await setup({}, billingSettings());
    for (const path of ['/credits', '/credits/quote']) {
      const response = await t.call('GET', path, { as: 'ada' });
      expect([response.status, response.body.error.code], path).toEqual([403, 'FORBIDDEN']);
    }
  });

  it('GET /credits/quote - the cost of a new request before it is sent, and whether my credits cover it', async () => {
    const t = await setup({}, billingSettings());
    const none = await t.call('GET', '/credits/quote', { as: 'carla' });
    expect(none.body).toEqual({
      billed: true,
      cost: 2,
      available: 0,
      fromOverdraft: 0,
      sufficient: false,
      whenShort: 'reject',
    });
    await grantCarla(t);
    const covered = await t.call('GET', '/credits/quote', { as: 'carla' });
    expect(covered.body).toMatchObject({ billed: true, cost: 2, available: 13, sufficient: true });
    const config = await t.call('GET', '/config', { as: 'carla' });
    expect(config.body.features).toEqual({ credits: true, deskStatus: false });
    const unknownField = await t.call('GET', '/credits/quote?category=billing', { as: 'carla' });
    expect([unknownField.status, unknownField.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('GET /credits/quote - not billed without ticket billing, or for a customer without credits when only those pay', async () => {
    const off = await setup();
    expect((await off.call('GET', '/credits/quote', { as: 'carla' })).body).toMatchObject({
      billed: false,
      cost: 0,
    });
    expect((await off.call('GET', '/config', { as: 'carla' })).body.features.credits).toBe(false);
    const t = await setup({}, billingSettings({ customers: 'with_credits' }));
    await grantCarla(t);
    expect((await t.call('GET', '/credits/quote', { as: 'carla' })).body).toMatchObject({
      billed: true,
      cost: 2,
    });
    expect((await t.call('GET', '/credits/quote', { as: 'dan' })).body).toMatchObject({
      billed: false,
      cost: 0,
    });
    expect((await t.call('GET', '/config', { as: 'dan' })).body.features.credits).toBe(false);
  });

  it('POST /tickets - a charged request holds its cost: the balance goes down by it', async () => {
    const t = await setup({}, billingSettings());
    await grantCarla(t);
    const created = await t.call('POST', '/tickets', { as: 'carla', body: newRequest });
    expect(created.status).toBe(201);
    expect(created.body.ticket.awaitingCredits).toBe(false);
    expectCustomerSafe(created.body);
    const after = await t.call('GET', '/credits', { as: 'carla' });
    expect(after.body.balance).toMatchObject({ available: 11, held: 2 });
    expect(after.body.ledger.items[0]).toMatchObject({
      kind: 'hold',
      change: -2,
      ticketId: created.body.ticket.id,
    });
    // The first public agent reply commits the hold: the credits are spent.
    await t.desk.tickets.reply(t.ada, created.body.ticket.id, { body: 'On it' });
    const charged = await t.call('GET', '/credits', { as: 'carla' });
    expect(charged.body.balance).toMatchObject({ available: 11, held: 0 });
  });

  it('POST /tickets - short balance, tenant rejects: 402 INSUFFICIENT_CREDITS with what is needed; nothing stored', async () => {
    const t = await setup({}, billingSettings({ whenShort: 'reject' }));
    await grantCarla(t, { soon: 1, never: 0 });
    const response = await t.call('POST', '/tickets', { as: 'carla', body: newRequest });
    expect(response.status).toBe(402);
    expect(response.body.error).toEqual({
      code: 'INSUFFICIENT_CREDITS',
      message: 'Not enough credits for this request',
      details: { required: 2, available: 1 },
    });
    expect((await t.desk.tickets.list(t.system)).items).toEqual([]);
    expect((await t.call('GET', '/credits', { as: 'carla' })).body.balance).toMatchObject({
      available: 1,
      held: 0,
    });
  });

  it('POST /tickets - short balance, tenant awaits credits: the request is stored and says it waits for credits', async () => {
    const t = await setup({}, billingSettings({ whenShort: 'await_credits' }));
    await t.desk.pipelines.create(t.system, {
      id: 'default',
      name: 'Support',
      stages: [
        { id: 'new', name: 'New', category: 'new' },
        { id: 'awaiting_credits', name: 'Awaiting credits', category: 'on_hold' },
        { id: 'waiting_on_us', name: 'Waiting on us', category: 'open' },
        { id: 'resolved', name: 'Resolved', category: 'resolved' },
        { id: 'closed', name: 'Closed', category: 'closed' },
      ],
    });
    const quote = await t.call('GET', '/credits/quote', { as: 'carla' });
    expect(quote.body).toMatchObject({ sufficient: false, whenShort: 'await_credits' });
    const response = await t.call('POST', '/tickets', { as: 'carla', body: newRequest });
    expect(response.status).toBe(201);
    expect(response.body.ticket).toMatchObject({ status: 'on_hold', awaitingCredits: true });
    expectCustomerSafe(response.body);
    expect(await t.get(response.body.ticket.id)).toMatchObject({ stageId: 'awaiting_credits' });
    const listed = await t.call('GET', '/tickets', { as: 'carla' });
    expect(listed.body.items[0]).toMatchObject({ awaitingCredits: true });
    // Topping up pays for the waiting request: it leaves the awaiting stage.
    await grantCarla(t);
    const paid = await t.call('GET', `/tickets/${response.body.ticket.id}`, { as: 'carla' });
    expect(paid.body.ticket.awaitingCredits).toBe(false);
  });

  it('POST /tickets - short balance within the overdraft: the request is accepted and the overdraft shows', async () => {
    const t = await setup({}, billingSettings({ whenShort: 'reject' }, 5));
    await grantCarla(t, { soon: 1, never: 0 });
    const quote = await t.call('GET', '/credits/quote', { as: 'carla' });
    expect(quote.body).toMatchObject({ cost: 2, available: 1, fromOverdraft: 1, sufficient: true });
    const response = await t.call('POST', '/tickets', { as: 'carla', body: newRequest });
    expect(response.status).toBe(201);
    const balance = await t.call('GET', '/credits', { as: 'carla' });
    expect(balance.body.balance).toMatchObject({ available: -1, held: 2, overdraft: 1 });
  });
});

describe('handler: agent routes', () => {
  it('GET /tickets - the queue with the desk filters, agent fields and requesters', async () => {
    const t = await setup();
    const assigned = await customerTicket(t);
    const fresh = await t.desk.tickets.create(t.dan, { subject: 'New one', message: { body: 'x' } });
    const all = await t.call('GET', '/tickets?sort=priority', { as: 'ada' });
    expect(all.status).toBe(200);
    expect(all.body.items.map((ticket: { id: string }) => ticket.id).sort()).toEqual(
      [assigned.id, fresh.id].sort(),
    );
    const unassigned = await t.call('GET', '/tickets?assigneeId=null', { as: 'ada' });
    expect(unassigned.body.items.map((ticket: { id: string }) => ticket.id)).toEqual([fresh.id]);
    expect(unassigned.body.items[0]).toMatchObject({
      requester: { id: t.danId, name: 'Dan', email: 'dan@example.com' },
      unread: 1,
      statusCategory: 'new',
    });
    const vip = await t.call('GET', '/tickets?tags=vip&category=open', { as: 'ada' });
    expect(vip.body.items[0]).toMatchObject({ id: assigned.id, tags: ['vip'], assigneeId: AGENT.ada });
  });

  it('GET /tickets/:id - the whole thread with internal notes, and the history', async () => {
    const t = await setup();
    const ticket = await customerTicket(t);
    const response = await t.call('GET', `/tickets/${ticket.id}`, { as: 'bob' });
    expect(response.status).toBe(200);
    expect(response.body.messages.map((m: { visibility: string }) => m.visibility)).toEqual([
      'public',
      'public',
      'internal',
    ]);
    expect(response.body.history.map((e: { type: string }) => e.type)).toContain('ticket.assigned');
    expect(response.body.ticket.requester).toMatchObject({ id: t.carlaId });
    expect(response.body.csat).toBeNull();
  });

  it('POST replies, notes, transition, assign - change the stored ticket as the agent', async () => {
    const t = await setup();
    const ticket = await t.desk.tickets.create(t.carla, { subject: 'Help', message: { body: 'x' } });
    const reply = await t.call('POST', `/tickets/${ticket.id}/replies`, {
      as: 'ada',
      body: { body: 'Hello' },
    });
    expect(reply.status).toBe(201);
    const note = await t.call('POST', `/tickets/${ticket.id}/notes`, {
      as: 'ada',
      body: { body: 'check logs' },
    });
    expect(note.status).toBe(201);
    const assign = await t.call('POST', `/tickets/${ticket.id}/assign`, {
      as: 'ada',
      body: { assigneeId: AGENT.bob },
    });
    expect(assign.body.assigneeId).toBe(AGENT.bob);
    const transition = await t.call('POST', `/tickets/${ticket.id}/transition`, {
      as: 'ada',
      body: { stageId: 'resolved' },
    });
    expect(transition.body.statusCategory).toBe('resolved');
    const thread = await t.thread(ticket.id);
    expect(thread.map((m) => [m.visibility, m.author.id])).toEqual([
      ['public', t.carlaId],
      ['public', AGENT.ada],
      ['internal', AGENT.ada],
    ]);
    expect(await t.get(ticket.id)).toMatchObject({ assigneeId: AGENT.bob, statusCategory: 'resolved' });
  });

  it('agent routes - the desk rules answer with their codes: bad transition 409, unknown agent 400, missing 404', async () => {
    const t = await setup();
    const ticket = await t.desk.tickets.create(t.carla, { subject: 'Help', message: { body: 'x' } });
    await t.desk.tickets.transition(t.ada, ticket.id, { stageId: 'closed' });
    const closed = await t.call('POST', `/tickets/${ticket.id}/transition`, {
      as: 'ada',
      body: { stageId: 'new' },
    });
    expect(closed.status).toBe(409);
    const unknownAgent = await t.call('POST', `/tickets/${ticket.id}/assign`, {
      as: 'ada',
      body: { assigneeId: 'agt_nobody' },
    });
    expect(unknownAgent.status).toBeGreaterThanOrEqual(400);
    expect(unknownAgent.status).toBeLessThan(500);
    const missing = await t.call('POST', '/tickets/tkt_missing/notes', { as: 'ada', body: { body: 'x' } });
    expect([missing.status, missing.body.error.code]).toEqual([404, 'NOT_FOUND']);
    const rate = await t.call('PUT', `/tickets/${ticket.id}/csat`, { as: 'ada', body: { score: 5 } });
    expect([rate.status, rate.body.error.code]).toEqual([403, 'FORBIDDEN']);
  });

  it('POST /tickets/:id/escalate - raises the level with the note as an internal note; the customer sees neither', async () => {
    const t = await setup();
    const ticket = await customerTicket(t);
    const response = await t.call('POST', `/tickets/${ticket.id}/escalate`, {
      as: 'ada',
      body: { note: 'Tried a password reset twice' },
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: ticket.id, escalationLevel: 2, escalationCount: 1 });
    expect(await t.get(ticket.id)).toMatchObject({ escalationLevel: 2, escalationCount: 1 });
    const thread = await t.thread(ticket.id);
    expect(thread.at(-1)).toMatchObject({ visibility: 'internal', body: 'Tried a password reset twice' });
    expect((await t.history(ticket.id)).map((event) => event.type)).toContain('escalation.raised');
    const customer = await t.call('GET', `/tickets/${ticket.id}`, { as: 'carla' });
    expectCustomerSafe(customer.body);
    expect(JSON.stringify(customer.body)).not.toContain('password reset twice');
    const noNote = await t.call('POST', `/tickets/${ticket.id}/escalate`, { as: 'ada', body: {} });
    expect([noNote.status, noNote.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const tooHigh = await t.call('POST', `/tickets/${ticket.id}/escalate`, {
      as: 'ada',
      body: { note: 'x', toLevel: 1 },
    });
    expect([tooHigh.status, tooHigh.body.error.code]).toEqual([409, 'INVALID_STATE']);
    const byCustomer = await t.call('POST', `/tickets/${ticket.id}/escalate`, {
      as: 'carla',
      body: { note: 'x' },
    });
    expect([byCustomer.status, byCustomer.body.error.code]).toEqual([403, 'FORBIDDEN']);
    expect(await t.get(ticket.id)).toMatchObject({ escalationLevel: 2, escalationCount: 1 });
  });

  it("GET /tickets, GET /tickets/:id - staff see each ticket's SLA line: state, next metric and due time", async () => {
    const t = await setup({}, SLA_SETTINGS);
    t.clock.set(new Date('2025-03-04T01:00:00.000Z')); // Tuesday 10:00 in Tokyo
    const ticket = await t.desk.tickets.create(t.carla, { subject: 'Help', message: { body: 'x' } });
    const queue = await t.call('GET', '/tickets?sort=priority', { as: 'ada' });
    expect(queue.body.items[0].slaSummary).toEqual({
      state: 'running',
      nextMetric: 'first_response',
      nextDueAt: '2025-03-04T05:00:00.000Z',
      breached: false,
    });
    expect(queue.body.items[0].sla.policyId).toBe('standard');
    const detail = await t.call('GET', `/tickets/${ticket.id}`, { as: 'ada' });
    expect(detail.body.ticket.slaSummary.nextDueAt).toBe('2025-03-04T05:00:00.000Z');
    // Past the due time the read shows the breach before the timer has run.
    t.clock.set(new Date('2025-03-04T06:00:00.000Z'));
    const late = await t.call('GET', `/tickets/${ticket.id}`, { as: 'ada' });
    expect(late.body.ticket.slaSummary).toMatchObject({ state: 'running', breached: true });
    const customer = await t.call('GET', `/tickets/${ticket.id}`, { as: 'carla' });
    expectCustomerSafe(customer.body);
    const noSla = await setup();
    await noSla.desk.tickets.create(noSla.carla, { subject: 'Help', message: { body: 'x' } });
    const plain = await noSla.call('GET', '/tickets', { as: 'ada' });
    expect(plain.body.items[0].slaSummary).toEqual({
      state: 'none',
      nextMetric: null,
      nextDueAt: null,
      breached: false,
    });
  });

  it('GET /directory - agents, teams and pipelines for the console', async () => {
    const t = await setup();
    const response = await t.call('GET', '/directory', { as: 'ada' });
    expect(response.status).toBe(200);
    expect(response.body.agents.map((agent: { id: string }) => agent.id)).toContain(AGENT.ada);
    expect(response.body.teams.map((team: { id: string }) => team.id)).toEqual(['billing', 'support']);
    expect(response.body.escalationLevels[1]).toEqual({ level: 2, name: 'L2 specialist', teamId: null });
    expect(response.body.pipelines[0].stages.length).toBeGreaterThan(0);
  });
});

async function readEvents(
  response: Response,
  count: number,
): Promise<Array<{ event: string; data: unknown }>> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const events: Array<{ event: string; data: unknown }> = [];
  while (events.length < count) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event !== undefined && data !== undefined) events.push({ event, data: JSON.parse(data) });
      end = buffer.indexOf('\n\n');
    }
  }
  await reader.cancel();
  return events;
}

describe('handler: live updates', () => {
  it('GET /events - a customer hears sync, then public changes on their own tickets only', async () => {
    const t = await setup();
    const mine = await t.desk.tickets.create(t.carla, { subject: 'Mine', message: { body: 'x' } });
    const dans = await t.desk.tickets.create(t.dan, { subject: 'Dan', message: { body: 'x' } });
    const abort = new AbortController();
    const response = await t.handler(
      new Request('http://desk.test/api/events', {
        headers: { 'x-test-user': 'carla' },
        signal: abort.signal,
      }),
    );
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const events = readEvents(response, 3);
    await t.desk.tickets.addNote(t.ada, mine.id, { body: 'INTERNAL NOTE' });
    await t.desk.tickets.assign(t.ada, mine.id, { assigneeId: AGENT.bob });
    await t.desk.tickets.reply(t.ada, dans.id, { body: 'for Dan' });
    await t.desk.tickets.reply(t.ada, mine.id, { body: 'for Carla' });
    await t.desk.tickets.transition(t.ada, mine.id, { stageId: 'resolved' });
    expect(await events).toEqual([
      { event: 'sync', data: {} },
      { event: 'change', data: { type: 'message.created', ticketId: mine.id } },
      { event: 'change', data: { type: 'ticket.changed', ticketId: mine.id } },
    ]);
    abort.abort();
  });

  it('GET /events - an agent hears every change of the tenant, internal notes included', async () => {
    const t = await setup();
    const ticket = await t.desk.tickets.create(t.carla, { subject: 'Mine', message: { body: 'x' } });
    const stream = await t.handler(
      new Request('http://desk.test/api/events', { headers: { 'x-test-user': 'ada' } }),
    );
    const events = readEvents(stream, 2);
    await t.desk.tickets.addNote(t.bob, ticket.id, { body: 'note' });
    expect(await events).toEqual([
      { event: 'sync', data: {} },
      { event: 'change', data: { type: 'message.created', ticketId: ticket.id } },
    ]);
  }, 10_000);

  it('GET /events - a reconnect starts with sync again; an aborted stream stops listening', async () => {
    const t = await setup();
    // Wraps each stream's subscription to see what the bus still delivers to it and whether it unsubscribed.
    const subscribeAll = t.desk.events.onAny.bind(t.desk.events);
    const subscriptions: Array<{ heard: ReturnType<typeof vi.fn>; unsubscribe: ReturnType<typeof vi.fn> }> =
      [];
    vi.spyOn(t.desk.events, 'onAny').mockImplementation((listener) => {
      const heard = vi.fn(listener);
      const unsubscribe = vi.fn(subscribeAll(heard));
      subscriptions.push({ heard, unsubscribe });
      return unsubscribe;
    });
    const ticket = await t.desk.tickets.create(t.carla, { subject: 'Mine', message: { body: 'x' } });
    const abort = new AbortController();
    const first = await t.handler(
      new Request('http://desk.test/api/events', { headers: { 'x-test-user': 'ada' }, signal: abort.signal }),
    );
    expect(subscriptions).toHaveLength(1);
    const [firstSubscription] = subscriptions;
    expect(firstSubscription?.unsubscribe).not.toHaveBeenCalled();
    abort.abort();
    const text = await first.text();
    expect(text).toContain('event: sync');
    expect(firstSubscription?.unsubscribe).toHaveBeenCalledTimes(1);
    await t.desk.tickets.addNote(t.ada, ticket.id, { body: 'after the abort' });
    expect(firstSubscription?.heard).not.toHaveBeenCalled();
    const second = await t.handler(
      new Request('http://desk.test/api/events', { headers: { 'x-test-user': 'ada' } }),
    );
    expect(await readEvents(second, 1)).toEqual([{ event: 'sync', data: {} }]);
  });
});

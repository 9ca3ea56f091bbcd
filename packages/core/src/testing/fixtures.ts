import { prefixedRandomId } from '../ids';
import type {
  Agent,
  CreditAccount,
  CreditBlock,
  CreditEntry,
  CreditHold,
  CsatRating,
  Customer,
  IdempotencyRecord,
  JobRecord,
  Message,
  Pipeline,
  QueuedTicket,
  ReadMarker,
  SettingsRecord,
  StoredEvent,
  Team,
  Ticket,
  TicketLink,
} from '../storage/records';

/**
 * Record builders for adapter tests. Every builder fills every field with a non-default
 * value (instants with milliseconds, nested JSON, non-empty arrays, non-ASCII text), so a
 * round trip through an adapter checks each column; `overrides` replace fields.
 * Builders only build: nothing is stored.
 */

/**
 * A fresh random id with a readable prefix, e.g. `newId('tkt')` -> `tkt_3fZc...`: the shape of
 * core's ids, mixed case included (ids order by UTF-16 code units, as in `ticket-order.ts`).
 */
export function newId(prefix: string): string {
  return prefixedRandomId(prefix);
}

/** A fresh random tenant id; tests isolate from each other by using one each. */
export function newTenantId(): string {
  return newId('tenant');
}

/** A fixed instant plus `offsetMs`, with a non-zero millisecond part (to catch precision loss). */
export function fixtureInstant(offsetMs = 0): Date {
  return new Date(Date.UTC(2024, 2, 10, 8, 15, 30, 123) + offsetMs);
}

/** A ticket of `tenantId` with every field set (nullable fields non-null). */
export function buildTicket(tenantId: string, overrides: Partial<Ticket> = {}): Ticket {
  return {
    tenantId,
    id: newId('tkt'),
    number: 1,
    subject: 'Cannot log in: "ünïcödé" ✓ 日本語 \\ 50% off_sale',
    type: 'incident',
    priority: 'high',
    category: 'billing',
    teamId: newId('team'),
    assigneeId: newId('agt'),
    tags: ['vip', 'login'],
    customFields: {
      plan: 'gold',
      seats: 12,
      ratio: 0.25,
      big: 2 ** 40,
      negative: -7,
      flag: false,
      nothing: null,
      empty: '',
      list: [1, 'two', null, { three: [true] }],
      nested: { deeper: { deepest: ['x', { y: null }] }, emptyObject: {}, emptyList: [] },
    },
    channel: 'social',
    channelDetail: { network: 'x', kind: 'mention', thread: ['a', 'b'] },
    requesterId: newId('cus'),
    pipelineId: 'default',
    stageId: 'waiting_on_us',
    statusCategory: 'open',
    escalationLevel: 2,
    parentId: newId('tkt'),
    mergedIntoId: newId('tkt'),
    mergedTicketIds: [newId('tkt'), newId('tkt')],
    alarm: {
      dedupKey: 'disk-full:db-1',
      occurrences: 3,
      firstOccurredAt: fixtureInstant(-60_000),
      lastOccurredAt: fixtureInstant(-1_001),
    },
    messageCount: 4,
    version: 1,
    createdAt: fixtureInstant(),
    updatedAt: fixtureInstant(5_432),
    firstRespondedAt: fixtureInstant(1_001),
    resolvedAt: fixtureInstant(2_002),
    closedAt: fixtureInstant(3_003),
    reopenCount: 2,
    reassignCount: 5,
    sla: {
      policyId: 'gold',
      settingsVersion: 3,
      done: false,
      pauses: [{ start: '2024-03-10T08:20:00.000Z', end: '2024-03-10T08:25:30.123Z' }],
      clocks: [
        {
          metric: 'first_response',
          cycle: 1,
          status: 'completed',
          startedAt: '2024-03-10T08:15:30.123Z',
          completedAt: '2024-03-10T08:15:31.124Z',
          targetMinutes: 60,
          calendarId: 'office-hours',
          dueAt: '2024-03-11T09:15:30.123Z',
          breached: false,
          achieved: true,
          warned: [],
          elapsedMinutes: 1.5,
          remainingMinutes: 58.5,
        },
        {
          metric: 'resolution',
          cycle: 1,
          status: 'running',
          startedAt: '2024-03-10T08:15:30.123Z',
          completedAt: null,
          targetMinutes: 480,
          calendarId: null,
          dueAt: '2024-03-10T16:21:00.123Z',
          breached: true,
          achieved: false,
          warned: [50, 75],
          elapsedMinutes: 500.5,
          remainingMinutes: -20.5,
        },
      ],
      breached: true,
      timerAt: null,
      asOf: '2024-03-10T16:41:30.123Z',
    },
    slaDueAt: fixtureInstant(8 * 60 * 60 * 1000 + 5 * 60 * 1000 + 30_000),
    escalationCount: 3,
    ...overrides,
  };
}

/**
 * The same ticket with every nullable field null and every list or object empty: the other
 * half of a round-trip check.
 */
export function sparseTicket(ticket: Ticket): Ticket {
  return {
    ...ticket,
    category: null,
    teamId: null,
    assigneeId: null,
    tags: [],
    customFields: {},
    channelDetail: null,
    parentId: null,
    mergedIntoId: null,
    mergedTicketIds: [],
    alarm: null,
    firstRespondedAt: null,
    resolvedAt: null,
    closedAt: null,
    sla: null,
    slaDueAt: null,
    escalationCount: 0,
  };
}

/** A message of a ticket with every field set. */
export function buildMessage(tenantId: string, ticketId: string, overrides: Partial<Message> = {}): Message {
  return {
    tenantId,
    id: newId('msg'),
    ticketId,
    seq: 1,
    visibility: 'public',
    author: { kind: 'customer', id: newId('cus') },
    body: 'Hello,\n\tit still fails: "quotes", \\backslashes\\, ünïcödé ✓ 日本語 and emoji 🎫.',
    channel: 'email',
    externalId: `<${newId('mail')}@mail.example.com>`,
    attachments: [
      {
        name: 'screenshot.png',
        contentType: 'image/png',
        size: 48_213,
        url: 'https://files.example.com/a.png',
      },
      { name: 'log.txt', contentType: 'text/plain', size: 0, url: null },
    ],
    createdAt: fixtureInstant(),
    ...overrides,
  };
}

/** A customer with an email and two channel identities, every field set. */
export function buildCustomer(tenantId: string, overrides: Partial<Customer> = {}): Customer {
  const email = `${newId('ada')}@example.com`.toLowerCase();
  return {
    tenantId,
    id: newId('cus'),
    name: 'Ada Lovelace-Ünïcödé',
    email,
    identities: [
      { type: 'email', network: null, value: email },
      { type: 'social', network: 'x', value: newId('handle').toLowerCase() },
      { type: 'phone', network: null, value: `+4930${Math.floor(Math.random() * 1e9)}` },
    ],
    timeZone: 'Europe/Berlin',
    locale: 'de-DE',
    attributes: { tier: 'gold', seats: 40, tags: ['a', 'b'], billing: { vat: null, country: 'DE' } },
    version: 1,
    createdAt: fixtureInstant(),
    updatedAt: fixtureInstant(7),
    ...overrides,
  };
}

/** An agent with every field set. */
export function buildAgent(tenantId: string, overrides: Partial<Agent> = {}): Agent {
  return {
    tenantId,
    id: newId('agt'),
    name: 'Grace Hopper',
    email: `${newId('grace')}@support.example.com`.toLowerCase(),
    teamIds: [newId('team'), newId('team')],
    status: 'away',
    active: true,
    skills: [
      { name: 'billing', level: 7 },
      { name: 'sap-ünï', level: null },
    ],
    escalationLevel: 3,
    languages: ['de', 'en'],
    capacity: { max: 12, perChannel: { chat: 2, email: 0 } },
    version: 1,
    createdAt: fixtureInstant(),
    updatedAt: fixtureInstant(9),
    ...overrides,
  };
}

/** A team with every field set. */
export function buildTeam(tenantId: string, overrides: Partial<Team> = {}): Team {
  return {
    tenantId,
    id: newId('team'),
    name: 'Billing – 2nd level',
    version: 1,
    createdAt: fixtureInstant(),
    updatedAt: fixtureInstant(11),
    ...overrides,
  };
}

/** A pipeline of three stages covering null and non-null `pausesSla` and `transitionsTo`. */
export function buildPipeline(tenantId: string, overrides: Partial<Pipeline> = {}): Pipeline {
  return {
    tenantId,
    id: newId('pip'),
    name: 'Hardware returns',
    stages: [
      { id: 'received', name: 'Received', category: 'new', pausesSla: null, transitionsTo: ['inspecting'] },
      { id: 'inspecting', name: 'Inspecting', category: 'on_hold', pausesSla: false, transitionsTo: null },
      { id: 'done', name: 'Done', category: 'closed', pausesSla: true, transitionsTo: [] },
    ],
    version: 1,
    createdAt: fixtureInstant(),
    updatedAt: fixtureInstant(13),
    ...overrides,
  };
}

/** A link between two tickets. */
export function buildLink(
  tenantId: string,
  sourceId: string,
  targetId: string,
  overrides: Partial<TicketLink> = {},
): TicketLink {
  return {
    tenantId,
    id: newId('lnk'),
    type: 'duplicate_of',
    sourceId,
    targetId,
    createdAt: fixtureInstant(),
    createdBy: { kind: 'agent', id: newId('agt') },
    ...overrides,
  };
}

/** A stored event with a nested payload. */
export function buildEvent(tenantId: string, overrides: Partial<StoredEvent> = {}): StoredEvent {
  return {
    tenantId,
    id: newId('evt'),
    type: 'ticket.updated',
    occurredAt: fixtureInstant(),
    actor: { kind: 'agent', id: newId('agt') },
    ticketId: null,
    data: {
      changes: [
        { field: 'priority', from: 'low', to: 'urgent' },
        { field: 'customFields', from: null, to: { seats: 3, nested: [1, { x: 'ü' }] } },
      ],
    },
    ...overrides,
  };
}

/** A scheduled, unclaimed job. */
export function buildJob(tenantId: string, overrides: Partial<JobRecord> = {}): JobRecord {
  return {
    tenantId,
    id: newId('job'),
    key: `test.job:${newId('k')}`,
    type: 'test.job',
    payload: { ticketId: newId('tkt'), attempt: { n: 1, notes: ['a', null] } },
    dueAt: fixtureInstant(),
    status: 'scheduled',
    attempts: 0,
    claimToken: null,
    leaseUntil: null,
    lastError: null,
    createdAt: fixtureInstant(-1_000),
    ...overrides,
  };
}

/** An idempotency record with a nested JSON result. */
export function buildIdempotencyRecord(
  tenantId: string,
  overrides: Partial<IdempotencyRecord> = {},
): IdempotencyRecord {
  return {
    tenantId,
    scope: 'tickets.create',
    key: newId('idem'),
    fingerprint: 'sha256:3f1c9a',
    result: { ticketId: newId('tkt'), extra: [1, null, { ok: true }] },
    createdAt: fixtureInstant(),
    ...overrides,
  };
}

/** A settings document. */
export function buildSettings(tenantId: string, overrides: Partial<SettingsRecord> = {}): SettingsRecord {
  return {
    tenantId,
    settings: {
      defaultPriority: 'high',
      autoCloseAfterSeconds: null,
      customFields: [
        { key: 'plan', label: 'Plan', type: 'select', options: ['free', 'pro'], required: false },
      ],
    },
    version: 1,
    updatedAt: fixtureInstant(),
    ...overrides,
  };
}

/** A routing queue entry of a fresh ticket with every field set. */
export function buildQueuedTicket(tenantId: string, overrides: Partial<QueuedTicket> = {}): QueuedTicket {
  return {
    tenantId,
    ticketId: newId('tkt'),
    teamId: newId('team'),
    priority: 'high',
    ticketCreatedAt: fixtureInstant(-3_600_123),
    queuedAt: fixtureInstant(17),
    ruleId: 'vip-ünï',
    ...overrides,
  };
}

/** A rating of `ticketId` with every field set. */
export function buildCsatRating(
  tenantId: string,
  ticketId: string,
  overrides: Partial<CsatRating> = {},
): CsatRating {
  return {
    tenantId,
    ticketId,
    customerId: newId('cus'),
    scale: 'seven_point',
    score: 6,
    comment: 'Schnell und freundlich ✓ 早い',
    version: 1,
    createdAt: fixtureInstant(),
    updatedAt: fixtureInstant(1_001),
    ...overrides,
  };
}

/** A read marker of `ticketId` with every field set. */
export function buildReadMarker(
  tenantId: string,
  ticketId: string,
  overrides: Partial<ReadMarker> = {},
): ReadMarker {
  return {
    tenantId,
    ticketId,
    readerKind: 'customer',
    readerId: newId('cus'),
    lastMessageAt: fixtureInstant(),
    lastMessageSeq: 3,
    lastMessageId: newId('msg'),
    readAt: fixtureInstant(2_002),
    ...overrides,
  };
}

/** A customer's credit account with non-zero counters. */
export function buildCreditAccount(
  tenantId: string,
  customerId: string,
  overrides: Partial<CreditAccount> = {},
): CreditAccount {
  return {
    tenantId,
    customerId,
    lastSeq: 3,
    balance: 7,
    posted: 2,
    overdraftBlockId: newId('blk'),
    createdAt: fixtureInstant(-5_000),
    updatedAt: fixtureInstant(),
    ...overrides,
  };
}

/** A credit block of `customerId` with every field set (nullable fields non-null). */
export function buildCreditBlock(
  tenantId: string,
  customerId: string,
  overrides: Partial<CreditBlock> = {},
): CreditBlock {
  return {
    tenantId,
    id: newId('blk'),
    customerId,
    kind: 'grant',
    amount: 10,
    remaining: 7,
    held: 2,
    effectiveAt: fixtureInstant(-86_400_000),
    expiresAt: fixtureInstant(180 * 86_400_000),
    priority: 20,
    costBasis: 1_999_999_999_999,
    scope: ['chat_question', 'phone_followup'],
    externalRef: 'order "ünïcödé" #42',
    sourceBlockId: newId('blk'),
    voidedAt: fixtureInstant(1),
    createdAt: fixtureInstant(-86_400_000),
    updatedAt: fixtureInstant(),
    ...overrides,
  };
}

/** A ledger entry of `customerId` with sequence `seq` and every field set. */
export function buildCreditEntry(
  tenantId: string,
  customerId: string,
  seq: number,
  overrides: Partial<CreditEntry> = {},
): CreditEntry {
  return {
    tenantId,
    id: newId('cre'),
    customerId,
    seq,
    type: 'hold_posted',
    blockId: newId('blk'),
    amount: 3,
    occurredAt: fixtureInstant(seq * 1000),
    recordedAt: fixtureInstant(seq * 1000 + 7),
    idempotencyKey: `key-${seq}`,
    holdId: newId('hold'),
    service: 'chat_question',
    ticketId: newId('tkt'),
    messageId: newId('msg'),
    refersTo: newId('cre'),
    actor: { kind: 'agent', id: newId('agt') },
    balanceBefore: 10,
    balanceAfter: 10,
    ...overrides,
  };
}

/** A hold of `customerId` with every field set (nullable fields non-null). */
export function buildCreditHold(
  tenantId: string,
  customerId: string,
  overrides: Partial<CreditHold> = {},
): CreditHold {
  return {
    tenantId,
    id: newId('hold'),
    customerId,
    key: `ticket:${newId('tkt')}`,
    service: 'chat_question',
    amount: 3,
    draws: [
      { blockId: newId('blk'), amount: 1 },
      { blockId: newId('blk'), amount: 2 },
    ],
    status: 'held',
    postedAmount: 0,
    ticketId: newId('tkt'),
    messageId: newId('msg'),
    expiresAt: fixtureInstant(72 * 3_600_000),
    createdAt: fixtureInstant(),
    resolvedAt: fixtureInstant(5),
    ...overrides,
  };
}

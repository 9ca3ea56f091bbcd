import { describe, expect, it } from 'vitest';
import { systemActor } from '../actors';
import {
  AGENT,
  expectError,
  instrumentedStorage,
  issueCodes,
  issuePaths,
  OTHER_TENANT,
  START,
  TEAM,
  TENANT,
  testDesk,
  typesOf,
} from '../test-support';

describe('tickets.create', () => {
  it('create - stores every given field and starts in the entry stage', async () => {
    const t = await testDesk();
    const created = await t.desk.tickets.create(t.system, {
      subject: '  Invoice is wrong  ',
      type: 'incident',
      priority: 'high',
      category: 'billing',
      teamId: TEAM.support,
      assigneeId: AGENT.ada,
      tags: ['VIP', 'vip', 'Refund'],
      customFields: { plan: 'pro', seats: 3 },
      channel: 'social',
      channelDetail: { network: 'x', kind: 'mention' },
      requesterId: t.carlaId,
      message: {
        body: 'I was charged twice',
        attachments: [{ name: 'invoice.pdf', contentType: 'application/pdf', size: 1200 }],
      },
    });
    const stored = await t.get(created.id);
    expect(stored).toEqual(created);
    expect(stored).toEqual({
      tenantId: 'acme',
      id: expect.stringMatching(/^tkt_/),
      number: 1,
      subject: 'Invoice is wrong',
      type: 'incident',
      priority: 'high',
      category: 'billing',
      teamId: TEAM.support,
      assigneeId: AGENT.ada,
      tags: ['vip', 'refund'],
      customFields: { plan: 'pro', seats: 3 },
      channel: 'social',
      channelDetail: { network: 'x', kind: 'mention' },
      requesterId: t.carlaId,
      pipelineId: 'default',
      stageId: 'new',
      statusCategory: 'new',
      escalationLevel: 1,
      parentId: null,
      mergedIntoId: null,
      mergedTicketIds: [],
      alarm: null,
      messageCount: 1,
      version: 1,
      createdAt: START,
      updatedAt: START,
      firstRespondedAt: null,
      resolvedAt: null,
      closedAt: null,
      reopenCount: 0,
      reassignCount: 0,
      sla: null,
      slaDueAt: null,
      escalationCount: 0,
    });
    const [message, ...others] = await t.thread(created.id);
    expect(others).toEqual([]);
    expect(message).toMatchObject({
      ticketId: created.id,
      seq: 1,
      visibility: 'public',
      // The system relays the requester's own words.
      author: { kind: 'customer', id: t.carlaId },
      body: 'I was charged twice',
      channel: 'social',
      externalId: null,
      attachments: [{ name: 'invoice.pdf', contentType: 'application/pdf', size: 1200, url: null }],
      createdAt: START,
    });
    expect(typesOf(await t.history(created.id))).toEqual([
      'ticket.created',
      'ticket.assigned',
      'message.created',
    ]);
    expect(typesOf(t.published)).toEqual(['ticket.created', 'ticket.assigned', 'message.created']);
    expect(t.published[0]).toMatchObject({
      type: 'ticket.created',
      ticketId: created.id,
      actor: { kind: 'system', id: null },
      occurredAt: START,
      data: {
        number: 1,
        subject: 'Invoice is wrong',
        requesterId: t.carlaId,
        position: { pipelineId: 'default', stageId: 'new', category: 'new' },
        parentId: null,
        followUpOf: null,
        alarmKey: null,
      },
    });
  });

  it('create - numbers tickets per tenant, starting at 1', async () => {
    const t = await testDesk();
    const numbers = [];
    for (let index = 0; index < 3; index++) numbers.push((await t.open()).number);
    const other = await t.desk.tickets.create(systemActor(OTHER_TENANT), {
      subject: 'Elsewhere',
      requester: { email: 'someone@globex.test' },
    });
    expect(numbers).toEqual([1, 2, 3]);
    expect(other.number).toBe(1);
    expect((await t.desk.tickets.list(t.system)).items.map((ticket) => ticket.number)).toEqual([3, 2, 1]);
  });

  it('create - takes type, priority and pipeline from the tenant settings', async () => {
    const t = await testDesk();
    await t.desk.pipelines.create(t.system, {
      id: 'it',
      name: 'IT',
      stages: [
        { id: 'triage', name: 'Triage', category: 'open' },
        { id: 'inbox', name: 'Inbox', category: 'new' },
        { id: 'done', name: 'Done', category: 'closed' },
      ],
    });
    await t.desk.settings.update(t.system, {
      ticketTypes: ['bug', 'question'],
      defaultPriority: 'low',
      defaultPipelineId: 'it',
    });
    const ticket = await t.open();
    expect(await t.get(ticket.id)).toMatchObject({
      type: 'bug',
      priority: 'low',
      pipelineId: 'it',
      // The first `new` stage, not the first stage.
      stageId: 'inbox',
      statusCategory: 'new',
    });
  });

  it('create - the channel defaults to web_form for customers and api for staff', async () => {
    const t = await testDesk();
    const byCustomer = await t.open({}, t.carla);
    const bySystem = await t.open();
    const byAgent = await t.open({}, t.ada);
    const given = await t.open({ channel: 'phone' });
    expect((await t.get(byCustomer.id)).channel).toBe('web_form');
    expect((await t.get(bySystem.id)).channel).toBe('api');
    expect((await t.get(byAgent.id)).channel).toBe('api');
    expect((await t.get(given.id)).channel).toBe('phone');
  });

  it('create - finds an existing requester by email, whatever its case', async () => {
    const t = await testDesk();
    const ticket = await t.desk.tickets.create(t.system, {
      subject: 'Hi',
      requester: { email: ' CARLA@Example.com ', name: 'Someone else' },
    });
    expect(ticket.requesterId).toBe(t.carlaId);
    expect((await t.desk.customers.get(t.system, t.carlaId)).name).toBe('Carla');
    expect(typesOf(await t.storedEvents())).not.toContain('customer.created');
  });

  it('create - creates the requester when no customer has the email', async () => {
    const t = await testDesk();
    const ticket = await t.desk.tickets.create(t.system, {
      subject: 'Hi',
      requester: { email: 'New.Person@Example.com', name: 'New Person' },
    });
    const requester = await t.desk.customers.get(t.system, ticket.requesterId);
    expect(requester).toMatchObject({
      name: 'New Person',
      email: 'new.person@example.com',
      identities: [{ type: 'email', network: null, value: 'new.person@example.com' }],
    });
    expect(typesOf(await t.storedEvents())).toEqual(['customer.created', 'ticket.created']);
  });

  it('create - finds or creates the requester by channel identity', async () => {
    const t = await testDesk();
    const first = await t.desk.tickets.create(t.system, {
      subject: 'Mention',
      channel: 'social',
      requester: { identity: { type: 'social', network: 'X', value: '@Ada_L' }, name: 'Ada L' },
    });
    const second = await t.desk.tickets.create(t.system, {
      subject: 'Mention again',
      channel: 'social',
      requester: { identity: { type: 'social', network: 'x', value: 'ada_l' } },
    });
    expect(second.requesterId).toBe(first.requesterId);
    expect(await t.desk.customers.get(t.system, first.requesterId)).toMatchObject({
      name: 'Ada L',
      email: null,
      identities: [{ type: 'social', network: 'x', value: 'ada_l' }],
    });
  });

  it('create - staff give exactly one of requesterId and requester', async () => {
    const t = await testDesk();
    const neither = await expectError(t.desk.tickets.create(t.system, { subject: 'x' }), 'VALIDATION_FAILED');
    expect(issueCodes(neither)).toEqual(['requester_required']);
    const both = await expectError(
      t.desk.tickets.create(t.system, {
        subject: 'x',
        requesterId: t.carlaId,
        requester: { email: 'a@b.test' },
      }),
      'VALIDATION_FAILED',
    );
    expect(issueCodes(both)).toEqual(['requester_required']);
    expect((await t.desk.tickets.list(t.system)).items).toEqual([]);
  });

  it('create - an unknown requesterId is VALIDATION_FAILED', async () => {
    const t = await testDesk();
    const error = await expectError(t.open({ requesterId: 'cus_nobody' }), 'VALIDATION_FAILED');
    expect(issueCodes(error)).toEqual(['unknown_customer']);
    expect(issuePaths(error)).toEqual(['requesterId']);
    expect(await t.storedEvents()).toEqual([]);
  });

  it('create - a customer is the requester and author of their own ticket', async () => {
    const t = await testDesk();
    const ticket = await t.open({ message: { body: 'Help' } }, t.carla);
    expect(ticket.requesterId).toBe(t.carlaId);
    expect((await t.thread(ticket.id))[0]?.author).toEqual({ kind: 'customer', id: t.carlaId });
    expect(t.published[0]?.actor).toEqual({ kind: 'customer', id: t.carlaId });
  });

  it('create - an agent writes the first message as themselves', async () => {
    const t = await testDesk();
    const ticket = await t.open({ message: { body: 'Logged from a call' } }, t.ada);
    expect((await t.thread(ticket.id))[0]?.author).toEqual({ kind: 'agent', id: AGENT.ada });
  });

  it('create - the system writes an internal first message as the system', async () => {
    const t = await testDesk();
    const ticket = await t.open({ message: { body: 'Imported', visibility: 'internal' } });
    expect((await t.thread(ticket.id))[0]).toMatchObject({
      visibility: 'internal',
      author: { kind: 'system', id: null },
    });
  });

  it('create - customers may not set staff-only fields (FORBIDDEN with details.fields)', async () => {
    const t = await testDesk();
    await expectError(
      t.desk.tickets.create(t.carla, {
        subject: 'x',
        requesterId: t.danId,
        teamId: TEAM.support,
        assigneeId: AGENT.ada,
        tags: ['a'],
        stageId: 'new',
      }),
      'FORBIDDEN',
      { fields: ['requesterId', 'teamId', 'assigneeId', 'tags', 'stageId'] },
    );
    await expectError(
      t.desk.tickets.create(t.carla, { subject: 'x', pipelineId: 'default', parentId: 'tkt_x' }),
      'FORBIDDEN',
      { fields: ['pipelineId', 'parentId'] },
    );
    await expectError(
      t.desk.tickets.create(t.carla, { subject: 'x', requester: { email: 'carla@example.com' } }),
      'FORBIDDEN',
      { fields: ['requester'] },
    );
    await expectError(
      t.desk.tickets.create(t.carla, {
        subject: 'x',
        channel: 'alarm',
        message: { body: 'psst', visibility: 'internal' },
      }),
      'FORBIDDEN',
      { fields: ['message.visibility', 'channel'] },
    );
    expect((await t.desk.tickets.list(t.system)).items).toEqual([]);
    expect(await t.storedEvents()).toEqual([]);
  });

  it('create - customers choose a priority only when the tenant allows it', async () => {
    const t = await testDesk();
    await expectError(t.open({ priority: 'urgent' }, t.carla), 'FORBIDDEN', { fields: ['priority'] });
    const withoutPriority = await t.open({}, t.carla);
    expect(withoutPriority.priority).toBe('medium');
    await t.desk.settings.update(t.system, { customerCanSetPriority: true });
    const urgent = await t.open({ priority: 'urgent' }, t.carla);
    expect((await t.get(urgent.id)).priority).toBe('urgent');
  });

  it('create - a customer that does not exist is NOT_FOUND', async () => {
    const t = await testDesk();
    const ghost = { kind: 'customer' as const, tenantId: 'acme', customerId: 'cus_ghost' };
    await expectError(t.open({}, ghost), 'NOT_FOUND', { entity: 'Customer', id: 'cus_ghost' });
  });

  it('create - unknown types and categories are VALIDATION_FAILED', async () => {
    const t = await testDesk({ settings: { categories: [{ id: 'billing', name: 'Billing' }] } });
    const type = await expectError(t.open({ type: 'rant' }), 'VALIDATION_FAILED');
    expect(issueCodes(type)).toEqual(['unknown_type']);
    const category = await expectError(t.open({ category: 'sales' }), 'VALIDATION_FAILED');
    expect(issueCodes(category)).toEqual(['unknown_category']);
    const ok = await t.open({ category: 'billing', type: 'task' });
    expect(await t.get(ok.id)).toMatchObject({ category: 'billing', type: 'task' });
  });

  it('create - any category slug is accepted while the tenant defines none', async () => {
    const t = await testDesk();
    const ticket = await t.open({ category: 'anything-goes' });
    expect((await t.get(ticket.id)).category).toBe('anything-goes');
  });

  it('create - checks the team and the assignee', async () => {
    const t = await testDesk();
    const cases: Array<[Parameters<typeof t.open>[0], string]> = [
      [{ teamId: 'team_nope' }, 'unknown_team'],
      [{ assigneeId: 'agt_nope' }, 'unknown_agent'],
      [{ assigneeId: AGENT.eve }, 'inactive_agent'],
      [{ assigneeId: AGENT.ada, teamId: TEAM.billing }, 'not_team_member'],
    ];
    for (const [input, code] of cases) {
      const error = await expectError(t.open(input), 'VALIDATION_FAILED');
      expect(issueCodes(error)).toEqual([code]);
    }
    expect((await t.desk.tickets.list(t.system)).items).toEqual([]);
    const ok = await t.open({ assigneeId: AGENT.cyd });
    expect(await t.get(ok.id)).toMatchObject({ assigneeId: AGENT.cyd, teamId: null });
  });

  it('create - may start in a given active stage, never in a resolved or closed one', async () => {
    const t = await testDesk();
    const waiting = await t.open({ stageId: 'waiting_on_customer' });
    expect(await t.get(waiting.id)).toMatchObject({
      stageId: 'waiting_on_customer',
      statusCategory: 'pending',
    });
    for (const stageId of ['resolved', 'closed']) {
      const error = await expectError(t.open({ stageId }), 'VALIDATION_FAILED');
      expect(issueCodes(error)).toEqual(['inactive_stage']);
    }
    expect(issueCodes(await expectError(t.open({ stageId: 'limbo' }), 'VALIDATION_FAILED'))).toEqual([
      'unknown_stage',
    ]);
    expect(issueCodes(await expectError(t.open({ pipelineId: 'nope' }), 'VALIDATION_FAILED'))).toEqual([
      'unknown_pipeline',
    ]);
  });

  it('create - a child records the relation on both tickets', async () => {
    const t = await testDesk();
    const parent = await t.open({ subject: 'Parent' });
    const child = await t.open({ subject: 'Child', parentId: parent.id });
    expect((await t.get(child.id)).parentId).toBe(parent.id);
    expect(typesOf(await t.history(child.id))).toEqual(['ticket.created', 'ticket.parent_changed']);
    expect((await t.history(parent.id)).at(-1)).toMatchObject({
      type: 'ticket.child_added',
      data: { childId: child.id },
    });
  });

  it('create - an initial message whose externalId is stored returns that ticket', async () => {
    const t = await testDesk();
    const first = await t.open({ channel: 'email', message: { body: 'Hello', externalId: '<m1@mail>' } });
    const again = await t.open({
      subject: 'Different subject',
      channel: 'email',
      message: { body: 'Hello', externalId: '<m1@mail>' },
    });
    expect(again).toEqual(await t.get(first.id));
    expect((await t.desk.tickets.list(t.system)).items).toHaveLength(1);
    expect(await t.thread(first.id)).toHaveLength(1);
  });

  it('create - rejects malformed input with the path of each problem', async () => {
    const t = await testDesk();
    const error = await expectError(
      t.desk.tickets.create(t.system, {
        subject: '   ',
        requesterId: t.carlaId,
        priority: 'critical' as never,
        colour: 'red',
      } as never),
      'VALIDATION_FAILED',
    );
    expect(issuePaths(error).sort()).toEqual(['', 'priority', 'subject']);
    expect(issueCodes(error)).toContain('unrecognized_keys');
  });

  it('create - called apart from its desk object, it rejects instead of throwing', async () => {
    const t = await testDesk();
    const { create } = t.desk.tickets;
    let outcome: Promise<unknown> | undefined;
    expect(() => {
      outcome = create(t.system, { subject: 'x', requester: { email: 'ada@example.com' } });
    }).not.toThrow();
    await expect(outcome).rejects.toBeInstanceOf(TypeError);
    expect(await t.storedEvents()).toEqual([]);
  });

  it('create - a failed create leaves no trace, not even a created requester', async () => {
    const t = await testDesk({
      settings: { customFields: [{ key: 'plan', label: 'Plan', type: 'select', options: ['free', 'pro'] }] },
    });
    await expectError(
      t.desk.tickets.create(t.system, {
        subject: 'x',
        requester: { email: 'fresh@example.com' },
        customFields: { plan: 'gold' },
      }),
      'VALIDATION_FAILED',
    );
    expect(await t.desk.customers.findByEmail(t.system, 'fresh@example.com')).toBeNull();
    expect(await t.storedEvents()).toEqual([]);
    expect(t.published).toEqual([]);
    // Only the number stays consumed: it is taken before the transaction (numbers may have gaps).
    expect((await t.open()).number).toBe(2);
  });

  it('create - a requester created concurrently after the lookup is found on the re-run, not ALREADY_EXISTS', async () => {
    let lookups = 0;
    const t = await testDesk({
      storage: (memory) =>
        instrumentedStorage(memory, {
          // The first lookup of the command misses: the customer commits right after it.
          intercept: ({ repository, method, inTransaction }) =>
            repository === 'customers' && method === 'findByIdentity' && inTransaction && lookups++ === 0
              ? { result: null }
              : undefined,
        }),
    });
    lookups = 0;
    const ticket = await t.desk.tickets.create(t.system, {
      subject: 'Printer on fire',
      requester: { email: 'carla@example.com' },
    });
    expect(ticket.requesterId).toBe(t.carlaId);
    expect(await t.desk.customers.list(t.system, { limit: 10 })).toMatchObject({ items: { length: 2 } });
  });

  it('create - takes the ticket number outside the transaction, once per command even when it re-runs', async () => {
    const calls: Array<{ method: string; args: unknown[]; inTransaction: boolean }> = [];
    let lookups = 0;
    const t = await testDesk({
      storage: (memory) =>
        instrumentedStorage(memory, {
          beforeCall: ({ repository, method, args, inTransaction }) => {
            if (repository === 'tickets') calls.push({ method, args, inTransaction });
          },
          // The first lookup misses a requester that exists: its insert is then a duplicate,
          // and the command runs again from the start.
          intercept: ({ repository, method, inTransaction }) =>
            repository === 'customers' && method === 'findByIdentity' && inTransaction && lookups++ === 0
              ? { result: null }
              : undefined,
        }),
    });
    calls.length = 0;
    lookups = 0;
    const ticket = await t.desk.tickets.create(t.system, {
      subject: 'Printer on fire',
      requester: { email: 'carla@example.com' },
    });
    expect(lookups).toBe(2);
    expect(calls.filter((call) => call.method === 'nextNumber')).toEqual([
      { method: 'nextNumber', args: [TENANT, 1], inTransaction: false },
    ]);
    expect(calls.filter((call) => call.method === 'insertNew')).toEqual([
      { method: 'insertNew', args: [ticket], inTransaction: true },
    ]);
    expect(ticket.number).toBe(1);
    expect((await t.get(ticket.id)).number).toBe(1);
  });

  it('create - concurrent creates of a tenant share number reservations, numbered in the order they asked', async () => {
    const reservations: unknown[][] = [];
    const t = await testDesk({
      storage: (memory) =>
        instrumentedStorage(memory, {
          beforeCall: ({ repository, method, args }) => {
            if (repository === 'tickets' && method === 'nextNumber') reservations.push(args);
          },
        }),
    });
    reservations.length = 0;
    const tickets = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        t.desk.tickets.create(t.system, { subject: `Question ${index}`, requesterId: t.carlaId }),
      ),
    );
    // The first create asks alone; the nine that asked while it was waiting share one reservation.
    expect(reservations).toEqual([
      [TENANT, 1],
      [TENANT, 9],
    ]);
    expect(tickets.map((ticket) => ticket.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const other = await t.desk.tickets.create(systemActor(OTHER_TENANT), {
      subject: 'Elsewhere',
      requester: { email: 'ada@example.com' },
    });
    expect(other.number).toBe(1);
  });

  it('create - a failed number reservation fails the creates it was for, and the next ones get numbers', async () => {
    let failures = 1;
    const t = await testDesk({
      storage: (memory) =>
        instrumentedStorage(memory, {
          beforeCall: ({ repository, method }) => {
            if (repository === 'tickets' && method === 'nextNumber' && failures-- > 0) {
              throw new Error('connection reset');
            }
          },
        }),
    });
    failures = 1;
    const outcomes = await Promise.allSettled(
      [1, 2, 3].map((index) =>
        t.desk.tickets.create(t.system, { subject: `Question ${index}`, requesterId: t.carlaId }),
      ),
    );
    expect(outcomes[0]).toMatchObject({ status: 'rejected', reason: { code: 'STORAGE_FAILURE' } });
    expect(
      outcomes.slice(1).map((outcome) => outcome.status === 'fulfilled' && outcome.value.number),
    ).toEqual([1, 2]);
    expect((await t.desk.tickets.list(t.system, {})).items).toHaveLength(2);
  });
});

describe('tickets.create custom fields', () => {
  const definitions = [
    {
      key: 'plan',
      label: 'Plan',
      type: 'select' as const,
      options: ['free', 'pro'],
      required: true,
      customerEditable: true,
    },
    { key: 'seats', label: 'Seats', type: 'number' as const },
    { key: 'vip', label: 'VIP', type: 'boolean' as const },
    { key: 'renewal', label: 'Renewal', type: 'date' as const, customerEditable: true },
    { key: 'products', label: 'Products', type: 'multiselect' as const, options: ['a', 'b'] },
    { key: 'note', label: 'Note', type: 'text' as const },
  ];

  it('create - custom fields are checked against the definitions', async () => {
    const t = await testDesk({ settings: { customFields: definitions } });
    const error = await expectError(
      t.open({
        customFields: {
          plan: 'gold',
          seats: '3',
          vip: 'yes',
          renewal: '2025-13-45',
          products: ['a', 'c'],
          note: 5,
          colour: 'red',
        },
      }),
      'VALIDATION_FAILED',
    );
    expect(
      (error.details.issues as Array<{ path: unknown[]; code: string }>).map((i) => [
        i.path.join('.'),
        i.code,
      ]),
    ).toEqual([
      ['customFields.plan', 'invalid_value'],
      ['customFields.seats', 'invalid_value'],
      ['customFields.vip', 'invalid_value'],
      ['customFields.renewal', 'invalid_value'],
      ['customFields.products', 'invalid_value'],
      ['customFields.note', 'invalid_value'],
      ['customFields.colour', 'unknown_field'],
    ]);
  });

  it('create - a required custom field must have a value', async () => {
    const t = await testDesk({ settings: { customFields: definitions } });
    for (const customFields of [undefined, {}, { plan: null }]) {
      const error = await expectError(
        t.open(customFields === undefined ? {} : { customFields }),
        'VALIDATION_FAILED',
      );
      expect(error.details.issues).toEqual([
        { path: ['customFields', 'plan'], code: 'required', message: '"Plan" is required' },
      ]);
    }
    const ok = await t.open({
      customFields: { plan: 'pro', seats: 2, vip: false, renewal: '2025-06-30', products: ['b'], note: null },
    });
    // `null` means "no value": it is not stored.
    expect((await t.get(ok.id)).customFields).toEqual({
      plan: 'pro',
      seats: 2,
      vip: false,
      renewal: '2025-06-30',
      products: ['b'],
    });
  });

  it('create - customers set customer-editable custom fields only', async () => {
    const t = await testDesk({ settings: { customFields: definitions } });
    await expectError(t.open({ customFields: { plan: 'pro', vip: true, seats: 1 } }, t.carla), 'FORBIDDEN', {
      fields: ['vip', 'seats'],
    });
    const ok = await t.open({ customFields: { plan: 'free', renewal: '2026-01-01' } }, t.carla);
    expect((await t.get(ok.id)).customFields).toEqual({ plan: 'free', renewal: '2026-01-01' });
  });

  it('create - without definitions any JSON custom fields are stored', async () => {
    const t = await testDesk();
    const ticket = await t.open({ customFields: { anything: { nested: [1, 'two', true, null] } } });
    expect((await t.get(ticket.id)).customFields).toEqual({ anything: { nested: [1, 'two', true, null] } });
  });
});

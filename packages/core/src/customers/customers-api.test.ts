import { describe, expect, it } from 'vitest';
import { systemActor } from '../actors';
import { expectError, OTHER_TENANT, START, testDesk, typesOf } from '../test-support';

describe('customers', () => {
  it('create - stores a customer with normalized email and identities', async () => {
    const t = await testDesk();
    const created = await t.desk.customers.create(t.ada, {
      name: ' Grace ',
      email: 'Grace@Example.com',
      identities: [
        { type: 'social', network: 'X', value: '@GraceH' },
        { type: 'phone', value: '+44 20 7946 0000' },
      ],
      timeZone: 'Europe/London',
      locale: 'en-GB',
      attributes: { tier: 'gold' },
    });
    expect(await t.desk.customers.get(t.system, created.id)).toEqual(created);
    expect(created).toEqual({
      tenantId: 'acme',
      id: expect.stringMatching(/^cus_/),
      name: 'Grace',
      email: 'grace@example.com',
      identities: [
        { type: 'email', network: null, value: 'grace@example.com' },
        { type: 'social', network: 'x', value: 'graceh' },
        { type: 'phone', network: null, value: '+442079460000' },
      ],
      timeZone: 'Europe/London',
      locale: 'en-GB',
      attributes: { tier: 'gold' },
      version: 1,
      createdAt: START,
      updatedAt: START,
    });
    expect(await t.storedEvents()).toMatchObject([
      {
        type: 'customer.created',
        actor: { kind: 'agent', id: 'agt_ada' },
        data: { name: 'Grace', email: 'grace@example.com' },
      },
    ]);
  });

  it('create - an email or identity of another customer is ALREADY_EXISTS', async () => {
    const t = await testDesk();
    await t.desk.customers.create(t.system, {
      identities: [{ type: 'social', network: 'x', value: 'taken' }],
    });
    await expectError(t.desk.customers.create(t.system, { email: 'CARLA@example.com' }), 'ALREADY_EXISTS', {
      identity: { type: 'email', network: null, value: 'carla@example.com' },
    });
    await expectError(
      t.desk.customers.create(t.system, { identities: [{ type: 'social', network: 'X', value: '@Taken' }] }),
      'ALREADY_EXISTS',
    );
    expect((await t.desk.customers.list(t.system)).items).toHaveLength(3);
    // Uniqueness is per tenant.
    const elsewhere = await t.desk.customers.create(systemActor(OTHER_TENANT), {
      email: 'carla@example.com',
    });
    expect(elsewhere.tenantId).toBe(OTHER_TENANT);
  });

  it('create - invalid emails, time zones and locales are VALIDATION_FAILED', async () => {
    const t = await testDesk();
    await expectError(t.desk.customers.create(t.system, { email: 'not-an-email' }), 'VALIDATION_FAILED');
    await expectError(t.desk.customers.create(t.system, { timeZone: 'Mars/Olympus' }), 'VALIDATION_FAILED');
    await expectError(t.desk.customers.create(t.system, { locale: 'english please' }), 'VALIDATION_FAILED');
    expect(await t.storedEvents()).toEqual([]);
  });

  it('findByEmail / findByIdentity - look up however the host spells the value', async () => {
    const t = await testDesk();
    const grace = await t.desk.customers.create(t.system, {
      identities: [
        { type: 'social', network: 'X', value: '@GraceH' },
        { type: 'phone', value: '+1 555 0100' },
      ],
    });
    expect((await t.desk.customers.findByEmail(t.system, '  Carla@EXAMPLE.com'))?.id).toBe(t.carlaId);
    expect(await t.desk.customers.findByEmail(t.system, 'nobody@example.com')).toBeNull();
    expect(
      (await t.desk.customers.findByIdentity(t.system, { type: 'social', network: 'x', value: 'graceh' }))
        ?.id,
    ).toBe(grace.id);
    expect(
      (await t.desk.customers.findByIdentity(t.system, { type: 'phone', value: '+1-555-0100' }))?.id,
    ).toBe(grace.id);
    expect(
      await t.desk.customers.findByIdentity(t.system, {
        type: 'social',
        network: 'mastodon',
        value: 'graceh',
      }),
    ).toBeNull();
    expect(await t.desk.customers.findByEmail(systemActor(OTHER_TENANT), 'carla@example.com')).toBeNull();
    await expectError(t.desk.customers.findByEmail(t.carla, 'carla@example.com'), 'FORBIDDEN');
    await expectError(t.desk.customers.findByEmail(t.system, 'nope'), 'VALIDATION_FAILED');
  });

  it('resolve - finds an existing customer or creates one', async () => {
    const t = await testDesk();
    expect(await t.desk.customers.resolve(t.system, { email: 'carla@example.com' })).toMatchObject({
      created: false,
      customer: { id: t.carlaId },
    });
    const fresh = await t.desk.customers.resolve(t.system, {
      identity: { type: 'chat', network: 'intercom', value: 'visitor-9' },
      name: 'Visitor',
    });
    expect(fresh.created).toBe(true);
    expect(await t.desk.customers.get(t.system, fresh.customer.id)).toEqual(fresh.customer);
    const again = await t.desk.customers.resolve(t.system, {
      identity: { type: 'chat', network: 'Intercom', value: 'visitor-9' },
    });
    expect(again).toEqual({ created: false, customer: fresh.customer });
    await expectError(t.desk.customers.resolve(t.system, { name: 'Only a name' }), 'VALIDATION_FAILED');
  });

  it('update - staff change any field; changes are recorded', async () => {
    const t = await testDesk();
    const grace = await t.desk.customers.create(t.system, {
      email: 'grace@example.com',
      identities: [{ type: 'phone', value: '+1555' }],
    });
    const now = t.clock.advance({ hours: 1 });
    const updated = await t.desk.customers.update(t.system, grace.id, {
      name: 'Grace',
      email: 'grace@new.example',
      attributes: { tier: 'silver' },
    });
    expect(await t.desk.customers.get(t.system, grace.id)).toEqual(updated);
    expect(updated).toMatchObject({
      name: 'Grace',
      email: 'grace@new.example',
      identities: [
        { type: 'email', network: null, value: 'grace@new.example' },
        { type: 'phone', network: null, value: '+1555' },
      ],
      attributes: { tier: 'silver' },
      version: 2,
      updatedAt: now,
    });
    // The old email is free again; the new one finds her.
    expect(await t.desk.customers.findByEmail(t.system, 'grace@example.com')).toBeNull();
    expect((await t.desk.customers.findByEmail(t.system, 'grace@new.example'))?.id).toBe(grace.id);
    expect((await t.storedEvents()).at(-1)).toMatchObject({
      type: 'customer.updated',
      data: {
        changes: [
          { field: 'name', from: null, to: 'Grace' },
          { field: 'email', from: 'grace@example.com', to: 'grace@new.example' },
          { field: 'identities' },
          { field: 'attributes', from: {}, to: { tier: 'silver' } },
        ],
      },
    });
    const identities = await t.desk.customers.update(t.system, grace.id, {
      identities: [{ type: 'social', network: 'x', value: '@g' }],
    });
    expect(identities.identities).toEqual([
      { type: 'email', network: null, value: 'grace@new.example' },
      { type: 'social', network: 'x', value: 'g' },
    ]);
    expect(await t.desk.customers.findByIdentity(t.system, { type: 'phone', value: '+1555' })).toBeNull();
  });

  it("update - taking another customer's email is ALREADY_EXISTS; no change writes nothing", async () => {
    const t = await testDesk();
    const before = await t.desk.customers.get(t.system, t.danId);
    await expectError(
      t.desk.customers.update(t.system, t.danId, { email: 'carla@example.com' }),
      'ALREADY_EXISTS',
    );
    expect(await t.desk.customers.get(t.system, t.danId)).toEqual(before);
    expect(await t.desk.customers.update(t.system, t.danId, { name: 'Dan' })).toEqual(before);
    await expectError(
      t.desk.customers.update(t.system, t.danId, { name: 'D', expectedVersion: 9 }),
      'VERSION_CONFLICT',
    );
    await expectError(t.desk.customers.update(t.system, 'cus_nope', { name: 'X' }), 'NOT_FOUND');
    expect(typesOf(await t.storedEvents())).toEqual([]);
  });

  it('update - a customer changes only their own name, time zone and locale', async () => {
    const t = await testDesk();
    const updated = await t.desk.customers.update(t.carla, t.carlaId, {
      name: 'Carla R.',
      timeZone: 'America/New_York',
      locale: 'es',
      expectedVersion: 1,
    });
    expect(await t.desk.customers.get(t.carla, t.carlaId)).toEqual(updated);
    expect(updated).toMatchObject({
      name: 'Carla R.',
      timeZone: 'America/New_York',
      locale: 'es',
      version: 2,
    });
    await expectError(
      t.desk.customers.update(t.carla, t.carlaId, { email: 'carla@evil.test', attributes: { tier: 'gold' } }),
      'FORBIDDEN',
      { fields: ['email', 'attributes'] },
    );
    await expectError(t.desk.customers.update(t.carla, t.danId, { name: 'Hacked' }), 'NOT_FOUND');
    expect((await t.desk.customers.get(t.system, t.danId)).name).toBe('Dan');
    expect((await t.desk.customers.get(t.system, t.carlaId)).email).toBe('carla@example.com');
  });

  it('get / list - customers see only themselves; staff page through everyone', async () => {
    const t = await testDesk();
    await expectError(t.desk.customers.get(t.carla, t.danId), 'NOT_FOUND');
    await expectError(t.desk.customers.list(t.carla), 'FORBIDDEN');
    await expectError(t.desk.customers.create(t.carla, { name: 'x' }), 'FORBIDDEN');
    for (let index = 0; index < 3; index++) await t.desk.customers.create(t.system, { name: `C${index}` });
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await t.desk.customers.list(t.system, {
        limit: 2,
        ...(cursor === undefined ? {} : { cursor }),
      });
      ids.push(...page.items.map((customer) => customer.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    expect(ids).toHaveLength(5);
    expect(ids).toEqual([...ids].sort());
    expect(ids).toContain(t.carlaId);
    await expectError(t.desk.customers.list(t.system, { cursor: 'x' }), 'VALIDATION_FAILED');
  });
});

import { describe, expect, it } from 'vitest';
import { systemActor } from '../actors';
import { expectError, OTHER_TENANT, testDesk, typesOf } from '../test-support';

describe('tickets.create with idempotencyKey', () => {
  it('create - a replay returns the first ticket in its current state and writes nothing', async () => {
    const t = await testDesk();
    const input = { subject: 'Order #1', requesterId: '', idempotencyKey: 'order-1' };
    input.requesterId = t.carlaId;
    const first = await t.desk.tickets.create(t.system, input);
    await t.desk.tickets.update(t.system, first.id, { priority: 'urgent' });
    const eventsBefore = await t.storedEvents();
    const publishedBefore = t.published.length;

    const replay = await t.desk.tickets.create(t.system, input);

    expect(replay).toEqual(await t.get(first.id));
    expect(replay).toMatchObject({ id: first.id, priority: 'urgent', version: 2 });
    expect((await t.desk.tickets.list(t.system)).items).toHaveLength(1);
    expect(await t.storedEvents()).toEqual(eventsBefore);
    expect(t.published).toHaveLength(publishedBefore);
  });

  it('create - a replay matches whatever the key order of the payload', async () => {
    const t = await testDesk();
    const first = await t.desk.tickets.create(t.system, {
      subject: 'Same',
      requesterId: t.carlaId,
      customFields: { a: 1, b: 2 },
      idempotencyKey: 'k',
    });
    const replay = await t.desk.tickets.create(t.system, {
      idempotencyKey: 'k',
      customFields: { b: 2, a: 1 },
      requesterId: t.carlaId,
      subject: 'Same',
    });
    expect(replay.id).toBe(first.id);
  });

  it('create - the same key with another payload is IDEMPOTENCY_CONFLICT', async () => {
    const t = await testDesk();
    await t.open({ subject: 'First', idempotencyKey: 'k1' });
    const before = await t.storedEvents();
    await expectError(t.open({ subject: 'Second', idempotencyKey: 'k1' }), 'IDEMPOTENCY_CONFLICT', {
      scope: 'tickets.create',
      key: 'k1',
    });
    expect((await t.desk.tickets.list(t.system)).items.map((ticket) => ticket.subject)).toEqual(['First']);
    expect(await t.storedEvents()).toEqual(before);
  });

  it('create - the same key and payload from another actor is IDEMPOTENCY_CONFLICT', async () => {
    const t = await testDesk();
    const input = { subject: 'Shared', requesterId: t.carlaId, idempotencyKey: 'k2' };
    await t.desk.tickets.create(t.system, input);
    await expectError(t.desk.tickets.create(t.ada, input), 'IDEMPOTENCY_CONFLICT');
    await expectError(t.desk.tickets.create(t.bob, input), 'IDEMPOTENCY_CONFLICT');
    expect((await t.desk.tickets.list(t.system)).items).toHaveLength(1);
  });

  it('create - keys are per tenant', async () => {
    const t = await testDesk();
    const here = await t.open({ subject: 'Here', idempotencyKey: 'k3' });
    const there = await t.desk.tickets.create(systemActor(OTHER_TENANT), {
      subject: 'There',
      requester: { email: 'x@globex.test' },
      idempotencyKey: 'k3',
    });
    expect(there.id).not.toBe(here.id);
    expect(there).toMatchObject({ tenantId: OTHER_TENANT, subject: 'There', number: 1 });
  });

  it('create - a failed first call does not use up the key', async () => {
    const t = await testDesk();
    await expectError(t.open({ type: 'nonsense', idempotencyKey: 'k4' }), 'VALIDATION_FAILED');
    // A corrected call with the same key is a first use, not a conflict.
    const created = await t.open({ type: 'task', idempotencyKey: 'k4' });
    expect((await t.get(created.id)).type).toBe('task');
    expect(typesOf(await t.storedEvents())).toEqual(['ticket.created']);
  });

  it('create - concurrent calls with one key create one ticket', async () => {
    const t = await testDesk();
    const results = await Promise.all(
      Array.from({ length: 5 }, () => t.open({ subject: 'Race', idempotencyKey: 'k5' })),
    );
    expect(new Set(results.map((ticket) => ticket.id)).size).toBe(1);
    expect((await t.desk.tickets.list(t.system)).items).toHaveLength(1);
  });
});

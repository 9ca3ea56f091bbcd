import { describe, expect, it } from 'vitest';
import { systemActor } from '../actors';
import { expectError, issueCodes, OTHER_TENANT, START, TEAM, testDesk, typesOf } from '../test-support';

describe('alarms.raise', () => {
  it('raise - opens an alarm ticket with the detail as an internal system message', async () => {
    const t = await testDesk();
    const { ticket, created } = await t.desk.alarms.raise(t.system, {
      dedupKey: 'db-cpu-high',
      subject: 'Database CPU above 90%',
      detail: 'cpu=93% host=db-1',
      priority: 'urgent',
      requester: { email: 'monitoring@acme.test', name: 'Monitoring' },
      teamId: TEAM.support,
      tags: ['Infra'],
      channelDetail: { source: 'prometheus' },
    });
    expect(created).toBe(true);
    expect(await t.get(ticket.id)).toEqual(ticket);
    expect(ticket).toMatchObject({
      subject: 'Database CPU above 90%',
      type: 'alarm',
      channel: 'alarm',
      channelDetail: { source: 'prometheus' },
      priority: 'urgent',
      teamId: TEAM.support,
      tags: ['infra'],
      stageId: 'new',
      alarm: { dedupKey: 'db-cpu-high', occurrences: 1, firstOccurredAt: START, lastOccurredAt: START },
      messageCount: 1,
    });
    const requester = await t.desk.customers.get(t.system, ticket.requesterId);
    expect(requester).toMatchObject({ email: 'monitoring@acme.test', name: 'Monitoring' });
    expect(await t.thread(ticket.id)).toMatchObject([
      {
        visibility: 'internal',
        author: { kind: 'system', id: null },
        body: 'cpu=93% host=db-1',
        channel: 'alarm',
      },
    ]);
    expect((await t.history(ticket.id))[0]).toMatchObject({
      type: 'ticket.created',
      data: { alarmKey: 'db-cpu-high', channel: 'alarm', type: 'alarm' },
    });
  });

  it('raise - a repeat while the ticket is open adds an occurrence instead of a ticket', async () => {
    const t = await testDesk();
    const first = await t.desk.alarms.raise(t.system, {
      dedupKey: 'disk',
      subject: 'Disk full',
      detail: 'disk=99%',
      requesterId: t.carlaId,
    });
    await t.desk.tickets.transition(t.system, first.ticket.id, { stageId: 'waiting_on_us' });
    const later = t.clock.advance({ minutes: 7 });
    const second = await t.desk.alarms.raise(t.system, {
      dedupKey: 'disk',
      subject: 'Disk full (again)',
      detail: 'disk=100%',
      requesterId: t.carlaId,
    });
    expect(second.created).toBe(false);
    expect(second.ticket.id).toBe(first.ticket.id);
    expect(await t.get(first.ticket.id)).toEqual(second.ticket);
    expect(second.ticket).toMatchObject({
      subject: 'Disk full',
      alarm: { dedupKey: 'disk', occurrences: 2, firstOccurredAt: START, lastOccurredAt: later },
      messageCount: 2,
    });
    expect((await t.thread(first.ticket.id)).map((message) => [message.visibility, message.body])).toEqual([
      ['internal', 'disk=99%'],
      ['internal', 'disk=100%'],
    ]);
    expect((await t.history(first.ticket.id)).at(-1)).toMatchObject({
      type: 'alarm.repeated',
      data: { dedupKey: 'disk', occurrences: 2, detail: 'disk=100%' },
    });
    const third = await t.desk.alarms.raise(t.system, {
      dedupKey: 'disk',
      subject: 'x',
      requesterId: t.carlaId,
    });
    expect(third.ticket).toMatchObject({ alarm: { occurrences: 3 }, messageCount: 2 });
    expect((await t.desk.tickets.list(t.system)).items).toHaveLength(1);
  });

  it('raise - once the alarm ticket is resolved or closed, the next raise opens a new ticket', async () => {
    const t = await testDesk();
    const input = { dedupKey: 'api-5xx', subject: 'API errors', requesterId: '' };
    input.requesterId = t.carlaId;
    const first = await t.desk.alarms.raise(t.system, input);
    await t.desk.tickets.transition(t.system, first.ticket.id, { stageId: 'resolved' });
    const resolved = await t.get(first.ticket.id);
    const second = await t.desk.alarms.raise(t.system, input);
    expect(second.created).toBe(true);
    expect(second.ticket.id).not.toBe(first.ticket.id);
    expect(await t.get(first.ticket.id)).toEqual(resolved);
    await t.desk.tickets.transition(t.system, second.ticket.id, { stageId: 'closed' });
    const third = await t.desk.alarms.raise(t.system, input);
    expect(third.created).toBe(true);
    const repeat = await t.desk.alarms.raise(t.system, input);
    expect(repeat).toMatchObject({
      created: false,
      ticket: { id: third.ticket.id, alarm: { occurrences: 2 } },
    });
    expect((await t.desk.tickets.list(t.system)).items).toHaveLength(3);
  });

  it('raise - a reopened alarm ticket takes its key back when no other ticket holds it', async () => {
    const t = await testDesk();
    const input = { dedupKey: 'queue-lag', subject: 'Queue lag', requesterId: '' };
    input.requesterId = t.carlaId;
    const first = await t.desk.alarms.raise(t.system, input);
    await t.desk.tickets.transition(t.system, first.ticket.id, { stageId: 'resolved' });
    await t.desk.tickets.transition(t.system, first.ticket.id, { stageId: 'waiting_on_us' });
    const repeat = await t.desk.alarms.raise(t.system, input);
    expect(repeat).toMatchObject({ created: false, ticket: { id: first.ticket.id } });
  });

  it('raise - dedup keys are per tenant', async () => {
    const t = await testDesk();
    await t.desk.alarms.raise(t.system, { dedupKey: 'k', subject: 'Here', requesterId: t.carlaId });
    const there = await t.desk.alarms.raise(systemActor(OTHER_TENANT), {
      dedupKey: 'k',
      subject: 'There',
      requester: { identity: { type: 'external', network: 'pagerduty', value: 'svc-1' } },
    });
    expect(there).toMatchObject({ created: true, ticket: { tenantId: OTHER_TENANT, number: 1 } });
  });

  it('raise - needs exactly one requester; unknown ones are VALIDATION_FAILED', async () => {
    const t = await testDesk();
    const neither = await expectError(
      t.desk.alarms.raise(t.system, { dedupKey: 'k', subject: 's' }),
      'VALIDATION_FAILED',
    );
    expect(issueCodes(neither)).toEqual(['requester_required']);
    const unknown = await expectError(
      t.desk.alarms.raise(t.system, { dedupKey: 'k', subject: 's', requesterId: 'cus_nope' }),
      'VALIDATION_FAILED',
    );
    expect(issueCodes(unknown)).toEqual(['unknown_customer']);
    expect(await t.storedEvents()).toEqual([]);
  });

  it('raise - custom fields are checked and customers may not raise alarms', async () => {
    const t = await testDesk({ settings: { customFields: [{ key: 'host', label: 'Host', type: 'text' }] } });
    const error = await expectError(
      t.desk.alarms.raise(t.system, {
        dedupKey: 'k',
        subject: 's',
        requesterId: t.carlaId,
        customFields: { host: 1 },
      }),
      'VALIDATION_FAILED',
    );
    expect(issueCodes(error)).toEqual(['invalid_value']);
    await expectError(
      t.desk.alarms.raise(t.carla, { dedupKey: 'k', subject: 's', requesterId: t.carlaId }),
      'FORBIDDEN',
    );
    expect(typesOf(await t.storedEvents())).toEqual([]);
  });

  it('raise - custom fields given as null are not stored, as on create', async () => {
    const t = await testDesk();
    const { ticket } = await t.desk.alarms.raise(t.system, {
      dedupKey: 'k',
      subject: 's',
      requesterId: t.carlaId,
      customFields: { host: 'db-1', runbook: null },
    });
    expect((await t.get(ticket.id)).customFields).toEqual({ host: 'db-1' });
  });

  it('raise - customers never read the alarm detail', async () => {
    const t = await testDesk();
    const { ticket } = await t.desk.alarms.raise(t.system, {
      dedupKey: 'k',
      subject: 'Your site is down',
      detail: 'internal stack trace',
      requesterId: t.carlaId,
    });
    expect(await t.thread(ticket.id, t.carla)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import type { AnyTicketkitEvent } from '../events';
import type { Ticket } from '../storage/records';
import { START, type TestDesk, testDesk, typesOf } from '../test-support';
import { slaTimerKey } from './sla-engine';
import type { SlaSettingsInput } from './sla-settings';
import type { SlaClock } from './ticket-sla';

const MINUTE = 60_000;
const at = (minutesAfterStart: number) =>
  new Date(START.getTime() + minutesAfterStart * MINUTE).toISOString();

/** Office hours Mon-Fri 09:00-17:00 UTC; START is Monday 09:00. */
const SLA: SlaSettingsInput = {
  calendars: [
    {
      id: 'office',
      name: 'Office',
      calendar: {
        mode: 'business_hours',
        timeZone: 'UTC',
        weekly: Object.fromEntries(
          ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => [day, [{ start: '09:00', end: '17:00' }]]),
        ),
      },
    },
  ],
  policies: [
    {
      id: 'vip',
      name: 'VIP, around the clock',
      conditions: { requesterAttributes: { tier: ['gold', 'platinum'] } },
      targets: { fallback: { firstResponseMinutes: 30, resolutionMinutes: 240, hours: '24x7' } },
      warningPercents: [80],
    },
    {
      id: 'standard',
      name: 'Standard, office hours',
      calendarId: 'office',
      targets: {
        high: {
          firstResponseMinutes: 60,
          nextResponseMinutes: 60,
          periodicUpdateMinutes: 240,
          resolutionMinutes: 480,
        },
        fallback: { firstResponseMinutes: 120, nextResponseMinutes: 120, resolutionMinutes: 960 },
      },
    },
  ],
};

async function slaDesk(sla: SlaSettingsInput = SLA): Promise<TestDesk> {
  return testDesk({ settings: { sla } });
}

function clock(ticket: Ticket, metric: SlaClock['metric'], cycle?: number): SlaClock {
  const clocks = (ticket.sla?.clocks ?? []).filter((candidate) => candidate.metric === metric);
  const found = cycle === undefined ? clocks[clocks.length - 1] : clocks.find((c) => c.cycle === cycle);
  if (found === undefined) throw new Error(`no ${metric} clock`);
  return found;
}

async function slaEvents(t: TestDesk, ticketId: string) {
  return (await t.history(ticketId)).filter((event) => event.type.startsWith('sla.')) as Array<
    Extract<AnyTicketkitEvent, { type: 'sla.warning' | 'sla.breached' | 'sla.achieved' }>
  >;
}

/** Runs due jobs at the desk clock's now (after moving it `minutes` on). */
async function runAt(t: TestDesk, minutesAfterStart: number) {
  t.clock.set(new Date(at(minutesAfterStart)));
  return t.desk.scheduler.runDueJobs();
}

describe('SLA clocks', () => {
  it('tickets.create - starts first response and resolution on the matching policy and schedules the first warning', async () => {
    const t = await slaDesk();
    const ticket = await t.open({ priority: 'high', message: { body: 'Help' } });
    expect(ticket.sla).toMatchObject({ policyId: 'standard', breached: false, timerAt: at(30), pauses: [] });
    expect(clock(ticket, 'first_response')).toMatchObject({
      status: 'running',
      cycle: 1,
      startedAt: at(0),
      targetMinutes: 60,
      calendarId: 'office',
      dueAt: at(60),
      elapsedMinutes: 0,
      remainingMinutes: 60,
    });
    expect(clock(ticket, 'resolution')).toMatchObject({ targetMinutes: 480, dueAt: at(480) });
    expect(ticket.slaDueAt).toEqual(new Date(at(60)));
    expect(await t.storage.jobs.get('acme', slaTimerKey(ticket.id))).toMatchObject({
      type: 'sla.timer',
      dueAt: new Date(at(30)),
      payload: { ticketId: ticket.id },
    });
    expect(await t.get(ticket.id)).toEqual(ticket);
  });

  it('tickets.create - a tenant without SLA policies stores no clock and schedules no timer', async () => {
    const t = await testDesk();
    const ticket = await t.open();
    expect(ticket.sla).toBeNull();
    expect(ticket.slaDueAt).toBeNull();
    expect(await t.storage.jobs.get('acme', slaTimerKey(ticket.id))).toBeNull();
  });

  it('scheduler.runDueJobs - warns at 50% and 75% and breaches at 100%, each exactly once', async () => {
    const t = await slaDesk();
    const ticket = await t.open({ priority: 'high' });
    await runAt(t, 31);
    await runAt(t, 31);
    await runAt(t, 46);
    await runAt(t, 61);
    await runAt(t, 241);
    const events = await slaEvents(t, ticket.id);
    expect(
      events.map((event) => [event.type, event.data.metric, (event.data as { percent?: number }).percent]),
    ).toEqual([
      ['sla.warning', 'first_response', 50],
      ['sla.warning', 'first_response', 75],
      ['sla.breached', 'first_response', undefined],
      ['sla.warning', 'resolution', 50],
    ]);
    expect(events[2]?.data).toMatchObject({
      cycle: 1,
      targetMinutes: 60,
      dueAt: at(60),
      calendarId: 'office',
    });
    const stored = await t.storage.tickets.get('acme', ticket.id);
    expect(stored?.sla?.breached).toBe(true);
    expect(clock(stored as Ticket, 'first_response')).toMatchObject({ breached: true, warned: [50, 75] });
    expect(stored?.sla?.timerAt).toBe(at(360));
    const published = t.published.filter((event) => event.type === 'sla.breached');
    expect(published).toHaveLength(1);
  });

  it('scheduler.runDueJobs - a late worker announces every passed threshold at once, in order', async () => {
    const t = await slaDesk();
    const ticket = await t.open({ priority: 'high' });
    await runAt(t, 90);
    expect(typesOf(await slaEvents(t, ticket.id))).toEqual(['sla.warning', 'sla.warning', 'sla.breached']);
  });

  it('tickets.reply - the first public agent reply achieves first response and starts periodic updates', async () => {
    const t = await slaDesk();
    const ticket = await t.open({ priority: 'high' });
    t.clock.set(new Date(at(20)));
    const { ticket: replied } = await t.desk.tickets.reply(t.ada, ticket.id, { body: 'Looking' });
    expect(clock(replied, 'first_response')).toMatchObject({
      status: 'completed',
      completedAt: at(20),
      achieved: true,
      breached: false,
      elapsedMinutes: 20,
      remainingMinutes: 40,
    });
    expect(clock(replied, 'periodic_update')).toMatchObject({
      status: 'running',
      startedAt: at(20),
      dueAt: at(260),
    });
    const achieved = (await slaEvents(t, ticket.id)).find((event) => event.type === 'sla.achieved');
    expect(achieved?.data).toMatchObject({
      metric: 'first_response',
      elapsedMinutes: 20,
      completedAt: at(20),
    });
    expect(replied).toEqual(await t.storage.tickets.get('acme', ticket.id));
  });

  it('tickets.addNote - an internal note is not a response', async () => {
    const t = await slaDesk();
    const ticket = await t.open({ priority: 'high' });
    const { ticket: noted } = await t.desk.tickets.addNote(t.ada, ticket.id, { body: 'checking logs' });
    expect(clock(noted, 'first_response').status).toBe('running');
  });

  it('tickets.reply - a reply after the due time breaches first response at once (no late warnings), never achieves it', async () => {
    const t = await slaDesk();
    const ticket = await t.open({ priority: 'high' });
    t.clock.set(new Date(at(75)));
    const { ticket: replied } = await t.desk.tickets.reply(t.ada, ticket.id, { body: 'Sorry for the wait' });
    expect(clock(replied, 'first_response')).toMatchObject({
      status: 'completed',
      breached: true,
      achieved: false,
    });
    expect(typesOf(await slaEvents(t, ticket.id))).toEqual(['sla.breached']);
  });

  it('tickets.reply - a customer message after the first response starts next response; the agent reply ends it', async () => {
    const t = await slaDesk();
    const ticket = await t.open({ priority: 'high' });
    t.clock.set(new Date(at(10)));
    await t.desk.tickets.reply(t.ada, ticket.id, { body: 'Hi' });
    t.clock.set(new Date(at(30)));
    const first = await t.desk.tickets.reply(t.carla, ticket.id, { body: 'Still broken' });
    expect(clock(first.ticket, 'next_response')).toMatchObject({
      cycle: 1,
      startedAt: at(30),
      dueAt: at(90),
    });
    t.clock.set(new Date(at(40)));
    const second = await t.desk.tickets.reply(t.carla, ticket.id, { body: 'Hello?' });
    expect(clock(second.ticket, 'next_response')).toMatchObject({ cycle: 1, startedAt: at(30) });
    t.clock.set(new Date(at(70)));
    const answered = await t.desk.tickets.reply(t.ada, ticket.id, { body: 'Fixed' });
    expect(clock(answered.ticket, 'next_response')).toMatchObject({
      status: 'completed',
      elapsedMinutes: 40,
      achieved: true,
    });
    expect(clock(answered.ticket, 'periodic_update', 1)).toMatchObject({
      status: 'completed',
      completedAt: at(70),
    });
    expect(clock(answered.ticket, 'periodic_update', 2)).toMatchObject({
      status: 'running',
      startedAt: at(70),
    });
  });

  it('tickets.transition - a pending stage pauses every clock; coming back moves the due time by the pause', async () => {
    const t = await slaDesk();
    const ticket = await t.open({ priority: 'high' });
    t.clock.set(new Date(at(20)));
    const pending = await t.desk.tickets.transition(t.ada, ticket.id, { stageId: 'waiting_on_customer' });
    expect(clock(pending, 'first_response')).toMatchObject({
      status: 'paused',
      dueAt: null,
      elapsedMinutes: 20,
    });
    expect(pending.slaDueAt).toBeNull();
    expect(pending.sla?.timerAt).toBeNull();
    expect(await t.storage.jobs.get('acme', slaTimerKey(ticket.id))).toBeNull();
    expect((await t.get(ticket.id)).sla?.clocks[0]).toMatchObject({ status: 'paused', elapsedMinutes: 20 });
    t.clock.set(new Date(at(100)));
    const back = await t.desk.tickets.transition(t.ada, ticket.id, { stageId: 'waiting_on_us' });
    expect(back.sla?.pauses).toEqual([{ start: at(20), end: at(100) }]);
    expect(clock(back, 'first_response')).toMatchObject({
      status: 'running',
      dueAt: at(140),
      elapsedMinutes: 20,
    });
    expect(back.sla?.timerAt).toBe(at(110));
  });

  it('tickets.update - a priority change re-targets running clocks, keeping their start, pauses and announced warnings', async () => {
    const t = await slaDesk();
    const ticket = await t.open({ priority: 'medium' });
    await runAt(t, 61);
    const warned = await t.get(ticket.id);
    expect(clock(warned, 'first_response')).toMatchObject({ targetMinutes: 120, warned: [50] });
    const raised = await t.desk.tickets.update(t.ada, ticket.id, { priority: 'high' });
    expect(clock(raised, 'first_response')).toMatchObject({
      startedAt: at(0),
      targetMinutes: 60,
      dueAt: at(60),
      breached: true,
      warned: [50, 75],
    });
    expect(typesOf(await slaEvents(t, ticket.id))).toEqual(['sla.warning', 'sla.warning', 'sla.breached']);
  });

  it('scheduler.runDueJobs - a timer made stale by a re-target fires nothing at its old time', async () => {
    const t = await slaDesk();
    const ticket = await t.open({ priority: 'high' });
    const oldTimer = await t.storage.jobs.get('acme', slaTimerKey(ticket.id));
    await t.desk.tickets.update(t.ada, ticket.id, { priority: 'low' });
    const newTimer = await t.storage.jobs.get('acme', slaTimerKey(ticket.id));
    expect(newTimer?.id).not.toBe(oldTimer?.id);
    expect(newTimer?.dueAt).toEqual(new Date(at(60)));
    await runAt(t, 45);
    expect(await slaEvents(t, ticket.id)).toEqual([]);
    await runAt(t, 60);
    expect(typesOf(await slaEvents(t, ticket.id))).toEqual(['sla.warning']);
  });

  it('tickets.transition - resolving completes every clock; a reopen starts resolution cycle 2 and keeps cycle 1', async () => {
    const t = await slaDesk();
    const ticket = await t.open({ priority: 'high' });
    t.clock.set(new Date(at(100)));
    await t.desk.tickets.transition(t.ada, ticket.id, { stageId: 'resolved' });
    t.clock.set(new Date(at(130)));
    const { ticket: reopened } = await t.desk.tickets.reply(t.carla, ticket.id, { body: 'It broke again' });
    expect(clock(reopened, 'resolution', 1)).toMatchObject({
      status: 'completed',
      completedAt: at(100),
      achieved: true,
    });
    expect(clock(reopened, 'resolution', 2)).toMatchObject({
      status: 'running',
      startedAt: at(130),
      // 480 office minutes from Monday 11:10: 350 on Monday, 130 on Tuesday.
      dueAt: '2025-03-04T11:10:00.000Z',
    });
    expect(clock(reopened, 'first_response')).toMatchObject({ status: 'completed', breached: true });
    expect(reopened.sla?.done).toBe(false);
    expect(reopened.sla?.breached).toBe(true);
  });

  it('tickets.create - requester attributes choose the 24/7 VIP policy with its own warning threshold', async () => {
    const t = await slaDesk();
    await t.desk.customers.update(t.system, t.carlaId, { attributes: { tier: 'gold' } });
    t.clock.set(new Date('2025-03-08T12:00:00.000Z'));
    const ticket = await t.open();
    expect(ticket.sla?.policyId).toBe('vip');
    expect(clock(ticket, 'first_response')).toMatchObject({
      calendarId: null,
      dueAt: '2025-03-08T12:30:00.000Z',
    });
    expect(ticket.sla?.timerAt).toBe('2025-03-08T12:24:00.000Z');
  });

  it('tickets.create - business-hours goals count on the calendar: a Saturday ticket is due Monday', async () => {
    const t = await slaDesk();
    t.clock.set(new Date('2025-03-08T12:00:00.000Z'));
    const ticket = await t.open({ priority: 'high' });
    expect(clock(ticket, 'first_response')).toMatchObject({
      dueAt: '2025-03-10T10:00:00.000Z',
      elapsedMinutes: 0,
    });
  });

  it('tickets.get - reads bring elapsed and remaining minutes to now and show an unannounced breach', async () => {
    const t = await slaDesk();
    const ticket = await t.open({ priority: 'high' });
    t.clock.set(new Date(at(70)));
    const read = await t.get(ticket.id);
    expect(clock(read, 'first_response')).toMatchObject({
      elapsedMinutes: 70,
      remainingMinutes: -10,
      breached: true,
    });
    expect(read.sla?.asOf).toBe(at(70));
    expect(read.sla?.breached).toBe(true);
    const stored = await t.storage.tickets.get('acme', ticket.id);
    expect(stored?.sla?.breached).toBe(false);
  });

  it('tickets.list - sorts breaching soonest first and filters breached tickets', async () => {
    const t = await slaDesk();
    const medium = await t.open({ subject: 'medium', priority: 'medium' });
    const high = await t.open({ subject: 'high', priority: 'high' });
    const none = await t.open({ subject: 'resolved' });
    await t.desk.tickets.transition(t.ada, none.id, { stageId: 'resolved' });
    const first = await t.desk.tickets.list(t.ada, { sort: 'slaDueAt', order: 'asc', limit: 2 });
    expect(first.items.map((ticket) => ticket.id)).toEqual([high.id, medium.id]);
    const second = await t.desk.tickets.list(t.ada, {
      sort: 'slaDueAt',
      order: 'asc',
      limit: 2,
      cursor: first.nextCursor as string,
    });
    expect(second.items.map((ticket) => ticket.id)).toEqual([none.id]);
    await runAt(t, 61);
    const breached = await t.desk.tickets.list(t.ada, { slaBreached: true });
    expect(breached.items.map((ticket) => ticket.id)).toEqual([high.id]);
    const dueSoon = await t.desk.tickets.list(t.ada, {
      slaDueBefore: new Date(at(121)),
      sort: 'slaDueAt',
      order: 'asc',
    });
    expect(dueSoon.items.map((ticket) => ticket.id)).toEqual([high.id, medium.id]);
  });

  it('sla.recompute - rebuilds the same record from history alone', async () => {
    const t = await slaDesk();
    const ticket = await t.open({ priority: 'high', message: { body: 'Help' } });
    await runAt(t, 35);
    t.clock.set(new Date(at(40)));
    await t.desk.tickets.reply(t.ada, ticket.id, { body: 'On it' });
    t.clock.set(new Date(at(50)));
    await t.desk.tickets.transition(t.ada, ticket.id, { stageId: 'waiting_on_customer' });
    t.clock.set(new Date(at(80)));
    await t.desk.tickets.reply(t.carla, ticket.id, { body: 'Here are the logs' });
    t.clock.set(new Date(at(90)));
    await t.desk.tickets.update(t.ada, ticket.id, { priority: 'medium' });
    const incremental = await t.storage.tickets.get('acme', ticket.id);
    const events = (await t.history(ticket.id)).length;
    const rebuilt = await t.desk.sla.recompute(t.ada, ticket.id);
    expect(rebuilt.sla).toEqual(incremental?.sla);
    expect(rebuilt.slaDueAt).toEqual(incremental?.slaDueAt);
    expect((await t.history(ticket.id)).length).toBe(events);
  });

  it('sla.recompute - applies policies configured after the ticket was opened, from its creation', async () => {
    const t = await testDesk();
    const ticket = await t.open({ priority: 'high' });
    await t.desk.settings.update(t.system, { sla: SLA });
    t.clock.set(new Date(at(40)));
    const rebuilt = await t.desk.sla.recompute(t.ada, ticket.id);
    expect(clock(rebuilt, 'first_response')).toMatchObject({ startedAt: at(0), dueAt: at(60), warned: [50] });
    expect(typesOf(await slaEvents(t, ticket.id))).toEqual(['sla.warning']);
    expect(rebuilt.sla?.timerAt).toBe(at(45));
  });

  it('sla.recompute - customers may not recompute (FORBIDDEN)', async () => {
    const t = await slaDesk();
    const ticket = await t.open();
    await expect(t.desk.sla.recompute(t.carla, ticket.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

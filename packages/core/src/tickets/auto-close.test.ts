import { describe, expect, it } from 'vitest';
import { DEFAULT_AUTO_CLOSE_SECONDS } from '../settings/tenant-settings';
import { plusSeconds, testDesk } from '../test-support';
import { autoCloseKey } from './stage-change';

describe('auto-close of resolved tickets', () => {
  it('auto-close - closes a resolved ticket once the default four days have passed', async () => {
    const t = await testDesk();
    const ticket = await t.open();
    const resolvedAt = t.clock.advance({ hours: 1 });
    await t.desk.tickets.transition(t.system, ticket.id, { stageId: 'resolved' });
    const due = plusSeconds(resolvedAt, DEFAULT_AUTO_CLOSE_SECONDS);

    const early = await t.desk.scheduler.runDueJobs({ now: new Date(due.getTime() - 1) });
    expect(early).toEqual({ claimed: 0, completed: 0, retried: 0, failed: 0, lost: 0 });
    expect((await t.get(ticket.id)).statusCategory).toBe('resolved');

    const onTime = await t.desk.scheduler.runDueJobs({ now: due });
    expect(onTime).toMatchObject({ claimed: 1, completed: 1 });
    expect(await t.get(ticket.id)).toMatchObject({
      stageId: 'closed',
      statusCategory: 'closed',
      resolvedAt,
      closedAt: due,
    });
    expect((await t.history(ticket.id)).at(-1)).toMatchObject({
      type: 'ticket.transitioned',
      actor: { kind: 'system', id: null },
      occurredAt: due,
      data: { reason: 'auto_close', to: { stageId: 'closed', category: 'closed' } },
    });
    expect(await t.storage.jobs.get('acme', autoCloseKey(ticket.id))).toBeNull();
  });

  it('auto-close - the tenant delay applies, and null never closes', async () => {
    const t = await testDesk({ settings: { autoCloseAfterSeconds: 60 } });
    const ticket = await t.open();
    await t.desk.tickets.transition(t.system, ticket.id, { stageId: 'resolved' });
    await t.desk.scheduler.runDueJobs({ now: t.clock.advance({ seconds: 60 }) });
    expect((await t.get(ticket.id)).statusCategory).toBe('closed');

    await t.desk.settings.update(t.system, { autoCloseAfterSeconds: null });
    const kept = await t.open();
    await t.desk.tickets.transition(t.system, kept.id, { stageId: 'resolved' });
    expect(await t.storage.jobs.get('acme', autoCloseKey(kept.id))).toBeNull();
    await t.desk.scheduler.runDueJobs({ now: t.clock.advance({ days: 400 }) });
    expect((await t.get(kept.id)).statusCategory).toBe('resolved');
  });

  it('auto-close - a ticket reopened before the delay stays open', async () => {
    const t = await testDesk();
    const ticket = await t.open();
    await t.desk.tickets.transition(t.system, ticket.id, { stageId: 'resolved' });
    t.clock.advance({ days: 1 });
    await t.desk.tickets.reply(t.carla, ticket.id, { body: 'Still broken' });
    const result = await t.desk.scheduler.runDueJobs({ now: t.clock.advance({ days: 10 }) });
    expect(result.claimed).toBe(0);
    expect((await t.get(ticket.id)).statusCategory).toBe('open');
  });

  it('auto-close - resolving again restarts the delay from the new resolution', async () => {
    const t = await testDesk();
    const ticket = await t.open();
    await t.desk.tickets.transition(t.system, ticket.id, { stageId: 'resolved' });
    t.clock.advance({ days: 3 });
    await t.desk.tickets.transition(t.system, ticket.id, { stageId: 'waiting_on_us' });
    const secondResolve = t.clock.advance({ hours: 1 });
    await t.desk.tickets.transition(t.system, ticket.id, { stageId: 'resolved' });
    const due = plusSeconds(secondResolve, DEFAULT_AUTO_CLOSE_SECONDS);
    await t.desk.scheduler.runDueJobs({ now: new Date(due.getTime() - 1000) });
    expect((await t.get(ticket.id)).statusCategory).toBe('resolved');
    await t.desk.scheduler.runDueJobs({ now: due });
    expect(await t.get(ticket.id)).toMatchObject({ statusCategory: 'closed', closedAt: due });
  });
});

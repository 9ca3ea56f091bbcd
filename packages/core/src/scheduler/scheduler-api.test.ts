import { describe, expect, it } from 'vitest';
import { DEFAULT_AUTO_CLOSE_SECONDS } from '../settings/tenant-settings';
import type { JobRecord } from '../storage/records';
import {
  expectError,
  instrumentedStorage,
  plusSeconds,
  type TestDesk,
  testDesk,
  typesOf,
} from '../test-support';
import { autoCloseKey } from '../tickets/stage-change';

const NOTHING = { claimed: 0, completed: 0, retried: 0, failed: 0, lost: 0 };

/** A resolved ticket and the instant its auto-close job is due. */
async function resolvedTicket(t: TestDesk) {
  const ticket = await t.open();
  const resolvedAt = t.clock.now();
  await t.desk.tickets.transition(t.system, ticket.id, { stageId: 'resolved' });
  return { ticket, due: plusSeconds(resolvedAt, DEFAULT_AUTO_CLOSE_SECONDS) };
}

function autoCloseRuns(history: Awaited<ReturnType<TestDesk['history']>>): number {
  return history.filter((event) => event.type === 'ticket.transitioned' && event.data.reason === 'auto_close')
    .length;
}

describe('scheduler.runDueJobs', () => {
  it('runDueJobs - a due job runs once and is gone', async () => {
    const t = await testDesk();
    const { ticket, due } = await resolvedTicket(t);
    expect(await t.desk.scheduler.runDueJobs({ now: due })).toEqual({ ...NOTHING, claimed: 1, completed: 1 });
    expect(await t.desk.scheduler.runDueJobs({ now: plusSeconds(due, 3600) })).toEqual(NOTHING);
    expect(autoCloseRuns(await t.history(ticket.id))).toBe(1);
    expect(await t.storage.jobs.get('acme', autoCloseKey(ticket.id))).toBeNull();
  });

  it('runDueJobs - a job does not run before it is due; the desk clock is the default now', async () => {
    const t = await testDesk();
    const { ticket, due } = await resolvedTicket(t);
    t.clock.set(new Date(due.getTime() - 1));
    expect(await t.desk.scheduler.runDueJobs()).toEqual(NOTHING);
    expect((await t.get(ticket.id)).statusCategory).toBe('resolved');
    t.clock.set(due);
    expect(await t.desk.scheduler.runDueJobs()).toMatchObject({ completed: 1 });
    expect((await t.get(ticket.id)).closedAt).toEqual(due);
  });

  it('runDueJobs - claims at most `limit` jobs, earliest first', async () => {
    const t = await testDesk();
    const first = await resolvedTicket(t);
    t.clock.advance({ minutes: 1 });
    const second = await resolvedTicket(t);
    t.clock.advance({ minutes: 1 });
    const third = await resolvedTicket(t);
    const now = plusSeconds(third.due, 1);
    expect(await t.desk.scheduler.runDueJobs({ now, limit: 2 })).toMatchObject({ claimed: 2, completed: 2 });
    expect((await t.get(first.ticket.id)).statusCategory).toBe('closed');
    expect((await t.get(second.ticket.id)).statusCategory).toBe('closed');
    expect((await t.get(third.ticket.id)).statusCategory).toBe('resolved');
    expect(await t.desk.scheduler.runDueJobs({ now, limit: 2 })).toMatchObject({ claimed: 1, completed: 1 });
  });

  it('runDueJobs - concurrent workers run each job once', async () => {
    const t = await testDesk();
    const tickets = [];
    for (let index = 0; index < 4; index++) tickets.push(await resolvedTicket(t));
    const now = plusSeconds(tickets.at(-1)?.due as Date, 1);
    const results = await Promise.all(
      Array.from({ length: 3 }, () => t.desk.scheduler.runDueJobs({ now, limit: 2 })),
    );
    expect(results.reduce((sum, result) => sum + result.completed, 0)).toBe(4);
    for (const { ticket } of tickets) expect(autoCloseRuns(await t.history(ticket.id))).toBe(1);
  });

  it("runDueJobs - a crashed worker's job is re-claimed once its lease has expired", async () => {
    const t = await testDesk();
    const { ticket, due } = await resolvedTicket(t);
    // A worker claims the job and dies before running it.
    const leaseUntil = plusSeconds(due, 300);
    const [claimed] = await t.storage.jobs.claimDue({
      now: due,
      limit: 10,
      claimToken: 'crashed',
      leaseUntil,
    });
    expect(claimed).toMatchObject({ status: 'running', attempts: 1, claimToken: 'crashed' });

    expect(await t.desk.scheduler.runDueJobs({ now: plusSeconds(due, 299) })).toEqual(NOTHING);
    expect((await t.get(ticket.id)).statusCategory).toBe('resolved');
    expect(await t.desk.scheduler.runDueJobs({ now: leaseUntil })).toEqual({
      ...NOTHING,
      claimed: 1,
      completed: 1,
    });
    expect(await t.get(ticket.id)).toMatchObject({ statusCategory: 'closed', closedAt: leaseUntil });
    // The crashed worker can no longer complete what another worker finished.
    expect(await t.storage.jobs.complete('acme', (claimed as JobRecord).id, 'crashed')).toBe(false);
    expect(autoCloseRuns(await t.history(ticket.id))).toBe(1);
  });

  it('runDueJobs - a failing job is retried with backoff and parked as failed after 5 attempts', async () => {
    let broken = false;
    const t = await testDesk({
      storage: (memory) =>
        instrumentedStorage(memory, {
          beforeCall: (call) => {
            if (broken && call.inTransaction && call.repository === 'tickets' && call.method === 'update') {
              throw new Error('disk on fire');
            }
          },
        }),
    });
    const { ticket, due } = await resolvedTicket(t);
    const key = autoCloseKey(ticket.id);
    broken = true;
    let now = due;
    for (const [attempt, delay] of [
      [1, 30],
      [2, 60],
      [3, 120],
      [4, 240],
    ] as const) {
      expect(await t.desk.scheduler.runDueJobs({ now })).toEqual({ ...NOTHING, claimed: 1, retried: 1 });
      const retryAt = plusSeconds(now, delay);
      expect(await t.storage.jobs.get('acme', key)).toMatchObject({
        status: 'scheduled',
        attempts: attempt,
        dueAt: retryAt,
        lastError: 'The storage backend failed; the operation was not applied',
      });
      expect(await t.desk.scheduler.runDueJobs({ now: new Date(retryAt.getTime() - 1) })).toEqual(NOTHING);
      now = retryAt;
    }
    expect(await t.desk.scheduler.runDueJobs({ now })).toEqual({ ...NOTHING, claimed: 1, failed: 1 });
    expect(await t.storage.jobs.get('acme', key)).toMatchObject({ status: 'failed', attempts: 5 });
    broken = false;
    expect(await t.desk.scheduler.runDueJobs({ now: plusSeconds(now, 86_400) })).toEqual(NOTHING);
    expect((await t.get(ticket.id)).statusCategory).toBe('resolved');
    const failures = t.logger.errors.filter((entry) => entry.message === 'A scheduled job failed');
    expect(failures.map((entry) => [entry.context?.attempt, entry.context?.final])).toEqual([
      [1, false],
      [2, false],
      [3, false],
      [4, false],
      [5, true],
    ]);
    expect(typesOf(await t.history(ticket.id)).filter((type) => type === 'ticket.transitioned')).toHaveLength(
      1,
    );
  });

  it('runDueJobs - a job that fails once succeeds on its retry', async () => {
    let failures = 1;
    const t = await testDesk({
      storage: (memory) =>
        instrumentedStorage(memory, {
          beforeCall: (call) => {
            if (
              call.inTransaction &&
              call.repository === 'jobs' &&
              call.method === 'complete' &&
              failures > 0
            ) {
              failures--;
              throw new Error('connection reset');
            }
          },
        }),
    });
    const { ticket, due } = await resolvedTicket(t);
    expect(await t.desk.scheduler.runDueJobs({ now: due })).toMatchObject({ retried: 1 });
    expect((await t.get(ticket.id)).statusCategory).toBe('resolved');
    expect(await t.desk.scheduler.runDueJobs({ now: plusSeconds(due, 30) })).toMatchObject({ completed: 1 });
    expect(await t.get(ticket.id)).toMatchObject({
      statusCategory: 'closed',
      closedAt: plusSeconds(due, 30),
    });
  });

  it('runDueJobs - a job of a type without a handler is parked as failed at once', async () => {
    const t = await testDesk();
    const now = t.clock.now();
    await t.storage.jobs.schedule({
      tenantId: 'acme',
      id: 'job_mystery',
      key: 'mystery:1',
      type: 'mystery',
      payload: {},
      dueAt: now,
      status: 'scheduled',
      attempts: 0,
      claimToken: null,
      leaseUntil: null,
      lastError: null,
      createdAt: now,
    });
    expect(await t.desk.scheduler.runDueJobs({ now })).toEqual({ ...NOTHING, claimed: 1, failed: 1 });
    expect(await t.storage.jobs.get('acme', 'mystery:1')).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: 'No handler for job type mystery',
    });
  });

  it('runDueJobs - invalid options are VALIDATION_FAILED', async () => {
    const t = await testDesk();
    await expectError(t.desk.scheduler.runDueJobs({ limit: 0 }), 'VALIDATION_FAILED');
    await expectError(t.desk.scheduler.runDueJobs({ now: 'yesterday' as never }), 'VALIDATION_FAILED');
    await expectError(t.desk.scheduler.runDueJobs({ leaseSeconds: 1.5 }), 'VALIDATION_FAILED');
    expect(await t.desk.scheduler.runDueJobs({ now: '2030-01-01T00:00:00Z' })).toEqual(NOTHING);
  });
});

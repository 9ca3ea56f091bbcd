import { describe, expect, it } from 'vitest';
import type { StoragePort } from '../storage/port';
import type { JobRecord } from '../storage/records';
import { buildJob, fixtureInstant, newId, newTenantId } from './fixtures';
import { type SuiteContext, useGroupStorage, withFreshStorage } from './suite-context';

const SECOND = 1000;
const NOW = fixtureInstant(3_600_000);
const at = (seconds: number) => new Date(NOW.getTime() + seconds * SECOND);

function claim(
  storage: StoragePort,
  now: Date,
  limit: number,
  leaseSeconds = 60,
  claimToken = newId('claim'),
) {
  return storage.jobs.claimDue({
    now,
    limit,
    claimToken,
    leaseUntil: new Date(now.getTime() + leaseSeconds * SECOND),
  });
}

/** The job as `claimDue` must return and store it. */
function claimed(
  job: JobRecord,
  claimToken: string,
  leaseUntil: Date,
  attempts = job.attempts + 1,
): JobRecord {
  return { ...job, status: 'running', claimToken, leaseUntil, attempts };
}

/** Durable jobs: schedule by key, claim with tokens and leases, complete, release. */
export function describeJobRepository(context: SuiteContext): void {
  describe('jobs', () => {
    const storage = useGroupStorage(context);
    const fresh = <T>(body: (storage: StoragePort) => Promise<T>) => withFreshStorage(context, body);

    it('jobs.schedule - stores every field; get returns it by key', async () => {
      const tenantId = newTenantId();
      const jobs = [
        buildJob(tenantId),
        buildJob(tenantId, { attempts: 2, lastError: 'timeout: ünïcödé', payload: {} }),
      ];
      for (const job of jobs) {
        await storage().jobs.schedule(job);
        expect(await storage().jobs.get(tenantId, job.key)).toEqual(job);
      }
    });

    it("jobs.get - returns null for an unknown key and for another tenant's key", async () => {
      const job = buildJob(newTenantId());
      await storage().jobs.schedule(job);
      expect(await storage().jobs.get(job.tenantId, 'unknown')).toBeNull();
      expect(await storage().jobs.get(newTenantId(), job.key)).toBeNull();
    });

    it("jobs.schedule - replaces the tenant's job with the same key; other tenants keep theirs", async () => {
      const first = buildJob(newTenantId());
      const foreign = buildJob(newTenantId(), { key: first.key });
      await storage().jobs.schedule(first);
      await storage().jobs.schedule(foreign);
      const replacement = buildJob(first.tenantId, {
        key: first.key,
        dueAt: fixtureInstant(90_000),
        payload: { v: 2 },
      });
      await storage().jobs.schedule(replacement);
      expect(await storage().jobs.get(first.tenantId, first.key)).toEqual(replacement);
      expect(await storage().jobs.get(foreign.tenantId, first.key)).toEqual(foreign);
    });

    it('jobs.schedule - the same job id in two tenants names two jobs', async () => {
      const first = buildJob(newTenantId());
      const second = buildJob(newTenantId(), { id: first.id, payload: { other: true } });
      await storage().jobs.schedule(first);
      await storage().jobs.schedule(second);
      expect(await storage().jobs.get(first.tenantId, first.key)).toEqual(first);
      expect(await storage().jobs.get(second.tenantId, second.key)).toEqual(second);
    });

    it('jobs.cancel - removes the job once; another tenant cannot cancel it', async () => {
      const job = buildJob(newTenantId());
      await storage().jobs.schedule(job);
      expect(await storage().jobs.cancel(newTenantId(), job.key)).toBe(false);
      expect(await storage().jobs.get(job.tenantId, job.key)).toEqual(job);
      expect(await storage().jobs.cancel(job.tenantId, job.key)).toBe(true);
      expect(await storage().jobs.get(job.tenantId, job.key)).toBeNull();
      expect(await storage().jobs.cancel(job.tenantId, job.key)).toBe(false);
    });

    it('jobs.claimDue - claims due jobs of every tenant, earliest dueAt first, up to the limit', () =>
      fresh(async (storage) => {
        const [first, second] = [newTenantId(), newTenantId()];
        const jobs = [
          buildJob(first, { dueAt: at(-30) }),
          buildJob(second, { dueAt: at(-50) }),
          buildJob(first, { dueAt: at(0) }),
          buildJob(second, { dueAt: at(-10) }),
          buildJob(first, { dueAt: at(-40) }),
          buildJob(second, { dueAt: at(1) }),
          buildJob(first, { dueAt: at(3600) }),
        ];
        for (const job of jobs) await storage.jobs.schedule(job);
        const token = newId('claim');
        const lease = at(60);
        const firstBatch = await storage.jobs.claimDue({
          now: NOW,
          limit: 3,
          claimToken: token,
          leaseUntil: lease,
        });
        const byDueAt = [...jobs].sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
        expect(firstBatch).toEqual(byDueAt.slice(0, 3).map((job) => claimed(job, token, lease)));
        for (const job of firstBatch) expect(await storage.jobs.get(job.tenantId, job.key)).toEqual(job);

        const secondToken = newId('claim');
        const secondBatch = await storage.jobs.claimDue({
          now: NOW,
          limit: 10,
          claimToken: secondToken,
          leaseUntil: lease,
        });
        // dueAt equal to now is due; one second later is not.
        expect(secondBatch).toEqual(byDueAt.slice(3, 5).map((job) => claimed(job, secondToken, lease)));
        expect(await claim(storage, NOW, 10)).toEqual([]);
        expect(await storage.jobs.get(first, (jobs[6] as JobRecord).key)).toEqual(jobs[6]);
      }));

    it('jobs.claimDue - returns nothing when no job is due', () =>
      fresh(async (storage) => {
        expect(await claim(storage, NOW, 10)).toEqual([]);
        await storage.jobs.schedule(buildJob(newTenantId(), { dueAt: at(1) }));
        expect(await claim(storage, NOW, 10)).toEqual([]);
      }));

    it('jobs.claimDue - a claimed job is not claimed again before its lease ends, and is after', () =>
      fresh(async (storage) => {
        const job = buildJob(newTenantId(), { dueAt: at(-5) });
        await storage.jobs.schedule(job);
        const token = newId('claim');
        expect(
          await storage.jobs.claimDue({ now: NOW, limit: 5, claimToken: token, leaseUntil: at(60) }),
        ).toEqual([claimed(job, token, at(60))]);
        expect(await claim(storage, at(30), 5)).toEqual([]);
        expect(await claim(storage, new Date(at(60).getTime() - 1), 5)).toEqual([]);
        const retoken = newId('claim');
        const reclaimed = await storage.jobs.claimDue({
          now: at(60),
          limit: 5,
          claimToken: retoken,
          leaseUntil: at(120),
        });
        expect(reclaimed).toEqual([claimed(job, retoken, at(120), 2)]);
        expect(await storage.jobs.complete(job.tenantId, job.id, token)).toBe(false);
        expect(await storage.jobs.get(job.tenantId, job.key)).toEqual(claimed(job, retoken, at(120), 2));
        expect(await storage.jobs.complete(job.tenantId, job.id, retoken)).toBe(true);
        expect(await storage.jobs.get(job.tenantId, job.key)).toBeNull();
      }));

    it("jobs.complete - only the current claim's token completes, once; the job is gone", () =>
      fresh(async (storage) => {
        const job = buildJob(newTenantId(), { dueAt: at(-1) });
        await storage.jobs.schedule(job);
        expect(await storage.jobs.complete(job.tenantId, job.id, 'never-claimed')).toBe(false);
        const token = newId('claim');
        await storage.jobs.claimDue({ now: NOW, limit: 1, claimToken: token, leaseUntil: at(60) });
        expect(await storage.jobs.complete(job.tenantId, job.id, newId('claim'))).toBe(false);
        expect(await storage.jobs.complete(newTenantId(), job.id, token)).toBe(false);
        expect(await storage.jobs.get(job.tenantId, job.key)).toEqual(claimed(job, token, at(60)));
        expect(await storage.jobs.complete(job.tenantId, job.id, token)).toBe(true);
        expect(await storage.jobs.complete(job.tenantId, job.id, token)).toBe(false);
        expect(await storage.jobs.get(job.tenantId, job.key)).toBeNull();
        expect(await claim(storage, at(3600), 5)).toEqual([]);
      }));

    it('jobs.release - reschedules a claimed job: claimable again at its new dueAt, not before', () =>
      fresh(async (storage) => {
        const job = buildJob(newTenantId(), { dueAt: at(-1) });
        await storage.jobs.schedule(job);
        const token = newId('claim');
        await storage.jobs.claimDue({ now: NOW, limit: 1, claimToken: token, leaseUntil: at(60) });
        const outcome = { status: 'scheduled' as const, dueAt: at(30), lastError: 'Temporary failure' };
        expect(await storage.jobs.release(job.tenantId, job.id, newId('claim'), outcome)).toBe(false);
        expect(await storage.jobs.release(newTenantId(), job.id, token, outcome)).toBe(false);
        expect(await storage.jobs.release(job.tenantId, job.id, token, outcome)).toBe(true);
        const { claimToken: _token, leaseUntil: _lease, ...unclaimed } = job;
        expect(await storage.jobs.get(job.tenantId, job.key)).toMatchObject({
          ...unclaimed,
          status: 'scheduled',
          dueAt: at(30),
          lastError: 'Temporary failure',
          attempts: 1,
        });
        expect(await storage.jobs.complete(job.tenantId, job.id, token)).toBe(false);
        expect(await storage.jobs.release(job.tenantId, job.id, token, outcome)).toBe(false);
        expect(await claim(storage, at(29), 5)).toEqual([]);
        const retoken = newId('claim');
        const again = await storage.jobs.claimDue({
          now: at(30),
          limit: 5,
          claimToken: retoken,
          leaseUntil: at(90),
        });
        expect(again).toEqual([
          {
            ...job,
            status: 'running',
            dueAt: at(30),
            lastError: 'Temporary failure',
            attempts: 2,
            claimToken: retoken,
            leaseUntil: at(90),
          },
        ]);
      }));

    it('jobs.release - a failed job stays stored and is never claimed again', () =>
      fresh(async (storage) => {
        const job = buildJob(newTenantId(), { dueAt: at(-1) });
        await storage.jobs.schedule(job);
        const token = newId('claim');
        await storage.jobs.claimDue({ now: NOW, limit: 1, claimToken: token, leaseUntil: at(60) });
        const outcome = { status: 'failed' as const, dueAt: NOW, lastError: 'Gave up after 5 attempts' };
        expect(await storage.jobs.release(job.tenantId, job.id, token, outcome)).toBe(true);
        expect(await storage.jobs.get(job.tenantId, job.key)).toMatchObject({
          id: job.id,
          status: 'failed',
          lastError: 'Gave up after 5 attempts',
          attempts: 1,
        });
        expect(await claim(storage, at(86_400), 5)).toEqual([]);
        // Scheduling the key again replaces the failed job.
        const replacement = buildJob(job.tenantId, { key: job.key, dueAt: at(10) });
        await storage.jobs.schedule(replacement);
        const retoken = newId('claim');
        expect(
          await storage.jobs.claimDue({ now: at(10), limit: 5, claimToken: retoken, leaseUntil: at(70) }),
        ).toEqual([claimed(replacement, retoken, at(70))]);
      }));

    it("jobs.schedule - a replaced job's old claim can neither complete nor release it", () =>
      fresh(async (storage) => {
        const job = buildJob(newTenantId(), { dueAt: at(-1) });
        await storage.jobs.schedule(job);
        const token = newId('claim');
        await storage.jobs.claimDue({ now: NOW, limit: 1, claimToken: token, leaseUntil: at(60) });
        const replacement = buildJob(job.tenantId, { key: job.key, dueAt: at(20), payload: { v: 2 } });
        await storage.jobs.schedule(replacement);
        expect(await storage.jobs.complete(job.tenantId, job.id, token)).toBe(false);
        expect(
          await storage.jobs.release(job.tenantId, job.id, token, {
            status: 'scheduled',
            dueAt: NOW,
            lastError: 'x',
          }),
        ).toBe(false);
        expect(await storage.jobs.get(job.tenantId, job.key)).toEqual(replacement);
        expect(await claim(storage, at(19), 5)).toEqual([]);
        const retoken = newId('claim');
        expect(
          await storage.jobs.claimDue({ now: at(20), limit: 5, claimToken: retoken, leaseUntil: at(80) }),
        ).toEqual([claimed(replacement, retoken, at(80))]);
      }));

    it("jobs.cancel - a cancelled job is never claimed, and a running one's holder cannot complete it", () =>
      fresh(async (storage) => {
        const tenantId = newTenantId();
        const waiting = buildJob(tenantId, { dueAt: at(-2) });
        const running = buildJob(tenantId, { dueAt: at(-3) });
        await storage.jobs.schedule(running);
        const token = newId('claim');
        await storage.jobs.claimDue({ now: NOW, limit: 1, claimToken: token, leaseUntil: at(60) });
        await storage.jobs.schedule(waiting);
        expect(await storage.jobs.cancel(tenantId, waiting.key)).toBe(true);
        expect(await storage.jobs.cancel(tenantId, running.key)).toBe(true);
        expect(await storage.jobs.complete(tenantId, running.id, token)).toBe(false);
        expect(await claim(storage, at(3600), 10)).toEqual([]);
      }));
  });
}

import type { JobRecord, JobRepository } from '@ticketkit/core';
import { deepCopy } from '../deep-copy';
import { key, type MemoryState } from '../memory-state';

/**
 * The scheduler's jobs in memory. A heap of due instants finds due jobs without scanning the
 * scheduled ones; stale heap entries (rescheduled, completed, cancelled jobs) are skipped.
 */
export class MemoryJobs implements JobRepository {
  constructor(private readonly state: MemoryState) {}

  async schedule(job: JobRecord): Promise<void> {
    const jobKey = key(job.tenantId, job.key);
    const replaced = this.state.jobKeys.get(jobKey);
    if (replaced !== undefined) this.state.jobs.delete(replaced);
    this.state.jobs.set(job.id, deepCopy(job));
    this.state.jobKeys.set(jobKey, job.id);
    this.state.dueHeap.push({ at: job.dueAt.getTime(), jobId: job.id });
  }

  async cancel(tenantId: string, jobKey: string): Promise<boolean> {
    const id = this.state.jobKeys.get(key(tenantId, jobKey));
    if (id === undefined) return false;
    this.state.jobKeys.delete(key(tenantId, jobKey));
    this.state.jobs.delete(id);
    return true;
  }

  async get(tenantId: string, jobKey: string): Promise<JobRecord | null> {
    const id = this.state.jobKeys.get(key(tenantId, jobKey));
    const job = id === undefined ? undefined : this.state.jobs.get(id);
    return job === undefined ? null : deepCopy(job);
  }

  async claimDue(params: {
    now: Date;
    limit: number;
    claimToken: string;
    leaseUntil: Date;
  }): Promise<JobRecord[]> {
    const heap = this.state.dueHeap;
    const now = params.now.getTime();
    const claimed: JobRecord[] = [];
    const skippedButLive: Array<{ at: number; jobId: string }> = [];
    while (claimed.length < params.limit) {
      const top = heap.peek();
      if (top === undefined || top.at > now) break;
      heap.pop();
      const job = this.state.jobs.get(top.jobId);
      if (job === undefined) continue;
      const due =
        (job.status === 'scheduled' && job.dueAt.getTime() === top.at) ||
        (job.status === 'running' && job.leaseUntil !== null && job.leaseUntil.getTime() === top.at);
      if (!due) continue;
      this.state.undo.push(() => heap.push(top));
      const next: JobRecord = {
        ...job,
        status: 'running',
        claimToken: params.claimToken,
        leaseUntil: params.leaseUntil,
        attempts: job.attempts + 1,
      };
      this.state.jobs.set(job.id, next);
      skippedButLive.push({ at: params.leaseUntil.getTime(), jobId: job.id });
      claimed.push(deepCopy(next));
    }
    // A claimed job comes due again when its lease runs out (a crashed worker's job).
    for (const entry of skippedButLive) heap.push(entry);
    return claimed;
  }

  async complete(tenantId: string, id: string, claimToken: string): Promise<boolean> {
    const job = this.state.jobs.get(id);
    if (
      job === undefined ||
      job.tenantId !== tenantId ||
      job.status !== 'running' ||
      job.claimToken !== claimToken
    )
      return false;
    this.state.jobs.delete(id);
    this.state.jobKeys.delete(key(tenantId, job.key));
    return true;
  }

  async release(
    tenantId: string,
    id: string,
    claimToken: string,
    outcome: { status: 'scheduled' | 'failed'; dueAt: Date; lastError: string },
  ): Promise<boolean> {
    const job = this.state.jobs.get(id);
    if (
      job === undefined ||
      job.tenantId !== tenantId ||
      job.status !== 'running' ||
      job.claimToken !== claimToken
    )
      return false;
    this.state.jobs.set(id, {
      ...job,
      status: outcome.status,
      dueAt: outcome.dueAt,
      lastError: outcome.lastError,
      claimToken: null,
      leaseUntil: null,
    });
    if (outcome.status === 'scheduled') this.state.dueHeap.push({ at: outcome.dueAt.getTime(), jobId: id });
    return true;
  }
}

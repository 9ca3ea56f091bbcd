import type { JobRecord, JobRepository } from '@ticketkit/core';
import { deepCopy } from '../deep-copy';
import type { DueEntry } from '../due-heap';
import { key, type MemoryState } from '../memory-state';

/**
 * The scheduler's jobs in memory, stored by `key(tenantId, id)`. A heap of due instants finds
 * due jobs without scanning the scheduled ones; stale heap entries (rescheduled, completed,
 * cancelled jobs) are skipped.
 */
export class MemoryJobs implements JobRepository {
  constructor(private readonly state: MemoryState) {}

  async schedule(job: JobRecord): Promise<void> {
    const jobKey = key(job.tenantId, job.key);
    const row = key(job.tenantId, job.id);
    const replaced = this.state.jobKeys.get(jobKey);
    if (replaced !== undefined) this.state.jobs.delete(replaced);
    this.state.jobs.set(row, deepCopy(job));
    this.state.jobKeys.set(jobKey, row);
    this.state.dueHeap.push({ at: job.dueAt.getTime(), row });
  }

  async cancel(tenantId: string, jobKey: string): Promise<boolean> {
    const row = this.state.jobKeys.get(key(tenantId, jobKey));
    if (row === undefined) return false;
    this.state.jobKeys.delete(key(tenantId, jobKey));
    this.state.jobs.delete(row);
    return true;
  }

  async get(tenantId: string, jobKey: string): Promise<JobRecord | null> {
    const row = this.state.jobKeys.get(key(tenantId, jobKey));
    const job = row === undefined ? undefined : this.state.jobs.get(row);
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
    const skippedButLive: DueEntry[] = [];
    while (claimed.length < params.limit) {
      const top = heap.peek();
      if (top === undefined || top.at > now) break;
      heap.pop();
      // Every pop is undone on rollback, also of entries that look stale now: a job this
      // transaction cancelled or rescheduled comes back with its entry when it rolls back.
      this.state.undo.push(() => heap.push(top));
      const job = this.state.jobs.get(top.row);
      if (job === undefined) continue;
      const due =
        (job.status === 'scheduled' && job.dueAt.getTime() === top.at) ||
        (job.status === 'running' && job.leaseUntil !== null && job.leaseUntil.getTime() === top.at);
      if (!due) continue;
      const next: JobRecord = {
        ...job,
        status: 'running',
        claimToken: params.claimToken,
        leaseUntil: params.leaseUntil,
        attempts: job.attempts + 1,
      };
      this.state.jobs.set(top.row, next);
      skippedButLive.push({ at: params.leaseUntil.getTime(), row: top.row });
      claimed.push(deepCopy(next));
    }
    // A claimed job comes due again when its lease runs out (a crashed worker's job).
    for (const entry of skippedButLive) heap.push(entry);
    return claimed;
  }

  async complete(tenantId: string, id: string, claimToken: string): Promise<boolean> {
    const row = key(tenantId, id);
    const job = this.state.jobs.get(row);
    if (job === undefined || job.status !== 'running' || job.claimToken !== claimToken) return false;
    this.state.jobs.delete(row);
    this.state.jobKeys.delete(key(tenantId, job.key));
    return true;
  }

  async release(
    tenantId: string,
    id: string,
    claimToken: string,
    outcome: { status: 'scheduled' | 'failed'; dueAt: Date; lastError: string },
  ): Promise<boolean> {
    const row = key(tenantId, id);
    const job = this.state.jobs.get(row);
    if (job === undefined || job.status !== 'running' || job.claimToken !== claimToken) return false;
    this.state.jobs.set(row, {
      ...job,
      status: outcome.status,
      dueAt: outcome.dueAt,
      lastError: outcome.lastError,
      claimToken: null,
      leaseUntil: null,
    });
    if (outcome.status === 'scheduled') this.state.dueHeap.push({ at: outcome.dueAt.getTime(), row });
    return true;
  }
}

import { z } from 'zod';
import type { Logger } from '../events';
import type { DeskContext } from '../internal/desk-context';
import { instantSchema } from '../internal/schemas';
import { AbortCommand } from '../storage/gateway';
import type { JobRecord } from '../storage/records';
import { parseInput } from '../validation';

/** Options of {@link SchedulerApi.runDueJobs}. */
export const runDueJobsSchema = z.strictObject({
  now: instantSchema.optional(),
  limit: z.int().min(1).max(10_000).default(100),
  leaseSeconds: z
    .int()
    .min(1)
    .max(24 * 60 * 60)
    .default(300),
});

/** Options of {@link SchedulerApi.runDueJobs}. */
export type RunDueJobsOptions = z.input<typeof runDueJobsSchema>;

/** What one {@link SchedulerApi.runDueJobs} call did. */
export interface RunDueJobsResult {
  /** Jobs this worker claimed. */
  claimed: number;
  /** Jobs that ran and committed. */
  completed: number;
  /** Jobs that failed and were rescheduled with backoff. */
  retried: number;
  /** Jobs that failed for the last time (or have no handler) and were parked as `failed`. */
  failed: number;
  /** Jobs whose claim was lost (rescheduled, cancelled or re-claimed meanwhile); their effects were rolled back. */
  lost: number;
}

/** Attempts before a failing job is parked as `failed`. */
const MAX_ATTEMPTS = 5;

/** Seconds before retry `attempt` (1-based): 30 s, 60 s, 120 s, 240 s. */
function retryDelaySeconds(attempt: number): number {
  return 30 * 2 ** (attempt - 1);
}

class LostClaim extends AbortCommand {}

/**
 * The durable scheduler: timers that must fire exactly once even with several workers and
 * crashes (auto-close of resolved tickets today; SLA timers and credit holds use it too).
 *
 * Call {@link runDueJobs} from a loop or cron in each worker. A job's effects and its
 * completion commit in one transaction, and a job is claimed by one worker at a time (with a
 * lease, so a crashed worker's jobs come back), so each job's effects happen exactly once.
 */
export class SchedulerApi {
  readonly #desk: DeskContext;
  readonly #logger: Logger;

  /** @internal */
  constructor(desk: DeskContext, logger: Logger) {
    this.#desk = desk;
    this.#logger = logger;
  }

  /**
   * Claims up to `limit` jobs due at `now` (default: the desk clock) across all tenants and
   * runs them one by one. Safe to call concurrently from many workers.
   */
  async runDueJobs(options: RunDueJobsOptions = {}): Promise<RunDueJobsResult> {
    const data = parseInput(runDueJobsSchema, options);
    const now = data.now ?? this.#desk.clock.now();
    const claimToken = this.#desk.newId('job');
    const leaseUntil = new Date(now.getTime() + data.leaseSeconds * 1000);
    const claimed = await this.#desk.gateway.read((repositories) =>
      repositories.jobs.claimDue({ now, limit: data.limit, claimToken, leaseUntil }),
    );
    const result: RunDueJobsResult = {
      claimed: claimed.length,
      completed: 0,
      retried: 0,
      failed: 0,
      lost: 0,
    };
    for (const job of claimed) result[await this.#run(job, claimToken, now)]++;
    return result;
  }

  async #run(
    job: JobRecord,
    claimToken: string,
    now: Date,
  ): Promise<'completed' | 'retried' | 'failed' | 'lost'> {
    const handler = this.#desk.jobs.handlerOf(job.type);
    try {
      if (handler === undefined) throw new Error(`No handler for job type ${job.type}`);
      await this.#desk.gateway.command(async (context) => {
        // Completing first checks the claim and frees the key, so the handler may schedule
        // the same key again; both commit together with the handler's effects, or neither.
        if (!(await context.tx.jobs.complete(job.tenantId, job.id, claimToken))) throw new LostClaim();
        await handler(job, context, now);
      });
      return 'completed';
    } catch (error) {
      if (error instanceof LostClaim) return 'lost';
      const finalAttempt = handler === undefined || job.attempts >= MAX_ATTEMPTS;
      this.#logger.error('A scheduled job failed', {
        jobId: job.id,
        type: job.type,
        attempt: job.attempts,
        final: finalAttempt,
        error,
      });
      const released = await this.#desk.gateway.read((repositories) =>
        repositories.jobs.release(job.tenantId, job.id, claimToken, {
          status: finalAttempt ? 'failed' : 'scheduled',
          dueAt: finalAttempt ? now : new Date(now.getTime() + retryDelaySeconds(job.attempts) * 1000),
          lastError: error instanceof Error ? error.message.slice(0, 1000) : String(error).slice(0, 1000),
        }),
      );
      if (!released) return 'lost';
      return finalAttempt ? 'failed' : 'retried';
    }
  }
}

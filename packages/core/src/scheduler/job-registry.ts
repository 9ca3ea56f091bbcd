import type { IdGenerator } from '../ids';
import type { JsonObject } from '../json';
import type { CommandContext } from '../storage/gateway';
import type { StorageRepositories } from '../storage/port';
import type { JobRecord } from '../storage/records';

/**
 * Runs one due job inside the transaction that also completes it, so its effects and its
 * completion commit together. The job is already removed when the handler runs, so the
 * handler may schedule the same key again. `now` is the instant the job runs at. Throwing
 * rolls back and the job is retried later.
 */
export type JobHandler = (job: JobRecord, context: CommandContext, now: Date) => Promise<void>;

/** What to schedule: a job of `type`, unique per tenant by `key`, due at `dueAt`. */
export interface JobSpec {
  tenantId: string;
  key: string;
  type: string;
  dueAt: Date;
  payload: JsonObject;
}

/** The job types the desk knows how to run, and the way engines schedule them. Internal. */
export class JobRegistry {
  readonly #handlers = new Map<string, JobHandler>();
  readonly #newId: IdGenerator;

  constructor(newId: IdGenerator) {
    this.#newId = newId;
  }

  /** Registers the handler of a job type; a type has one handler. */
  register(type: string, handler: JobHandler): void {
    if (this.#handlers.has(type)) throw new Error(`Job type ${type} already has a handler`);
    this.#handlers.set(type, handler);
  }

  /** The handler of a type, if registered. */
  handlerOf(type: string): JobHandler | undefined {
    return this.#handlers.get(type);
  }

  /** Schedules (or reschedules) a job in the caller's transaction. */
  async schedule(tx: StorageRepositories, spec: JobSpec, now: Date): Promise<void> {
    await tx.jobs.schedule({
      tenantId: spec.tenantId,
      id: this.#newId('job'),
      key: spec.key,
      type: spec.type,
      payload: spec.payload,
      dueAt: spec.dueAt,
      status: 'scheduled',
      attempts: 0,
      claimToken: null,
      leaseUntil: null,
      lastError: null,
      createdAt: now,
    });
  }
}

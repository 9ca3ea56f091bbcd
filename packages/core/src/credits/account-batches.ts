/** Calls `resume` once every pending promise job has run (setImmediate where there is one). */
const afterPromiseJobs: (resume: () => void) => void =
  typeof setImmediate === 'function' ? (resume) => setImmediate(resume) : (resume) => setTimeout(resume, 0);

/** The most operations one batch runs. */
const MAX_BATCH = 64;

/** What one operation of a batch came to: its value, or the error its caller gets. */
export type BatchOutcome<R> = { value: R } | { error: unknown };

interface Waiting<Op, R> {
  op: Op;
  /** Operations with one key never share a batch (an idempotency key: the later replays the earlier). */
  key: string;
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

interface AccountQueue<Op, R> {
  running: boolean;
  /** Whether the next batch is the first since the account was idle (it starts at once). */
  first: boolean;
  waiting: Array<Waiting<Op, R>>;
}

/**
 * Group commit for one desk's operations on a credit account. An operation starts at once
 * when nothing else of its account runs on this desk; while a batch runs (it holds the
 * account's lock), later operations of the account wait, and the ones waiting then run
 * together as the next batch: one transaction, one lock, one ledger write for all of them,
 * still applied one after another in the order they came. Two operations with one key never
 * share a batch. `execute` runs a batch and returns each operation's outcome in order.
 */
export class AccountBatches<Op, R> {
  readonly #queues = new Map<string, AccountQueue<Op, R>>();

  constructor(private readonly execute: (ops: Op[]) => Promise<Array<BatchOutcome<R>>>) {}

  /** Runs `op` on `account` in the next batch that can take it. */
  run(account: string, key: string, op: Op): Promise<R> {
    let queue = this.#queues.get(account);
    if (queue === undefined) {
      queue = { running: false, first: true, waiting: [] };
      this.#queues.set(account, queue);
    }
    const accountQueue = queue;
    return new Promise<R>((resolve, reject) => {
      accountQueue.waiting.push({ op, key, resolve, reject });
      if (!accountQueue.running) void this.#drain(account, accountQueue);
    });
  }

  async #drain(account: string, queue: AccountQueue<Op, R>): Promise<void> {
    queue.running = true;
    while (queue.waiting.length > 0) {
      // Let the callers the last batch answered ask again first (a macrotask runs after every
      // pending promise job): a caller that charges in a loop joins this batch, not the next.
      if (!queue.first) await new Promise<void>(afterPromiseJobs);
      queue.first = false;
      const batch = takeBatch(queue.waiting);
      let outcomes: Array<BatchOutcome<R>>;
      try {
        outcomes = await this.execute(batch.map((waiting) => waiting.op));
      } catch (error) {
        outcomes = batch.map(() => ({ error }));
      }
      batch.forEach((waiting, index) => {
        const outcome = outcomes[index] ?? { error: new Error('The batch returned no outcome') };
        if ('value' in outcome) waiting.resolve(outcome.value);
        else waiting.reject(outcome.error);
      });
    }
    queue.running = false;
    this.#queues.delete(account);
  }
}

/** Takes the next batch off `waiting`, in order, skipping (and keeping) operations whose key is taken. */
function takeBatch<T extends { key: string }>(waiting: T[]): T[] {
  const batch: T[] = [];
  const keys = new Set<string>();
  const later: T[] = [];
  for (const item of waiting) {
    if (batch.length < MAX_BATCH && !keys.has(item.key)) {
      batch.push(item);
      keys.add(item.key);
    } else later.push(item);
  }
  waiting.length = 0;
  waiting.push(...later);
  return batch;
}

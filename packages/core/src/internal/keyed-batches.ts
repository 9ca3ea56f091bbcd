/** Calls `resume` once every pending promise job has run (setImmediate where there is one). */
const afterPromiseJobs: (resume: () => void) => void =
  typeof setImmediate === 'function' ? (resume) => setImmediate(resume) : (resume) => setTimeout(resume, 0);

/** What one operation of a batch came to: its value, or the error its caller gets. */
export type BatchOutcome<R> = { value: R } | { error: unknown };

/** How {@link KeyedBatches} forms batches. */
export interface BatchOptions {
  /** The most operations one batch takes. */
  readonly maxBatch: number;
  /**
   * Whether, after a batch, the next one is formed only once every pending promise job has
   * run, so that callers the batch just answered, and that ask again at once, join it.
   */
  readonly gatherAnswered: boolean;
}

interface Waiting<Op, R> {
  op: Op;
  /** Operations with one non-null `distinct` value never share a batch. */
  distinct: string | null;
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

interface KeyQueue<Op, R> {
  waiting: Array<Waiting<Op, R>>;
}

/**
 * Runs operations in batches per key (a tenant, an account): an operation starts at once when
 * nothing of its key runs; while a batch of the key runs, later operations wait, and the
 * ones waiting then run together as the next batch, in the order they came. `execute`
 * runs one batch and returns each operation's outcome in order; if it throws, every
 * operation of the batch fails with that error.
 */
export class KeyedBatches<Op, R> {
  readonly #queues = new Map<string, KeyQueue<Op, R>>();

  constructor(
    private readonly execute: (key: string, ops: Op[]) => Promise<Array<BatchOutcome<R>>>,
    private readonly options: BatchOptions,
  ) {}

  /** Runs `op` in the next batch of `key` that can take it. */
  run(key: string, op: Op, distinct: string | null = null): Promise<R> {
    let queue = this.#queues.get(key);
    const idle = queue === undefined;
    if (queue === undefined) {
      queue = { waiting: [] };
      this.#queues.set(key, queue);
    }
    const keyQueue = queue;
    return new Promise<R>((resolve, reject) => {
      keyQueue.waiting.push({ op, distinct, resolve, reject });
      if (idle) void this.#drain(key, keyQueue);
    });
  }

  async #drain(key: string, queue: KeyQueue<Op, R>): Promise<void> {
    do {
      const batch = takeBatch(queue.waiting, this.options.maxBatch);
      let outcomes: Array<BatchOutcome<R>>;
      try {
        outcomes = await this.execute(
          key,
          batch.map((waiting) => waiting.op),
        );
      } catch (error) {
        outcomes = batch.map(() => ({ error }));
      }
      batch.forEach((waiting, index) => {
        const outcome = outcomes[index] ?? { error: new Error('The batch returned no outcome') };
        if ('value' in outcome) waiting.resolve(outcome.value);
        else waiting.reject(outcome.error);
      });
      // The key stays busy meanwhile, so callers just answered that ask again queue up here
      // instead of starting a batch of their own.
      if (this.options.gatherAnswered) await new Promise<void>(afterPromiseJobs);
    } while (queue.waiting.length > 0);
    this.#queues.delete(key);
  }
}

/** Takes the next batch off `waiting`, in order, leaving operations whose `distinct` value is taken. */
function takeBatch<T extends { distinct: string | null }>(waiting: T[], maxBatch: number): T[] {
  const batch: T[] = [];
  const taken = new Set<string>();
  const later: T[] = [];
  for (const item of waiting) {
    if (batch.length < maxBatch && (item.distinct === null || !taken.has(item.distinct))) {
      batch.push(item);
      if (item.distinct !== null) taken.add(item.distinct);
    } else later.push(item);
  }
  waiting.length = 0;
  waiting.push(...later);
  return batch;
}

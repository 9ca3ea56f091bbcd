import { StorageFailureError, TicketkitError } from '../errors';
import type { Logger } from '../events';
import type { StoragePort, StorageRepositories } from './port';
import type { StoredEvent } from './records';

/**
 * Thrown inside a command when a concurrent writer got there first and the command should
 * run again from a fresh read (a stale version the caller did not state, an idempotency key
 * or external id inserted meanwhile). Never reaches a caller.
 */
export class RetryCommand extends Error {
  constructor(readonly reason: string) {
    super(`retry: ${reason}`);
  }
}

/**
 * Thrown inside a command to roll it back without a retry and without being reported as a
 * storage failure; the gateway rethrows it unchanged to the internal caller. Never reaches
 * a ticketkit caller.
 */
export class AbortCommand extends Error {}

/** What a command's body receives: the transaction, and a place to record events. */
export interface CommandContext {
  readonly tx: StorageRepositories;
  /** Records an event; it is stored in the same transaction and published after commit. */
  record(event: StoredEvent): void;
  /** The events recorded so far by this run of the command, in order. */
  readonly recorded: readonly StoredEvent[];
  /**
   * The value this run of the command keeps under `slot`, made by `slot.create()` on first
   * use: engines keep per-run state here (settings read, routing state). A retried command
   * runs with a fresh context, so with fresh values.
   */
  memo<T>(slot: CommandMemo<T>): T;
  /** The value under `slot` if this run made one, without making it. */
  peek<T>(slot: CommandMemo<T>): T | undefined;
}

/** A kind of per-run state of a command (see {@link CommandContext.memo}); the object itself is the key. */
export interface CommandMemo<T> {
  create(): T;
}

/** One run of a command's body: its transaction, its events, its per-run state. */
class CommandRun implements CommandContext {
  readonly recorded: StoredEvent[] = [];
  readonly record = (event: StoredEvent): void => {
    this.recorded.push(event);
  };
  #memo: Map<CommandMemo<unknown>, unknown> | undefined;

  constructor(readonly tx: StorageRepositories) {}

  memo<T>(slot: CommandMemo<T>): T {
    if (this.#memo === undefined) this.#memo = new Map();
    else if (this.#memo.has(slot)) return this.#memo.get(slot) as T;
    const value = slot.create();
    this.#memo.set(slot, value);
    return value;
  }

  peek<T>(slot: CommandMemo<T>): T | undefined {
    return this.#memo?.get(slot) as T | undefined;
  }
}

/** How many times a command runs before `CONCURRENCY_CONFLICT`. */
const MAX_ATTEMPTS = 12;

/**
 * The single path from core to an adapter. It runs each command as one transaction,
 * stores the command's events in it, publishes them after commit, re-runs commands that
 * lost a race, and turns every non-ticketkit error into `STORAGE_FAILURE` (logged, not leaked).
 */
export class StorageGateway {
  /** `publish` receives each committed command's events, in order. */
  constructor(
    readonly port: StoragePort,
    private readonly logger: Logger,
    private readonly publish: (events: readonly StoredEvent[]) => void,
  ) {}

  /** Runs a read-only body outside a transaction (each repository call is atomic on its own). */
  async read<T>(body: (repositories: StorageRepositories) => Promise<T>): Promise<T> {
    try {
      return await body(this.port);
    } catch (error) {
      throw this.#toTicketkitError(error);
    }
  }

  /** Runs a command body in a transaction; see the class comment for the guarantees. */
  async command<T>(body: (context: CommandContext) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      let run: CommandRun | undefined;
      try {
        const result = await this.port.transaction(async (tx) => {
          run = new CommandRun(tx);
          const value = await body(run);
          if (run.recorded.length > 0) await tx.events.append(run.recorded);
          return value;
        });
        const recorded = (run as CommandRun).recorded;
        if (recorded.length > 0) this.publish(recorded);
        return result;
      } catch (error) {
        if (error instanceof RetryCommand) {
          if (attempt < MAX_ATTEMPTS) {
            await backoff(attempt);
            continue;
          }
          throw new TicketkitError(
            'CONCURRENCY_CONFLICT',
            'Concurrent writers kept colliding; nothing was applied',
            {
              attempts: attempt,
              reason: error.reason,
            },
          );
        }
        if (error instanceof AbortCommand) throw error;
        throw this.#toTicketkitError(error);
      }
    }
  }

  #toTicketkitError(error: unknown): TicketkitError {
    if (error instanceof TicketkitError) return error;
    this.logger.error('Storage operation failed', { adapter: this.port.name, error });
    const failure = new StorageFailureError();
    Object.defineProperty(failure, 'cause', { value: error, enumerable: false });
    return failure;
  }
}

/** Jittered, growing wait before a retry: about 1 ms, 2 ms, 4 ms ... capped at 50 ms. */
function backoff(attempt: number): Promise<void> {
  const ceiling = Math.min(50, 2 ** (attempt - 1));
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
}

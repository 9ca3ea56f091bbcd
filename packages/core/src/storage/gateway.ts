import { StorageFailureError, TicketkitError } from '../errors';
import type { Logger } from '../events';
import type { StoragePort, StorageRepositories } from './port';
import type { StoredEvent } from './records';
import { trackTicketWrites, WrittenTickets } from './written-tickets';

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
  /** The instant the command runs at when its caller fixed one (a scheduled job's); else undefined. */
  readonly now: Date | undefined;
  /** The tickets this command stored; reactions change tickets through it. */
  readonly writtenTickets: WrittenTickets;
  /** Every event recorded so far by this command (not yet stored), in order. */
  readonly recorded: readonly StoredEvent[];
}

/**
 * Runs in a command's transaction after its body, over the events recorded since the previous
 * pass (first the body's, then those earlier reactions recorded). Derived state that must
 * commit with the command (SLA clocks, escalations) is kept this way, whichever command
 * caused it. Reactions may record events; passes repeat until none is recorded (at most
 * {@link MAX_REACTION_PASSES}).
 */
export type CommandReaction = (context: CommandContext, events: readonly StoredEvent[]) => Promise<void>;

/** Most reaction passes per command: a reaction's events may cause at most this many rounds. */
const MAX_REACTION_PASSES = 5;

/** How many times a command runs before `CONCURRENCY_CONFLICT`. */
const MAX_ATTEMPTS = 12;

/**
 * The single path from core to an adapter. It runs each command as one transaction,
 * stores the command's events in it, publishes them after commit, re-runs commands that
 * lost a race, and turns every non-ticketkit error into `STORAGE_FAILURE` (logged, not leaked).
 */
export class StorageGateway {
  /** `publish` receives each committed command's events, in order. */
  readonly #reactions: CommandReaction[] = [];

  constructor(
    readonly port: StoragePort,
    private readonly logger: Logger,
    private readonly publish: (events: readonly StoredEvent[]) => void,
  ) {}

  /** Adds a reaction every command runs, after those added before it. */
  addReaction(reaction: CommandReaction): void {
    this.#reactions.push(reaction);
  }

  /** Runs a read-only body outside a transaction (each repository call is atomic on its own). */
  async read<T>(body: (repositories: StorageRepositories) => Promise<T>): Promise<T> {
    try {
      return await body(this.port);
    } catch (error) {
      throw this.#toTicketkitError(error);
    }
  }

  /**
   * Runs a command body in a transaction, then the reactions over its events; see the class
   * comment for the guarantees. `options.now` fixes the instant reactions evaluate at.
   */
  async command<T>(body: (context: CommandContext) => Promise<T>, options: { now?: Date } = {}): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      let recorded: StoredEvent[] = [];
      try {
        const result = await this.port.transaction(async (tx) => {
          recorded = [];
          const writtenTickets = new WrittenTickets();
          const context: CommandContext = {
            tx: this.#reactions.length === 0 ? tx : trackTicketWrites(tx, writtenTickets),
            record: (event) => recorded.push(event),
            now: options.now,
            writtenTickets,
            recorded,
          };
          const value = await body(context);
          await this.#react(context, recorded);
          if (recorded.length > 0) await tx.events.append(recorded);
          return value;
        });
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

  async #react(context: CommandContext, recorded: StoredEvent[]): Promise<void> {
    let seen = 0;
    for (let pass = 0; pass < MAX_REACTION_PASSES && seen < recorded.length; pass++) {
      const events = recorded.slice(seen);
      seen = recorded.length;
      for (const reaction of this.#reactions) await reaction(context, events);
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

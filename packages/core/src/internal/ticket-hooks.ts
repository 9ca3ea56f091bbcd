import type { ActorRef } from '../actors';
import type { CommandContext } from '../storage/gateway';
import type { StoredEvent, Ticket } from '../storage/records';

/** One write of a ticket by a command, as ticket hooks see it. */
export interface TicketChange {
  readonly context: CommandContext;
  readonly actor: ActorRef;
  readonly now: Date;
  /** The stored ticket the command read; null when the command opens the ticket. */
  readonly before: Ticket | null;
  /** The ticket about to be stored. Hooks may change its fields. */
  readonly after: Ticket;
  /** The events this command recorded for the ticket so far, in order, including those of earlier hooks. */
  readonly events: readonly StoredEvent[];
}

/**
 * Reacts to a ticket write inside the writing command's transaction, before the ticket is
 * stored: it may amend `after`, write its own records, record events, or throw to refuse the
 * whole command. This is how engines (SLA clocks, routing, credits) follow the ticket
 * lifecycle without the ticket commands knowing them.
 *
 * A hook returns `undefined` when it decided, without waiting for anything, that the write
 * needs nothing from it (the common case of a tenant that does not use its engine), and
 * otherwise the promise of its work.
 */
export type TicketHook = (change: TicketChange) => Promise<void> | undefined;

/**
 * The change as one hook sees it. `events` is the command's events for the ticket up to the
 * moment the hook started (`recorded` only grows), filtered on first read.
 */
class HookChange implements TicketChange {
  readonly context: CommandContext;
  readonly actor: ActorRef;
  readonly now: Date;
  readonly before: Ticket | null;
  readonly after: Ticket;
  /** How many of the command's events existed when the hook started. */
  readonly recordedCount: number;
  #events: readonly StoredEvent[] | undefined;

  constructor(change: Omit<TicketChange, 'events'>) {
    this.context = change.context;
    this.actor = change.actor;
    this.now = change.now;
    this.before = change.before;
    this.after = change.after;
    this.recordedCount = change.context.recorded.length;
  }

  get events(): readonly StoredEvent[] {
    if (this.#events === undefined) {
      const { recorded } = this.context;
      const ticketId = this.after.id;
      const events: StoredEvent[] = [];
      for (let index = 0; index < this.recordedCount; index++) {
        const event = recorded[index] as StoredEvent;
        if (event.ticketId === ticketId) events.push(event);
      }
      this.#events = events;
    }
    return this.#events;
  }
}

/** The registered ticket hooks of a desk, run in registration order. Internal. */
export class TicketHooks {
  readonly #hooks: TicketHook[] = [];

  /** Adds a hook; it runs after the hooks added before it. */
  add(hook: TicketHook): void {
    this.#hooks.push(hook);
  }

  /**
   * Runs every hook on one write; each sees the events recorded so far, including earlier
   * hooks'. Returns `undefined` when every hook was done at once (nothing to wait for).
   */
  run(change: Omit<TicketChange, 'events'>): Promise<void> | undefined {
    let view = new HookChange(change);
    for (let index = 0; index < this.#hooks.length; index++) {
      if (view.recordedCount !== change.context.recorded.length) view = new HookChange(change);
      const pending = (this.#hooks[index] as TicketHook)(view);
      if (pending !== undefined) return this.#runFrom(change, index + 1, pending);
    }
    return undefined;
  }

  async #runFrom(change: Omit<TicketChange, 'events'>, next: number, pending: Promise<void>): Promise<void> {
    await pending;
    for (let index = next; index < this.#hooks.length; index++) {
      const later = (this.#hooks[index] as TicketHook)(new HookChange(change));
      if (later !== undefined) await later;
    }
  }
}

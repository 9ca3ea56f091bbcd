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
 */
export type TicketHook = (change: TicketChange) => Promise<void>;

/** The registered ticket hooks of a desk, run in registration order. Internal. */
export class TicketHooks {
  readonly #hooks: TicketHook[] = [];

  /** Adds a hook; it runs after the hooks added before it. */
  add(hook: TicketHook): void {
    this.#hooks.push(hook);
  }

  /** Runs every hook on one write; each sees the events recorded so far, including earlier hooks'. */
  async run(change: Omit<TicketChange, 'events'>): Promise<void> {
    for (const hook of this.#hooks) {
      const events = change.context.recorded.filter((event) => event.ticketId === change.after.id);
      await hook({ ...change, events });
    }
  }
}

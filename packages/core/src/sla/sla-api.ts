import { type Actor, parseActor, requireStaff } from '../actors';
import type { DeskContext } from '../internal/desk-context';
import { idSchema } from '../internal/schemas';
import type { Ticket } from '../storage/records';
import { loadTicketForUpdate } from '../tickets/ticket-access';
import { parseInput } from '../validation';
import type { SlaEngine } from './sla-engine';

/**
 * SLA clocks. Clocks run by themselves: every command that changes a ticket brings its
 * `ticket.sla` up to date, and `scheduler.runDueJobs` fires warnings and breaches on time.
 * Configure calendars and policies with `settings.update({ sla })`.
 */
export class SlaApi {
  readonly #desk: DeskContext;
  readonly #engine: SlaEngine;

  /** @internal */
  constructor(desk: DeskContext, engine: SlaEngine) {
    this.#desk = desk;
    this.#engine = engine;
  }

  /**
   * Rebuilds a ticket's SLA record from its stored history alone (stage changes, messages,
   * and the SLA outcomes already announced) under the tenant's current SLA settings, then
   * evaluates it now: outcomes already announced are not announced again; thresholds passed
   * and not yet announced are. Reschedules the ticket's timer. Staff only.
   */
  async recompute(actor: Actor, ticketId: string): Promise<Ticket> {
    const who = parseActor(actor);
    requireStaff(who, 'recompute SLA clocks');
    const id = parseInput(idSchema, ticketId, 'ticketId');
    return this.#desk.gateway.command(async (context) => {
      const ticket = await loadTicketForUpdate(context.tx, who, id);
      return this.#engine.rebuild(context, ticket, this.#desk.clock.now());
    });
  }
}

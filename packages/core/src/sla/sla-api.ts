import { type Actor, parseActor, requireStaff } from '../actors';
import { NotFoundError } from '../errors';
import type { DeskContext } from '../internal/desk-context';
import { idSchema } from '../internal/schemas';
import type { Ticket } from '../storage/records';
import { loadTicketForUpdate } from '../tickets/ticket-access';
import { parseInput } from '../validation';
import { type DeskStatus, type DeskStatusQuery, deskStatusOf, deskStatusQuerySchema } from './desk-status';
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
   * Whether the desk works now and when a new ticket can expect its first reply (see
   * {@link DeskStatus}): business hours from the calendar of the policy the ticket would get,
   * and its first-response goal. Any actor; a customer asks for their own new ticket (their
   * attributes may choose the policy), staff name a `customerId` or get the policy for a
   * requester without attributes. Null when the tenant has no business hours and no goal applies.
   */
  async deskStatus(actor: Actor, query: DeskStatusQuery = {}): Promise<DeskStatus | null> {
    const who = parseActor(actor);
    const data = parseInput(deskStatusQuerySchema, query);
    const customerId = who.kind === 'customer' ? who.customerId : data.customerId;
    return this.#desk.gateway.read(async (repositories) => {
      const { settings } = await this.#desk.settings.load(repositories, who.tenantId);
      const customer =
        customerId === undefined ? null : await repositories.customers.get(who.tenantId, customerId);
      // Staff naming an unknown customer is a mistake; a customer without a record has no attributes.
      if (who.kind !== 'customer' && customerId !== undefined && customer === null)
        throw new NotFoundError('Customer', customerId);
      return deskStatusOf(
        settings,
        this.#desk.clock.now(),
        {
          channel: data.channel ?? 'web_form',
          priority: data.priority ?? settings.defaultPriority,
          category: data.category ?? null,
        },
        customer?.attributes ?? {},
      );
    });
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

import { type Actor, actorRef, parseActor } from '../actors';
import { ForbiddenError, InvalidStateError } from '../errors';
import { type DeskContext, newEvent } from '../internal/desk-context';
import { idSchema } from '../internal/schemas';
import { RetryCommand } from '../storage/gateway';
import type { CsatRating } from '../storage/records';
import { loadTicketFor, loadTicketForUpdate, nextVersionOf, saveTicket } from '../tickets/ticket-access';
import { invalidInput, parseInput } from '../validation';
import { csatChangeWindowEnd, csatRefusalOf } from './csat-rules';
import { CSAT_SCALE_RANGE, isLowCsatScore } from './csat-scale';
import { type SubmitCsatInput, submitCsatSchema } from './csat-schemas';

/**
 * Customer satisfaction (CSAT): a customer rates a resolved ticket once, on the tenant's
 * scale (`csatScale`: 1-5 by default, 1-7, or thumbs), with an optional comment, and may
 * change the rating within `csatChangeWindowSeconds` of the first one. Every rating and
 * change emits `csat.submitted`, which also lands in the ticket's history.
 */
export class CsatApi {
  readonly #desk: DeskContext;

  /** @internal */
  constructor(desk: DeskContext) {
    this.#desk = desk;
  }

  /**
   * Rates a ticket, or changes its rating. Runs as the ticket's requester (a customer) or the
   * system on their behalf (e.g. a survey link in an email); agents may not rate
   * (`FORBIDDEN`), another customer's ticket is `NOT_FOUND`. The ticket must be resolved or
   * closed, and not merged (`INVALID_STATE`); a score off the tenant's scale is
   * `VALIDATION_FAILED`; a change after the window is `INVALID_STATE`. Submitting the stored
   * score and comment again changes nothing and emits nothing.
   */
  async submit(actor: Actor, ticketId: string, input: SubmitCsatInput): Promise<CsatRating> {
    const who = parseActor(actor);
    const id = parseInput(idSchema, ticketId, 'ticketId');
    const data = parseInput(submitCsatSchema, input);
    if (who.kind === 'agent') throw new ForbiddenError('Agents may not rate tickets', { operation: 'rate' });
    const comment =
      data.comment === undefined || data.comment === null || data.comment === '' ? null : data.comment;
    return this.#desk.gateway.command(async (context) => {
      const { tx, record } = context;
      const ticket = await loadTicketForUpdate(tx, who, id);
      const refusal = csatRefusalOf(ticket);
      if (refusal === 'merged') {
        throw new InvalidStateError(`Ticket ${ticket.id} was merged; rate the ticket it was merged into`, {
          ticketId: ticket.id,
          mergedIntoId: ticket.mergedIntoId,
        });
      }
      if (refusal === 'not_resolved') {
        throw new InvalidStateError(`Ticket ${ticket.id} is not resolved yet`, {
          ticketId: ticket.id,
          statusCategory: ticket.statusCategory,
        });
      }
      const { settings } = await this.#desk.settings.loadForCommand(context, who.tenantId);
      const existing = await tx.csat.get(who.tenantId, ticket.id);
      const scale = existing?.scale ?? settings.csatScale;
      const range = CSAT_SCALE_RANGE[scale];
      if (data.score < range.min || data.score > range.max) {
        invalidInput(['score'], 'off_scale', `The score must be between ${range.min} and ${range.max}`);
      }
      const now = this.#desk.clock.now();
      if (existing !== null) {
        if (existing.score === data.score && existing.comment === comment) return existing;
        const windowEnd = csatChangeWindowEnd(existing, settings);
        if (now.getTime() >= windowEnd.getTime()) {
          throw new InvalidStateError(`The rating of ticket ${ticket.id} can no longer be changed`, {
            ticketId: ticket.id,
            reason: 'change_window_closed',
            changeableUntil: windowEnd.toISOString(),
          });
        }
      }
      const rating: CsatRating = {
        tenantId: who.tenantId,
        ticketId: ticket.id,
        customerId: ticket.requesterId,
        scale,
        score: data.score,
        comment,
        version: (existing?.version ?? 0) + 1,
        createdAt: existing?.createdAt ?? now,
        updatedAt: now,
      };
      const written = await tx.csat.put(rating, existing?.version ?? null);
      if (written !== 'ok') throw new RetryCommand(`rating of ticket ${ticket.id} written concurrently`);
      record(
        newEvent(this.#desk, who.tenantId, actorRef(who), now, 'csat.submitted', ticket.id, {
          customerId: ticket.requesterId,
          scale,
          score: data.score,
          comment,
          low: isLowCsatScore(scale, data.score),
          previousScore: existing?.score ?? null,
        }),
      );
      // The ticket is stored again (next version) so ticket hooks, such as an escalation
      // policy on bad CSAT, see the rating within this command.
      await saveTicket(this.#desk, context, {
        before: ticket,
        after: nextVersionOf(ticket, now),
        actor: actorRef(who),
        now,
      });
      return rating;
    });
  }

  /** The ticket's rating, or null when it has none. Staff, and the ticket's requester. */
  async get(actor: Actor, ticketId: string): Promise<CsatRating | null> {
    const who = parseActor(actor);
    const id = parseInput(idSchema, ticketId, 'ticketId');
    return this.#desk.gateway.read(async (repositories) => {
      const ticket = await loadTicketFor(repositories, who, id);
      return repositories.csat.get(who.tenantId, ticket.id);
    });
  }
}

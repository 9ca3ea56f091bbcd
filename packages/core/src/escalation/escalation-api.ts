import { z } from 'zod';
import { type Actor, actorRef, parseActor, requireStaff } from '../actors';
import { InvalidStateError } from '../errors';
import type { DeskContext } from '../internal/desk-context';
import { idSchema, instantSchema, versionSchema } from '../internal/schemas';
import type { JsonObject } from '../json';
import type { StorageRepositories, TicketFilter } from '../storage/port';
import type { Ticket } from '../storage/records';
import { commandRequester } from '../tickets/command-requester';
import {
  assertNotClosed,
  assertStatedVersion,
  loadTicketForUpdate,
  nextVersionOf,
  saveTicket,
} from '../tickets/ticket-access';
import { matchesConditions, needsRequester } from '../tickets/ticket-conditions';
import { messageBodySchema } from '../tickets/ticket-schemas';
import { invalidInput, parseInput } from '../validation';
import { addInternalNote, applyEscalation } from './escalation-actions';
import type { EscalationAction } from './escalation-settings';

/** Input of `escalation.escalate`. */
export const manualEscalationSchema = z.strictObject({
  /** What was tried before escalating; stored as an internal note and sent with `escalation.raised`. */
  note: messageBodySchema,
  /** The level to escalate to (1-based); defaults to one level up. */
  toLevel: z.int().min(1).max(20).optional(),
  expectedVersion: versionSchema.optional(),
});

/** Input of `escalation.escalate`. */
export type ManualEscalationInput = z.input<typeof manualEscalationSchema>;

/** Input of `escalation.stats`: a period `[from, to)`. */
export const escalationStatsSchema = z
  .strictObject({ from: instantSchema, to: instantSchema })
  .refine((period) => period.from.getTime() < period.to.getTime(), {
    message: 'The period must end after it starts',
    path: ['to'],
  });

/** Input of `escalation.stats`. */
export type EscalationStatsInput = z.input<typeof escalationStatsSchema>;

/** Escalation figures of a tenant over a period `[from, to)`. */
export interface EscalationStats {
  from: Date;
  to: Date;
  /** Tickets created in the period. */
  ticketsCreated: number;
  /** Of those, tickets escalated at least once (so far). */
  escalatedTickets: number;
  /** `escalatedTickets / ticketsCreated` (0 when no ticket was created). */
  escalationRate: number;
  /** `escalation.raised` events in the period, whatever the ticket's age. */
  escalations: number;
  /** Of those, manual escalations. */
  manualEscalations: number;
}

const PAGE = 500;

/**
 * Escalation: manual escalation and escalation figures. Levels and policies are configured
 * with `settings.update({ escalation })`; policies fire by themselves (see the SLA and
 * escalation hooks). Every escalation is in the ticket's history as `escalation.raised`,
 * with its reason; `ticket.escalationLevel` and `ticket.escalationCount` say where it stands.
 */
export class EscalationApi {
  readonly #desk: DeskContext;

  /** @internal */
  constructor(desk: DeskContext) {
    this.#desk = desk;
  }

  /**
   * Escalates a ticket by hand (staff): raises it to `toLevel` (default: one level up), moves
   * it to that level's team when the level has one, stores `note` (what was tried) as an
   * internal note by the agent, and records `escalation.raised` with the note as the reason.
   * Policies with a `manual` trigger add their actions. `INVALID_STATE` when the ticket is
   * closed or already at (or above) the level; `VALIDATION_FAILED` for a level that does not exist.
   */
  async escalate(actor: Actor, ticketId: string, input: ManualEscalationInput): Promise<Ticket> {
    const who = parseActor(actor);
    requireStaff(who, 'escalate tickets');
    const id = parseInput(idSchema, ticketId, 'ticketId');
    const data = parseInput(manualEscalationSchema, input);
    return this.#desk.gateway.command(async (context) => {
      const { tx } = context;
      const current = await loadTicketForUpdate(tx, who, id);
      assertStatedVersion(current, data.expectedVersion);
      assertNotClosed(current);
      const { settings } = await this.#desk.settings.loadForCommand(context, who.tenantId);
      const escalation = settings.escalation;
      const toLevel = data.toLevel ?? current.escalationLevel + 1;
      if (toLevel > escalation.levels.length) {
        if (data.toLevel !== undefined) {
          invalidInput(['toLevel'], 'unknown_level', `There are only ${escalation.levels.length} levels`);
        }
        throw new InvalidStateError(`Ticket ${id} is already at the highest level`, {
          ticketId: id,
          level: current.escalationLevel,
        });
      }
      if (toLevel <= current.escalationLevel) {
        throw new InvalidStateError(`Ticket ${id} is already at level ${current.escalationLevel}`, {
          ticketId: id,
          level: current.escalationLevel,
          toLevel,
        });
      }
      const now = this.#desk.clock.now();
      const by = actorRef(who);
      const next = nextVersionOf(current, now);
      await addInternalNote(
        this.#desk,
        context,
        next,
        data.note,
        who.kind === 'agent' ? { kind: 'agent', id: who.agentId } : { kind: 'system', id: null },
        by,
        now,
      );
      const manual = escalation.policies.filter((policy) => policy.trigger.type === 'manual');
      const attributes = manual.some((policy) => needsRequester(policy.conditions))
        ? (await commandRequester(context, who.tenantId, current.requesterId)).attributes
        : {};
      const manualPolicies = manual.filter((policy) =>
        matchesConditions(policy.conditions, current, attributes),
      );
      const actions: EscalationAction[] = [
        { type: 'raise_level', level: toLevel },
        { type: 'reassign' },
        ...manualPolicies.flatMap((policy) => policy.actions),
      ];
      await applyEscalation(
        { desk: this.#desk, context, before: current, ticket: next, actor: by, now, escalation },
        actions,
        {
          manual: true,
          policyId: manualPolicies[0]?.id ?? null,
          trigger: { type: 'manual' } as JsonObject,
          reason: `Escalated by hand: ${data.note}`,
          note: data.note,
        },
      );
      await saveTicket(this.#desk, context, {
        before: current,
        after: next,
        actor: by,
        now,
        statedVersion: data.expectedVersion,
      });
      return next;
    });
  }

  /**
   * The tenant's escalation figures over `[from, to)` (staff): tickets created, how many of
   * them were escalated, the rate, and the escalations recorded in the period.
   */
  async stats(actor: Actor, period: EscalationStatsInput): Promise<EscalationStats> {
    const who = parseActor(actor);
    requireStaff(who, 'read escalation figures');
    const { from, to } = parseInput(escalationStatsSchema, period);
    return this.#desk.gateway.read(async (repositories) => {
      const created = { createdFrom: from, createdBefore: to };
      const ticketsCreated = await countTickets(repositories, who.tenantId, created);
      const escalatedTickets = await countTickets(repositories, who.tenantId, {
        ...created,
        escalated: true,
      });
      let escalations = 0;
      let manualEscalations = 0;
      let after: number | null = null;
      for (;;) {
        const page = await repositories.events.list(who.tenantId, {
          after,
          limit: PAGE,
          types: ['escalation.raised'],
        });
        for (const event of page.events) {
          if (event.occurredAt < from || event.occurredAt >= to) continue;
          escalations++;
          if (event.data.manual === true) manualEscalations++;
        }
        if (page.events.length === 0 || page.position === null || page.position === after) break;
        after = page.position;
      }
      return {
        from,
        to,
        ticketsCreated,
        escalatedTickets,
        escalationRate: ticketsCreated === 0 ? 0 : escalatedTickets / ticketsCreated,
        escalations,
        manualEscalations,
      };
    });
  }
}

async function countTickets(
  repositories: StorageRepositories,
  tenantId: string,
  filter: TicketFilter,
): Promise<number> {
  let count = 0;
  let after: { values: number[]; id: string } | null = null;
  for (;;) {
    const rows = await repositories.tickets.list(tenantId, {
      filter,
      sort: 'createdAt',
      direction: 'asc',
      after,
      limit: PAGE,
    });
    count += rows.length;
    const last = rows[rows.length - 1];
    if (rows.length < PAGE || last === undefined) return count;
    after = { values: [last.createdAt.getTime()], id: last.id };
  }
}

import { z } from 'zod';
import { channelSchema, idSchema, prioritySchema, slugSchema, tagSchema } from '../internal/schemas';
import type { JsonObject, JsonValue } from '../json';
import type { Ticket } from '../storage/records';

const attributeValueSchema = z.union([z.string().max(500), z.number(), z.boolean(), z.null()]);

/**
 * Which tickets a rule (an SLA or escalation policy) applies to. Every given condition must
 * hold (AND); a list holds when the ticket's value is one of its elements (OR). No condition
 * at all matches every ticket.
 */
export const ticketConditionsSchema = z.strictObject({
  priorities: z.array(prioritySchema).min(1).max(4).optional(),
  types: z.array(slugSchema).min(1).max(100).optional(),
  channels: z.array(channelSchema).min(1).max(7).optional(),
  /** `null` in the list matches tickets without a category. */
  categories: z.array(slugSchema.nullable()).min(1).max(500).optional(),
  /** `null` in the list matches tickets without a team. */
  teamIds: z.array(idSchema.nullable()).min(1).max(500).optional(),
  /** The ticket carries at least one of these tags. */
  tagsAny: z.array(tagSchema).min(1).max(100).optional(),
  /** The ticket carries every one of these tags. */
  tagsAll: z.array(tagSchema).min(1).max(100).optional(),
  /**
   * Requester attributes (`customer.attributes`): each key's value must equal the given value,
   * or one of the given values, e.g. `{ tier: ['gold', 'platinum'] }`.
   */
  requesterAttributes: z
    .record(
      z.string().min(1).max(200),
      z.union([attributeValueSchema, z.array(attributeValueSchema).min(1).max(100)]),
    )
    .optional(),
});

/** Conditions on a ticket (and its requester). */
export type TicketConditions = z.output<typeof ticketConditionsSchema>;

/** Whether conditions name requester attributes, so the requester must be loaded to evaluate them. */
export function needsRequester(conditions: TicketConditions): boolean {
  return conditions.requesterAttributes !== undefined;
}

/**
 * Whether a ticket meets conditions. `requesterAttributes` are the requester's attributes
 * (an empty object when the requester is unknown). Tags compare case-insensitively.
 */
export function matchesConditions(
  conditions: TicketConditions,
  ticket: Ticket,
  requesterAttributes: JsonObject,
): boolean {
  if (conditions.priorities !== undefined && !conditions.priorities.includes(ticket.priority)) return false;
  if (conditions.types !== undefined && !conditions.types.includes(ticket.type)) return false;
  if (conditions.channels !== undefined && !conditions.channels.includes(ticket.channel)) return false;
  if (conditions.categories !== undefined && !conditions.categories.includes(ticket.category)) return false;
  if (conditions.teamIds !== undefined && !conditions.teamIds.includes(ticket.teamId)) return false;
  if (conditions.tagsAny !== undefined && !conditions.tagsAny.some((tag) => hasTag(ticket, tag)))
    return false;
  if (conditions.tagsAll !== undefined && !conditions.tagsAll.every((tag) => hasTag(ticket, tag)))
    return false;
  if (conditions.requesterAttributes !== undefined) {
    for (const [name, wanted] of Object.entries(conditions.requesterAttributes)) {
      const actual: JsonValue | undefined = requesterAttributes[name];
      const allowed = Array.isArray(wanted) ? wanted : [wanted];
      if (actual === undefined || !allowed.some((value) => value === actual)) return false;
    }
  }
  return true;
}

function hasTag(ticket: Ticket, tag: string): boolean {
  const wanted = tag.toLowerCase();
  return ticket.tags.some((candidate) => candidate.toLowerCase() === wanted);
}

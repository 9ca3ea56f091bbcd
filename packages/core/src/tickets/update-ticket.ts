import { type Actor, actorRef, requireStaff } from '../actors';
import type { FieldChange } from '../events';
import { type DeskContext, newEvent } from '../internal/desk-context';
import type { JsonValue } from '../json';
import type { Ticket } from '../storage/records';
import { parseInput } from '../validation';
import { assertCustomFieldsValid, mergeCustomFields } from './custom-fields';
import {
  assertNotClosed,
  assertStatedVersion,
  loadTicketForUpdate,
  nextVersionOf,
  saveTicket,
} from './ticket-access';
import { assertKnownCategory, assertKnownType, normalizeTags } from './ticket-input-rules';
import { type UpdateTicketInput, updateTicketSchema } from './ticket-schemas';

/** The update command: see `TicketsApi.update`. */
export async function updateTicket(
  desk: DeskContext,
  who: Actor,
  ticketId: string,
  input: UpdateTicketInput,
): Promise<Ticket> {
  requireStaff(who, 'update tickets');
  const data = parseInput(updateTicketSchema, input);
  return desk.gateway.command(async (context) => {
    const { tx, record } = context;
    const current = await loadTicketForUpdate(tx, who, ticketId);
    assertStatedVersion(current, data.expectedVersion);
    assertNotClosed(current);
    const { settings } = await desk.settings.loadForCommand(context, who.tenantId);
    if (data.type !== undefined && data.type !== current.type) assertKnownType(data.type, settings);
    if (data.category !== undefined && data.category !== current.category)
      assertKnownCategory(data.category, settings);
    if (data.customFields !== undefined) assertCustomFieldsValid(data.customFields, settings.customFields);

    const now = desk.clock.now();
    const next = nextVersionOf(current, now);
    if (data.subject !== undefined) next.subject = data.subject;
    if (data.type !== undefined) next.type = data.type;
    if (data.priority !== undefined) next.priority = data.priority;
    if (data.category !== undefined) next.category = data.category;
    if (data.channelDetail !== undefined) next.channelDetail = data.channelDetail;
    if (data.customFields !== undefined)
      next.customFields = mergeCustomFields(current.customFields, data.customFields);
    next.tags = nextTags(current.tags, data);

    const changes = ticketChanges(current, next);
    if (changes.length === 0) return current;
    record(newEvent(desk, who.tenantId, actorRef(who), now, 'ticket.updated', current.id, { changes }));
    await saveTicket(desk, context, {
      before: current,
      after: next,
      actor: actorRef(who),
      now,
      statedVersion: data.expectedVersion,
    });
    return next;
  });
}

function nextTags(
  current: string[],
  data: { tags?: string[]; addTags?: string[]; removeTags?: string[] },
): string[] {
  let tags = data.tags === undefined ? current : normalizeTags(data.tags);
  if (data.addTags !== undefined) tags = normalizeTags([...tags, ...data.addTags]);
  if (data.removeTags !== undefined) {
    const removed = new Set(normalizeTags(data.removeTags));
    tags = tags.filter((tag) => !removed.has(tag));
  }
  return tags;
}

const TRACKED_FIELDS = [
  'subject',
  'type',
  'priority',
  'category',
  'tags',
  'customFields',
  'channelDetail',
] as const;

/** The tracked fields that differ between two versions of a ticket. */
function ticketChanges(before: Ticket, after: Ticket): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of TRACKED_FIELDS) {
    const from = before[field] as JsonValue;
    const to = after[field] as JsonValue;
    if (JSON.stringify(from) !== JSON.stringify(to)) changes.push({ field, from, to });
  }
  return changes;
}

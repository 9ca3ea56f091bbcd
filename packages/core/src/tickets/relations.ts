import { type Actor, actorRef, requireStaff } from '../actors';
import { NotFoundError } from '../errors';
import { type DeskContext, newEvent } from '../internal/desk-context';
import { idSchema } from '../internal/schemas';
import type { Ticket } from '../storage/records';
import { invalidInput, parseInput } from '../validation';
import { initialAuthor } from './create-ticket';
import { insertLink, relationFrom, type TicketRelation } from './links';
import { openTicket } from './new-ticket';
import { assertParentFor } from './parent-rules';
import {
  assertNotClosed,
  assertStatedVersion,
  loadTicketFor,
  loadTicketForUpdate,
  nextVersionOf,
  saveTicket,
} from './ticket-access';
import { assertKnownCategory, assertKnownType, normalizeTags } from './ticket-input-rules';
import {
  type LinkTicketInput,
  linkTicketSchema,
  type SetParentInput,
  type SplitTicketInput,
  setParentSchema,
  splitTicketSchema,
} from './ticket-schemas';

/** The setParent command: see `TicketsApi.setParent`. */
export async function setParent(
  desk: DeskContext,
  who: Actor,
  ticketId: string,
  input: SetParentInput,
): Promise<Ticket> {
  requireStaff(who, 'change ticket relations');
  const data = parseInput(setParentSchema, input);
  return desk.gateway.command(async (context) => {
    const { tx, record } = context;
    const current = await loadTicketForUpdate(tx, who, ticketId);
    assertStatedVersion(current, data.expectedVersion);
    assertNotClosed(current);
    if (current.parentId === data.parentId) return current;
    if (data.parentId !== null) await assertParentFor(tx, who.tenantId, data.parentId, current);
    const now = desk.clock.now();
    const actor = actorRef(who);
    const next = nextVersionOf(current, now);
    next.parentId = data.parentId;
    record(
      newEvent(desk, who.tenantId, actor, now, 'ticket.parent_changed', current.id, {
        from: current.parentId,
        to: data.parentId,
      }),
    );
    if (current.parentId !== null) {
      record(
        newEvent(desk, who.tenantId, actor, now, 'ticket.child_removed', current.parentId, {
          childId: current.id,
        }),
      );
    }
    if (data.parentId !== null) {
      record(
        newEvent(desk, who.tenantId, actor, now, 'ticket.child_added', data.parentId, {
          childId: current.id,
        }),
      );
    }
    await saveTicket(desk, context, {
      before: current,
      after: next,
      actor,
      now,
      statedVersion: data.expectedVersion,
    });
    return next;
  });
}

/**
 * The split command: see `TicketsApi.split`. Children inherit requester, channel, pipeline,
 * type, priority, category, team and tags unless given.
 */
export async function splitTicket(
  desk: DeskContext,
  who: Actor,
  ticketId: string,
  input: SplitTicketInput,
): Promise<{ parent: Ticket; children: Ticket[] }> {
  requireStaff(who, 'split tickets');
  const data = parseInput(splitTicketSchema, input);
  return desk.gateway.command(async (context) => {
    const { tx } = context;
    const parent = await loadTicketFor(tx, who, ticketId);
    assertNotClosed(parent);
    if (parent.parentId !== null)
      invalidInput(
        ['ticketId'],
        'child_ticket',
        'A child ticket cannot be split; relations are one level deep',
      );
    const { settings } = await desk.settings.loadForCommand(context, who.tenantId);
    const now = desk.clock.now();
    const children: Ticket[] = [];
    for (const child of data.children) {
      if (child.type !== undefined) assertKnownType(child.type, settings);
      if (child.category !== undefined) assertKnownCategory(child.category, settings);
      const visibility = child.message?.visibility ?? 'public';
      const { ticket } = await openTicket(
        desk,
        context,
        who.tenantId,
        {
          subject: child.subject,
          type: child.type ?? parent.type,
          priority: child.priority ?? parent.priority,
          category: child.category === undefined ? parent.category : child.category,
          teamId: child.teamId === undefined ? parent.teamId : child.teamId,
          assigneeId: child.assigneeId ?? null,
          tags: child.tags === undefined ? parent.tags : normalizeTags(child.tags),
          customFields: {},
          channel: parent.channel,
          channelDetail: parent.channelDetail,
          requesterId: parent.requesterId,
          pipelineId: parent.pipelineId,
          stageId: undefined,
          parentId: parent.id,
          alarm: null,
          followUpOf: null,
          message:
            child.message === undefined
              ? null
              : {
                  body: child.message.body,
                  visibility,
                  externalId: child.message.externalId ?? null,
                  attachments: child.message.attachments,
                  author: initialAuthor(who, parent.requesterId, visibility),
                  channel: parent.channel,
                },
        },
        actorRef(who),
        now,
        settings,
      );
      children.push(ticket);
    }
    return { parent, children };
  });
}

/** The link command: see `TicketsApi.link`. */
export async function linkTickets(
  desk: DeskContext,
  who: Actor,
  ticketId: string,
  input: LinkTicketInput,
): Promise<TicketRelation> {
  requireStaff(who, 'link tickets');
  const data = parseInput(linkTicketSchema, input);
  if (data.targetId === ticketId)
    invalidInput(['targetId'], 'self_link', 'A ticket cannot be linked to itself');
  return desk.gateway.command(async (context) => {
    const { tx } = context;
    await loadTicketFor(tx, who, ticketId);
    if ((await tx.tickets.get(who.tenantId, data.targetId)) === null) {
      invalidInput(['targetId'], 'unknown_ticket', `Ticket ${data.targetId} does not exist`);
    }
    const now = desk.clock.now();
    const link = await insertLink(
      desk,
      context,
      who.tenantId,
      { type: data.type, sourceId: ticketId, targetId: data.targetId },
      actorRef(who),
      now,
    );
    if (link !== null) return relationFrom(ticketId, link);
    const existing = (await tx.links.listForTicket(who.tenantId, ticketId)).find(
      (candidate) =>
        candidate.type === data.type &&
        ((candidate.sourceId === ticketId && candidate.targetId === data.targetId) ||
          (data.type === 'related' &&
            candidate.sourceId === data.targetId &&
            candidate.targetId === ticketId)),
    );
    if (existing === undefined) throw new NotFoundError('Link', `${ticketId}->${data.targetId}`);
    return relationFrom(ticketId, existing);
  });
}

/** The unlink command: see `TicketsApi.unlink`. */
export async function unlinkTickets(
  desk: DeskContext,
  who: Actor,
  ticketId: string,
  linkId: string,
): Promise<void> {
  requireStaff(who, 'unlink tickets');
  const id = parseInput(idSchema, linkId, 'linkId');
  await desk.gateway.command(async ({ tx, record }) => {
    await loadTicketFor(tx, who, ticketId);
    const link = (await tx.links.listForTicket(who.tenantId, ticketId)).find(
      (candidate) => candidate.id === id,
    );
    if (link === undefined || !(await tx.links.delete(who.tenantId, id))) throw new NotFoundError('Link', id);
    const now = desk.clock.now();
    const base = { linkId: link.id, type: link.type };
    record(
      newEvent(desk, who.tenantId, actorRef(who), now, 'ticket.unlinked', link.sourceId, {
        ...base,
        direction: 'outgoing',
        otherTicketId: link.targetId,
      }),
    );
    record(
      newEvent(desk, who.tenantId, actorRef(who), now, 'ticket.unlinked', link.targetId, {
        ...base,
        direction: 'incoming',
        otherTicketId: link.sourceId,
      }),
    );
  });
}

/** The links query: see `TicketsApi.links`. */
export async function listRelations(
  desk: DeskContext,
  who: Actor,
  ticketId: string,
): Promise<TicketRelation[]> {
  requireStaff(who, 'read ticket links');
  return desk.gateway.read(async (repositories) => {
    await loadTicketFor(repositories, who, ticketId);
    return (await repositories.links.listForTicket(who.tenantId, ticketId)).map((link) =>
      relationFrom(ticketId, link),
    );
  });
}

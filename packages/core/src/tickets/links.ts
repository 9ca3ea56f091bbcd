import type { ActorRef } from '../actors';
import { type DeskContext, newEvent } from '../internal/desk-context';
import type { CommandContext } from '../storage/gateway';
import type { LinkType, TicketLink } from '../storage/records';

/** A link seen from one of its tickets. */
export interface TicketRelation {
  linkId: string;
  type: LinkType;
  /** `outgoing`: this ticket is the link's source (e.g. this ticket is a duplicate_of the other). */
  direction: 'outgoing' | 'incoming';
  /** The ticket at the other end. */
  ticketId: string;
  createdAt: Date;
  createdBy: ActorRef;
}

/** The link as seen from `ticketId`. */
export function relationFrom(ticketId: string, link: TicketLink): TicketRelation {
  const outgoing = link.sourceId === ticketId;
  return {
    linkId: link.id,
    type: link.type,
    direction: outgoing ? 'outgoing' : 'incoming',
    ticketId: outgoing ? link.targetId : link.sourceId,
    createdAt: link.createdAt,
    createdBy: link.createdBy,
  };
}

/**
 * Stores a link and records `ticket.linked` on both tickets. Returns null when an equal link
 * already exists (nothing is written).
 */
export async function insertLink(
  desk: DeskContext,
  context: CommandContext,
  tenantId: string,
  spec: { type: LinkType; sourceId: string; targetId: string },
  actor: ActorRef,
  now: Date,
): Promise<TicketLink | null> {
  const link: TicketLink = { tenantId, id: desk.newId('link'), ...spec, createdAt: now, createdBy: actor };
  if ((await context.tx.links.insert(link)) !== 'ok') return null;
  const base = { linkId: link.id, type: link.type };
  context.record(
    newEvent(desk, tenantId, actor, now, 'ticket.linked', link.sourceId, {
      ...base,
      direction: 'outgoing',
      otherTicketId: link.targetId,
    }),
  );
  context.record(
    newEvent(desk, tenantId, actor, now, 'ticket.linked', link.targetId, {
      ...base,
      direction: 'incoming',
      otherTicketId: link.sourceId,
    }),
  );
  return link;
}

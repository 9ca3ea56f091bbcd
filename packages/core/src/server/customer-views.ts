import { csatChangeWindowEnd } from '../csat/csat-rules';
import type { AnyTicketkitEvent } from '../events';
import type { JsonObject } from '../json';
import type { PublicSettings } from '../settings/settings-api';
import type {
  Attachment,
  CsatRating,
  CsatScale,
  Message,
  Priority,
  StageCategory,
  Ticket,
} from '../storage/records';

/**
 * Customer-facing serializers. Everything a customer receives is built here, field by field,
 * from an allow-list: never tags, assignee, team, escalation level, internal custom fields,
 * history or internal notes. Adding a field to a record never adds it to these views.
 */

/** A ticket as its requester sees it. */
export interface CustomerTicketView {
  id: string;
  number: number;
  subject: string;
  category: string | null;
  priority: Priority;
  /** Where the ticket stands, as a stage category. */
  status: StageCategory;
  /** Custom fields the customer may set (see `PublicSettings.customFields`). */
  customFields: JsonObject;
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
  closedAt: string | null;
  /** Messages the customer has not read yet (capped at 100). */
  unread: number;
  /** Whether the request waits for credits: the team sees it once the customer tops up. */
  awaitingCredits: boolean;
}

/** A public message as the requester sees it. */
export interface CustomerMessageView {
  id: string;
  body: string;
  /** Who wrote it: the customer themself, support (an agent), or the system. */
  author: 'me' | 'support' | 'system';
  createdAt: string;
  attachments: Attachment[];
}

/** The requester's rating of a ticket. */
export interface CustomerCsatView {
  scale: CsatScale;
  score: number;
  comment: string | null;
  /** ISO instant until which the rating can be changed. */
  changeableUntil: string;
}

/** A ticket with its public thread and rating. */
export interface CustomerTicketDetail {
  ticket: CustomerTicketView;
  messages: CustomerMessageView[];
  /** Whether the customer may rate it now (resolved or closed, not merged; see `canRateTicket`). */
  canRate: boolean;
  csat: CustomerCsatView | null;
}

/** A live-update notice for a customer: which of their tickets changed and how, or that their credits changed. */
export type CustomerNotice =
  | { type: 'ticket.changed' | 'message.created'; ticketId: string }
  | { type: 'credits.changed'; ticketId: null };

/** What the customer serializers need to know of the tenant. */
export interface CustomerViewContext {
  settings: PublicSettings;
}

const iso = (date: Date | null): string | null => (date === null ? null : date.toISOString());

/** Serializes a ticket for its requester. */
export function customerTicketView(
  ticket: Ticket,
  unread: number,
  context: CustomerViewContext,
): CustomerTicketView {
  const editable = new Set(context.settings.customFields.map((field) => field.key));
  const customFields: JsonObject = {};
  for (const [key, value] of Object.entries(ticket.customFields)) {
    if (editable.has(key)) customFields[key] = value;
  }
  return {
    id: ticket.id,
    number: ticket.number,
    subject: ticket.subject,
    category: ticket.category,
    priority: ticket.priority,
    status: ticket.statusCategory,
    customFields,
    createdAt: ticket.createdAt.toISOString(),
    updatedAt: ticket.updatedAt.toISOString(),
    resolvedAt: iso(ticket.resolvedAt),
    closedAt: iso(ticket.closedAt),
    unread,
    awaitingCredits:
      context.settings.awaitingCreditsStageId !== null &&
      ticket.stageId === context.settings.awaitingCreditsStageId,
  };
}

/** Serializes a public message for the requester; an internal message is never passed in, and is refused. */
export function customerMessageView(message: Message, customerId: string): CustomerMessageView {
  if (message.visibility !== 'public') throw new Error('An internal message cannot be shown to a customer');
  return {
    id: message.id,
    body: message.body,
    author:
      message.author.kind === 'customer'
        ? message.author.id === customerId
          ? 'me'
          : 'support'
        : message.author.kind === 'agent'
          ? 'support'
          : 'system',
    createdAt: message.createdAt.toISOString(),
    attachments: message.attachments.map((attachment) => ({
      name: attachment.name,
      contentType: attachment.contentType,
      size: attachment.size,
      url: attachment.url,
    })),
  };
}

/** Serializes a rating for the customer who gave it. */
export function customerCsatView(rating: CsatRating, settings: PublicSettings): CustomerCsatView {
  return {
    scale: rating.scale,
    score: rating.score,
    comment: rating.comment,
    changeableUntil: csatChangeWindowEnd(rating, settings).toISOString(),
  };
}

const TICKET_CHANGES = new Set([
  'ticket.created',
  'ticket.transitioned',
  'ticket.reopened',
  'ticket.merged',
  'ticket.follow_up_created',
  'csat.submitted',
]);

/**
 * The notice a customer gets for an event on one of their tickets (or on their own credits), or
 * null when the event is none of their business (internal notes, assignment, tags, escalation,
 * SLA...). Carries ids only: the widget re-reads through the customer routes. The caller still
 * checks that a ticket notice is about one of the customer's tickets.
 */
export function customerNotice(event: AnyTicketkitEvent, customerId: string): CustomerNotice | null {
  if (event.type.startsWith('credits.')) {
    const data = event.data as { customerId?: unknown };
    return data.customerId === customerId ? { type: 'credits.changed', ticketId: null } : null;
  }
  if (event.ticketId === null) return null;
  if (event.type === 'message.created') {
    return event.data.visibility === 'public' ? { type: 'message.created', ticketId: event.ticketId } : null;
  }
  return TICKET_CHANGES.has(event.type) ? { type: 'ticket.changed', ticketId: event.ticketId } : null;
}

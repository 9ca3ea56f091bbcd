import type {
  Agent,
  Customer,
  LoadHolding,
  Message,
  QueuedTicket,
  RoundRobinState,
  StoredEvent,
  Ticket,
} from '@ticketkit/core';

/**
 * Copies a stored value so that neither the caller nor the store can change the other's
 * copy: plain objects, arrays and dates are copied; other values are shared (they are
 * immutable primitives in ticketkit records).
 */
export function deepCopy<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (Array.isArray(value)) {
    const copy = new Array(value.length);
    for (let index = 0; index < value.length; index++) copy[index] = deepCopy(value[index]);
    return copy as T;
  }
  // A spread copies the own enumerable keys into an object laid out for them at once (no
  // property-by-property growth); nested objects are then replaced by their own copies.
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const key in copy) {
    const member = copy[key];
    if (member === null || typeof member !== 'object') continue;
    if (key === '__proto__') {
      Object.defineProperty(copy, key, {
        value: deepCopy(member),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else copy[key] = deepCopy(member);
  }
  return copy as T;
}

const copyDate = (date: Date): Date => new Date(date.getTime());

/** The date a record was last stored with (see {@link storedDate}). */
let lastStoredDate = new Date(0);

/**
 * The store's own copy of a date. Stored dates are never mutated and every read copies them,
 * so records stored at the same instant (a command's ticket, its events, its message) share
 * one copy instead of one each.
 */
function storedDate(date: Date): Date {
  const time = date.getTime();
  if (time !== lastStoredDate.getTime()) lastStoredDate = new Date(time);
  return lastStoredDate;
}

/** The empty list of a stored record: shared, since stored records are never mutated and reads copy them. */
const STORED_EMPTY_LIST: readonly never[] = Object.freeze([]);

/** The store's own copy of a list of strings (the shared empty list when empty). */
function storedStrings(list: readonly string[]): string[] {
  return list.length === 0 ? (STORED_EMPTY_LIST as unknown as string[]) : list.slice();
}

/** The system as the actor of a stored event: shared, since stored actors are never mutated and reads copy them. */
const STORED_SYSTEM_ACTOR: StoredEvent['actor'] = Object.freeze({ kind: 'system', id: null });

/** A ticket copy for a caller, field by field: the hottest record, so no generic walk. */
export function copyTicket(ticket: Ticket): Ticket {
  return ticketCopy(ticket, copyDate, copyStrings);
}

const copyStrings = (list: readonly string[]): string[] => list.slice();

/** The store's own copy of a ticket (dates shared with records stored at the same instant). */
export function storedTicket(ticket: Ticket): Ticket {
  return ticketCopy(ticket, storedDate, storedStrings);
}

function ticketCopy(
  ticket: Ticket,
  copyDate: (date: Date) => Date,
  copyStrings: (list: readonly string[]) => string[],
): Ticket {
  return {
    tenantId: ticket.tenantId,
    id: ticket.id,
    number: ticket.number,
    subject: ticket.subject,
    type: ticket.type,
    priority: ticket.priority,
    category: ticket.category,
    teamId: ticket.teamId,
    assigneeId: ticket.assigneeId,
    tags: copyStrings(ticket.tags),
    customFields: deepCopy(ticket.customFields),
    channel: ticket.channel,
    channelDetail: ticket.channelDetail === null ? null : deepCopy(ticket.channelDetail),
    requesterId: ticket.requesterId,
    pipelineId: ticket.pipelineId,
    stageId: ticket.stageId,
    statusCategory: ticket.statusCategory,
    escalationLevel: ticket.escalationLevel,
    parentId: ticket.parentId,
    mergedIntoId: ticket.mergedIntoId,
    mergedTicketIds: copyStrings(ticket.mergedTicketIds),
    alarm:
      ticket.alarm === null
        ? null
        : {
            dedupKey: ticket.alarm.dedupKey,
            occurrences: ticket.alarm.occurrences,
            firstOccurredAt: copyDate(ticket.alarm.firstOccurredAt),
            lastOccurredAt: copyDate(ticket.alarm.lastOccurredAt),
          },
    messageCount: ticket.messageCount,
    version: ticket.version,
    createdAt: copyDate(ticket.createdAt),
    updatedAt: copyDate(ticket.updatedAt),
    firstRespondedAt: ticket.firstRespondedAt === null ? null : copyDate(ticket.firstRespondedAt),
    resolvedAt: ticket.resolvedAt === null ? null : copyDate(ticket.resolvedAt),
    closedAt: ticket.closedAt === null ? null : copyDate(ticket.closedAt),
    reopenCount: ticket.reopenCount,
    reassignCount: ticket.reassignCount,
    sla: ticket.sla === null ? null : deepCopy(ticket.sla),
    slaDueAt: ticket.slaDueAt === null ? null : copyDate(ticket.slaDueAt),
    escalationCount: ticket.escalationCount,
  };
}

/** A stored event copy for a caller. */
export function copyEvent(event: StoredEvent): StoredEvent {
  return {
    tenantId: event.tenantId,
    id: event.id,
    type: event.type,
    occurredAt: copyDate(event.occurredAt),
    actor: { kind: event.actor.kind, id: event.actor.id },
    ticketId: event.ticketId,
    data: deepCopy(event.data),
  };
}

/** The store's own copy of an event (see {@link storedTicket}). */
export function storedEvent(event: StoredEvent): StoredEvent {
  const { actor } = event;
  return {
    tenantId: event.tenantId,
    id: event.id,
    type: event.type,
    occurredAt: storedDate(event.occurredAt),
    actor:
      actor.kind === 'system' && actor.id === null ? STORED_SYSTEM_ACTOR : { kind: actor.kind, id: actor.id },
    ticketId: event.ticketId,
    data: deepCopy(event.data),
  };
}

/** A message copy for a caller. */
export function copyMessage(message: Message): Message {
  return messageCopy(message, copyDate);
}

/** The store's own copy of a message (see {@link storedTicket}). */
export function storedMessage(message: Message): Message {
  return messageCopy(message, storedDate);
}

function messageCopy(message: Message, copyDate: (date: Date) => Date): Message {
  return {
    tenantId: message.tenantId,
    id: message.id,
    ticketId: message.ticketId,
    seq: message.seq,
    visibility: message.visibility,
    author: { kind: message.author.kind, id: message.author.id },
    body: message.body,
    channel: message.channel,
    externalId: message.externalId,
    attachments: message.attachments.map((attachment) => ({ ...attachment })),
    createdAt: copyDate(message.createdAt),
  };
}

/** A customer copy. */
export function copyCustomer(customer: Customer): Customer {
  return {
    tenantId: customer.tenantId,
    id: customer.id,
    name: customer.name,
    email: customer.email,
    identities: customer.identities.map((identity) => ({
      type: identity.type,
      network: identity.network,
      value: identity.value,
    })),
    timeZone: customer.timeZone,
    locale: customer.locale,
    attributes: deepCopy(customer.attributes),
    version: customer.version,
    createdAt: copyDate(customer.createdAt),
    updatedAt: copyDate(customer.updatedAt),
  };
}

/** An agent copy: routing reads whole teams of agents, so no generic walk. */
export function copyAgent(agent: Agent): Agent {
  return {
    tenantId: agent.tenantId,
    id: agent.id,
    name: agent.name,
    email: agent.email,
    teamIds: agent.teamIds.slice(),
    status: agent.status,
    active: agent.active,
    skills: agent.skills.map((skill) => ({ name: skill.name, level: skill.level })),
    escalationLevel: agent.escalationLevel,
    languages: agent.languages.slice(),
    capacity: { max: agent.capacity.max, perChannel: { ...agent.capacity.perChannel } },
    version: agent.version,
    createdAt: copyDate(agent.createdAt),
    updatedAt: copyDate(agent.updatedAt),
  };
}

/** A load holding copy. */
export function copyHolding(holding: LoadHolding): LoadHolding {
  return { ...holding, acquiredAt: copyDate(holding.acquiredAt) };
}

/** A routing queue entry copy. */
export function copyQueuedTicket(entry: QueuedTicket): QueuedTicket {
  return {
    ...entry,
    ticketCreatedAt: copyDate(entry.ticketCreatedAt),
    queuedAt: copyDate(entry.queuedAt),
  };
}

/** A round-robin state copy. */
export function copyRoundRobin(state: RoundRobinState): RoundRobinState {
  return { ...state, served: state.served.slice(), updatedAt: copyDate(state.updatedAt) };
}

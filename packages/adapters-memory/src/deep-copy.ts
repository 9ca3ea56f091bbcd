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
  const copy: Record<string, unknown> = {};
  for (const key in value) {
    if (Object.hasOwn(value, key)) copy[key] = deepCopy((value as Record<string, unknown>)[key]);
  }
  return copy as T;
}

const copyDate = (date: Date): Date => new Date(date.getTime());
const copyOptionalDate = (date: Date | null): Date | null =>
  date === null ? null : new Date(date.getTime());

/** A ticket copy, field by field: the hottest record, so no generic walk. */
export function copyTicket(ticket: Ticket): Ticket {
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
    tags: ticket.tags.slice(),
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
    mergedTicketIds: ticket.mergedTicketIds.slice(),
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
    firstRespondedAt: copyOptionalDate(ticket.firstRespondedAt),
    resolvedAt: copyOptionalDate(ticket.resolvedAt),
    closedAt: copyOptionalDate(ticket.closedAt),
    reopenCount: ticket.reopenCount,
    reassignCount: ticket.reassignCount,
    sla: ticket.sla === null ? null : deepCopy(ticket.sla),
    slaDueAt: copyOptionalDate(ticket.slaDueAt),
    escalationCount: ticket.escalationCount,
  };
}

/** A stored event copy. */
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

/** A message copy. */
export function copyMessage(message: Message): Message {
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

import { type Actor, actorRef, parseActor } from '../actors';
import { findOrCreateCustomer } from '../customers/customers-api';
import { ForbiddenError, NotFoundError } from '../errors';
import type { DeskContext } from '../internal/desk-context';
import { runIdempotent } from '../internal/idempotency';
import type { JsonObject } from '../json';
import type { CommandContext } from '../storage/gateway';
import type { Message, MessageAuthor, Ticket } from '../storage/records';
import { invalidInput, parseInput } from '../validation';
import { assertCustomerMaySet, assertCustomFieldsValid, assertRequiredFieldsPresent } from './custom-fields';
import { openTicket } from './new-ticket';
import { canSee } from './ticket-access';
import { assertKnownCategory, assertKnownType, normalizeTags } from './ticket-input-rules';
import { type CreateTicketInput, createTicketSchema } from './ticket-schemas';

type ParsedCreate = ReturnType<typeof createTicketSchema.parse>;

/** Fields only staff may set when creating a ticket. */
const STAFF_ONLY_FIELDS = [
  'requesterId',
  'requester',
  'teamId',
  'assigneeId',
  'tags',
  'pipelineId',
  'stageId',
  'parentId',
] as const;

/** The create command: see `TicketsApi.create`. The actor is validated here, before the input. */
export async function createTicket(
  desk: DeskContext,
  actor: Actor,
  input: CreateTicketInput,
): Promise<Ticket> {
  const who = parseActor(actor);
  const data = parseInput(createTicketSchema, input);
  if (who.kind === 'customer') assertCustomerInput(data);
  else if ((data.requesterId === undefined) === (data.requester === undefined)) {
    invalidInput(['requesterId'], 'requester_required', 'Give exactly one of requesterId and requester');
  }
  // The number is taken before the transaction, on its own (with those of concurrent creates
  // of the tenant, see TicketNumbers): the tenant's counter is then not held by the command
  // (creates of one tenant do not take turns), at the price of a gap when the command fails
  // or replays (the port allows gaps). Every run of the command (a retry after a lost race)
  // uses the same number: the earlier run was rolled back.
  const number = await desk.ticketNumbers.next(who.tenantId);
  return desk.gateway.command((context) => {
    const now = desk.clock.now();
    if (data.message?.externalId === undefined && data.idempotencyKey === undefined) {
      return createInTransaction(desk, context, who, data, now, number);
    }
    return createOnce(desk, context, who, data, now, number);
  });
}

/** The create of an inbound message already stored, or with an idempotency key: at most once. */
async function createOnce(
  desk: DeskContext,
  context: CommandContext,
  who: Actor,
  data: ParsedCreate,
  now: Date,
  number: number,
): Promise<Ticket> {
  const open = () => createInTransaction(desk, context, who, data, now, number);
  const ticketIdOf = (stored: unknown) => (stored as { ticketId: string }).ticketId;
  const replay = async (ticketId: string): Promise<Ticket> => {
    const ticket = await context.tx.tickets.get(who.tenantId, ticketId);
    if (ticket === null) throw new NotFoundError('Ticket', ticketId);
    return ticket;
  };
  const externalId = data.message?.externalId;
  if (externalId !== undefined) {
    const seen = await context.tx.messages.findByExternalId(who.tenantId, externalId);
    if (seen !== null) {
      const ticket = await replay(seen.ticketId);
      // A customer never reaches another requester's ticket through a reused external id.
      if (!canSee(who, ticket)) throw new NotFoundError('Message', externalId);
      return ticket;
    }
  }
  if (data.idempotencyKey === undefined) return open();
  const { idempotencyKey, ...payload } = data;
  return runIdempotent(
    context.tx,
    {
      tenantId: who.tenantId,
      scope: 'tickets.create',
      key: idempotencyKey,
      payload: { actor: who, payload },
    },
    now,
    open,
    (ticket) => ({ ticketId: ticket.id }),
    (stored) => replay(ticketIdOf(stored)),
  );
}

function assertCustomerInput(data: ParsedCreate): void {
  const fields = STAFF_ONLY_FIELDS.filter((field) => data[field] !== undefined);
  if (data.message?.visibility === 'internal') (fields as string[]).push('message.visibility');
  if (data.channel === 'alarm') (fields as string[]).push('channel');
  if (fields.length > 0) throw new ForbiddenError('Customers may not set these fields', { fields });
}

async function createInTransaction(
  desk: DeskContext,
  context: CommandContext,
  who: Actor,
  data: ParsedCreate,
  now: Date,
  number: number,
): Promise<Ticket> {
  const loading = desk.settings.loadForCommand(context, who.tenantId, now);
  const { settings } = loading instanceof Promise ? await loading : loading;
  const requesterId = await resolveRequesterId(desk, context, who, data, now);
  const type = data.type ?? (settings.ticketTypes[0] as string);
  assertKnownType(type, settings);
  const category = data.category ?? null;
  assertKnownCategory(category, settings);
  const customFields = data.customFields ?? {};
  if (who.kind === 'customer') {
    assertCustomerMaySet(customFields, settings.customFields);
    if (data.priority !== undefined && !settings.customerCanSetPriority) {
      throw new ForbiddenError('Customers may not choose a priority', { fields: ['priority'] });
    }
  }
  assertCustomFieldsValid(customFields, settings.customFields);
  assertRequiredFieldsPresent(customFields, settings.customFields);
  const channel = data.channel ?? (who.kind === 'customer' ? 'web_form' : 'api');
  const { ticket } = await openTicket(
    desk,
    context,
    who.tenantId,
    {
      subject: data.subject,
      type,
      priority: data.priority ?? settings.defaultPriority,
      category,
      teamId: data.teamId ?? null,
      assigneeId: data.assigneeId ?? null,
      tags: normalizeTags(data.tags ?? []),
      customFields: withoutNulls(customFields),
      channel,
      channelDetail: data.channelDetail ?? null,
      requesterId,
      pipelineId: data.pipelineId,
      stageId: data.stageId,
      parentId: data.parentId ?? null,
      alarm: null,
      followUpOf: null,
      number,
      message:
        data.message === undefined
          ? null
          : {
              body: data.message.body,
              visibility: data.message.visibility,
              externalId: data.message.externalId ?? null,
              attachments: data.message.attachments,
              author: initialAuthor(who, requesterId, data.message.visibility),
              channel,
            },
    },
    actorRef(who),
    now,
    settings,
  );
  return ticket;
}

async function resolveRequesterId(
  desk: DeskContext,
  context: CommandContext,
  who: Actor,
  data: ParsedCreate,
  now: Date,
): Promise<string> {
  if (who.kind === 'customer') {
    if (!(await customerExists(desk, context, who.tenantId, who.customerId))) {
      throw new NotFoundError('Customer', who.customerId);
    }
    return who.customerId;
  }
  if (data.requesterId !== undefined) {
    if (!(await customerExists(desk, context, who.tenantId, data.requesterId))) {
      invalidInput(['requesterId'], 'unknown_customer', `Customer ${data.requesterId} does not exist`);
    }
    return data.requesterId;
  }
  const lookup = data.requester as NonNullable<ParsedCreate['requester']>;
  return (await findOrCreateCustomer(desk, context, who.tenantId, lookup, actorRef(who), now)).customer.id;
}

/**
 * Whether a customer exists, from the desk's known customers or else a read. Called before
 * the command writes any customer, so a customer found here was committed by another command.
 */
async function customerExists(
  desk: DeskContext,
  context: CommandContext,
  tenantId: string,
  customerId: string,
): Promise<boolean> {
  if (desk.knownCustomers.has(tenantId, customerId)) return true;
  if ((await context.tx.customers.get(tenantId, customerId)) === null) return false;
  desk.knownCustomers.add(tenantId, customerId);
  return true;
}

/**
 * Who wrote a ticket's first message: the customer or agent creating it; when the system
 * creates it (an inbound channel), the requester for a public message and the system for a note.
 */
export function initialAuthor(
  who: Actor,
  requesterId: string,
  visibility: Message['visibility'],
): MessageAuthor {
  switch (who.kind) {
    case 'customer':
      return { kind: 'customer', id: who.customerId };
    case 'agent':
      return { kind: 'agent', id: who.agentId };
    case 'system':
      return visibility === 'public' ? { kind: 'customer', id: requesterId } : { kind: 'system', id: null };
  }
}

/** Custom fields as stored: a field set to `null` is left out. */
function withoutNulls(customFields: JsonObject): JsonObject {
  for (const _ in customFields) {
    return Object.fromEntries(Object.entries(customFields).filter(([, value]) => value !== null));
  }
  return {};
}

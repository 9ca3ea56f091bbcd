import type { ActorRef } from '../actors';
import { type DeskContext, newEvent } from '../internal/desk-context';
import type { JsonObject } from '../json';
import {
  commandPipeline,
  commandPipelineFromInput,
  entryStage,
  isDone,
  stageFromInput,
} from '../pipelines/pipeline-rules';
import type { TenantSettings } from '../settings/tenant-settings';
import { type CommandContext, RetryCommand } from '../storage/gateway';
import type {
  AlarmInfo,
  Attachment,
  Channel,
  Message,
  MessageAuthor,
  MessageVisibility,
  Priority,
  Ticket,
} from '../storage/records';
import { invalidInput } from '../validation';
import { assertAssignable } from './assignment-rules';
import { assertParentFor } from './parent-rules';

/** Everything needed to open a ticket; inputs are already validated against the tenant's settings. */
export interface NewTicket {
  subject: string;
  type: string;
  priority: Priority;
  category: string | null;
  teamId: string | null;
  assigneeId: string | null;
  tags: string[];
  customFields: JsonObject;
  channel: Channel;
  channelDetail: JsonObject | null;
  requesterId: string;
  pipelineId: string | undefined;
  stageId: string | undefined;
  parentId: string | null;
  alarm: AlarmInfo | null;
  followUpOf: string | null;
  message: NewMessage | null;
  /**
   * The ticket's number, when the caller took it before the transaction (see `createTicket`);
   * otherwise {@link openTicket} takes the next one inside the transaction.
   */
  number?: number;
}

/** A message to store on a ticket. */
export interface NewMessage {
  body: string;
  visibility: MessageVisibility;
  externalId: string | null;
  attachments: Attachment[];
  author: MessageAuthor;
  channel: Channel;
}

/**
 * Opens a ticket in the caller's transaction: places it in its pipeline's entry stage (or a
 * given active stage), checks assignment and parent, numbers it, stores its first message,
 * records `ticket.created`, `ticket.assigned`, `ticket.child_added` and `message.created`,
 * then runs the ticket hooks and stores the ticket.
 */
export async function openTicket(
  desk: DeskContext,
  context: CommandContext,
  tenantId: string,
  spec: NewTicket,
  actor: ActorRef,
  now: Date,
  settings: TenantSettings,
): Promise<{ ticket: Ticket; message: Message | null }> {
  const { tx, record } = context;
  const pipeline =
    spec.pipelineId === undefined
      ? await commandPipeline(desk, context, tenantId, settings.defaultPipelineId)
      : await commandPipelineFromInput(desk, context, tenantId, spec.pipelineId, ['pipelineId']);
  const stage =
    spec.stageId === undefined ? entryStage(pipeline) : stageFromInput(pipeline, spec.stageId, ['stageId']);
  if (isDone(stage.category))
    invalidInput(
      ['stageId'],
      'inactive_stage',
      'New tickets start in a stage that is not resolved or closed',
    );
  if (spec.assigneeId !== null || spec.teamId !== null) {
    await assertAssignable(tx, tenantId, spec.assigneeId, spec.teamId);
  }
  if (spec.parentId !== null) await assertParentFor(tx, tenantId, spec.parentId, null);

  const ticket: Ticket = {
    tenantId,
    id: desk.newId('ticket'),
    number: spec.number ?? (await tx.tickets.nextNumber(tenantId)),
    subject: spec.subject,
    type: spec.type,
    priority: spec.priority,
    category: spec.category,
    teamId: spec.teamId,
    assigneeId: spec.assigneeId,
    tags: spec.tags,
    customFields: spec.customFields,
    channel: spec.channel,
    channelDetail: spec.channelDetail,
    requesterId: spec.requesterId,
    pipelineId: pipeline.id,
    stageId: stage.id,
    statusCategory: stage.category,
    escalationLevel: 1,
    parentId: spec.parentId,
    mergedIntoId: null,
    mergedTicketIds: [],
    alarm: spec.alarm,
    messageCount: spec.message === null ? 0 : 1,
    version: 1,
    createdAt: now,
    updatedAt: now,
    firstRespondedAt: null,
    resolvedAt: null,
    closedAt: null,
    reopenCount: 0,
    reassignCount: 0,
    sla: null,
    slaDueAt: null,
    escalationCount: 0,
  };
  record(
    newEvent(desk, tenantId, actor, now, 'ticket.created', ticket.id, {
      number: ticket.number,
      subject: ticket.subject,
      type: ticket.type,
      priority: ticket.priority,
      channel: ticket.channel,
      requesterId: ticket.requesterId,
      position: { pipelineId: ticket.pipelineId, stageId: ticket.stageId, category: ticket.statusCategory },
      parentId: ticket.parentId,
      followUpOf: spec.followUpOf,
      alarmKey: ticket.alarm?.dedupKey ?? null,
    }),
  );
  if (ticket.assigneeId !== null || ticket.teamId !== null) {
    record(
      newEvent(desk, tenantId, actor, now, 'ticket.assigned', ticket.id, {
        assigneeId: { from: null, to: ticket.assigneeId },
        teamId: { from: null, to: ticket.teamId },
        reassignCount: 0,
      }),
    );
  }
  if (ticket.parentId !== null) {
    record(
      newEvent(desk, tenantId, actor, now, 'ticket.parent_changed', ticket.id, {
        from: null,
        to: ticket.parentId,
      }),
    );
    record(
      newEvent(desk, tenantId, actor, now, 'ticket.child_added', ticket.parentId, { childId: ticket.id }),
    );
  }
  const message =
    spec.message === null ? null : await storeMessage(desk, context, ticket, 1, spec.message, actor, now);
  const hooks = desk.ticketHooks.run({ context, actor, now, before: null, after: ticket });
  if (hooks !== undefined) await hooks;
  await tx.tickets.insertNew(ticket);
  return { ticket, message };
}

/**
 * Stores a message as number `seq` of its ticket and records `message.created`. A concurrent
 * message with the same external id makes the command run again (and then deduplicate).
 */
export async function storeMessage(
  desk: DeskContext,
  context: CommandContext,
  ticket: Ticket,
  seq: number,
  spec: NewMessage,
  actor: ActorRef,
  now: Date,
): Promise<Message> {
  const message: Message = {
    tenantId: ticket.tenantId,
    id: desk.newId('message'),
    ticketId: ticket.id,
    seq,
    visibility: spec.visibility,
    author: spec.author,
    body: spec.body,
    channel: spec.channel,
    externalId: spec.externalId,
    attachments: spec.attachments,
    createdAt: now,
  };
  if (message.externalId === null) {
    await context.tx.messages.insertNew(message);
  } else if ((await context.tx.messages.insert(message)) !== 'ok') {
    throw new RetryCommand(`message external id ${message.externalId} taken concurrently`);
  }
  context.record(
    newEvent(desk, ticket.tenantId, actor, now, 'message.created', ticket.id, {
      messageId: message.id,
      seq: message.seq,
      visibility: message.visibility,
      authorKind: message.author.kind,
      authorId: message.author.id,
      channel: message.channel,
      externalId: message.externalId,
      body: message.body,
      attachmentCount: message.attachments.length,
    }),
  );
  return message;
}

import type { ActorRef } from '../actors';
import { type DeskContext, newEvent } from '../internal/desk-context';
import type { TenantSettings } from '../settings/tenant-settings';
import type { CommandContext } from '../storage/gateway';
import type { Message, Ticket } from '../storage/records';
import { insertLink } from './links';
import { type NewMessage, openTicket } from './new-ticket';

/**
 * Closed tickets are final: a customer writing on one gets a new ticket that carries the
 * message, copies the closed ticket's subject, type, priority, category, team and (if still
 * active) assignee, and links to it as `follow_up_of`.
 */
export async function openFollowUp(
  desk: DeskContext,
  context: CommandContext,
  closed: Ticket,
  message: NewMessage,
  actor: ActorRef,
  now: Date,
  settings: TenantSettings,
): Promise<{ ticket: Ticket; message: Message }> {
  const assignee =
    closed.assigneeId === null ? null : await context.tx.agents.get(closed.tenantId, closed.assigneeId);
  const keepAssignee =
    assignee?.active === true && (closed.teamId === null || assignee.teamIds.includes(closed.teamId));
  const opened = await openTicket(
    desk,
    context,
    closed.tenantId,
    {
      subject: closed.subject,
      type: closed.type,
      priority: closed.priority,
      category: closed.category,
      teamId: closed.teamId,
      assigneeId: keepAssignee ? closed.assigneeId : null,
      tags: closed.tags,
      customFields: closed.customFields,
      channel: message.channel,
      channelDetail: closed.channelDetail,
      requesterId: closed.requesterId,
      pipelineId: closed.pipelineId,
      stageId: undefined,
      parentId: null,
      alarm: null,
      followUpOf: closed.id,
      message,
    },
    actor,
    now,
    settings,
  );
  await insertLink(
    desk,
    context,
    closed.tenantId,
    { type: 'follow_up_of', sourceId: opened.ticket.id, targetId: closed.id },
    actor,
    now,
  );
  context.record(
    newEvent(desk, closed.tenantId, actor, now, 'ticket.follow_up_created', closed.id, {
      followUpId: opened.ticket.id,
    }),
  );
  return { ticket: opened.ticket, message: opened.message as Message };
}

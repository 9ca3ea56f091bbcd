import type { ActorRef } from '../actors';
import { type DeskContext, newEvent } from '../internal/desk-context';
import type { JsonObject } from '../json';
import { reassignThroughRouting } from '../routing/reassign-through-routing';
import type { CommandContext } from '../storage/gateway';
import type { MessageAuthor, Ticket } from '../storage/records';
import { storeMessage } from '../tickets/new-ticket';
import type { EscalationAction, EscalationLevel, EscalationSettings } from './escalation-settings';

/** Why an escalation happens, as `escalation.raised` tells it. */
export interface EscalationReason {
  manual: boolean;
  policyId: string | null;
  trigger: JsonObject;
  reason: string;
  /** The agent's note of what was tried (manual escalations). */
  note: string | null;
}

/** Where an escalation is applied: the ticket about to be stored, in its command. */
export interface EscalationTarget {
  desk: DeskContext;
  context: CommandContext;
  /** The ticket as stored before this command changed it; null while the command creates it. */
  before: Ticket | null;
  /** The ticket about to be stored; changed in place. */
  ticket: Ticket;
  actor: ActorRef;
  now: Date;
  escalation: EscalationSettings;
}

/**
 * Applies escalation actions to the ticket about to be stored, in order, counts the
 * escalation and records `escalation.raised` (with `ticket.updated`, `ticket.assigned` and
 * `message.created` for what the actions changed):
 * - `raise_level` raises `escalationLevel` to the given level or one up, never down, and
 *   never past the last level;
 * - `reassign` moves the ticket to the team of the level it is now at (when that level has
 *   one), unassigning an agent who is not in that team, and then routes it through routing
 *   (the tenant's rules, else the team's default strategy; queued when nobody has room);
 * - `set_priority` changes the priority;
 * - `add_note` adds an internal note written by the system.
 */
export async function applyEscalation(
  target: EscalationTarget,
  actions: readonly EscalationAction[],
  why: EscalationReason,
): Promise<void> {
  const { desk, context, ticket, actor, now, escalation } = target;
  const fromLevel = ticket.escalationLevel;
  const applied: string[] = [];
  for (const action of actions) {
    switch (action.type) {
      case 'raise_level': {
        const wanted = Math.min(action.level ?? ticket.escalationLevel + 1, escalation.levels.length);
        if (wanted > ticket.escalationLevel) ticket.escalationLevel = wanted;
        break;
      }
      case 'reassign':
        await reassignToLevel(target, levelAt(escalation, ticket.escalationLevel));
        break;
      case 'set_priority': {
        if (action.priority === ticket.priority) break;
        const from = ticket.priority;
        ticket.priority = action.priority;
        context.record(
          newEvent(desk, ticket.tenantId, actor, now, 'ticket.updated', ticket.id, {
            changes: [{ field: 'priority', from, to: action.priority }],
          }),
        );
        break;
      }
      case 'add_note': {
        await addInternalNote(desk, context, ticket, action.body, { kind: 'system', id: null }, actor, now);
        break;
      }
    }
    applied.push(action.type);
  }
  ticket.escalationCount += 1;
  const level = levelAt(escalation, ticket.escalationLevel);
  context.record(
    newEvent(desk, ticket.tenantId, actor, now, 'escalation.raised', ticket.id, {
      ...why,
      fromLevel,
      toLevel: ticket.escalationLevel,
      levelName: level.name,
      teamId: level.teamId,
      memberIds: level.memberIds,
      actions: applied,
      context: {
        priority: ticket.priority,
        stageId: ticket.stageId,
        assigneeId: ticket.assigneeId,
        teamId: ticket.teamId,
      },
    }),
  );
}

/** Adds an internal note to the thread of `ticket` (counted in its `messageCount`, which this bumps). */
export async function addInternalNote(
  desk: DeskContext,
  context: CommandContext,
  ticket: Ticket,
  body: string,
  author: MessageAuthor,
  actor: ActorRef,
  now: Date,
): Promise<void> {
  ticket.messageCount += 1;
  await storeMessage(
    desk,
    context,
    ticket,
    ticket.messageCount,
    { body, visibility: 'internal', externalId: null, attachments: [], author, channel: ticket.channel },
    actor,
    now,
  );
}

/** The level at a 1-based position, clamped to the configured levels. */
export function levelAt(escalation: EscalationSettings, level: number): EscalationLevel {
  const index = Math.min(Math.max(level, 1), escalation.levels.length) - 1;
  return escalation.levels[index] as EscalationLevel;
}

/**
 * Moves the ticket to the level's team (if it has one and the ticket is elsewhere); a ticket
 * left without an agent there is reassigned through routing.
 */
async function reassignToLevel(target: EscalationTarget, level: EscalationLevel): Promise<void> {
  const { desk, context, ticket, actor, now } = target;
  if (level.teamId === null || level.teamId === ticket.teamId) return;
  const fromTeam = ticket.teamId;
  const fromAssignee = ticket.assigneeId;
  ticket.teamId = level.teamId;
  if (ticket.assigneeId !== null) {
    const agent = await context.tx.agents.get(ticket.tenantId, ticket.assigneeId);
    if (agent === null || !agent.teamIds.includes(level.teamId)) ticket.assigneeId = null;
  }
  context.record(
    newEvent(desk, ticket.tenantId, actor, now, 'ticket.assigned', ticket.id, {
      assigneeId: { from: fromAssignee, to: ticket.assigneeId },
      teamId: { from: fromTeam, to: ticket.teamId },
      reassignCount: ticket.reassignCount,
    }),
  );
  if (ticket.assigneeId === null) {
    await reassignThroughRouting(desk, context, { before: target.before, after: ticket, actor, now });
  }
}

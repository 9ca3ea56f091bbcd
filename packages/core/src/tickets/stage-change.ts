import type { ActorRef } from '../actors';
import { InvalidTransitionError } from '../errors';
import type { StagePosition, TransitionReason } from '../events';
import { type DeskContext, newEvent } from '../internal/desk-context';
import { isDone } from '../pipelines/pipeline-rules';
import type { TenantSettings } from '../settings/tenant-settings';
import type { CommandContext } from '../storage/gateway';
import type { StorageRepositories } from '../storage/port';
import type { Pipeline, Stage, Ticket } from '../storage/records';

/** Job type that closes a resolved ticket after the tenant's delay. */
export const AUTO_CLOSE_JOB = 'ticket.auto_close';

/** The scheduler key of a ticket's auto-close job. */
export function autoCloseKey(ticketId: string): string {
  return `${AUTO_CLOSE_JOB}:${ticketId}`;
}

/** The children of a ticket that are still being worked (not resolved or closed). */
export async function openChildrenOf(tx: StorageRepositories, ticket: Ticket): Promise<Ticket[]> {
  return (await tx.tickets.listChildren(ticket.tenantId, ticket.id)).filter(
    (child) => !isDone(child.statusCategory),
  );
}

/** A ticket's place in its pipeline. */
export function positionOf(ticket: Ticket): StagePosition {
  return { pipelineId: ticket.pipelineId, stageId: ticket.stageId, category: ticket.statusCategory };
}

/** A stage change a command wants to make. */
export interface StageChange {
  pipeline: Pipeline;
  to: Stage;
  reason: TransitionReason;
  actor: ActorRef;
  now: Date;
  settings: TenantSettings;
}

/**
 * Moves `next` (the command's copy of `current`) to a stage and applies what the move means:
 * - into resolved: `resolvedAt` set, auto-close scheduled; out of resolved: auto-close cancelled;
 * - into closed: `closedAt` set (and `resolvedAt` if it never resolved);
 * - a reopen (resolved back to work, or a customer reply on a pending ticket): `resolvedAt`
 *   cleared, `reopenCount` + 1, `ticket.reopened` recorded;
 * - alarm tickets free their dedup key when done and take it back when reopened, if free;
 * - a parent cannot become resolved, or go from resolved to closed, while a child is open
 *   (a child reopened after its parent resolved), unless the tenant allows it.
 *
 * Records `ticket.transitioned`. The caller checks the pipeline's allowed transitions and saves.
 */
export async function changeStage(
  desk: DeskContext,
  context: CommandContext,
  current: Ticket,
  next: Ticket,
  change: StageChange,
): Promise<void> {
  const { tx, record } = context;
  const from = current.statusCategory;
  const to = change.to.category;
  if (isDone(to) && to !== from && !change.settings.allowResolveWithOpenChildren) {
    const openChildren = await openChildrenOf(tx, current);
    if (openChildren.length > 0) {
      throw new InvalidTransitionError(`Ticket ${current.id} has open child tickets`, {
        ticketId: current.id,
        openChildIds: openChildren.map((child) => child.id),
      });
    }
  }

  next.pipelineId = change.pipeline.id;
  next.stageId = change.to.id;
  next.statusCategory = to;

  if (to === 'resolved' && from !== 'resolved') {
    next.resolvedAt = change.now;
    const delay = change.settings.autoCloseAfterSeconds;
    if (delay !== null) {
      await desk.jobs.schedule(
        tx,
        {
          tenantId: current.tenantId,
          key: autoCloseKey(current.id),
          type: AUTO_CLOSE_JOB,
          dueAt: new Date(change.now.getTime() + delay * 1000),
          payload: { ticketId: current.id },
        },
        change.now,
      );
    }
  }
  if (from === 'resolved' && to !== 'resolved')
    await tx.jobs.cancel(current.tenantId, autoCloseKey(current.id));
  if (to === 'closed') {
    next.closedAt = change.now;
    next.resolvedAt ??= change.now;
  }

  const reopened =
    (from === 'resolved' && !isDone(to)) ||
    (from === 'pending' && change.reason === 'customer_reply' && !isDone(to));
  if (reopened) {
    next.resolvedAt = null;
    next.reopenCount = current.reopenCount + 1;
  }

  if (next.alarm !== null) {
    if (isDone(to) && !isDone(from))
      await tx.alarmKeys.release(current.tenantId, next.alarm.dedupKey, current.id);
    if (!isDone(to) && isDone(from))
      await tx.alarmKeys.bind(current.tenantId, next.alarm.dedupKey, current.id);
  }

  record(
    newEvent(desk, current.tenantId, change.actor, change.now, 'ticket.transitioned', current.id, {
      from: positionOf(current),
      to: positionOf(next),
      reason: change.reason,
    }),
  );
  if (reopened) {
    record(
      newEvent(desk, current.tenantId, change.actor, change.now, 'ticket.reopened', current.id, {
        reason: change.reason,
        reopenCount: next.reopenCount,
      }),
    );
  }
}

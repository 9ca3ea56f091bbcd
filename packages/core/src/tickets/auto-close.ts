import type { DeskContext } from '../internal/desk-context';
import { firstStageOf, loadPipeline } from '../pipelines/pipeline-rules';
import type { JobHandler } from '../scheduler/job-registry';
import { DEFAULT_AUTO_CLOSE_SECONDS } from '../settings/tenant-settings';
import { changeStage, openChildrenOf } from './stage-change';
import { nextVersionOf, saveTicket } from './ticket-access';

/**
 * Closes a ticket that is still resolved when its auto-close job comes due. A ticket that
 * was reopened meanwhile (its job is cancelled then, but a stale claim may still run) or
 * whose pipeline has no closed stage is left alone; a parent whose child is open again waits
 * another delay.
 */
export function autoCloseHandler(desk: DeskContext): JobHandler {
  return async (job, context, now) => {
    const ticketId = String(job.payload.ticketId);
    const ticket = await context.tx.tickets.getForUpdate(job.tenantId, ticketId);
    if (ticket === null || ticket.statusCategory !== 'resolved') return;
    const pipeline = await loadPipeline(context.tx, job.tenantId, ticket.pipelineId);
    const closed = firstStageOf(pipeline, 'closed');
    if (closed === undefined) return;
    const { settings } = await desk.settings.loadForCommand(context, job.tenantId);
    if (!settings.allowResolveWithOpenChildren && (await openChildrenOf(context.tx, ticket)).length > 0) {
      // A child was reopened after this parent resolved: try again after another delay.
      const delay = settings.autoCloseAfterSeconds ?? DEFAULT_AUTO_CLOSE_SECONDS;
      await desk.jobs.schedule(context.tx, { ...job, dueAt: new Date(now.getTime() + delay * 1000) }, now);
      return;
    }
    const next = nextVersionOf(ticket, now);
    await changeStage(desk, context, ticket, next, {
      pipeline,
      to: closed,
      reason: 'auto_close',
      actor: { kind: 'system', id: null },
      now,
      settings,
    });
    await saveTicket(desk, context, {
      before: ticket,
      after: next,
      actor: { kind: 'system', id: null },
      now,
    });
  };
}

import type { DeskContext } from '../internal/desk-context';
import { firstStageOf, loadPipeline } from '../pipelines/pipeline-rules';
import type { JobHandler } from '../scheduler/job-registry';
import { changeStage } from './stage-change';
import { nextVersionOf, saveTicket } from './ticket-access';

/**
 * Closes a ticket that is still resolved when its auto-close job comes due. A ticket that
 * was reopened meanwhile (its job is cancelled then, but a stale claim may still run) or
 * whose pipeline has no closed stage is left alone.
 */
export function autoCloseHandler(desk: DeskContext): JobHandler {
  return async (job, context, now) => {
    const ticketId = String(job.payload.ticketId);
    const ticket = await context.tx.tickets.getForUpdate(job.tenantId, ticketId);
    if (ticket === null || ticket.statusCategory !== 'resolved') return;
    const pipeline = await loadPipeline(context.tx, job.tenantId, ticket.pipelineId);
    const closed = firstStageOf(pipeline, 'closed');
    if (closed === undefined) return;
    const { settings } = await desk.settings.load(context.tx, job.tenantId);
    const next = nextVersionOf(ticket, now);
    await changeStage(desk, context, ticket, next, {
      pipeline,
      to: closed,
      reason: 'auto_close',
      actor: { kind: 'system', id: null },
      now,
      settings,
    });
    await saveTicket(context.tx, next, ticket.version, undefined);
  };
}

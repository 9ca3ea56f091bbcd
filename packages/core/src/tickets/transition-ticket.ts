import { type Actor, actorRef, requireStaff } from '../actors';
import { InvalidTransitionError } from '../errors';
import type { DeskContext } from '../internal/desk-context';
import {
  assertTransitionAllowed,
  commandPipeline,
  commandPipelineFromInput,
  findStage,
  stageFromInput,
} from '../pipelines/pipeline-rules';
import type { Ticket } from '../storage/records';
import { parseInput } from '../validation';
import { changeStage } from './stage-change';
import { assertStatedVersion, loadTicketForUpdate, nextVersionOf, saveTicket } from './ticket-access';
import { type TransitionTicketInput, transitionTicketSchema } from './ticket-schemas';

/**
 * The transition command: see `TicketsApi.transition`. Within a pipeline the current stage's
 * allowed transitions apply; moving to another pipeline may land on any of its stages.
 * Closed tickets never move. Moving to the current stage changes nothing.
 */
export async function transitionTicket(
  desk: DeskContext,
  who: Actor,
  ticketId: string,
  input: TransitionTicketInput,
): Promise<Ticket> {
  requireStaff(who, 'move tickets between stages');
  const data = parseInput(transitionTicketSchema, input);
  return desk.gateway.command(async (context) => {
    const { tx } = context;
    const current = await loadTicketForUpdate(tx, who, ticketId);
    assertStatedVersion(current, data.expectedVersion);
    const pipelineId = data.pipelineId ?? current.pipelineId;
    const pipeline =
      data.pipelineId === undefined
        ? await commandPipeline(desk, context, who.tenantId, pipelineId)
        : await commandPipelineFromInput(desk, context, who.tenantId, pipelineId, ['pipelineId']);
    const to = stageFromInput(pipeline, data.stageId, ['stageId']);
    if (pipelineId === current.pipelineId && to.id === current.stageId) return current;
    if (current.statusCategory === 'closed') {
      throw new InvalidTransitionError('Closed tickets are final', { from: current.stageId, to: to.id });
    }
    if (pipelineId === current.pipelineId)
      assertTransitionAllowed(pipeline, findStage(pipeline, current.stageId), to);
    const { settings } = await desk.settings.loadForCommand(context, who.tenantId);
    const now = desk.clock.now();
    const next = nextVersionOf(current, now);
    await changeStage(desk, context, current, next, {
      pipeline,
      to,
      reason: pipelineId === current.pipelineId ? 'manual' : 'pipeline_change',
      actor: actorRef(who),
      now,
      settings,
    });
    await saveTicket(desk, context, {
      before: current,
      after: next,
      actor: actorRef(who),
      now,
      statedVersion: data.expectedVersion,
    });
    return next;
  });
}

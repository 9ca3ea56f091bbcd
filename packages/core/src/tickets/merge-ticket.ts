import { type Actor, actorRef, requireStaff } from '../actors';
import { InvalidStateError, NotFoundError } from '../errors';
import { type DeskContext, newEvent } from '../internal/desk-context';
import { closedStage, commandPipeline } from '../pipelines/pipeline-rules';
import type { Ticket } from '../storage/records';
import { invalidInput, parseInput } from '../validation';
import { changeStage } from './stage-change';
import { assertStatedVersion, canSee, nextVersionOf, saveTicket } from './ticket-access';
import { type MergeTicketInput, mergeTicketSchema } from './ticket-schemas';

/**
 * The merge command: see `TicketsApi.merge`. The source is closed as merged and points to
 * the target; the target's thread includes the source's (and whatever was merged into the
 * source before). A merged ticket cannot be merged again, a closed or merged ticket cannot
 * be a target, and a ticket with children cannot be merged away.
 */
export async function mergeTickets(
  desk: DeskContext,
  who: Actor,
  sourceId: string,
  input: MergeTicketInput,
): Promise<{ source: Ticket; target: Ticket }> {
  requireStaff(who, 'merge tickets');
  const data = parseInput(mergeTicketSchema, input);
  if (data.targetId === sourceId)
    invalidInput(['targetId'], 'self_merge', 'A ticket cannot be merged into itself');
  return desk.gateway.command(async (context) => {
    const { tx, record } = context;
    // Lock both tickets in id order, so two merges of the same pair cannot deadlock.
    const [first, second] = sourceId < data.targetId ? [sourceId, data.targetId] : [data.targetId, sourceId];
    const locked = [
      await tx.tickets.getForUpdate(who.tenantId, first),
      await tx.tickets.getForUpdate(who.tenantId, second),
    ];
    const source = locked.find((ticket) => ticket?.id === sourceId) ?? null;
    if (source === null || !canSee(who, source)) throw new NotFoundError('Ticket', sourceId);
    assertStatedVersion(source, data.expectedVersion);
    if (source.mergedIntoId !== null) {
      throw new InvalidStateError(`Ticket ${sourceId} was already merged into ${source.mergedIntoId}`, {
        ticketId: sourceId,
        mergedIntoId: source.mergedIntoId,
      });
    }
    if (source.statusCategory === 'closed')
      throw new InvalidStateError(`Ticket ${sourceId} is closed`, { ticketId: sourceId });
    const target = locked.find((ticket) => ticket?.id === data.targetId) ?? null;
    if (target === null)
      invalidInput(['targetId'], 'unknown_ticket', `Ticket ${data.targetId} does not exist`);
    if (target.statusCategory === 'closed') {
      throw new InvalidStateError(`Ticket ${target.id} is closed and cannot receive a merge`, {
        ticketId: target.id,
      });
    }
    if ((await tx.tickets.listChildren(who.tenantId, sourceId)).length > 0) {
      throw new InvalidStateError(`Ticket ${sourceId} has child tickets; move them first`, {
        ticketId: sourceId,
      });
    }

    const now = desk.clock.now();
    const actor = actorRef(who);
    const { settings } = await desk.settings.loadForCommand(context, who.tenantId);
    const pipeline = await commandPipeline(desk, context, who.tenantId, source.pipelineId);
    const nextSource = nextVersionOf(source, now);
    nextSource.mergedIntoId = target.id;
    await changeStage(desk, context, source, nextSource, {
      pipeline,
      to: closedStage(pipeline),
      reason: 'merge',
      actor,
      now,
      settings: { ...settings, allowResolveWithOpenChildren: true },
    });
    const nextTarget = nextVersionOf(target, now);
    nextTarget.mergedTicketIds = [...target.mergedTicketIds, source.id, ...source.mergedTicketIds];
    record(newEvent(desk, who.tenantId, actor, now, 'ticket.merged', source.id, { targetId: target.id }));
    record(
      newEvent(desk, who.tenantId, actor, now, 'ticket.merge_received', target.id, { sourceId: source.id }),
    );
    await saveTicket(desk, context, {
      before: source,
      after: nextSource,
      actor,
      now,
      statedVersion: data.expectedVersion,
    });
    await saveTicket(desk, context, { before: target, after: nextTarget, actor, now });
    return { source: nextSource, target: nextTarget };
  });
}

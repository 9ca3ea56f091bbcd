import { type Actor, actorRef } from '../actors';
import { ForbiddenError, NotFoundError } from '../errors';
import type { TransitionReason } from '../events';
import type { DeskContext } from '../internal/desk-context';
import {
  assertTransitionAllowed,
  commandPipeline,
  findStage,
  firstStageOf,
  reopenStage,
  stageFromInput,
} from '../pipelines/pipeline-rules';
import type { StorageRepositories } from '../storage/port';
import type { Message, MessageAuthor, Pipeline, Stage, Ticket } from '../storage/records';
import { parseInput } from '../validation';
import { openFollowUp } from './follow-up';
import { type NewMessage, storeMessage } from './new-ticket';
import { changeStage } from './stage-change';
import {
  assertNotClosed,
  assertStatedVersion,
  canSee,
  loadTicketForUpdate,
  nextVersionOf,
  saveTicket,
} from './ticket-access';
import { type ReplyInput, replySchema } from './ticket-schemas';

/** What a reply did. */
export interface ReplyResult {
  /** The ticket the message landed on, after the reply. */
  ticket: Ticket;
  message: Message;
  /** True when a message with the same `externalId` was already stored; nothing new was written. */
  duplicate: boolean;
  /**
   * The ticket that was addressed, when the message landed elsewhere: on the ticket it was
   * merged into, or on a follow-up of a closed ticket. Null otherwise.
   */
  redirectedFrom: string | null;
}

/** Most merge hops a reply follows (merges cannot form cycles; this only bounds the walk). */
const MAX_MERGE_HOPS = 32;

/** The reply command: see `TicketsApi.reply`. */
export async function replyToTicket(
  desk: DeskContext,
  who: Actor,
  ticketId: string,
  input: ReplyInput,
): Promise<ReplyResult> {
  const data = parseInput(replySchema, input);
  if (who.kind === 'customer') {
    if (data.visibility === 'internal')
      throw new ForbiddenError('Customers cannot write internal notes', { fields: ['visibility'] });
    if (data.moveToStageId !== undefined)
      throw new ForbiddenError('Customers cannot move tickets', { fields: ['moveToStageId'] });
  }
  return desk.gateway.command(async (context) => {
    const { tx } = context;
    const now = desk.clock.now();
    if (data.externalId !== undefined) {
      const seen = await tx.messages.findByExternalId(who.tenantId, data.externalId);
      if (seen !== null) {
        const landed = await tx.tickets.get(who.tenantId, seen.ticketId);
        if (landed === null || !canSee(who, landed)) throw new NotFoundError('Ticket', ticketId);
        return {
          ticket: landed,
          message: seen,
          duplicate: true,
          redirectedFrom: landed.id === ticketId ? null : ticketId,
        };
      }
    }
    const addressed = await loadTicketForUpdate(tx, who, ticketId);
    assertStatedVersion(addressed, data.expectedVersion);
    const ticket = await followMerges(tx, who, addressed);
    const redirectedFrom = ticket.id === addressed.id ? null : addressed.id;
    const { settings } = await desk.settings.loadForCommand(context, who.tenantId);
    const author = authorOf(who);
    const spec: NewMessage = {
      body: data.body,
      visibility: data.visibility,
      externalId: data.externalId ?? null,
      attachments: data.attachments,
      author,
      channel: data.channel ?? ticket.channel,
    };

    if (ticket.statusCategory === 'closed' && author.kind === 'customer') {
      const followUp = await openFollowUp(desk, context, ticket, spec, actorRef(who), now, settings);
      return { ...followUp, duplicate: false, redirectedFrom: addressed.id };
    }
    assertNotClosed(ticket);

    const next = nextVersionOf(ticket, now);
    next.messageCount = ticket.messageCount + 1;
    const message = await storeMessage(desk, context, ticket, next.messageCount, spec, actorRef(who), now);
    if (author.kind === 'agent' && data.visibility === 'public') next.firstRespondedAt ??= now;

    const pipeline = await commandPipeline(desk, context, who.tenantId, ticket.pipelineId);
    const move = stageAfterReply(
      ticket,
      pipeline,
      author,
      data.visibility,
      data.moveToStageId,
      settings.agentReplyMovesToPending,
    );
    if (move !== null && move.stage.id !== ticket.stageId) {
      if (move.reason === 'manual')
        assertTransitionAllowed(pipeline, findStage(pipeline, ticket.stageId), move.stage);
      await changeStage(desk, context, ticket, next, {
        pipeline,
        to: move.stage,
        reason: move.reason,
        actor: actorRef(who),
        now,
        settings,
      });
    }
    await saveTicket(desk, context, {
      before: ticket,
      after: next,
      actor: actorRef(who),
      now,
      statedVersion: redirectedFrom === null ? data.expectedVersion : undefined,
    });
    return { ticket: next, message, duplicate: false, redirectedFrom };
  });
}

/**
 * Where a reply moves its ticket:
 * - a customer's public reply on a pending or resolved ticket reopens it;
 * - staff may name a stage (`moveToStageId`), checked against the pipeline's transitions;
 * - an agent's public reply moves a new ticket to the first open stage, or, when the tenant
 *   says so, a new or open ticket to the first pending stage.
 */
function stageAfterReply(
  ticket: Ticket,
  pipeline: Pipeline,
  author: MessageAuthor,
  visibility: 'public' | 'internal',
  requested: string | undefined,
  agentReplyMovesToPending: boolean,
): { stage: Stage; reason: TransitionReason } | null {
  if (requested !== undefined)
    return { stage: stageFromInput(pipeline, requested, ['moveToStageId']), reason: 'manual' };
  if (visibility !== 'public') return null;
  const category = ticket.statusCategory;
  if (author.kind === 'customer' && (category === 'pending' || category === 'resolved')) {
    return { stage: reopenStage(pipeline), reason: 'customer_reply' };
  }
  if (author.kind !== 'agent') return null;
  if (agentReplyMovesToPending && (category === 'new' || category === 'open')) {
    const pending = firstStageOf(pipeline, 'pending');
    if (pending !== undefined) return { stage: pending, reason: 'agent_reply' };
  }
  if (category === 'new') return { stage: reopenStage(pipeline), reason: 'agent_reply' };
  return null;
}

/**
 * Follows `mergedIntoId` to the ticket that now carries the conversation. A customer only
 * follows into tickets they requested; otherwise the reply stays on the (closed) merged
 * ticket and becomes a follow-up.
 */
async function followMerges(tx: StorageRepositories, who: Actor, ticket: Ticket): Promise<Ticket> {
  let current = ticket;
  for (let hop = 0; hop < MAX_MERGE_HOPS && current.mergedIntoId !== null; hop++) {
    const target = await tx.tickets.getForUpdate(who.tenantId, current.mergedIntoId);
    if (target === null || !canSee(who, target)) break;
    current = target;
  }
  return current;
}

/** The author of a reply: the customer, the agent, or the system (automated messages). */
function authorOf(who: Actor): MessageAuthor {
  switch (who.kind) {
    case 'customer':
      return { kind: 'customer', id: who.customerId };
    case 'agent':
      return { kind: 'agent', id: who.agentId };
    case 'system':
      return { kind: 'system', id: null };
  }
}

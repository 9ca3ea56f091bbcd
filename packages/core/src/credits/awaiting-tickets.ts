import type { ActorRef } from '../actors';
import { isTicketkitError } from '../errors';
import type { DeskContext } from '../internal/desk-context';
import { entryStage, loadPipeline, reopenStage } from '../pipelines/pipeline-rules';
import type { TenantSettings } from '../settings/tenant-settings';
import type { CommandContext } from '../storage/gateway';
import type { StorageRepositories } from '../storage/port';
import type { Ticket } from '../storage/records';
import { changeStage } from '../tickets/stage-change';
import { nextVersionOf, saveTicket } from '../tickets/ticket-access';
import type { CreditSession } from './credit-session';
import { reserveOnce } from './idempotent-operations';
import { nextTicketHoldKey } from './ticket-billing';

/** Job type that releases a customer's tickets waiting for credits (when a grant could not lock them). */
export const RELEASE_AWAITING_JOB = 'credits.release_awaiting';

/** Most waiting tickets one grant releases; the rest wait for the release job. */
const RELEASE_BATCH = 100;

/**
 * Locks the customer's tickets that wait for credits, oldest first. Call it before the
 * credit account is locked: tickets are always locked before accounts, so a ticket command
 * (which locks its ticket, then its requester's account) and a grant cannot deadlock.
 */
export async function lockAwaitingTickets(
  tx: StorageRepositories,
  settings: TenantSettings,
  tenantId: string,
  customerId: string,
): Promise<Ticket[]> {
  const stageId = awaitingCreditsStageOf(settings);
  if (stageId === null) return [];
  const listed = await waitingTickets(tx, tenantId, customerId, stageId);
  const locked: Ticket[] = [];
  for (const id of listed.map((ticket) => ticket.id).sort()) {
    const ticket = await tx.tickets.getForUpdate(tenantId, id);
    if (ticket !== null && ticket.stageId === stageId) locked.push(ticket);
  }
  return locked.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1));
}

/**
 * Pays for waiting tickets in the order they arrived, while the credits last: reserves each
 * one's charge and moves it back to work (its pipeline's entry stage, or the reopen stage if
 * it was answered before), recording `ticket.transitioned` with reason `credits_available`.
 * Stops at the first ticket the credits cannot cover. When tickets wait that were not locked
 * up front, schedules the release job instead of locking them after the account.
 */
export async function releaseAwaitingTickets(
  desk: DeskContext,
  context: CommandContext,
  session: CreditSession,
  locked: readonly Ticket[],
  settings: TenantSettings,
  actor: ActorRef,
): Promise<void> {
  const stageId = awaitingCreditsStageOf(settings);
  if (stageId === null) return;
  const released = new Set<string>();
  for (const ticket of locked) {
    const service = settings.credits.tickets.services[ticket.channel];
    const rate = service === undefined ? undefined : settings.credits.rateCard[service];
    if (service === undefined || rate === undefined || rate === null) continue;
    const key = await nextTicketHoldKey(context.tx, settings, ticket);
    try {
      if ((await session.findHold(key)) === null)
        await reserveOnce(session, {
          key,
          service,
          amount: rate,
          timeoutSeconds: settings.credits.holdTimeoutSeconds,
          ticketId: ticket.id,
          messageId: null,
        });
    } catch (error) {
      if (isTicketkitError(error, 'INSUFFICIENT_CREDITS')) break;
      throw error;
    }
    const pipeline = await loadPipeline(context.tx, ticket.tenantId, ticket.pipelineId);
    const to = ticket.firstRespondedAt === null ? entryStage(pipeline) : reopenStage(pipeline);
    if (to.id === stageId) continue;
    const now = session.now;
    const next = nextVersionOf(ticket, now);
    await changeStage(desk, context, ticket, next, {
      pipeline,
      to,
      reason: 'credits_available',
      actor,
      now,
      settings,
    });
    await saveTicket(desk, context, { before: ticket, after: next, actor, now });
    released.add(ticket.id);
  }
  const lockedIds = new Set(locked.map((ticket) => ticket.id));
  const waiting = await waitingTickets(context.tx, session.tenantId, session.customerId, stageId);
  if (waiting.some((ticket) => !lockedIds.has(ticket.id)) && released.size === locked.length) {
    await desk.jobs.schedule(
      context.tx,
      {
        tenantId: session.tenantId,
        key: `${RELEASE_AWAITING_JOB}:${session.customerId}`,
        type: RELEASE_AWAITING_JOB,
        dueAt: session.now,
        payload: { customerId: session.customerId },
      },
      session.now,
    );
  }
}

/** The stage in which the tenant's tickets wait for credits, when it parks short tickets; else null. */
export function awaitingCreditsStageOf(settings: TenantSettings): string | null {
  const billing = settings.credits.tickets;
  return billing.enabled && billing.whenShort === 'await_credits' ? billing.awaitingStageId : null;
}

async function waitingTickets(
  tx: StorageRepositories,
  tenantId: string,
  customerId: string,
  stageId: string,
): Promise<Ticket[]> {
  return tx.tickets.list(tenantId, {
    filter: { requesterId: customerId, stageIds: [stageId] },
    sort: 'createdAt',
    direction: 'asc',
    after: null,
    limit: RELEASE_BATCH,
  });
}

import { isTicketkitError, ServiceOutOfScopeError, type TicketkitError } from '../errors';
import type { DeskContext } from '../internal/desk-context';
import type { TicketChange, TicketHook } from '../internal/ticket-hooks';
import { isDone, loadPipeline } from '../pipelines/pipeline-rules';
import type { TenantSettings } from '../settings/tenant-settings';
import type { StorageRepositories } from '../storage/port';
import type { CreditHold, StoredEvent, Ticket } from '../storage/records';
import { changeStage } from '../tickets/stage-change';
import type { CreditSession } from './credit-session';
import { commitOnce, reserveOnce, voidOnce } from './idempotent-operations';
import { openAccount } from './lazy-expiry';

/**
 * The ticket hook of prepaid credits (see `TicketBillingSettings`): it reserves a ticket's
 * charge when the ticket opens (or, per question, when the customer asks again), commits it
 * with the first public agent reply or on resolve, voids it when the ticket is merged away or
 * moved to a void stage, and, when credits are short, refuses the command or parks the ticket
 * in the awaiting-credits stage. It runs inside the ticket command's transaction; what it
 * throws refuses the command.
 */
export function creditTicketHook(desk: DeskContext): TicketHook {
  return (change) => {
    const loaded = desk.settings.loadForCommand(change.context, change.after.tenantId);
    // Billing off (and the settings at hand): nothing to wait for.
    if (!(loaded instanceof Promise) && !loaded.settings.credits.tickets.enabled) return undefined;
    return billTicketChange(desk, change);
  };
}

async function billTicketChange(desk: DeskContext, change: TicketChange): Promise<void> {
  const { context, after } = change;
  const { settings } = await desk.settings.loadForCommand(context, after.tenantId);
  const billing = settings.credits.tickets;
  if (!billing.enabled) return;
  const service = billing.services[after.channel];
  if (service === undefined) return;
  const situation = situationOf(change, settings);
  if (situation === null) return;
  if (billing.customers === 'with_credits') {
    if ((await context.tx.creditAccounts.get(after.tenantId, after.requesterId)) === null) return;
  }
  const rate = settings.credits.rateCard[service];
  if (situation.opens && (rate === undefined || rate === null)) throw new ServiceOutOfScopeError(service);
  const session = await openAccount(
    desk,
    context,
    after.tenantId,
    after.requesterId,
    change.actor,
    change.now,
    settings.credits,
  );
  const held = session.openHolds().filter((hold) => hold.ticketId === after.id);
  if (situation.voids) {
    for (const hold of held) await voidOnce(session, hold);
  } else {
    if (situation.commits) for (const hold of held) await commitOnce(session, hold, hold.amount);
    else if (situation.finishes) for (const hold of held) await voidOnce(session, hold);
    const stillHeld = situation.commits || situation.finishes ? [] : held;
    if (situation.asks && stillHeld.length === 0 && rate !== undefined && rate !== null) {
      await chargeQuestion(desk, change, session, settings, service, rate, situation.leavesWaiting);
    }
  }
  await session.flush();
}

/** What a ticket write means for its charge; null when nothing. */
interface Situation {
  /** The ticket is being opened. */
  opens: boolean;
  /** A charge must be held now: the ticket opens, the customer asks a new question, or it leaves the awaiting stage. */
  asks: boolean;
  /** The ticket leaves the awaiting-credits stage (a short balance then refuses the command). */
  leavesWaiting: boolean;
  /** Open holds must be committed. */
  commits: boolean;
  /** Open holds must be voided: merged away or moved to a void stage. */
  voids: boolean;
  /** The ticket was finished without the reply that commits (commitOn `first_agent_reply`). */
  finishes: boolean;
}

function situationOf(change: TicketChange, settings: TenantSettings): Situation | null {
  const { before, after, events } = change;
  const billing = settings.credits.tickets;
  const waiting = billing.whenShort === 'await_credits' ? billing.awaitingStageId : null;
  if (before === null) {
    return { opens: true, asks: true, leavesWaiting: false, commits: false, voids: false, finishes: false };
  }
  const voids =
    (after.mergedIntoId !== null && before.mergedIntoId === null) ||
    (billing.voidStageIds.includes(after.stageId) && !billing.voidStageIds.includes(before.stageId));
  const becameDone = isDone(after.statusCategory) && !isDone(before.statusCategory);
  const agentReplied = events.some((event) => isPublicMessage(event, 'agent'));
  const commits = billing.commitOn === 'resolve' ? becameDone : agentReplied;
  const finishes = billing.commitOn === 'first_agent_reply' && becameDone && !agentReplied;
  const leavesWaiting = waiting !== null && before.stageId === waiting && after.stageId !== waiting;
  const customerAsked =
    billing.billing === 'per_question' &&
    events.some((event) => isPublicMessage(event, 'customer')) &&
    after.stageId !== waiting;
  const asks = !voids && !isDone(after.statusCategory) && (leavesWaiting || customerAsked);
  if (!voids && !commits && !finishes && !asks) return null;
  return { opens: false, asks, leavesWaiting, commits, voids, finishes };
}

function isPublicMessage(event: StoredEvent, authorKind: 'agent' | 'customer'): boolean {
  return (
    event.type === 'message.created' &&
    event.data.authorKind === authorKind &&
    event.data.visibility === 'public'
  );
}

/**
 * Holds the charge of the ticket's current question. When the credits are short: a ticket
 * leaving the awaiting stage, or a tenant that rejects, refuses the command; otherwise the
 * ticket moves to the awaiting-credits stage.
 */
async function chargeQuestion(
  desk: DeskContext,
  change: TicketChange,
  session: CreditSession,
  settings: TenantSettings,
  service: string,
  rate: number,
  leavesWaiting: boolean,
): Promise<void> {
  const { context, after } = change;
  const key = await nextTicketHoldKey(context.tx, settings, after);
  if ((await session.findHold(key)) !== null) return;
  const question = [...change.events].reverse().find((event) => isPublicMessage(event, 'customer'));
  try {
    await reserveOnce(session, {
      key,
      service,
      amount: rate,
      timeoutSeconds: settings.credits.holdTimeoutSeconds,
      ticketId: after.id,
      messageId: question === undefined ? null : String(question.data.messageId),
    });
    return;
  } catch (error) {
    if (!isTicketkitError(error, 'INSUFFICIENT_CREDITS')) throw error;
    const billing = settings.credits.tickets;
    if (leavesWaiting || billing.whenShort === 'reject' || billing.awaitingStageId === null) throw error;
    await parkTicket(desk, change, settings, billing.awaitingStageId, error);
  }
}

/** Moves the ticket being written into the awaiting-credits stage (refusing when its pipeline has none). */
async function parkTicket(
  desk: DeskContext,
  change: TicketChange,
  settings: TenantSettings,
  stageId: string,
  short: TicketkitError,
): Promise<void> {
  const { context, after } = change;
  const pipeline = await loadPipeline(context.tx, after.tenantId, after.pipelineId);
  const stage = pipeline.stages.find((candidate) => candidate.id === stageId);
  if (stage === undefined || isDone(stage.category)) throw short;
  if (after.stageId === stage.id) return;
  await changeStage(desk, context, { ...after }, after, {
    pipeline,
    to: stage,
    reason: 'awaiting_credits',
    actor: change.actor,
    now: change.now,
    settings,
  });
}

/**
 * The key of the hold for a ticket's current charge: `ticket:<id>` per ticket;
 * `ticket:<id>:q<n>` per question, `n` counting the ticket's holds so far.
 */
export async function nextTicketHoldKey(
  tx: StorageRepositories,
  settings: TenantSettings,
  ticket: Ticket,
): Promise<string> {
  if (settings.credits.tickets.billing === 'per_ticket') return `ticket:${ticket.id}`;
  const holds: CreditHold[] = await tx.creditHolds.listForTicket(ticket.tenantId, ticket.id);
  return `ticket:${ticket.id}:q${holds.length + 1}`;
}

import { type DeskContext, newEvent } from '../internal/desk-context';
import type { TicketChange, TicketHook } from '../internal/ticket-hooks';
import { isDone } from '../pipelines/pipeline-rules';
import type { Ticket } from '../storage/records';
import { reportCandidates } from './candidates';
import {
  type CommandRoutingState,
  ROUTING_STATE,
  routingSettingsOf,
  routingStateOf,
} from './command-routing-state';
import { slotFieldsChanged, wantedSlot } from './load-counting';
import { currentSlot, routeTicket } from './route-ticket';
import { drainQueues, ROUTING_ACTOR } from './routing-queue';

/**
 * The routing engine's ticket hook. On every ticket write, in the writing command:
 * 1. when the tenant has routing rules: routes new tickets without an agent (`onCreate`) and
 *    reopened tickets (`onReopen`; they stay with their agent when the agent is online),
 *    when a rule matches;
 * 2. keeps the ticket's load slot in step with it: an assigned ticket that counts toward load
 *    holds a slot of its agent; a slot taken outside routing (a manual assignment, a ticket
 *    back from pending) is counted even beyond capacity, since a person decided it;
 * 3. keeps the queue in step: a queued ticket that got an agent, finished or changed team
 *    leaves the queue; a priority change moves it;
 * 4. when a slot was freed, retries the queues of the freed agent's teams.
 */
export function routingHook(desk: DeskContext): TicketHook {
  return (change) => (opensWithoutRouting(desk, change) ? undefined : followTicket(desk, change));
}

/**
 * Whether the write opens a ticket without an agent in a tenant that does not route on
 * create, in a command where routing has not touched this ticket nor freed an agent: then
 * {@link followTicket} would do nothing, and this is known without waiting.
 */
function opensWithoutRouting(desk: DeskContext, change: TicketChange): boolean {
  const { context, before, after } = change;
  if (before !== null || after.assigneeId !== null) return false;
  const state = context.peek(ROUTING_STATE);
  if (state !== undefined && (state.freedAgents.size > 0 || state.holdings.has(after.id))) return false;
  const loaded = desk.settings.loadForCommand(context, after.tenantId);
  if (loaded instanceof Promise) return false;
  const routing = loaded.settings.routing;
  return routing.rules.length === 0 || !routing.onCreate;
}

/** The hook's work; see {@link routingHook}. */
async function followTicket(desk: DeskContext, change: TicketChange): Promise<void> {
  const state = routingStateOf(change.context);
  const { after } = change;
  if (!state.routed.has(after.id) && !isDone(after.statusCategory)) {
    if (change.before === null && after.assigneeId === null) await routeAutomatically(desk, change, 'create');
    else if (change.events.some((event) => event.type === 'ticket.reopened'))
      await routeAutomatically(desk, change, 'reopen');
  }
  await reconcileSlot(desk, change, state);
  await maintainQueue(change, state);
  if (state.freedAgents.size > 0 && !state.draining) await drainFreedAgents(desk, change, state);
}

async function routeAutomatically(desk: DeskContext, change: TicketChange, trigger: 'create' | 'reopen') {
  const { context, after, now } = change;
  const routing = await routingSettingsOf(desk, context, after.tenantId);
  if (routing.rules.length === 0) return;
  if (trigger === 'create' && !routing.onCreate) return;
  if (trigger === 'reopen' && (!routing.onReopen || (await backToPreviousAssignee(desk, change)))) return;
  await routeTicket(
    desk,
    context,
    { trigger, actor: ROUTING_ACTOR, now, before: change.before, after },
    routing,
  );
}

/**
 * A reopened ticket stays with its agent when the agent is active and online, even at
 * capacity (the ticket is theirs already, like one coming back from a pausing stage);
 * recorded as `ticket.routed` with strategy `previous_assignee`. Otherwise the rules route it.
 */
async function backToPreviousAssignee(desk: DeskContext, change: TicketChange): Promise<boolean> {
  const { context, after, now } = change;
  if (after.assigneeId === null) return false;
  const agent = await context.tx.agents.get(after.tenantId, after.assigneeId);
  if (agent === null || !agent.active || agent.status !== 'online') return false;
  const state = routingStateOf(context);
  state.routed.add(after.id);
  const load = (await context.tx.agentLoads.list(after.tenantId, [agent.id]))[0]?.total ?? 0;
  const { candidates } = reportCandidates(
    [{ agent, load, channelLoad: 0, lastAssignedAt: -1, score: 0, missingSkills: [], excluded: null }],
    false,
  );
  context.record(
    newEvent(desk, after.tenantId, ROUTING_ACTOR, now, 'ticket.routed', after.id, {
      trigger: 'reopen',
      ruleId: null,
      strategy: 'previous_assignee',
      teamId: after.teamId,
      assigneeId: agent.id,
      reason: 'Reopened: it stays with its agent, who is online',
      candidates,
      omittedCandidates: 0,
      passedRules: [],
    }),
  );
  return true;
}

/** Makes the ticket's stored slot match what it should hold; notes the agent a slot left. */
async function reconcileSlot(
  desk: DeskContext,
  change: TicketChange,
  state: CommandRoutingState,
): Promise<void> {
  const { context, before, after, now } = change;
  const known = state.holdings.get(after.id);
  if (known === undefined) {
    if (before === null ? after.assigneeId === null : !slotFieldsChanged(before, after)) return;
  }
  const wanted = await wantedSlot(desk, context, after);
  const current = await currentSlot(context, state, { before, after });
  if (wanted === null) {
    if (current === null) return;
    await context.tx.agentLoads.release(after.tenantId, after.id);
    state.holdings.set(after.id, null);
    state.freedAgents.add(current.agentId);
    return;
  }
  if (current !== null && current.agentId === wanted.agentId && current.channel === wanted.channel) return;
  const holding = { tenantId: after.tenantId, ticketId: after.id, ...wanted, acquiredAt: now };
  await context.tx.agentLoads.acquire(holding, null);
  state.holdings.set(after.id, holding);
  if (current !== null && current.agentId !== wanted.agentId) state.freedAgents.add(current.agentId);
}

/** Keeps a queued ticket's entry in step with the ticket when the routing engine did not. */
async function maintainQueue(change: TicketChange, state: CommandRoutingState): Promise<void> {
  const { context, before, after } = change;
  if (before === null || state.queueHandled.has(after.id) || !queueFieldsChanged(before, after)) return;
  const entry = await context.tx.routingQueue.get(after.tenantId, after.id);
  if (entry === null) return;
  if (after.assigneeId !== null || isDone(after.statusCategory) || after.teamId !== entry.teamId) {
    await context.tx.routingQueue.remove(after.tenantId, after.id);
  } else if (after.priority !== entry.priority) {
    await context.tx.routingQueue.put({ ...entry, priority: after.priority });
  }
}

function queueFieldsChanged(before: Ticket, after: Ticket): boolean {
  return (
    before.assigneeId !== after.assigneeId ||
    before.teamId !== after.teamId ||
    before.priority !== after.priority ||
    before.statusCategory !== after.statusCategory
  );
}

async function drainFreedAgents(desk: DeskContext, change: TicketChange, state: CommandRoutingState) {
  const { context, after, now } = change;
  const agentIds = [...state.freedAgents];
  state.freedAgents.clear();
  const teamIds = new Set<string>();
  for (const agentId of agentIds) {
    const agent = await context.tx.agents.get(after.tenantId, agentId);
    for (const teamId of agent?.teamIds ?? []) teamIds.add(teamId);
  }
  if (teamIds.size === 0) return;
  const routing = await routingSettingsOf(desk, context, after.tenantId);
  await drainQueues(desk, context, after.tenantId, teamIds, now, routing, after.id);
}

import type { ActorRef } from '../actors';
import { type DeskContext, newEvent } from '../internal/desk-context';
import type { CommandContext } from '../storage/gateway';
import type { Agent, LoadHolding, Ticket } from '../storage/records';
import { commandRequester } from '../tickets/command-requester';
import { matchesConditions } from '../tickets/ticket-conditions';
import {
  type Candidate,
  evaluateCandidates,
  reportCandidates,
  requirementsFor,
  teamHasRoom,
} from './candidates';
import { type CommandRoutingState, routingStateOf } from './command-routing-state';
import { ticketCounts } from './load-counting';
import type {
  PassedRule,
  RoutingDecision,
  RoutingExclusion,
  RoutingFailure,
  RoutingTrigger,
} from './routing-decision';
import type {
  RoutingRequirements,
  RoutingRule,
  RoutingSettings,
  RoutingStrategyConfig,
} from './routing-settings';
import { NO_REQUIREMENTS } from './routing-settings';
import { agentStrategyOf, strategyFor } from './strategies';
import { MANUAL_REASON } from './strategies/manual';
import { nextCycle } from './strategies/round-robin';

/** One routing of one ticket inside a command. */
export interface RouteRequest {
  readonly trigger: RoutingTrigger;
  /** Who the decision is recorded as. */
  readonly actor: ActorRef;
  readonly now: Date;
  /** The ticket as stored when the command read it; null while the command creates it. */
  readonly before: Ticket | null;
  /** The command's copy of the ticket; routing sets its `teamId`, `assigneeId` and `reassignCount`. */
  readonly after: Ticket;
  /** Agents that must not get the ticket. */
  readonly excludeAgentIds?: readonly string[];
  /**
   * The team whose queue the ticket already waits in: a decision to queue it there again
   * changes nothing and records nothing (a retry from the queue that still finds no room).
   */
  readonly alreadyQueuedIn?: string;
  /**
   * Decide only: no slot is taken, nothing is written or recorded, and the ticket is left
   * as it is (`routing.preview`).
   */
  readonly dryRun?: boolean;
}

/**
 * What routing did to the ticket:
 * - `assigned`: an agent got it;
 * - `team_only`: it went to a team unassigned (`manual` strategy, or `fallback: 'unassigned'`,
 *   then with `failure`);
 * - `queued`: it waits in the team's queue (`changed` false when it already waited there);
 * - `failed`: it could not be placed; the ticket is unchanged;
 * - `not_routed`: an automatic trigger and no rule matched; nothing was recorded.
 */
export type RouteOutcome =
  | { kind: 'assigned'; agentId: string; teamId: string; decision: RoutingDecision }
  | { kind: 'team_only'; teamId: string; failure: RoutingFailure | null; decision: RoutingDecision }
  | { kind: 'queued'; teamId: string; teamHasRoom: boolean; changed: boolean; decision: RoutingDecision }
  | { kind: 'failed'; failure: RoutingFailure; decision: RoutingDecision }
  | { kind: 'not_routed' };

/** The routing of an automatic trigger only happens when a rule matches. */
const AUTOMATIC_TRIGGERS: ReadonlySet<RoutingTrigger> = new Set(['create', 'reopen']);

/** A rule as the engine runs it; the team default is a rule without an id. */
interface EffectiveRule {
  id: string | null;
  teamId: string | null;
  strategy: RoutingStrategyConfig;
  requirements: RoutingRequirements;
  fallback: RoutingRule['fallback'];
}

/** What trying one rule came to. */
type Attempt =
  | { kind: 'passed'; passed: PassedRule }
  | {
      kind: 'decided';
      placement: 'agent' | 'team' | 'queue' | 'none';
      teamId: string | null;
      winner: Candidate | null;
      slot: LoadHolding | null;
      failure: RoutingFailure | null;
      teamHasRoom: boolean;
      decision: Omit<RoutingDecision, 'trigger' | 'passedRules'>;
    };

/**
 * Routes a ticket in the caller's command: the tenant's rules in order (the first whose
 * conditions match decides, unless it passes with `fallback: 'next_rule'`); when none
 * matches, an explicit trigger routes within the ticket's team by `defaultStrategy`.
 * Amends `request.after`, takes the winner's slot through the capacity guard, writes the
 * queue and the round-robin cycle, and records `ticket.routed` / `ticket.queued` /
 * `routing.failed` (and `ticket.assigned` when the agent or team changed). The caller saves
 * the ticket when it changed; the routing hook then only reconciles.
 */
export async function routeTicket(
  desk: DeskContext,
  context: CommandContext,
  request: RouteRequest,
  settings: RoutingSettings,
): Promise<RouteOutcome> {
  const { after } = request;
  const state = routingStateOf(context);
  state.routed.add(after.id);
  const requester = requesterReader(context, after);
  const passed: PassedRule[] = [];
  let matched = false;
  for (const rule of settings.rules) {
    if (!(await ruleMatches(rule, after, requester))) continue;
    matched = true;
    const attempt = await attemptRule(desk, context, state, request, rule, requester);
    if (attempt.kind === 'passed') passed.push(attempt.passed);
    else return apply(desk, context, state, request, attempt, passed);
  }
  if (matched) {
    const last = passed.at(-1);
    return apply(
      desk,
      context,
      state,
      request,
      failedAttempt('no_eligible_agent', last?.teamId ?? null, {
        ruleId: last?.ruleId ?? null,
        strategy: null,
        reason: 'Every matching rule found nobody eligible with room and passed the ticket on',
      }),
      passed,
    );
  }
  if (AUTOMATIC_TRIGGERS.has(request.trigger)) return { kind: 'not_routed' };
  if (after.teamId === null) {
    return apply(
      desk,
      context,
      state,
      request,
      failedAttempt('no_matching_rule', null, {
        ruleId: null,
        strategy: null,
        reason: 'No routing rule matches the ticket and it has no team to route within',
      }),
      passed,
    );
  }
  const teamDefault: EffectiveRule = {
    id: null,
    teamId: after.teamId,
    strategy: settings.defaultStrategy,
    requirements: NO_REQUIREMENTS,
    fallback: 'queue',
  };
  const attempt = await attemptRule(desk, context, state, request, teamDefault, requester);
  return apply(desk, context, state, request, attempt as Extract<Attempt, { kind: 'decided' }>, passed);
}

/** Reads the requester when a rule needs it, once per command run (see {@link commandRequester}). */
function requesterReader(context: CommandContext, ticket: Ticket) {
  return () => commandRequester(context, ticket.tenantId, ticket.requesterId);
}

type RequesterReader = ReturnType<typeof requesterReader>;

async function ruleMatches(rule: RoutingRule, ticket: Ticket, requester: RequesterReader): Promise<boolean> {
  const { escalationLevels, ...conditions } = rule.conditions;
  if (escalationLevels !== undefined && !escalationLevels.includes(ticket.escalationLevel)) return false;
  const attributes = conditions.requesterAttributes === undefined ? {} : (await requester()).attributes;
  return matchesConditions(conditions, ticket, attributes);
}

function failedAttempt(
  failure: RoutingFailure,
  teamId: string | null,
  decision: { ruleId: string | null; strategy: RoutingDecision['strategy']; reason: string },
): Extract<Attempt, { kind: 'decided' }> {
  return {
    kind: 'decided',
    placement: 'none',
    teamId,
    winner: null,
    slot: null,
    failure,
    teamHasRoom: false,
    decision: { ...decision, teamId, assigneeId: null, candidates: [], omittedCandidates: 0 },
  };
}

/** Tries one rule: its team, its members' eligibility, the strategy's pick and the capacity guard. */
async function attemptRule(
  desk: DeskContext,
  context: CommandContext,
  state: CommandRoutingState,
  request: RouteRequest,
  rule: EffectiveRule,
  requester: RequesterReader,
): Promise<Attempt> {
  const { tx } = context;
  const { after, now } = request;
  const tenantId = after.tenantId;
  const strategy = strategyFor(rule.strategy);
  const teamId = strategy.team(rule.strategy, after, rule.teamId ?? after.teamId);
  const base = { ruleId: rule.id, strategy: rule.strategy.type };
  if (teamId === null) {
    if (rule.fallback === 'next_rule' && rule.id !== null) {
      return { kind: 'passed', passed: { ruleId: rule.id, teamId: null, reason: 'No team to route within' } };
    }
    return failedAttempt('no_team', null, {
      ...base,
      reason: 'The rule names no team and the ticket has none',
    });
  }
  if (!strategy.picksAgent(rule.strategy)) {
    if ((await tx.teams.get(tenantId, teamId)) === null) return unknownTeam(teamId, base);
    return {
      kind: 'decided',
      placement: 'team',
      teamId,
      winner: null,
      slot: null,
      failure: null,
      teamHasRoom: false,
      decision: {
        ...base,
        teamId,
        assigneeId: null,
        reason:
          rule.strategy.type === 'department' ? `Department by category; ${MANUAL_REASON}` : MANUAL_REASON,
        candidates: [],
        omittedCandidates: 0,
      },
    };
  }

  const cycle = strategy.usesRoundRobin(rule.strategy)
    ? await tx.roundRobin.getForUpdate(tenantId, teamId, now)
    : null;
  const agents = await tx.agents.listByTeam(tenantId, teamId);
  if (agents.length === 0 && (await tx.teams.get(tenantId, teamId)) === null)
    return unknownTeam(teamId, base);
  const loads =
    agents.length === 0
      ? []
      : await tx.agentLoads.list(
          tenantId,
          agents.map((agent) => agent.id),
        );
  const agentStrategy = agentStrategyOf(rule.strategy);
  const locale = rule.requirements.language === 'requester_locale' ? (await requester()).locale : null;
  const requirements = requirementsFor(
    after,
    rule.requirements,
    locale,
    agentStrategy.type === 'skills' && agentStrategy.match === 'best',
  );
  const ownSlot = await currentSlot(context, state, request);
  const candidates = evaluateCandidates(
    agents,
    loads,
    after,
    requirements,
    ownSlot,
    request.excludeAgentIds ?? [],
  );
  const input = {
    ticket: after,
    served: new Set(cycle?.served ?? []),
    lastServed: cycle?.served.at(-1) ?? null,
  };
  const counts = await ticketCounts(desk, context, after);

  let winner: Candidate | null = null;
  let slot: LoadHolding | null = null;
  for (;;) {
    let best: Candidate | null = null;
    for (const candidate of candidates) {
      if (candidate.excluded !== null) continue;
      if (best === null || strategy.compare(candidate, best, rule.strategy, input) < 0) best = candidate;
    }
    if (best === null) break;
    if (!counts || request.dryRun === true) {
      winner = best;
      break;
    }
    const holding: LoadHolding = {
      tenantId,
      ticketId: after.id,
      agentId: best.agent.id,
      channel: after.channel,
      acquiredAt: now,
    };
    if (await tx.agentLoads.acquire(holding, limitsOf(best.agent, after))) {
      winner = best;
      slot = holding;
      break;
    }
    best.excluded = 'lost_race';
  }

  const withScores = requirements.skills.length > 0;
  const report = reportCandidates(candidates, withScores);
  const eligible = candidates.filter((candidate) => candidate.excluded === null).length;
  if (winner !== null) {
    if (cycle !== null && request.dryRun !== true) {
      const members = new Set(agents.map((agent) => agent.id));
      await tx.roundRobin.put({
        ...cycle,
        served: nextCycle(cycle.served, winner.agent.id, members),
        updatedAt: now,
      });
    }
    return {
      kind: 'decided',
      placement: 'agent',
      teamId,
      winner,
      slot,
      failure: null,
      teamHasRoom: true,
      decision: {
        ...base,
        teamId,
        assigneeId: winner.agent.id,
        reason: strategy.explain(winner, rule.strategy, input, eligible),
        candidates: report.candidates,
        omittedCandidates: report.omitted,
      },
    };
  }
  const why = nobodyReason(candidates);
  if (rule.fallback === 'next_rule' && rule.id !== null) {
    return { kind: 'passed', passed: { ruleId: rule.id, teamId, reason: why } };
  }
  const queued = rule.fallback === 'queue';
  return {
    kind: 'decided',
    placement: queued ? 'queue' : 'team',
    teamId,
    winner: null,
    slot: null,
    failure: queued ? null : 'no_eligible_agent',
    teamHasRoom: teamHasRoom(candidates),
    decision: {
      ...base,
      teamId,
      assigneeId: null,
      reason: queued ? `${why}; the ticket waits in the team's queue` : `${why}; left unassigned in the team`,
      candidates: report.candidates,
      omittedCandidates: report.omitted,
    },
  };
}

function unknownTeam(
  teamId: string,
  base: { ruleId: string | null; strategy: RoutingDecision['strategy'] },
): Extract<Attempt, { kind: 'decided' }> {
  return failedAttempt('unknown_team', teamId, { ...base, reason: `Team ${teamId} does not exist` });
}

/** "Nobody eligible has room: 3 at capacity, 2 offline" */
function nobodyReason(candidates: readonly Candidate[]): string {
  if (candidates.length === 0) return 'The team has no members';
  const counts = new Map<RoutingExclusion, number>();
  for (const candidate of candidates) {
    const reason = candidate.excluded as RoutingExclusion;
    counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  const parts = [...counts].map(([reason, count]) => `${count} ${reason.replaceAll('_', ' ')}`);
  return `Nobody eligible has room among ${candidates.length} members (${parts.join(', ')})`;
}

/** The caps the capacity guard checks for an agent taking a ticket. */
export function limitsOf(agent: Agent, ticket: Ticket): { max: number; channelMax: number | null } {
  return { max: agent.capacity.max, channelMax: agent.capacity.perChannel[ticket.channel] ?? null };
}

/** The slot the ticket holds now, as this command knows it. */
export async function currentSlot(
  context: CommandContext,
  state: CommandRoutingState,
  request: Pick<RouteRequest, 'before' | 'after'>,
): Promise<LoadHolding | null> {
  const known = state.holdings.get(request.after.id);
  if (known !== undefined) return known;
  if (request.before === null) return null;
  const stored = await context.tx.agentLoads.holding(request.after.tenantId, request.after.id);
  state.holdings.set(request.after.id, stored);
  return stored;
}

/** Applies a decided attempt to the ticket, the slot, the queue and the history. */
async function apply(
  desk: DeskContext,
  context: CommandContext,
  state: CommandRoutingState,
  request: RouteRequest,
  attempt: Extract<Attempt, { kind: 'decided' }>,
  passedRules: PassedRule[],
): Promise<RouteOutcome> {
  const { tx } = context;
  const { after, now, actor } = request;
  const tenantId = after.tenantId;
  const decision: RoutingDecision = { trigger: request.trigger, ...attempt.decision, passedRules };
  const teamId = attempt.teamId as string;
  if (request.dryRun === true) return outcomeOf(attempt, decision, true);

  if (
    attempt.placement === 'queue' &&
    request.alreadyQueuedIn === teamId &&
    after.assigneeId === null &&
    after.teamId === teamId
  ) {
    return { kind: 'queued', teamId, teamHasRoom: attempt.teamHasRoom, changed: false, decision };
  }

  const fromAssignee = after.assigneeId;
  const fromTeam = after.teamId;
  if (attempt.placement === 'none') {
    context.record(
      newEvent(desk, tenantId, actor, now, 'routing.failed', after.id, {
        ...decision,
        failure: attempt.failure as RoutingFailure,
      }),
    );
    return { kind: 'failed', failure: attempt.failure as RoutingFailure, decision };
  }

  const ownSlot = await currentSlot(context, state, request);
  if (attempt.placement === 'agent') {
    const agentId = (attempt.winner as Candidate).agent.id;
    after.assigneeId = agentId;
    after.teamId = teamId;
    if (attempt.slot !== null) {
      state.holdings.set(after.id, attempt.slot);
      if (ownSlot !== null && ownSlot.agentId !== agentId) state.freedAgents.add(ownSlot.agentId);
    }
  } else {
    after.assigneeId = null;
    after.teamId = teamId;
    if (ownSlot !== null) {
      await tx.agentLoads.release(tenantId, after.id);
      state.holdings.set(after.id, null);
      state.freedAgents.add(ownSlot.agentId);
    }
  }

  state.queueHandled.add(after.id);
  if (attempt.placement === 'queue') {
    await tx.routingQueue.put({
      tenantId,
      ticketId: after.id,
      teamId,
      priority: after.priority,
      ticketCreatedAt: after.createdAt,
      queuedAt: now,
      ruleId: decision.ruleId,
    });
  } else if (request.before !== null) {
    await tx.routingQueue.remove(tenantId, after.id);
  }

  const storedAssignee = request.before?.assigneeId ?? null;
  if (storedAssignee !== null && after.assigneeId !== null && after.assigneeId !== storedAssignee) {
    after.reassignCount = (request.before as Ticket).reassignCount + 1;
  }
  if (attempt.placement === 'queue') {
    context.record(newEvent(desk, tenantId, actor, now, 'ticket.queued', after.id, decision));
  } else if (attempt.failure !== null) {
    context.record(
      newEvent(desk, tenantId, actor, now, 'routing.failed', after.id, {
        ...decision,
        failure: attempt.failure,
      }),
    );
  } else {
    context.record(newEvent(desk, tenantId, actor, now, 'ticket.routed', after.id, decision));
  }
  if (after.assigneeId !== fromAssignee || after.teamId !== fromTeam) {
    context.record(
      newEvent(desk, tenantId, actor, now, 'ticket.assigned', after.id, {
        assigneeId: { from: fromAssignee, to: after.assigneeId },
        teamId: { from: fromTeam, to: after.teamId },
        reassignCount: after.reassignCount,
      }),
    );
  }

  return outcomeOf(attempt, decision, true);
}

/** The outcome a decided attempt comes to. */
function outcomeOf(
  attempt: Extract<Attempt, { kind: 'decided' }>,
  decision: RoutingDecision,
  changed: boolean,
): RouteOutcome {
  const teamId = attempt.teamId as string;
  switch (attempt.placement) {
    case 'agent':
      return { kind: 'assigned', agentId: (attempt.winner as Candidate).agent.id, teamId, decision };
    case 'queue':
      return { kind: 'queued', teamId, teamHasRoom: attempt.teamHasRoom, changed, decision };
    case 'team':
      return { kind: 'team_only', teamId, failure: attempt.failure, decision };
    case 'none':
      return { kind: 'failed', failure: attempt.failure as RoutingFailure, decision };
  }
}

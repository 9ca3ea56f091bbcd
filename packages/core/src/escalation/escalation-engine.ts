import type { ActorRef } from '../actors';
import type { StagePosition } from '../events';
import { type DeskContext, newEvent } from '../internal/desk-context';
import type { TicketChange, TicketHook } from '../internal/ticket-hooks';
import type { JsonObject } from '../json';
import { isDone } from '../pipelines/pipeline-rules';
import type { JobHandler } from '../scheduler/job-registry';
import type { SlaEngine } from '../sla/sla-engine';
import type { CommandContext, CommandMemo } from '../storage/gateway';
import type { StoredEvent, Ticket } from '../storage/records';
import { commandRequester } from '../tickets/command-requester';
import { saveTicket } from '../tickets/ticket-access';
import { matchesConditions, needsRequester } from '../tickets/ticket-conditions';
import { applyEscalation, type EscalationReason } from './escalation-actions';
import type { EscalationPolicy, EscalationSettings } from './escalation-settings';

/** Job type of a "time in stage" escalation timer. */
export const STAGE_TIMER_JOB = 'escalation.time_in_stage';

/** The scheduler key of a ticket's "time in stage" timer for one policy. */
export function stageTimerKey(ticketId: string, policyId: string): string {
  return `${STAGE_TIMER_JOB}:${ticketId}:${policyId}`;
}

const SYSTEM: ActorRef = { kind: 'system', id: null };
/** Rounds of escalation and SLA re-evaluation one ticket write may cause. */
const MAX_ROUNDS = 4;

/** Per command run: the events escalation has already looked at. */
const HANDLED_EVENTS: CommandMemo<Set<string>> = { create: () => new Set() };

/**
 * Escalation policies at work. As a ticket hook (after the SLA hook) it reads the events of
 * the ticket being stored and fires matching policies:
 * - `sla.warning` / `sla.breached` of the policy's metric (not on resolved or closed tickets);
 * - `ticket.reopened` when `reopenCount` reaches `atLeast`, `ticket.assigned` when an agent
 *   replaced another and `reassignCount` reaches `atLeast` (so each fires once);
 * - `csat.submitted` at or below `atMost` (or low on its scale, without `atMost`);
 * - entering a stage schedules its "time in stage" timers and leaving it cancels them.
 * Closed tickets never escalate. When actions change the ticket, SLA clocks are evaluated
 * again (a new priority re-targets them), and new SLA events may escalate further.
 * With `deescalateOnResolve`, resolving brings the ticket back to level 1.
 */
export class EscalationEngine {
  readonly #desk: DeskContext;
  readonly #sla: SlaEngine;

  constructor(desk: DeskContext, sla: SlaEngine) {
    this.#desk = desk;
    this.#sla = sla;
  }

  /** The ticket hook the desk registers after the SLA hook. */
  readonly hook: TicketHook = (change) => {
    const loaded = this.#desk.settings.loadForCommand(change.context, change.after.tenantId);
    // No policy and nothing to de-escalate (and the settings at hand): nothing to wait for.
    if (!(loaded instanceof Promise) && !this.#hasWork(loaded.settings.escalation)) return undefined;
    return this.#follow(change);
  };

  #hasWork(escalation: EscalationSettings): boolean {
    return escalation.policies.length > 0 || escalation.deescalateOnResolve;
  }

  async #follow(change: TicketChange): Promise<void> {
    const { context, after: ticket } = change;
    const { escalation } = (await this.#desk.settings.loadForCommand(context, ticket.tenantId)).settings;
    if (!this.#hasWork(escalation)) return;
    const handled = context.memo(HANDLED_EVENTS);
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const fresh = context.recorded.filter(
        (event) =>
          event.ticketId === ticket.id && event.tenantId === ticket.tenantId && !handled.has(event.id),
      );
      if (fresh.length === 0) return;
      for (const event of fresh) handled.add(event.id);
      const before = context.recorded.length;
      await this.#react(change, fresh);
      if (context.recorded.length === before) return;
      const events = context.recorded.filter((event) => event.ticketId === ticket.id);
      await this.#sla.sync({ ...change, events });
    }
  }

  /** The handler of {@link STAGE_TIMER_JOB}: fires the policy if the ticket is still in the stage. */
  readonly stageTimerHandler: JobHandler = async (job, context, now) => {
    const ticket = await context.tx.tickets.getForUpdate(job.tenantId, String(job.payload.ticketId));
    if (ticket === null || isDone(ticket.statusCategory)) return;
    const { settings } = await this.#desk.settings.loadForCommand(context, job.tenantId);
    const policy = settings.escalation.policies.find((candidate) => candidate.id === job.payload.policyId);
    if (policy === undefined || policy.trigger.type !== 'time_in_stage') return;
    if (
      !inStage(policy, {
        pipelineId: ticket.pipelineId,
        stageId: ticket.stageId,
        category: ticket.statusCategory,
      })
    ) {
      return;
    }
    if (!(await this.#matches(context, policy, ticket))) return;
    const after: Ticket = { ...ticket, version: ticket.version + 1, updatedAt: now };
    await applyEscalation(
      {
        desk: this.#desk,
        context,
        before: ticket,
        ticket: after,
        actor: SYSTEM,
        now,
        escalation: settings.escalation,
      },
      policy.actions,
      {
        manual: false,
        policyId: policy.id,
        trigger: policy.trigger as unknown as JsonObject,
        reason: `In stage ${ticket.stageId} for more than ${policy.trigger.minutes} minutes`,
        note: null,
      },
    );
    await saveTicket(this.#desk, context, { before: ticket, after, actor: SYSTEM, now });
  };

  async #react(change: TicketChange, events: readonly StoredEvent[]): Promise<void> {
    const { context, after: ticket, now } = change;
    const { settings } = await this.#desk.settings.loadForCommand(context, ticket.tenantId);
    const escalation = settings.escalation;
    for (const event of events) {
      const data = event.data as Record<string, unknown>;
      if (event.type === 'ticket.created' || event.type === 'ticket.transitioned') {
        const position = (event.type === 'ticket.created' ? data.position : data.to) as StagePosition;
        await this.#scheduleStageTimers(context, ticket, escalation, position, event.occurredAt);
        const from = event.type === 'ticket.transitioned' ? (data.from as StagePosition) : null;
        if (from !== null && isDone(position.category) && !isDone(from.category)) {
          this.#deescalate(change, escalation);
        }
      }
      if (ticket.statusCategory === 'closed' || escalation.policies.length === 0) continue;
      for (const policy of escalation.policies) {
        const why = firing(policy, event, ticket);
        if (why === null || !(await this.#matches(context, policy, ticket))) continue;
        await applyEscalation(
          { desk: this.#desk, context, before: change.before, ticket, actor: SYSTEM, now, escalation },
          policy.actions,
          why,
        );
      }
    }
  }

  async #scheduleStageTimers(
    context: CommandContext,
    ticket: Ticket,
    escalation: EscalationSettings,
    position: StagePosition,
    enteredAt: Date,
  ): Promise<void> {
    for (const policy of escalation.policies) {
      if (policy.trigger.type !== 'time_in_stage') continue;
      const key = stageTimerKey(ticket.id, policy.id);
      if (!inStage(policy, position)) {
        await context.tx.jobs.cancel(ticket.tenantId, key);
        continue;
      }
      await this.#desk.jobs.schedule(
        context.tx,
        {
          tenantId: ticket.tenantId,
          key,
          type: STAGE_TIMER_JOB,
          dueAt: new Date(enteredAt.getTime() + policy.trigger.minutes * 60_000),
          payload: { ticketId: ticket.id, policyId: policy.id, stageId: position.stageId },
        },
        enteredAt,
      );
    }
  }

  #deescalate(change: TicketChange, escalation: EscalationSettings): void {
    const { context, after: ticket, now } = change;
    if (!escalation.deescalateOnResolve || ticket.escalationLevel <= 1) return;
    const fromLevel = ticket.escalationLevel;
    ticket.escalationLevel = 1;
    context.record(
      newEvent(this.#desk, ticket.tenantId, SYSTEM, now, 'escalation.lowered', ticket.id, {
        fromLevel,
        toLevel: 1,
        reason: 'resolved',
      }),
    );
  }

  async #matches(context: CommandContext, policy: EscalationPolicy, ticket: Ticket): Promise<boolean> {
    const attributes = needsRequester(policy.conditions)
      ? (await commandRequester(context, ticket.tenantId, ticket.requesterId)).attributes
      : {};
    return matchesConditions(policy.conditions, ticket, attributes);
  }
}

/** Whether a position is the stage (or category) a time-in-stage policy watches. */
function inStage(policy: EscalationPolicy, position: StagePosition): boolean {
  const trigger = policy.trigger;
  if (trigger.type !== 'time_in_stage') return false;
  return trigger.stageId !== undefined
    ? trigger.stageId === position.stageId
    : trigger.category === position.category;
}

/** The reason a policy fires on an event, or null when it does not. */
function firing(policy: EscalationPolicy, event: StoredEvent, ticket: Ticket): EscalationReason | null {
  const trigger = policy.trigger;
  const data = event.data as Record<string, unknown>;
  const why = (reason: string): EscalationReason => ({
    manual: false,
    policyId: policy.id,
    trigger: trigger as unknown as JsonObject,
    reason,
    note: null,
  });
  const active = !isDone(ticket.statusCategory);
  switch (trigger.type) {
    case 'sla_warning':
      if (event.type !== 'sla.warning' || !active || data.metric !== trigger.metric) return null;
      if (trigger.percent !== undefined && data.percent !== trigger.percent) return null;
      return why(
        `SLA warning: ${trigger.metric} reached ${data.percent}% of its ${data.targetMinutes}-minute goal`,
      );
    case 'sla_breach':
      if (event.type !== 'sla.breached' || !active || data.metric !== trigger.metric) return null;
      return why(
        `SLA breached: ${trigger.metric} passed its ${data.targetMinutes}-minute goal at ${data.dueAt}`,
      );
    case 'reopen_count':
      if (event.type !== 'ticket.reopened' || data.reopenCount !== trigger.atLeast) return null;
      return why(`Reopened ${trigger.atLeast} times`);
    case 'reassign_count': {
      if (event.type !== 'ticket.assigned' || data.reassignCount !== trigger.atLeast) return null;
      const assignee = data.assigneeId as { from: string | null; to: string | null };
      if (assignee.from === null || assignee.to === null || assignee.from === assignee.to) return null;
      return why(`Reassigned ${trigger.atLeast} times`);
    }
    case 'csat': {
      if (event.type !== 'csat.submitted') return null;
      const score = data.score as number;
      if (trigger.atMost === undefined) {
        return data.low === true ? why(`Satisfaction rated ${score}, low on the ${data.scale} scale`) : null;
      }
      return score <= trigger.atMost ? why(`Satisfaction rated ${score} (at most ${trigger.atMost})`) : null;
    }
    case 'time_in_stage':
    case 'manual':
      return null;
  }
}

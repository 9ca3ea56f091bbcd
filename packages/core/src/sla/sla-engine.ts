import type { StagePosition } from '../events';
import { type DeskContext, newEvent } from '../internal/desk-context';
import type { TicketChange, TicketHook } from '../internal/ticket-hooks';
import type { JsonObject } from '../json';
import { commandPipeline, stagePausesSla } from '../pipelines/pipeline-rules';
import type { JobHandler } from '../scheduler/job-registry';
import type { CommandContext, CommandMemo } from '../storage/gateway';
import type { Pipeline, StoredEvent, Ticket } from '../storage/records';
import { commandRequester } from '../tickets/command-requester';
import { saveTicket } from '../tickets/ticket-access';
import { calendarsById } from './sla-calendars';
import { evaluateSla, type SlaAnnouncement } from './sla-evaluation';
import { emptySla, foldSlaFact, type PausesAt } from './sla-facts';
import { applicablePolicy, goalOf, policiesNeedRequester, warningPercentsOf } from './sla-policy-match';
import type { SlaClock, TicketSla } from './ticket-sla';

/** Job type of a ticket's SLA timer (its next warning or breach). */
export const SLA_TIMER_JOB = 'sla.timer';

/** The scheduler key of a ticket's SLA timer: one timer per ticket, replaced on every change. */
export function slaTimerKey(ticketId: string): string {
  return `${SLA_TIMER_JOB}:${ticketId}`;
}

const SYSTEM = { kind: 'system', id: null } as const;
const HISTORY_PAGE = 500;

/** Per command run: the events already folded (a ticket stored twice in a command folds each fact once). */
const FOLDED_EVENTS: CommandMemo<Set<string>> = { create: () => new Set() };

/**
 * Keeps every ticket's SLA record (`ticket.sla`, `ticket.slaDueAt`) in step with its
 * history. It runs as a ticket hook, so whichever command stores a ticket, in that
 * command's transaction and before the ticket is stored:
 * 1. folds the command's new facts (see `foldSlaFact`) into the record, or rebuilds the
 *    record from the whole history when there is none yet;
 * 2. re-targets running clocks from the tenant's first matching policy (a priority change
 *    keeps their start and pauses; a breached clock keeps the goal it breached);
 * 3. evaluates at the command's instant and records `sla.warning`, `sla.breached` and
 *    `sla.achieved`, each once per clock cycle;
 * 4. schedules the ticket's one timer at its next warning or breach (replacing the previous
 *    timer, whose stale claim can then never complete), or cancels it.
 * A tenant without SLA policies pays nothing for tickets that never had a record.
 */
export class SlaEngine {
  readonly #desk: DeskContext;
  /** Tickets about to be stored whose record must be rebuilt from history (`sla.recompute`). */
  readonly #rebuild = new WeakSet<Ticket>();

  constructor(desk: DeskContext) {
    this.#desk = desk;
  }

  /** The ticket hook the desk registers. */
  readonly hook: TicketHook = (change) => {
    const ticket = change.after;
    const loaded = this.#desk.settings.loadForCommand(change.context, ticket.tenantId);
    // The same early return as `sync`, decided without waiting when the settings are at hand.
    if (
      !(loaded instanceof Promise) &&
      ticket.sla === null &&
      loaded.settings.sla.policies.length === 0 &&
      !this.#rebuild.has(ticket)
    ) {
      return undefined;
    }
    return this.sync(change);
  };

  /** The handler of {@link SLA_TIMER_JOB}: stores the ticket again at the job's instant, so the hook evaluates it. */
  readonly timerHandler: JobHandler = async (job, context, now) => {
    const ticket = await context.tx.tickets.getForUpdate(job.tenantId, String(job.payload.ticketId));
    if (ticket === null) return;
    await saveTicket(this.#desk, context, {
      before: ticket,
      after: { ...ticket, version: ticket.version + 1 },
      actor: SYSTEM,
      now,
    });
  };

  /**
   * Stores `ticket` again with its SLA record rebuilt from its stored history alone (the
   * hook does the work). Returns the stored ticket.
   */
  async rebuild(context: CommandContext, ticket: Ticket, now: Date): Promise<Ticket> {
    const after: Ticket = { ...ticket, version: ticket.version + 1 };
    this.#rebuild.add(after);
    await saveTicket(this.#desk, context, { before: ticket, after, actor: SYSTEM, now });
    return after;
  }

  /** Brings the SLA record of the ticket being stored up to date; see the class comment. */
  async sync(change: TicketChange): Promise<void> {
    const { context, after: ticket } = change;
    const { tx } = context;
    const tenantId = ticket.tenantId;
    const { settings, version } = await this.#desk.settings.loadForCommand(context, tenantId);
    const slaSettings = settings.sla;
    // No clock yet and no policy: nothing to keep (the common case of a desk without SLA).
    if (ticket.sla === null && slaSettings.policies.length === 0 && !this.#rebuild.has(ticket)) return;
    const folded = context.memo(FOLDED_EVENTS);
    const events = change.events.filter((event) => !folded.has(event.id));
    for (const event of events) folded.add(event.id);
    const rebuild =
      this.#rebuild.has(ticket) || (ticket.sla === null && !events.some((e) => e.type === 'ticket.created'));

    const facts = rebuild ? await this.#history(context, ticket, folded) : events;
    const now = latest(change.now, facts);
    const pausesAt = await this.#pausesAt(context, tenantId, facts);
    const sla: TicketSla = rebuild || ticket.sla === null ? emptySla(now) : structuredClone(ticket.sla);
    const started: SlaClock[] = [];
    for (const fact of facts) started.push(...foldSlaFact(sla, fact, pausesAt));

    const attributes = policiesNeedRequester(slaSettings)
      ? (await commandRequester(context, tenantId, ticket.requesterId)).attributes
      : ({} as JsonObject);
    const policy = applicablePolicy(slaSettings, ticket, attributes);
    sla.policyId = policy?.id ?? null;
    sla.settingsVersion = version;
    for (const clock of sla.clocks) {
      // A breached clock keeps the goal it breached; a completed one the goal it was judged by.
      if (clock.breached) continue;
      const fresh = !rebuild && started.includes(clock) && !clock.achieved;
      if (clock.completedAt !== null && !fresh) continue;
      const goal = goalOf(policy, ticket.priority, clock.metric);
      clock.targetMinutes = goal?.minutes ?? null;
      clock.calendarId = goal?.calendarId ?? null;
    }

    const evaluation = evaluateSla(sla, {
      now,
      calendars: calendarsById(slaSettings),
      warningPercents: warningPercentsOf(slaSettings, policy),
      announce: true,
      full: rebuild,
    });
    for (const announcement of evaluation.announcements) {
      const event = this.#announce(tenantId, ticket.id, now, sla.policyId, announcement);
      folded.add(event.id);
      context.record(event);
    }

    const timerAt = evaluation.timerAt?.toISOString() ?? null;
    if (rebuild || timerAt !== (ticket.sla?.timerAt ?? null)) {
      if (timerAt === null) await tx.jobs.cancel(tenantId, slaTimerKey(ticket.id));
      else {
        await this.#desk.jobs.schedule(
          tx,
          {
            tenantId,
            key: slaTimerKey(ticket.id),
            type: SLA_TIMER_JOB,
            dueAt: new Date(timerAt),
            payload: { ticketId: ticket.id },
          },
          now,
        );
      }
    }
    sla.timerAt = timerAt;
    ticket.sla = sla;
    ticket.slaDueAt = evaluation.slaDueAt;
  }

  /** The ticket's stored history followed by what this command recorded about it so far. */
  async #history(context: CommandContext, ticket: Ticket, folded: Set<string>): Promise<StoredEvent[]> {
    const { tenantId, id: ticketId } = ticket;
    const events: StoredEvent[] = [];
    let after: number | null = null;
    for (;;) {
      const page = await context.tx.events.listForTicket(tenantId, ticketId, { after, limit: HISTORY_PAGE });
      events.push(...page.events);
      if (page.events.length < HISTORY_PAGE || page.position === null) break;
      after = page.position;
    }
    for (const event of context.recorded) {
      if (event.tenantId !== tenantId || event.ticketId !== ticketId) continue;
      events.push(event);
      folded.add(event.id);
    }
    return events;
  }

  /** Which stages pause, for the stage positions the facts mention (by their pipeline's current stages). */
  async #pausesAt(
    context: CommandContext,
    tenantId: string,
    facts: readonly StoredEvent[],
  ): Promise<PausesAt> {
    const pipelines = new Map<string, Pipeline | null>();
    for (const fact of facts) {
      const position =
        fact.type === 'ticket.created'
          ? (fact.data.position as unknown as StagePosition)
          : fact.type === 'ticket.transitioned'
            ? (fact.data.to as unknown as StagePosition)
            : undefined;
      if (position === undefined || pipelines.has(position.pipelineId)) continue;
      pipelines.set(
        position.pipelineId,
        await commandPipeline(this.#desk, context, tenantId, position.pipelineId).catch(() => null),
      );
    }
    return (position) => {
      const stage = pipelines
        .get(position.pipelineId)
        ?.stages.find((candidate) => candidate.id === position.stageId);
      if (stage !== undefined) return stagePausesSla(stage);
      return position.category === 'pending' || position.category === 'on_hold';
    };
  }

  #announce(
    tenantId: string,
    ticketId: string,
    now: Date,
    policyId: string | null,
    announcement: SlaAnnouncement,
  ): StoredEvent {
    const { clock } = announcement;
    const common = {
      metric: clock.metric,
      cycle: clock.cycle,
      targetMinutes: clock.targetMinutes as number,
      calendarId: clock.calendarId,
      dueAt: announcement.dueAt.toISOString(),
      policyId,
    };
    switch (announcement.type) {
      case 'sla.warning':
        return newEvent(this.#desk, tenantId, SYSTEM, now, 'sla.warning', ticketId, {
          ...common,
          percent: announcement.percent,
          thresholdAt: announcement.thresholdAt.toISOString(),
        });
      case 'sla.breached':
        return newEvent(this.#desk, tenantId, SYSTEM, now, 'sla.breached', ticketId, {
          ...common,
          completedAt: clock.completedAt,
        });
      case 'sla.achieved':
        return newEvent(this.#desk, tenantId, SYSTEM, now, 'sla.achieved', ticketId, {
          ...common,
          completedAt: clock.completedAt as string,
          elapsedMinutes: clock.elapsedMinutes,
        });
    }
  }
}

/** The evaluation instant: the command's, never before one of its facts. */
function latest(now: Date, facts: readonly StoredEvent[]): Date {
  let instant = now.getTime();
  for (const fact of facts) instant = Math.max(instant, fact.occurredAt.getTime());
  return new Date(instant);
}

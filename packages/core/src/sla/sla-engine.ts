import type { StagePosition } from '../events';
import { type DeskContext, newEvent } from '../internal/desk-context';
import type { JsonObject } from '../json';
import { loadPipeline, stagePausesSla } from '../pipelines/pipeline-rules';
import type { JobHandler } from '../scheduler/job-registry';
import { type CommandContext, type CommandReaction, RetryCommand } from '../storage/gateway';
import type { Pipeline, StoredEvent, Ticket } from '../storage/records';
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

/** Events after which a ticket's SLA record is brought up to date. */
const SYNC_TYPES: ReadonlySet<string> = new Set([
  'ticket.created',
  'message.created',
  'ticket.transitioned',
  'ticket.updated',
  'ticket.assigned',
]);

const SYSTEM = { kind: 'system', id: null } as const;
const HISTORY_PAGE = 500;

/**
 * Keeps every ticket's SLA record (`ticket.sla`, `ticket.slaDueAt`) in step with its
 * history, in the transaction of the command that changed the ticket:
 * 1. folds the command's facts (see `foldSlaFact`) into the stored record, or rebuilds the
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

  constructor(desk: DeskContext) {
    this.#desk = desk;
  }

  /** The reaction the desk registers with its gateway. */
  readonly reaction: CommandReaction = async (context, events) => {
    const batches = new Map<string, { tenantId: string; ticketId: string; events: StoredEvent[] }>();
    for (const event of events) {
      if (event.ticketId === null || !SYNC_TYPES.has(event.type)) continue;
      const key = `${event.tenantId}\u0000${event.ticketId}`;
      let batch = batches.get(key);
      if (batch === undefined) {
        batch = { tenantId: event.tenantId, ticketId: event.ticketId, events: [] };
        batches.set(key, batch);
      }
      batch.events.push(event);
    }
    for (const batch of batches.values()) {
      await this.sync(context, batch.tenantId, batch.ticketId, batch.events, 'incremental');
    }
  };

  /** The handler of {@link SLA_TIMER_JOB}: evaluates the ticket at the job's instant. */
  readonly timerHandler: JobHandler = async (job, context) => {
    await this.sync(context, job.tenantId, String(job.payload.ticketId), [], 'incremental');
  };

  /**
   * Brings one ticket's SLA record up to date in the command's transaction and returns the
   * ticket (null when it does not exist). `events` are the command's new facts about it;
   * `rebuild` ignores the stored record and folds the whole history instead.
   */
  async sync(
    context: CommandContext,
    tenantId: string,
    ticketId: string,
    events: readonly StoredEvent[],
    mode: 'incremental' | 'rebuild',
  ): Promise<Ticket | null> {
    const { tx } = context;
    const ticket = await context.writtenTickets.latest(tx, tenantId, ticketId);
    if (ticket === null) return null;
    const { settings, version } = await this.#desk.settings.load(tx, tenantId);
    const slaSettings = settings.sla;
    if (mode === 'incremental' && ticket.sla === null && slaSettings.policies.length === 0) return ticket;

    const rebuild =
      mode === 'rebuild' || (ticket.sla === null && !events.some((e) => e.type === 'ticket.created'));
    const facts = rebuild ? await this.#history(context, tenantId, ticketId) : events;
    const now = this.#now(context, facts);
    const pausesAt = await this.#pausesAt(context, tenantId, facts);
    const before = ticket.sla === null ? null : signature(ticket.sla, ticket.slaDueAt);
    const sla: TicketSla = rebuild || ticket.sla === null ? emptySla(now) : structuredClone(ticket.sla);
    const started: SlaClock[] = [];
    for (const fact of facts) started.push(...foldSlaFact(sla, fact, pausesAt));

    const attributes = policiesNeedRequester(slaSettings)
      ? ((await tx.customers.get(tenantId, ticket.requesterId))?.attributes ?? {})
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
      context.record(this.#announce(tenantId, ticketId, now, sla.policyId, announcement));
    }

    const timerAt = evaluation.timerAt?.toISOString() ?? null;
    if (rebuild || timerAt !== (ticket.sla?.timerAt ?? null)) {
      if (timerAt === null) await tx.jobs.cancel(tenantId, slaTimerKey(ticketId));
      else {
        await this.#desk.jobs.schedule(
          tx,
          {
            tenantId,
            key: slaTimerKey(ticketId),
            type: SLA_TIMER_JOB,
            dueAt: new Date(timerAt),
            payload: { ticketId },
          },
          now,
        );
      }
    }
    sla.timerAt = timerAt;

    const written = context.writtenTickets.get(tenantId, ticketId) === ticket;
    if (!written && before === signature(sla, evaluation.slaDueAt)) return ticket;
    ticket.sla = sla;
    ticket.slaDueAt = evaluation.slaDueAt;
    if ((await context.writtenTickets.save(tx, ticket)) !== 'ok')
      throw new RetryCommand('ticket changed concurrently');
    return ticket;
  }

  /** The instant to evaluate at: the command's fixed instant or the clock, never before its facts. */
  #now(context: CommandContext, facts: readonly StoredEvent[]): Date {
    let now = (context.now ?? this.#desk.clock.now()).getTime();
    for (const fact of facts) now = Math.max(now, fact.occurredAt.getTime());
    return new Date(now);
  }

  /** The ticket's stored history followed by what this command recorded about it so far. */
  async #history(context: CommandContext, tenantId: string, ticketId: string): Promise<StoredEvent[]> {
    const events: StoredEvent[] = [];
    let after: number | null = null;
    for (;;) {
      const page = await context.tx.events.listForTicket(tenantId, ticketId, { after, limit: HISTORY_PAGE });
      events.push(...page.events);
      if (page.events.length < HISTORY_PAGE || page.position === null) break;
      after = page.position;
    }
    for (const event of context.recorded) {
      if (event.tenantId === tenantId && event.ticketId === ticketId) events.push(event);
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
        await loadPipeline(context.tx, tenantId, position.pipelineId).catch(() => null),
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

/** The parts of an SLA record that matter for a write (not the figures that move with time). */
function signature(sla: TicketSla, slaDueAt: Date | null): string {
  return JSON.stringify([
    slaDueAt?.getTime() ?? null,
    sla.policyId,
    sla.settingsVersion,
    sla.done,
    sla.pauses,
    sla.breached,
    sla.timerAt,
    sla.clocks.map((clock) => [
      clock.metric,
      clock.cycle,
      clock.status,
      clock.completedAt,
      clock.targetMinutes,
      clock.calendarId,
      clock.dueAt,
      clock.breached,
      clock.achieved,
      clock.warned,
    ]),
  ]);
}

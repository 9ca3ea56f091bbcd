import { type Actor, actorRef, parseActor, requireStaff } from '../actors';
import { InvalidStateError, NotFoundError } from '../errors';
import type { AnyTicketkitEvent, TicketkitEvent } from '../events';
import type { DeskContext } from '../internal/desk-context';
import { decodeKeysetCursor, encodeKeysetCursor, type Page, pageOf } from '../internal/pagination';
import { idSchema } from '../internal/schemas';
import { isDone } from '../pipelines/pipeline-rules';
import type { AgentLoad, QueuedTicket, Ticket } from '../storage/records';
import { queuePosition } from '../storage/ticket-order';
import {
  assertStatedVersion,
  loadTicketFor,
  loadTicketForUpdate,
  nextVersionOf,
  saveTicket,
} from '../tickets/ticket-access';
import { parseInput } from '../validation';
import { routingSettingsOf } from './command-routing-state';
import { routeTicket } from './route-ticket';
import type { RoutingDecision, RoutingFailure } from './routing-decision';
import { drainQueues } from './routing-queue';
import {
  type ListQueueInput,
  listQueueSchema,
  type ProcessQueueInput,
  processQueueSchema,
  type RouteTicketInput,
  routeTicketSchema,
} from './routing-schemas';

/** What `routing.route` did. */
export interface RouteResult {
  /** The ticket after routing. */
  ticket: Ticket;
  /**
   * - `assigned`: an agent got the ticket;
   * - `team_only`: it went to a team unassigned (`manual` strategy, or `fallback: 'unassigned'`);
   * - `queued`: it waits in the team's queue;
   * - `failed`: it could not be placed and is unchanged (`failure` says why).
   */
  outcome: 'assigned' | 'team_only' | 'queued' | 'failed';
  /** Why; the data of the `ticket.routed`, `ticket.queued` or `routing.failed` history entry. */
  decision: RoutingDecision;
  failure: RoutingFailure | null;
}

/** What `routing.preview` found: what `routing.route` would do now. */
export type RoutingPreview = Omit<RouteResult, 'ticket'>;

/** `INVALID_STATE` for a resolved or closed ticket: only open tickets are routed. */
function assertRoutable(ticket: Ticket): void {
  if (isDone(ticket.statusCategory)) {
    throw new InvalidStateError(
      `Ticket ${ticket.id} is ${ticket.statusCategory}; only open tickets are routed`,
      {
        ticketId: ticket.id,
        category: ticket.statusCategory,
      },
    );
  }
}

/** The history entries that record routing decisions. */
export type RoutingDecisionEvent =
  | TicketkitEvent<'ticket.routed'>
  | TicketkitEvent<'ticket.queued'>
  | TicketkitEvent<'routing.failed'>;

const DECISION_TYPES = ['ticket.routed', 'ticket.queued', 'routing.failed'];

/**
 * Routing: gives tickets to the right agent by the tenant's rules (`settings.routing`),
 * within each agent's capacity, and explains every decision. Staff only.
 *
 * Routing also runs by itself: on new tickets and reopened tickets (when a rule matches and
 * the settings say so), from the queue whenever a slot frees (a ticket of the team's agent
 * resolves or moves to a pausing stage, an agent comes online or gets more capacity), and
 * when an agent goes offline (with `onAgentOffline: 'reroute'`).
 */
export class RoutingApi {
  readonly #desk: DeskContext;

  /** @internal */
  constructor(desk: DeskContext) {
    this.#desk = desk;
  }

  /**
   * Routes a ticket now. An assigned ticket is routed again: its slot is freed first, so its
   * agent competes like anyone else, and it may be queued (and so unassigned) when nobody has
   * room. Without a matching rule, the ticket's team routes it by `defaultStrategy`.
   * Resolved and closed tickets are `INVALID_STATE`.
   */
  async route(actor: Actor, ticketId: string, input: RouteTicketInput = {}): Promise<RouteResult> {
    const who = parseActor(actor);
    requireStaff(who, 'route tickets');
    const id = parseInput(idSchema, ticketId, 'ticketId');
    const data = parseInput(routeTicketSchema, input);
    const desk = this.#desk;
    return desk.gateway.command(async (context) => {
      const current = await loadTicketForUpdate(context.tx, who, id);
      assertStatedVersion(current, data.expectedVersion);
      assertRoutable(current);
      const routing = await routingSettingsOf(desk, context, who.tenantId);
      const now = desk.clock.now();
      const next = nextVersionOf(current, now);
      const outcome = await routeTicket(
        desk,
        context,
        {
          trigger: 'on_demand',
          actor: actorRef(who),
          now,
          before: current,
          after: next,
          ...(data.excludeAgentIds === undefined ? {} : { excludeAgentIds: data.excludeAgentIds }),
        },
        routing,
      );
      if (outcome.kind === 'not_routed') throw new Error('explicit routing always decides');
      const changed = next.assigneeId !== current.assigneeId || next.teamId !== current.teamId;
      if (changed) {
        await saveTicket(desk, context, {
          before: current,
          after: next,
          actor: actorRef(who),
          now,
          statedVersion: data.expectedVersion,
        });
      }
      return {
        ticket: changed ? next : current,
        outcome: outcome.kind,
        decision: outcome.decision,
        failure: outcome.kind === 'failed' || outcome.kind === 'team_only' ? outcome.failure : null,
      };
    });
  }

  /**
   * What routing would decide for the ticket now, without doing it: nothing is written or
   * recorded and no slot is taken (so a concurrent routing may still take the slot the
   * preview names). For a "suggested assignee" in an agent UI. Resolved and closed tickets
   * are `INVALID_STATE`.
   */
  async preview(actor: Actor, ticketId: string): Promise<RoutingPreview> {
    const who = parseActor(actor);
    requireStaff(who, 'preview routing');
    const id = parseInput(idSchema, ticketId, 'ticketId');
    const desk = this.#desk;
    return desk.gateway.command(async (context) => {
      const current = await loadTicketFor(context.tx, who, id);
      assertRoutable(current);
      const routing = await routingSettingsOf(desk, context, who.tenantId);
      const outcome = await routeTicket(
        desk,
        context,
        {
          trigger: 'on_demand',
          actor: actorRef(who),
          now: desk.clock.now(),
          before: current,
          after: { ...current },
          dryRun: true,
        },
        routing,
      );
      if (outcome.kind === 'not_routed') throw new Error('explicit routing always decides');
      return {
        outcome: outcome.kind,
        decision: outcome.decision,
        failure: outcome.kind === 'failed' || outcome.kind === 'team_only' ? outcome.failure : null,
      };
    });
  }

  /** A team's queue, most urgent then oldest first, one page at a time. */
  async queue(actor: Actor, input: ListQueueInput): Promise<Page<QueuedTicket>> {
    const who = parseActor(actor);
    requireStaff(who, 'read routing queues');
    const data = parseInput(listQueueSchema, input);
    const kind = `queue:${data.teamId}`;
    const after = data.cursor === undefined ? null : decodeKeysetCursor(kind, data.cursor, 2);
    const rows = await this.#desk.gateway.read((repositories) =>
      repositories.routingQueue.list(who.tenantId, { teamId: data.teamId, after, limit: data.limit + 1 }),
    );
    return pageOf(rows, data.limit, (last) => encodeKeysetCursor(kind, queuePosition(last)));
  }

  /**
   * Retries queued tickets now: one team's queue, or every team's. Routing already does this
   * whenever a slot frees; call it after changes routing cannot see (new rules, for example).
   * Each team's retry stops at the first ticket that still finds nobody with room, or after 50.
   */
  async processQueue(actor: Actor, input: ProcessQueueInput = {}): Promise<{ assigned: number }> {
    const who = parseActor(actor);
    requireStaff(who, 'process routing queues');
    const data = parseInput(processQueueSchema, input);
    const desk = this.#desk;
    return desk.gateway.command(async (context) => {
      const teamIds =
        data.teamId === undefined
          ? (await context.tx.teams.list(who.tenantId)).map((team) => team.id)
          : [data.teamId];
      const routing = await routingSettingsOf(desk, context, who.tenantId);
      const assigned = await drainQueues(desk, context, who.tenantId, teamIds, desk.clock.now(), routing);
      return { assigned };
    });
  }

  /**
   * The latest routing decision of a ticket (`ticket.routed`, `ticket.queued` or
   * `routing.failed`): why it is with its agent, or waiting. Null when it was never routed.
   */
  async explain(actor: Actor, ticketId: string): Promise<RoutingDecisionEvent | null> {
    const who = parseActor(actor);
    requireStaff(who, 'read routing decisions');
    const id = parseInput(idSchema, ticketId, 'ticketId');
    return this.#desk.gateway.read(async (repositories) => {
      await loadTicketFor(repositories, who, id);
      let latest: AnyTicketkitEvent | null = null;
      let after: number | null = null;
      for (;;) {
        const page = await repositories.events.listForTicket(who.tenantId, id, {
          after,
          limit: 200,
          types: DECISION_TYPES,
        });
        const last = page.events.at(-1);
        if (last !== undefined) latest = last as unknown as AnyTicketkitEvent;
        if (page.position === after || page.position === null) return latest as RoutingDecisionEvent | null;
        after = page.position;
      }
    });
  }

  /** An agent's current load: the tickets counting toward its capacity, per channel. */
  async load(actor: Actor, agentId: string): Promise<AgentLoad> {
    const who = parseActor(actor);
    requireStaff(who, 'read agent loads');
    const id = parseInput(idSchema, agentId, 'agentId');
    return this.#desk.gateway.read(async (repositories) => {
      if ((await repositories.agents.get(who.tenantId, id)) === null) throw new NotFoundError('Agent', id);
      const [load] = await repositories.agentLoads.list(who.tenantId, [id]);
      if (load === undefined)
        return { tenantId: who.tenantId, agentId: id, total: 0, byChannel: {}, lastAssignedAt: null };
      return {
        ...load,
        byChannel: { ...load.byChannel },
        lastAssignedAt: load.lastAssignedAt === null ? null : new Date(load.lastAssignedAt.getTime()),
      };
    });
  }
}

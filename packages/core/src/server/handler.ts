import { z } from 'zod';
import { type Actor, actorSchema } from '../actors';
import { canRateTicket } from '../csat/csat-rules';
import type { Ticketing } from '../desk';
import { isTicketkitError } from '../errors';
import { consoleLogger, type Logger } from '../events';
import type { Customer, Message, Ticket } from '../storage/records';
import { listTicketsSchema } from '../tickets/ticket-schemas';
import { parseInput } from '../validation';
import { agentTicketView } from './agent-views';
import { customerBalanceView, customerLedgerEntryView, customerQuoteView } from './credit-views';
import {
  creditLedgerQuerySchema,
  customerCreateTicketSchema,
  customerReplySchema,
  customerTicketQuerySchema,
} from './customer-inputs';
import {
  type CustomerTicketDetail,
  type CustomerViewContext,
  customerCsatView,
  customerMessageView,
  customerTicketView,
} from './customer-views';
import { deskStatusView } from './desk-status-view';
import { errorResponse, HttpError, jsonResponse } from './http-errors';
import { liveUpdatesResponse } from './live-updates';
import { queryObject, readJsonBody } from './request-body';
import { matchRoute, type Route } from './routes';
import { verifyWidgetToken, type WidgetTokenKey } from './widget-token';

/** Options of {@link createHandler}. */
export interface HandlerOptions {
  /** The path the handler is mounted at, e.g. `/api/support`. Requests outside it are `ROUTE_NOT_FOUND`. Default `''`. */
  basePath?: string;
  /**
   * Maps a request to an actor from the host's own session (cookie, header...), or null.
   * Never read identity from the request body. Runs when the request has no widget token.
   */
  authenticate?: (request: Request) => Actor | null | Promise<Actor | null>;
  /**
   * Keys that verify widget tokens (`Authorization: Bearer tkw1...`), minted by the host's
   * backend with `createWidgetToken`. Without keys, bearer tokens are `TOKEN_INVALID`.
   */
  widgetTokenKeys?: readonly WidgetTokenKey[];
  /** Largest accepted request body in bytes. Default 256 KiB (a 64 Ki-character message in UTF-8). */
  maxBodyBytes?: number;
  /** Seconds between keep-alive comments on live-update streams. Default 25. */
  heartbeatSeconds?: number;
  /** Receives defects (e.g. a throwing `authenticate`). Defaults to the console. */
  logger?: Logger;
}

/** A Fetch-API request handler: mount it in any server that speaks `Request`/`Response`. */
export type TicketkitHandler = (request: Request) => Promise<Response>;

const optionsSchema = z.looseObject({
  basePath: z
    .string()
    .max(512)
    .regex(/^(\/[^/?#]+)*$/, 'A path like /api/support, without a trailing slash')
    .optional(),
  maxBodyBytes: z
    .int()
    .min(1024)
    .max(16 * 1024 * 1024)
    .optional(),
  heartbeatSeconds: z.number().min(1).max(3600).optional(),
});

interface RequestContext {
  request: Request;
  url: URL;
  actor: Actor;
  body(): Promise<unknown>;
}

/**
 * Creates the HTTP handler of a desk: the routes the widget (customers) and an agent console
 * (agents) call. It maps each request to an actor and calls the desk as that actor; every
 * rule (who may see and do what, what a ticket costs, when the desk is open) is the desk's:
 * credits, SLA and escalation come from the desk's own engines, configured per tenant in its
 * settings. Customer responses come from their own serializers (`customer-views.ts`,
 * `credit-views.ts`, `desk-status-view.ts`): no internal notes, no agent-only fields (SLA
 * records, routing decisions, escalation, cost basis).
 *
 * Every failure is a JSON `{ error: { code, message, details } }` with a stable code (see
 * {@link HttpErrorCode}) and a 4xx status for anything a client sent wrong: unknown route,
 * wrong method, missing or bad identity, non-JSON or oversized or malformed body, unknown
 * fields. Another customer's ticket is `404 NOT_FOUND`. A request the customer's credits
 * cannot pay (when the tenant rejects short requests) is `402 INSUFFICIENT_CREDITS` with
 * `details.required` and `details.available`. Only a defect is a 500, without details.
 *
 * Routes (relative to `basePath`):
 * - `GET /config`: categories, customer-editable fields, CSAT scale, desk status (business
 *   hours, open now, expected reply), features (whether requests cost credits).
 * - `GET /tickets`, `POST /tickets`, `GET /tickets/:id`: list (customers: their own, with unread
 *   counts; staff: the queue with the desk's filters and each ticket's SLA line), create, read
 *   with thread and rating.
 * - `POST /tickets/:id/replies`, `POST /tickets/:id/read`, `PUT /tickets/:id/csat`.
 * - Customers: `GET /credits` (balance and ledger, newest first), `GET /credits/quote` (what a
 *   new request costs).
 * - Staff: `POST /tickets/:id/notes`, `/transition`, `/assign`, `/escalate`; `GET /directory`.
 * - `GET /events`: server-sent events; the first is always `sync` (re-read everything).
 */
export function createHandler(desk: Ticketing, options: HandlerOptions = {}): TicketkitHandler {
  parseInput(optionsSchema, options, 'options');
  const basePath = options.basePath ?? '';
  const maxBodyBytes = options.maxBodyBytes ?? 256 * 1024;
  const heartbeatMs = (options.heartbeatSeconds ?? 25) * 1000;
  const logger = options.logger ?? consoleLogger;
  const keys = options.widgetTokenKeys ?? [];
  const routes = buildRoutes(desk, heartbeatMs);

  async function identify(request: Request): Promise<Actor> {
    const authorization = request.headers.get('authorization');
    if (authorization !== null) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
      if (match === null)
        throw new HttpError(401, 'TOKEN_INVALID', 'Send the widget token as "Bearer <token>"');
      const verified = await verifyWidgetToken(match[1] as string, keys, desk.clock.now());
      if (!verified.ok) {
        throw new HttpError(
          401,
          verified.reason,
          verified.reason === 'TOKEN_EXPIRED' ? 'The widget token expired' : 'The widget token is not valid',
        );
      }
      return verified.actor;
    }
    const actor = options.authenticate === undefined ? null : await options.authenticate(request);
    if (actor === null || actor === undefined) throw new HttpError(401, 'UNAUTHENTICATED', 'Sign in first');
    const parsed = actorSchema.safeParse(actor);
    if (!parsed.success) throw new Error('authenticate returned something that is not an actor');
    return parsed.data;
  }

  return async (request: Request): Promise<Response> => {
    try {
      const url = new URL(request.url);
      const path = url.pathname;
      if (path !== basePath && !path.startsWith(`${basePath}/`)) {
        throw new HttpError(404, 'ROUTE_NOT_FOUND', `No route at ${path}`);
      }
      const match = matchRoute(routes, request.method, path.slice(basePath.length));
      if (match.kind === 'none') throw new HttpError(404, 'ROUTE_NOT_FOUND', `No route at ${path}`);
      if (match.kind === 'wrong_method') {
        throw new HttpError(
          405,
          'METHOD_NOT_ALLOWED',
          `${request.method} is not allowed here`,
          { allowed: match.allowed },
          { allow: match.allowed.join(', ') },
        );
      }
      const actor = await identify(request);
      let body: Promise<unknown> | undefined;
      const context: RequestContext = {
        request,
        url,
        actor,
        body: () => {
          body ??= readJsonBody(request, maxBodyBytes);
          return body;
        },
      };
      if (match.route.method !== 'GET') await context.body();
      return await match.route.handle(context, match.params);
    } catch (error) {
      const response = errorResponse(error);
      if (response !== null) return response;
      logger.error('The ticketkit handler failed on a request', { error });
      return jsonResponse(500, {
        error: { code: 'INTERNAL_ERROR', message: 'Something went wrong on the server', details: {} },
      });
    }
  };
}

const ok = (body: unknown, status = 200) => jsonResponse(status, body);

function staffOnly(actor: Actor): void {
  if (actor.kind === 'customer') {
    throw new HttpError(403, 'FORBIDDEN', 'This route is for staff', {});
  }
}

function customerOnly(actor: Actor): asserts actor is Actor & { kind: 'customer' } {
  if (actor.kind !== 'customer') {
    throw new HttpError(403, 'FORBIDDEN', 'This route is for customers', {});
  }
}

/** What the customer serializers need: the public settings. */
async function customerViewContext(desk: Ticketing, actor: Actor): Promise<CustomerViewContext> {
  return { settings: await desk.settings.publicView(actor) };
}

async function fullThread(desk: Ticketing, actor: Actor, ticketId: string): Promise<Message[]> {
  const messages: Message[] = [];
  let cursor: string | undefined;
  do {
    const page = await desk.tickets.messages(actor, ticketId, { limit: 200, ...(cursor ? { cursor } : {}) });
    messages.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined && messages.length < 2000);
  return messages;
}

async function customerDetail(
  desk: Ticketing,
  actor: Actor & { kind: 'customer' },
  ticket: Ticket,
  context: CustomerViewContext,
): Promise<CustomerTicketDetail> {
  const [messages, rating, unread] = await Promise.all([
    fullThread(desk, actor, ticket.id),
    desk.csat.get(actor, ticket.id),
    desk.tickets.unreadCounts(actor, [ticket.id]),
  ]);
  return {
    ticket: customerTicketView(ticket, unread[ticket.id] ?? 0, context),
    messages: messages.map((message) => customerMessageView(message, actor.customerId)),
    canRate: canRateTicket(ticket),
    csat: rating === null ? null : customerCsatView(rating, context.settings),
  };
}

/**
 * Unread counts of the tickets for a staff view: an agent's own read positions; other staff
 * (the system) keep none, so every ticket counts as read (no entry).
 */
async function staffUnreadCounts(
  desk: Ticketing,
  actor: Actor,
  tickets: readonly Ticket[],
): Promise<Record<string, number>> {
  if (actor.kind !== 'agent') return {};
  return desk.tickets.unreadCounts(
    actor,
    tickets.map((ticket) => ticket.id),
  );
}

async function requesters(
  desk: Ticketing,
  actor: Actor,
  tickets: Ticket[],
): Promise<Record<string, Customer>> {
  const ids = [...new Set(tickets.map((ticket) => ticket.requesterId))];
  const found = await Promise.all(ids.map((id) => desk.customers.get(actor, id).catch(() => null)));
  return Object.fromEntries(
    found.filter((customer) => customer !== null).map((customer) => [customer.id, customer]),
  );
}

/** A short balance as the customer sees it: what the request needs and what they have, nothing internal. */
function customerCreditError(error: unknown): unknown {
  if (!isTicketkitError(error, 'INSUFFICIENT_CREDITS')) return error;
  return new HttpError(402, 'INSUFFICIENT_CREDITS', 'Not enough credits for this request', {
    required: error.details.required,
    available: error.details.available,
  });
}

/** Whether new requests of this actor cost credits (customers: as the billing hook would decide now). */
async function requestsCostCredits(desk: Ticketing, actor: Actor): Promise<boolean> {
  if (actor.kind !== 'customer') return false;
  try {
    const quote = await desk.credits.quoteTicket(actor, {
      customerId: actor.customerId,
      channel: 'web_form',
    });
    return quote.billed;
  } catch (error) {
    // A token for a customer the desk does not know: nothing to bill (their requests are refused anyway).
    if (isTicketkitError(error, 'NOT_FOUND')) return false;
    throw error;
  }
}

function buildRoutes(desk: Ticketing, heartbeatMs: number): Route<RequestContext>[] {
  const route = (
    method: Route<RequestContext>['method'],
    pattern: string,
    handle: Route<RequestContext>['handle'],
  ): Route<RequestContext> => ({ method, pattern, handle });

  return [
    route('GET', '/config', async ({ actor, url }) => {
      parseInput(z.strictObject({}), queryObject(url), 'query');
      const [settings, status, credits] = await Promise.all([
        desk.settings.publicView(actor),
        desk.sla.deskStatus(actor),
        requestsCostCredits(desk, actor),
      ]);
      return ok({
        actor: { kind: actor.kind },
        settings,
        deskStatus: status === null ? null : deskStatusView(status),
        features: { credits, deskStatus: status !== null },
      });
    }),

    route('GET', '/tickets', async ({ actor, url }) => {
      if (actor.kind === 'customer') {
        const query = parseInput(customerTicketQuerySchema, queryObject(url), 'query');
        const page = await desk.tickets.list(actor, {
          limit: query.limit,
          sort: 'updatedAt',
          ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
          ...(query.status === undefined ? {} : { category: query.status }),
        });
        const [unread, context] = await Promise.all([
          desk.tickets.unreadCounts(
            actor,
            page.items.map((ticket) => ticket.id),
          ),
          customerViewContext(desk, actor),
        ]);
        return ok({
          items: page.items.map((ticket) => customerTicketView(ticket, unread[ticket.id] ?? 0, context)),
          nextCursor: page.nextCursor,
        });
      }
      const query = parseInput(listTicketsSchema, queryObject(url), 'query');
      const page = await desk.tickets.list(actor, query);
      const [people, unread] = await Promise.all([
        requesters(desk, actor, page.items),
        staffUnreadCounts(desk, actor, page.items),
      ]);
      return ok({
        items: page.items.map((ticket) =>
          agentTicketView(ticket, people[ticket.requesterId], unread[ticket.id] ?? 0),
        ),
        nextCursor: page.nextCursor,
      });
    }),

    route('POST', '/tickets', async ({ actor, body }) => {
      if (actor.kind !== 'customer')
        return ok(await desk.tickets.create(actor, (await body()) as never), 201);
      const input = parseInput(customerCreateTicketSchema, await body(), 'body');
      // The billing hook holds the request's cost in the same command; a short balance refuses
      // it (INSUFFICIENT_CREDITS, 402) or parks it awaiting credits, as the tenant configured.
      const ticket = await desk.tickets.create(actor, { ...input, channel: 'web_form' }).catch((error) => {
        throw customerCreditError(error);
      });
      return ok(await customerDetail(desk, actor, ticket, await customerViewContext(desk, actor)), 201);
    }),

    route('GET', '/tickets/:id', async ({ actor, url }, { id }) => {
      parseInput(z.strictObject({}), queryObject(url), 'query');
      const ticket = await desk.tickets.get(actor, id as string);
      if (actor.kind === 'customer') {
        return ok(await customerDetail(desk, actor, ticket, await customerViewContext(desk, actor)));
      }
      const [messages, csat, history, people, unread] = await Promise.all([
        fullThread(desk, actor, ticket.id),
        desk.csat.get(actor, ticket.id),
        desk.tickets.history(actor, ticket.id, { limit: 200 }),
        requesters(desk, actor, [ticket]),
        staffUnreadCounts(desk, actor, [ticket]),
      ]);
      return ok({
        ticket: agentTicketView(ticket, people[ticket.requesterId], unread[ticket.id] ?? 0),
        messages,
        csat,
        history: history.items,
      });
    }),

    route('POST', '/tickets/:id/replies', async ({ actor, body }, { id }) => {
      if (actor.kind !== 'customer') {
        const result = await desk.tickets.reply(actor, id as string, (await body()) as never);
        return ok(result, 201);
      }
      const input = parseInput(customerReplySchema, await body(), 'body');
      const result = await desk.tickets.reply(actor, id as string, { body: input.body });
      // A reply to a closed ticket lands on a follow-up: answer with the ticket it landed on.
      await desk.tickets.markRead(actor, result.ticket.id);
      const detail = await customerDetail(desk, actor, result.ticket, await customerViewContext(desk, actor));
      return ok(detail, 201);
    }),

    route('POST', '/tickets/:id/read', async ({ actor, body }, { id }) => {
      parseInput(z.strictObject({}), await body(), 'body');
      return ok(await desk.tickets.markRead(actor, id as string));
    }),

    route('PUT', '/tickets/:id/csat', async ({ actor, body }, { id }) => {
      const rating = await desk.csat.submit(actor, id as string, (await body()) as never);
      if (actor.kind !== 'customer') return ok(rating);
      return ok(customerCsatView(rating, await desk.settings.publicView(actor)));
    }),

    route('POST', '/tickets/:id/notes', async ({ actor, body }, { id }) => {
      return ok(await desk.tickets.addNote(actor, id as string, (await body()) as never), 201);
    }),

    route('POST', '/tickets/:id/transition', async ({ actor, body }, { id }) => {
      return ok(await desk.tickets.transition(actor, id as string, (await body()) as never));
    }),

    route('POST', '/tickets/:id/assign', async ({ actor, body }, { id }) => {
      return ok(await desk.tickets.assign(actor, id as string, (await body()) as never));
    }),

    route('POST', '/tickets/:id/escalate', async ({ actor, body }, { id }) => {
      staffOnly(actor);
      // `{ note, toLevel?, expectedVersion? }`, parsed by the escalation engine.
      const ticket = await desk.escalation.escalate(actor, id as string, (await body()) as never);
      const people = await requesters(desk, actor, [ticket]);
      return ok(agentTicketView(ticket, people[ticket.requesterId], 0));
    }),

    route('GET', '/credits', async ({ actor, url }) => {
      const query = parseInput(creditLedgerQuerySchema, queryObject(url), 'query');
      customerOnly(actor);
      const [balance, ledger] = await Promise.all([
        desk.credits.balance(actor, actor.customerId),
        desk.credits.ledger(actor, actor.customerId, {
          limit: query.limit,
          order: 'newest_first',
          ...(query.cursor ? { cursor: query.cursor } : {}),
        }),
      ]);
      return ok({
        balance: customerBalanceView(balance),
        ledger: { items: ledger.items.map(customerLedgerEntryView), nextCursor: ledger.nextCursor },
      });
    }),

    route('GET', '/credits/quote', async ({ actor, url }) => {
      parseInput(z.strictObject({}), queryObject(url), 'query');
      customerOnly(actor);
      const quote = await desk.credits.quoteTicket(actor, {
        customerId: actor.customerId,
        channel: 'web_form',
      });
      return ok(customerQuoteView(quote));
    }),

    route('GET', '/directory', async ({ actor, url }) => {
      parseInput(z.strictObject({}), queryObject(url), 'query');
      staffOnly(actor);
      const [agents, teams, pipelines, settings] = await Promise.all([
        desk.agents.list(actor, { limit: 200 }),
        desk.teams.list(actor),
        desk.pipelines.list(actor),
        desk.settings.get(actor),
      ]);
      const levels = settings.settings.escalation.levels.map((level, index) => ({
        level: index + 1,
        name: level.name,
        teamId: level.teamId,
      }));
      return ok({ agents: agents.items, teams, pipelines, escalationLevels: levels });
    }),

    route('GET', '/events', async ({ actor, url, request }) => {
      parseInput(z.strictObject({}), queryObject(url), 'query');
      return liveUpdatesResponse(desk, actor, request.signal, heartbeatMs);
    }),
  ];
}

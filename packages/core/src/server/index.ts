/**
 * The HTTP side of ticketkit: a Fetch-API request handler for the widget and an agent
 * console, widget tokens, and a `node:http` adapter.
 *
 * @example
 * ```ts
 * import { createHandler, toNodeListener } from '@ticketkit/core/server';
 *
 * const handler = createHandler(desk, {
 *   basePath: '/api/support',
 *   authenticate: async (request) => sessionActor(request),
 *   widgetTokenKeys: [{ id: 'k1', secret: process.env.WIDGET_SECRET! }],
 * });
 * http.createServer(toNodeListener(handler)).listen(3000);
 * ```
 * @packageDocumentation
 */

export type { AgentTicketView, RequesterSummary, SlaSummary } from './agent-views';
export type {
  CreditBalanceView,
  CreditBlockView,
  CreditLedgerEntryView,
  CreditQuoteView,
} from './credit-views';
export {
  type CustomerCreateTicketInput,
  type CustomerReplyInput,
  creditLedgerQuerySchema,
  customerCreateTicketSchema,
  customerReplySchema,
  customerTicketQuerySchema,
} from './customer-inputs';
export type {
  CustomerCsatView,
  CustomerMessageView,
  CustomerNotice,
  CustomerTicketDetail,
  CustomerTicketView,
  CustomerViewContext,
} from './customer-views';
export type { DeskStatusView } from './desk-status-view';
export { createHandler, type HandlerOptions, type TicketkitHandler } from './handler';
export type { HttpErrorBody, HttpErrorCode } from './http-errors';
export type { LiveNotice } from './live-updates';
export { toNodeListener } from './node-listener';
export {
  createWidgetToken,
  verifyWidgetToken,
  type WidgetTokenClaims,
  type WidgetTokenFailure,
  type WidgetTokenKey,
  type WidgetTokenRequest,
  type WidgetTokenVerification,
  widgetTokenRequestSchema,
} from './widget-token';

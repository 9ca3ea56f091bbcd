'use client';
/**
 * The ticketkit support widget for React: a provider and headless hooks over the
 * framework-free client (`@ticketkit/react-widget/client`), and accessible default components.
 * Nothing touches `window` at import; React 18 and 19 are supported.
 *
 * @example
 * ```tsx
 * <SupportProvider baseUrl="/api/support" getToken={() => fetchWidgetToken()}>
 *   <SupportWidget appearance={{ theme: 'auto' }} />
 * </SupportProvider>
 * ```
 * @packageDocumentation
 */

export {
  type ConnectionStatus,
  type CreditsData,
  createSupportClient,
  type LoadStatus,
  type Remote,
  SupportApiError,
  type SupportClient,
  type SupportClientOptions,
  type SupportListener,
  type SupportState,
  type WidgetConfig,
} from './client/index';
export { CreditBalance } from './components/credit-balance';
export { CsatPrompt } from './components/csat-prompt';
export { DeskStatusNotice } from './components/desk-status-notice';
export { NewTicketForm } from './components/new-ticket-form';
export {
  SupportWidget,
  type SupportWidgetProps,
  type WidgetAppearance,
  type WidgetThemeVariables,
} from './components/support-widget';
export { TicketList } from './components/ticket-list';
export { TicketView } from './components/ticket-view';
export { createI18n, I18nProvider, useI18n, type WidgetI18n } from './i18n/i18n';
export { builtInMessages, en, ja, type WidgetMessages } from './i18n/messages';
export {
  type Mutation,
  useCreateTicket,
  useCreditQuote,
  useCredits,
  useCsat,
  useDeskStatus,
  useReply,
  useSupportConfig,
  useSupportState,
  useTicket,
  useTickets,
  useUnreadCount,
} from './react/hooks';
export { SupportProvider, type SupportProviderProps, useSupportClient } from './react/support-provider';

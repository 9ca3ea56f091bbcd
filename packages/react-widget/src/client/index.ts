/**
 * The framework-free ticketkit support client: fetch + server-sent events behind a
 * `subscribe` / `getSnapshot` store. The React hooks are built on it; use it directly from
 * any other framework.
 * @packageDocumentation
 */

export { EventStreamParser, type LiveStreamOptions, openLiveStream, type StreamMessage } from './live-stream';
export { SupportApiError } from './support-api-error';
export {
  createSupportClient,
  type SupportClient,
  type SupportClientOptions,
  type SupportListener,
} from './support-client';
export type {
  ConnectionStatus,
  CreditsData,
  LoadStatus,
  Remote,
  SupportState,
  WidgetConfig,
} from './types';

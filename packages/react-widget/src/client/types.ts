import type { PublicSettings } from '@ticketkit/core';
import type {
  CreditBalanceView,
  CreditLedgerEntryView,
  CustomerTicketDetail,
  CustomerTicketView,
  DeskStatusView,
} from '@ticketkit/core/server';
import type { SupportApiError } from './support-api-error';

/** What `GET /config` answers: the tenant's customer-facing settings and which engines are on. */
export interface WidgetConfig {
  actor: { kind: 'customer' | 'agent' | 'system' };
  settings: PublicSettings;
  /** Business hours and expected reply time; null when the tenant has no business calendar or reply goal. */
  deskStatus: DeskStatusView | null;
  /** `credits`: new requests of this customer cost credits; `deskStatus`: the desk has hours or a reply goal. */
  features: { credits: boolean; deskStatus: boolean };
}

/** Where a piece of remote data stands. */
export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

/** A piece of remote data: the last value read, its status, and the last error. */
export interface Remote<T> {
  data: T;
  status: LoadStatus;
  error: SupportApiError | null;
}

/** The customer's credits: balance and latest ledger lines. */
export interface CreditsData {
  balance: CreditBalanceView;
  ledger: CreditLedgerEntryView[];
}

/** The state of the live-update stream. */
export type ConnectionStatus = 'offline' | 'connecting' | 'open' | 'reconnecting';

/** Everything the client knows; a new object on every change (compare by reference). */
export interface SupportState {
  config: Remote<WidgetConfig | null>;
  tickets: Remote<CustomerTicketView[]>;
  /** Ticket details by id, loaded on demand. */
  details: Readonly<Record<string, Remote<CustomerTicketDetail | null>>>;
  credits: Remote<CreditsData | null>;
  connection: ConnectionStatus;
}

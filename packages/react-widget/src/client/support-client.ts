import type {
  CreditQuoteView,
  CustomerCreateTicketInput,
  CustomerCsatView,
  CustomerTicketDetail,
  CustomerTicketView,
  LiveNotice,
} from '@ticketkit/core/server';
import { openLiveStream } from './live-stream';
import { SupportApiError } from './support-api-error';
import type { CreditsData, Remote, SupportState, WidgetConfig } from './types';

/** Options of {@link createSupportClient}. */
export interface SupportClientOptions {
  /** Where the host mounted the ticketkit handler, e.g. `/api/support` or `https://app.example.com/api/support`. */
  baseUrl: string;
  /**
   * Returns a widget token minted by the host's backend (`createWidgetToken`). Called before
   * each request (cache it), and again with `{ expired: true }` after the server said it expired.
   * Leave it out when the page's session cookie identifies the customer.
   */
  getToken?: (context: { expired: boolean }) => string | Promise<string>;
  /** Defaults to the global `fetch`. */
  fetch?: typeof fetch;
  /** Whether cookies go along (`include` for a widget on another origin with cookie sessions). Default `same-origin`. */
  credentials?: RequestCredentials;
}

/** A listener of {@link SupportClient.subscribe}. */
export type SupportListener = () => void;

/**
 * The framework-free support client: fetch + server-sent events behind a `subscribe` /
 * `getSnapshot` store (for `useSyncExternalStore`). Every read updates the snapshot; every
 * command returns the server's answer and refreshes what it changed. Live updates re-read
 * what changed; a (re)connected stream re-reads everything, so nothing is missed.
 */
export interface SupportClient {
  /** Calls `listener` after every change of the snapshot. Returns the unsubscribe function. */
  subscribe(listener: SupportListener): () => void;
  /** The current state; the same object until something changes. */
  getSnapshot(): SupportState;
  /** Loads config and tickets and opens the live stream. Reference-counted: call the returned function to release. */
  start(): () => void;
  /** Re-reads the widget config (`GET /config`). */
  refreshConfig(): Promise<void>;
  /** Re-reads the customer's tickets (`GET /tickets`). */
  refreshTickets(): Promise<void>;
  /** Loads (or reloads) one ticket with its thread. */
  loadTicket(ticketId: string): Promise<void>;
  /** Opens a ticket; rejects with a {@link SupportApiError} (e.g. `VALIDATION_FAILED`, `INSUFFICIENT_CREDITS`). */
  createTicket(input: CustomerCreateTicketInput): Promise<CustomerTicketDetail>;
  /** Replies; resolves to the ticket the reply landed on (a follow-up when the ticket was closed). */
  reply(ticketId: string, body: string): Promise<CustomerTicketDetail>;
  /** Marks the thread read and clears its unread count. */
  markRead(ticketId: string): Promise<void>;
  /** Rates a resolved ticket, or changes the rating within its window. */
  rate(ticketId: string, rating: { score: number; comment?: string | null }): Promise<CustomerCsatView>;
  /** Re-reads the credit balance and ledger (latest entries first). */
  refreshCredits(): Promise<void>;
  /** What a new request would cost the customer now, and whether their credits cover it. */
  quote(): Promise<CreditQuoteView>;
}

const idle = <T>(data: T): Remote<T> => ({ data, status: 'idle', error: null });

const INITIAL: SupportState = {
  config: idle<WidgetConfig | null>(null),
  tickets: idle<CustomerTicketView[]>([]),
  details: {},
  credits: idle<CreditsData | null>(null),
  connection: 'offline',
};

/** Creates a {@link SupportClient}. Nothing happens until `start` or a method is called (safe to create during SSR). */
export function createSupportClient(options: SupportClientOptions): SupportClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const listeners = new Set<SupportListener>();
  let state = INITIAL;
  let starts = 0;
  let closeStream: (() => void) | null = null;

  const set = (next: Partial<SupportState>) => {
    state = { ...state, ...next };
    for (const listener of [...listeners]) listener();
  };
  const setDetail = (ticketId: string, remote: Remote<CustomerTicketDetail | null>) =>
    set({ details: { ...state.details, [ticketId]: remote } });

  async function headers(expired: boolean, json: boolean): Promise<Record<string, string>> {
    const result: Record<string, string> = { accept: 'application/json' };
    if (json) result['content-type'] = 'application/json';
    if (options.getToken !== undefined)
      result.authorization = `Bearer ${await options.getToken({ expired })}`;
    return result;
  }

  async function request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    const doFetch = options.fetch ?? fetch;
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await doFetch(`${baseUrl}${path}`, {
          method,
          headers: await headers(attempt > 0, body !== undefined),
          credentials: options.credentials ?? 'same-origin',
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          ...(signal === undefined ? {} : { signal }),
        });
      } catch (error) {
        throw new SupportApiError(
          'NETWORK_ERROR',
          error instanceof Error ? error.message : 'Network error',
          0,
        );
      }
      const payload = (await response.json().catch(() => null)) as {
        error?: { code: string; message: string; details?: Record<string, unknown> };
      } | null;
      if (response.ok) return payload as T;
      const error = payload?.error;
      if (error?.code === 'TOKEN_EXPIRED' && attempt === 0 && options.getToken !== undefined) continue;
      throw new SupportApiError(
        error?.code ?? 'HTTP_ERROR',
        error?.message ?? `Request failed (${response.status})`,
        response.status,
        error?.details ?? {},
      );
    }
  }

  async function load<K extends 'config' | 'tickets' | 'credits'>(
    key: K,
    read: () => Promise<SupportState[K]['data']>,
  ): Promise<void> {
    set({ [key]: { ...state[key], status: 'loading' } } as Partial<SupportState>);
    try {
      const data = await read();
      set({ [key]: { data, status: 'ready', error: null } } as Partial<SupportState>);
    } catch (error) {
      set({ [key]: { ...state[key], status: 'error', error: asApiError(error) } } as Partial<SupportState>);
    }
  }

  const client: SupportClient = {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => state,

    start() {
      starts++;
      if (starts === 1) {
        void client.refreshConfig();
        void client.refreshTickets();
        closeStream = openLiveStream({
          open: async (signal) => {
            const response = await (options.fetch ?? fetch)(`${baseUrl}/events`, {
              headers: { ...(await headers(false, false)), accept: 'text/event-stream' },
              credentials: options.credentials ?? 'same-origin',
              signal,
            });
            if (response.status === 401 && options.getToken !== undefined) {
              await response.body?.cancel();
              return (options.fetch ?? fetch)(`${baseUrl}/events`, {
                headers: { ...(await headers(true, false)), accept: 'text/event-stream' },
                credentials: options.credentials ?? 'same-origin',
                signal,
              });
            }
            return response;
          },
          onStatus: (connection) => set({ connection }),
          onMessage: (message) => {
            if (message.event === 'sync') {
              void resyncAll();
            } else if (message.event === 'change') {
              const notice = JSON.parse(message.data) as LiveNotice;
              // Ticket changes can hold or charge credits too: re-read them once they are shown.
              if (state.credits.status !== 'idle') void client.refreshCredits();
              if (notice.type === 'credits.changed') return;
              void client.refreshTickets();
              if (notice.ticketId !== null && state.details[notice.ticketId] !== undefined) {
                void client.loadTicket(notice.ticketId);
              }
            }
          },
        });
      }
      let released = false;
      return () => {
        if (released) return;
        released = true;
        starts--;
        if (starts === 0) {
          closeStream?.();
          closeStream = null;
          set({ connection: 'offline' });
        }
      };
    },

    refreshConfig: () => load('config', () => request<WidgetConfig>('GET', '/config')),
    refreshTickets: () =>
      load(
        'tickets',
        async () => (await request<{ items: CustomerTicketView[] }>('GET', '/tickets?limit=50')).items,
      ),
    refreshCredits: () =>
      load('credits', async () => {
        const result = await request<{
          balance: CreditsData['balance'];
          ledger: { items: CreditsData['ledger'] };
        }>('GET', '/credits?limit=10');
        return { balance: result.balance, ledger: result.ledger.items };
      }),

    async loadTicket(ticketId) {
      const current = state.details[ticketId];
      setDetail(ticketId, { data: current?.data ?? null, status: 'loading', error: null });
      try {
        const detail = await request<CustomerTicketDetail>('GET', `/tickets/${encodeURIComponent(ticketId)}`);
        setDetail(ticketId, { data: detail, status: 'ready', error: null });
      } catch (error) {
        setDetail(ticketId, { data: current?.data ?? null, status: 'error', error: asApiError(error) });
      }
    },

    async createTicket(input) {
      const detail = await request<CustomerTicketDetail>('POST', '/tickets', input);
      setDetail(detail.ticket.id, { data: detail, status: 'ready', error: null });
      void client.refreshTickets();
      // A charged request holds its cost at once.
      if (state.credits.status !== 'idle') void client.refreshCredits();
      return detail;
    },

    async reply(ticketId, body) {
      const detail = await request<CustomerTicketDetail>(
        'POST',
        `/tickets/${encodeURIComponent(ticketId)}/replies`,
        {
          body,
        },
      );
      setDetail(detail.ticket.id, { data: detail, status: 'ready', error: null });
      void client.refreshTickets();
      return detail;
    },

    async markRead(ticketId) {
      await request('POST', `/tickets/${encodeURIComponent(ticketId)}/read`);
      set({
        tickets: {
          ...state.tickets,
          data: state.tickets.data.map((ticket) =>
            ticket.id === ticketId ? { ...ticket, unread: 0 } : ticket,
          ),
        },
      });
    },

    async rate(ticketId, rating) {
      const csat = await request<CustomerCsatView>(
        'PUT',
        `/tickets/${encodeURIComponent(ticketId)}/csat`,
        rating,
      );
      const current = state.details[ticketId];
      if (current?.data) setDetail(ticketId, { ...current, data: { ...current.data, csat } });
      return csat;
    },

    quote: () => request<CreditQuoteView>('GET', '/credits/quote'),
  };

  async function resyncAll(): Promise<void> {
    await Promise.all([
      client.refreshConfig(),
      client.refreshTickets(),
      ...Object.keys(state.details).map((ticketId) => client.loadTicket(ticketId)),
      ...(state.credits.status === 'idle' ? [] : [client.refreshCredits()]),
    ]);
  }

  return client;
}

function asApiError(error: unknown): SupportApiError {
  return error instanceof SupportApiError
    ? error
    : new SupportApiError('CLIENT_ERROR', error instanceof Error ? error.message : String(error), 0);
}

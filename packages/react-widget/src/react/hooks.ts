'use client';
import type {
  CreditQuoteView,
  CustomerCreateTicketInput,
  CustomerTicketDetail,
  CustomerTicketView,
  DeskStatusView,
} from '@ticketkit/core/server';
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { SupportApiError } from '../client/support-api-error';
import type { CreditsData, Remote, SupportState, WidgetConfig } from '../client/types';
import { useSupportClient } from './support-provider';

/** The part of the client's state `select` picks; re-renders only when it changes (by reference). */
export function useSupportState<T>(select: (state: SupportState) => T): T {
  const client = useSupportClient();
  const getSnapshot = () => select(client.getSnapshot());
  return useSyncExternalStore(client.subscribe, getSnapshot, getSnapshot);
}

/** A command's progress: run it, and read whether it is pending and how it last failed. */
export interface Mutation<A extends unknown[], R> {
  /** Runs the command; resolves to its result, or to undefined when it failed (see `error`). */
  run(...args: A): Promise<R | undefined>;
  pending: boolean;
  /** The last failure, cleared when the command runs again. */
  error: SupportApiError | null;
}

function useMutation<A extends unknown[], R>(command: (...args: A) => Promise<R>): Mutation<A, R> {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<SupportApiError | null>(null);
  const latest = useRef(command);
  latest.current = command;
  const run = useCallback(async (...args: A) => {
    setPending(true);
    setError(null);
    try {
      return await latest.current(...args);
    } catch (failure) {
      setError(
        failure instanceof SupportApiError
          ? failure
          : new SupportApiError('CLIENT_ERROR', String(failure), 0),
      );
      return undefined;
    } finally {
      setPending(false);
    }
  }, []);
  return { run, pending, error };
}

/** The widget config: categories, customer-editable fields, CSAT scale, desk status, features. */
export function useSupportConfig(): Remote<WidgetConfig | null> {
  return useSupportState((state) => state.config);
}

/** The customer's tickets, most recently updated first, with unread counts; `refresh` re-reads them. */
export function useTickets(): Remote<CustomerTicketView[]> & {
  /** Re-reads the list. */
  refresh: () => Promise<void>;
} {
  const client = useSupportClient();
  const tickets = useSupportState((state) => state.tickets);
  return { ...tickets, refresh: client.refreshTickets };
}

/** One ticket with its public thread; loaded on mount and kept fresh by live updates. */
export function useTicket(ticketId: string | null): Remote<CustomerTicketDetail | null> {
  const client = useSupportClient();
  const detail = useSupportState((state) => (ticketId === null ? undefined : state.details[ticketId]));
  useEffect(() => {
    if (ticketId !== null) void client.loadTicket(ticketId);
  }, [client, ticketId]);
  return detail ?? { data: null, status: ticketId === null ? 'idle' : 'loading', error: null };
}

/** Opens a ticket; resolves to its detail. A failure (e.g. `INSUFFICIENT_CREDITS`) is in `error`. */
export function useCreateTicket(): Mutation<[CustomerCreateTicketInput], CustomerTicketDetail> {
  const client = useSupportClient();
  return useMutation((input: CustomerCreateTicketInput) => client.createTicket(input));
}

/** Replies on a ticket. */
export function useReply(ticketId: string): Mutation<[string], CustomerTicketDetail> {
  const client = useSupportClient();
  return useMutation((body: string) => client.reply(ticketId, body));
}

/** The customer's credit balance (packs with expiry dates) and latest ledger lines; read when the tenant bills requests. */
export function useCredits(): Remote<CreditsData | null> & {
  /** Whether new requests cost this customer credits (`features.credits`). */
  enabled: boolean;
  /** Re-reads balance and ledger. */
  refresh: () => Promise<void>;
} {
  const client = useSupportClient();
  const credits = useSupportState((state) => state.credits);
  const enabled = useSupportState((state) => state.config.data?.features.credits ?? false);
  useEffect(() => {
    if (enabled) void client.refreshCredits();
  }, [client, enabled]);
  return { ...credits, enabled, refresh: client.refreshCredits };
}

/**
 * What a new request would cost before it is sent, and whether the customer's credits cover
 * it; read when `enabled` and the tenant bills requests (`features.credits`), else stays idle.
 * `refresh` reads it again.
 */
export function useCreditQuote(enabled = true): Remote<CreditQuoteView | null> & {
  /** Reads the quote again (e.g. after a failed send). */
  refresh: () => void;
} {
  const client = useSupportClient();
  const billed = useSupportState((state) => state.config.data?.features.credits ?? false);
  const [remote, setRemote] = useState<Remote<CreditQuoteView | null>>({
    data: null,
    status: 'idle',
    error: null,
  });
  const [round, setRound] = useState(0);
  const refresh = useCallback(() => setRound((value) => value + 1), []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `round` asks for a fresh read
  useEffect(() => {
    if (!enabled || !billed) return;
    let current = true;
    setRemote((previous) => ({ ...previous, status: 'loading' }));
    client.quote().then(
      (data) => current && setRemote({ data, status: 'ready', error: null }),
      (error: SupportApiError) => current && setRemote({ data: null, status: 'error', error }),
    );
    return () => {
      current = false;
    };
  }, [client, enabled, billed, round]);
  return { ...remote, refresh };
}

/** Unread replies over all of the customer's tickets (for a badge). */
export function useUnreadCount(): number {
  return useSupportState((state) => state.tickets.data.reduce((sum, ticket) => sum + ticket.unread, 0));
}

/** The rating of a ticket, whether it can be rated now, and `submit`. */
export function useCsat(ticketId: string) {
  const client = useSupportClient();
  const detail = useSupportState((state) => state.details[ticketId]?.data ?? null);
  const scale = useSupportState((state) => state.config.data?.settings.csatScale ?? 'five_point');
  const submit = useMutation((score: number, comment?: string | null) =>
    client.rate(ticketId, { score, comment: comment ?? null }),
  );
  return { rating: detail?.csat ?? null, canRate: detail?.canRate ?? false, scale, submit };
}

/** Whether the desk is open now, when that changes, and when a request sent now can expect a reply; null when the tenant has no business hours or reply goal. */
export function useDeskStatus(): DeskStatusView | null {
  return useSupportState((state) => state.config.data?.deskStatus ?? null);
}

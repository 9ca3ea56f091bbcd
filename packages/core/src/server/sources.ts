import type { Actor } from '../actors';
import type { Priority } from '../storage/records';

/**
 * Optional engines the handler and widget show when the host wires them in: prepaid credits
 * and business hours. Each is a small interface, so a desk without the engine simply leaves
 * the option out (its routes answer `NOT_AVAILABLE`, the widget config says which are on).
 */

/** One pack of credits as its owner sees it. */
export interface CreditBlockView {
  id: string;
  /** Credits left in the pack (integer). */
  remaining: number;
  /** ISO instant from which the pack is expired (exclusive), or null when it never expires. */
  expiresAt: string | null;
}

/** A customer's credit balance. */
export interface CreditBalanceView {
  /** Credits that can pay for support now (integer). */
  available: number;
  /** Credits reserved by open tickets (integer). */
  held: number;
  /** Packs with credits left, soonest-expiring first. */
  blocks: CreditBlockView[];
}

/** One line of a customer's credit ledger. */
export interface CreditLedgerEntryView {
  id: string;
  /** The ledger entry kind, e.g. `increment`, `decrement`, `hold`. */
  kind: string;
  /** Signed integer: positive adds credits, negative consumes them. */
  amount: number;
  occurredAt: string;
  ticketId: string | null;
}

/** What a new ticket would cost the customer. */
export interface CreditQuoteView {
  /** The rate-card service the ticket counts as. */
  service: string;
  /** Credits it costs; null when the service is out of the customer's scope. */
  cost: number | null;
  available: number;
  /** Whether the balance (or an allowed overdraft) covers the cost. */
  sufficient: boolean;
}

/** The credits engine, as the HTTP handler needs it. Every method runs as the given customer. */
export interface CreditsSource {
  /** The customer's balance and packs. */
  balance(actor: Actor): Promise<CreditBalanceView>;
  /** The customer's ledger, newest first, one page at a time. */
  ledger(
    actor: Actor,
    page: { cursor?: string; limit: number },
  ): Promise<{ items: CreditLedgerEntryView[]; nextCursor: string | null }>;
  /** The cost of a ticket with this category and priority, before it is created. */
  quote(
    actor: Actor,
    ticket: { category: string | null; priority: Priority | null },
  ): Promise<CreditQuoteView>;
}

/** One working interval of a weekday, local time of the desk. */
export interface OpeningHoursView {
  /** 0 = Sunday ... 6 = Saturday. */
  weekday: number;
  /** `HH:MM`, local. */
  from: string;
  /** `HH:MM`, local; `24:00` allowed. */
  to: string;
}

/** Whether the desk works now, and what a customer can expect. */
export interface DeskStatusView {
  open: boolean;
  /** IANA time zone of the hours. */
  timeZone: string;
  hours: OpeningHoursView[];
  /** ISO instant of the next opening (when closed) or closing (when open); null if none. */
  nextChangeAt: string | null;
  /** The first-response target customers can expect, in seconds; null when none applies. */
  expectedReplySeconds: number | null;
}

/** Business hours and reply targets (the SLA engine), as the HTTP handler needs them. */
export interface DeskStatusSource {
  /** Whether the tenant's desk is open at `now`, its hours and its expected reply time. */
  status(tenantId: string, now: Date): Promise<DeskStatusView>;
}

/** Manual escalation (the escalation engine), as the agent console needs it. */
export interface EscalationSource {
  /** Raises the ticket one level; `note` says what was tried (required by the engine). */
  escalate(actor: Actor, ticketId: string, input: { note: string }): Promise<void>;
}

import type { CreditBalance, CreditBlockBalance } from '../credits/balances';
import type { TicketQuote } from '../credits/ticket-quote';
import type { CreditEntry, CreditEntryType } from '../storage/records';

/**
 * Customer-facing serializers of credits, built field by field from an allow-list: never the
 * cost basis, priority, scope or external reference of a pack, never idempotency keys, hold
 * ids, services or who wrote an entry.
 */

/** One pack of credits as its owner sees it. */
export interface CreditBlockView {
  id: string;
  /** `active`: usable now; `pending`: not effective yet; `expired`/`voided`: only credits held by open requests remain. */
  status: CreditBlockBalance['status'];
  /** Credits the pack was bought with. */
  amount: number;
  /** Credits left in the pack, reserved ones included. */
  remaining: number;
  /** What can be spent from it now. */
  available: number;
  /** ISO instant from which the pack is expired (exclusive); null when it never expires. */
  expiresAt: string | null;
}

/** A customer's credit balance. */
export interface CreditBalanceView {
  /** Credits that can pay for support now; negative only while an overdraft is used. */
  available: number;
  /** Credits reserved by open requests. */
  held: number;
  /** Overdraft in use (credits spent beyond the packs); 0 without. */
  overdraft: number;
  /** Available credits that expire within `withinDays` days. */
  expiringSoon: { withinDays: number; amount: number };
  /** Packs with credits left, in the order they are spent. */
  blocks: CreditBlockView[];
}

/** One line of a customer's credit ledger. */
export interface CreditLedgerEntryView {
  id: string;
  kind: CreditEntryType;
  /** What the entry did to the available balance: positive adds credits, negative takes them. */
  change: number;
  occurredAt: string;
  /** The request the credits paid for, if any. */
  ticketId: string | null;
}

/** What a new request would cost the customer (see `TicketQuote`). */
export interface CreditQuoteView {
  /** Whether a new request costs credits at all. */
  billed: boolean;
  /** Credits a new request reserves; 0 when not billed; null when the customer's plan does not cover requests. */
  cost: number | null;
  available: number;
  /** Of the cost, what the overdraft would pay. */
  fromOverdraft: number;
  /** Whether the balance (or an allowed overdraft) covers the cost. */
  sufficient: boolean;
  /** When short: `reject` (the request is refused) or `await_credits` (it waits until credits arrive). */
  whenShort: 'reject' | 'await_credits';
}

/** Serializes a balance for its customer. */
export function customerBalanceView(balance: CreditBalance): CreditBalanceView {
  return {
    available: balance.available,
    held: balance.held,
    overdraft: balance.overdraft,
    expiringSoon: { withinDays: balance.expiringSoon.withinDays, amount: balance.expiringSoon.amount },
    blocks: balance.blocks.map((block) => ({
      id: block.blockId,
      status: block.status,
      amount: block.amount,
      remaining: block.remaining,
      available: block.available,
      expiresAt: block.expiresAt === null ? null : block.expiresAt.toISOString(),
    })),
  };
}

/** Serializes a ledger entry for its customer. */
export function customerLedgerEntryView(entry: CreditEntry): CreditLedgerEntryView {
  return {
    id: entry.id,
    kind: entry.type,
    change: entry.balanceAfter - entry.balanceBefore,
    occurredAt: entry.occurredAt.toISOString(),
    ticketId: entry.ticketId,
  };
}

/** Serializes a ticket quote for the customer it is for. */
export function customerQuoteView(quote: TicketQuote): CreditQuoteView {
  return {
    billed: quote.billed,
    cost: quote.cost,
    available: quote.available,
    fromOverdraft: quote.fromOverdraft,
    sufficient: quote.sufficient,
    whenShort: quote.whenShort,
  };
}

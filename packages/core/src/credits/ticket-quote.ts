import { z } from 'zod';
import { channelSchema, idSchema } from '../internal/schemas';
import type { TenantSettings } from '../settings/tenant-settings';
import type { CreditBalance } from './balances';

/** Input of `credits.quoteTicket`: whose new ticket, on which channel. */
export const ticketQuoteSchema = z.strictObject({
  customerId: idSchema,
  /** The channel the ticket would arrive on; billing is configured per channel. */
  channel: channelSchema,
});

/** Input of `credits.quoteTicket`. */
export type TicketQuoteInput = z.input<typeof ticketQuoteSchema>;

/**
 * What opening a ticket would cost a customer now, under the tenant's ticket billing (see
 * `TicketBillingSettings`). The same rules the billing hook applies when the ticket opens:
 * - `billed: false` (cost 0): billing is off, the channel is not billed, or the tenant bills
 *   only customers with credits and this one has none;
 * - `cost: null`: the channel's service is out of scope (opening is `SERVICE_OUT_OF_SCOPE`);
 * - otherwise `cost` credits are held when the ticket opens, drawn from the blocks that pay
 *   for the service and then from the overdraft the tenant allows (`fromOverdraft`);
 *   `sufficient: false` means they cannot be held, and `whenShort` says what then happens:
 *   `reject` refuses the ticket (`INSUFFICIENT_CREDITS`), `await_credits` stores it in the
 *   awaiting-credits stage until a grant pays for it.
 */
export interface TicketQuote {
  billed: boolean;
  /** The rate-card service the ticket is billed as; null when not billed. */
  service: string | null;
  /** Credits the ticket would hold; 0 when not billed; null when out of scope. */
  cost: number | null;
  /** The customer's available credits now (negative while an overdraft is used). */
  available: number;
  /** Of the cost, the credits the overdraft would pay (0 when the blocks pay it all, or when short). */
  fromOverdraft: number;
  /** Whether the cost can be held now. */
  sufficient: boolean;
  whenShort: TenantSettings['credits']['tickets']['whenShort'];
}

/**
 * Quotes a new ticket from the tenant's settings, the customer's balance (settled at the same
 * instant) and whether the customer has a credit account.
 */
export function quoteTicket(
  settings: TenantSettings,
  channel: z.output<typeof channelSchema>,
  balance: CreditBalance,
  hasAccount: boolean,
): TicketQuote {
  const billing = settings.credits.tickets;
  const service = billing.enabled ? billing.services[channel] : undefined;
  const base = { available: balance.available, whenShort: billing.whenShort, fromOverdraft: 0 };
  if (service === undefined || (billing.customers === 'with_credits' && !hasAccount)) {
    return { ...base, billed: false, service: null, cost: 0, sufficient: true };
  }
  const rate = settings.credits.rateCard[service];
  if (rate === undefined || rate === null) {
    return { ...base, billed: true, service, cost: null, sufficient: false };
  }
  const fromBlocks = balance.blocks
    .filter((block) => block.status === 'active' && (block.scope === null || block.scope.includes(service)))
    .reduce((sum, block) => sum + block.available, 0);
  const rest = Math.max(0, rate - fromBlocks);
  const headroom = Math.max(0, settings.credits.overdraftLimit - balance.overdraft);
  const sufficient = rest <= headroom;
  return { ...base, billed: true, service, cost: rate, fromOverdraft: sufficient ? rest : 0, sufficient };
}

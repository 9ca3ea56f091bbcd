import { z } from 'zod';
import { timeZoneSchema } from '../customers/customer-schemas';
import { channelSchema, slugSchema } from '../internal/schemas';

/** A credit cost: a positive whole number of credits, or null for a service credits do not cover. */
export const creditCostSchema = z.int().min(1).max(1_000_000).nullable();

/**
 * How tickets use credits (all off by default):
 * - `services`: the service a ticket of each channel is billed as (`{ chat: 'chat_question' }`);
 *   a channel not listed is not billed. A listed service the rate card prices `null` refuses the
 *   ticket with `SERVICE_OUT_OF_SCOPE`.
 * - `billing`: `per_ticket` holds one charge per ticket; `per_question` holds one per question
 *   (a question opens with the ticket, and again with the customer's first public message after
 *   the previous question was committed).
 * - `commitOn`: `first_agent_reply` commits a question's hold with the next public agent reply
 *   (a ticket finished without one voids it); `resolve` commits every open hold of the ticket
 *   when it is resolved or closed.
 * - Holds are voided when the ticket is merged away or moves into one of `voidStageIds`
 *   (stages such as `spam` or `cancelled`).
 * - `whenShort`: when neither the balance nor the overdraft can pay, `reject` refuses the command
 *   (`INSUFFICIENT_CREDITS`, no ticket, no message); `await_credits` stores the ticket in
 *   `awaitingStageId` (a stage of the ticket's pipeline that is not resolved or closed) until a
 *   grant pays for it.
 * - `customers`: `all` bills every requester; `with_credits` only those who have a credit account.
 */
export const ticketBillingSchema = z
  .strictObject({
    enabled: z.boolean(),
    services: z.partialRecord(channelSchema, slugSchema),
    billing: z.enum(['per_ticket', 'per_question']),
    commitOn: z.enum(['first_agent_reply', 'resolve']),
    voidStageIds: z.array(z.string().min(1).max(128)).max(50),
    whenShort: z.enum(['reject', 'await_credits']),
    awaitingStageId: z.string().min(1).max(128).nullable(),
    customers: z.enum(['all', 'with_credits']),
  })
  .refine((value) => value.whenShort !== 'await_credits' || value.awaitingStageId !== null, {
    message: 'await_credits needs an awaitingStageId',
    path: ['awaitingStageId'],
  });

/** How tickets use credits. */
export type TicketBillingSettings = z.output<typeof ticketBillingSchema>;

/**
 * A tenant's prepaid-credit configuration; replaced as a whole by `settings.update`.
 * - `rateCard`: credits per unit of each service; `null` means out of scope.
 * - `overdraftLimit`: how far a charge may take the available balance below zero (0: never).
 * - `defaultTimeZone`: for customers without a time zone, when validity is given in months.
 * - `holdTimeoutSeconds`: how long a hold lasts unless the caller says; null never times out.
 * - `lowBalanceThreshold`: `credits.low` fires when available falls to or below it; null never.
 * - `expiringNoticeDays`: `credits.expiring` fires this many days before a block expires, and
 *   balances report what expires within it; null never fires.
 */
export const creditSettingsSchema = z.strictObject({
  rateCard: z.record(slugSchema, creditCostSchema).refine((card) => Object.keys(card).length <= 200, {
    message: 'At most 200 services',
  }),
  overdraftLimit: z.int().min(0).max(1_000_000_000),
  defaultTimeZone: timeZoneSchema,
  holdTimeoutSeconds: z
    .int()
    .min(1)
    .max(366 * 24 * 60 * 60)
    .nullable(),
  lowBalanceThreshold: z.int().min(0).max(1_000_000_000).nullable(),
  expiringNoticeDays: z.int().min(1).max(366).nullable(),
  tickets: ticketBillingSchema,
});

/** A tenant's prepaid-credit configuration. */
export type CreditSettings = z.output<typeof creditSettingsSchema>;

/** Seven days: how long a hold lasts unless configured. */
export const DEFAULT_HOLD_TIMEOUT_SECONDS = 7 * 24 * 60 * 60;

/** What a tenant that configured nothing gets: a chat/phone rate card, ticket billing off. */
export const DEFAULT_CREDIT_SETTINGS: CreditSettings = {
  rateCard: { chat_question: 1, phone_followup: 1 },
  overdraftLimit: 0,
  defaultTimeZone: 'UTC',
  holdTimeoutSeconds: DEFAULT_HOLD_TIMEOUT_SECONDS,
  lowBalanceThreshold: null,
  expiringNoticeDays: 30,
  tickets: {
    enabled: false,
    services: { chat: 'chat_question', phone: 'phone_followup' },
    billing: 'per_ticket',
    commitOn: 'first_agent_reply',
    voidStageIds: [],
    whenShort: 'reject',
    awaitingStageId: null,
    customers: 'all',
  },
};

import { z } from 'zod';
import { idempotencyKeySchema, idSchema, instantSchema, limitSchema, slugSchema } from '../internal/schemas';

const credits = z.int().min(1).max(1_000_000_000);
const customerId = idSchema;
const holdKey = z.string().min(1).max(255);

/** Validity of a new block: an explicit exclusive expiry (null: never), or a number of months. */
const validity = {
  /** Exclusive expiry instant; null never expires. Give this or `validForMonths`, not both. */
  expiresAt: instantSchema.nullable().optional(),
  /** Months from the effective instant, to the start of that local day in the customer's time zone (month-end clamped). */
  validForMonths: z.int().min(1).max(1200).optional(),
};

const oneValidity = <T extends { expiresAt?: Date | null | undefined; validForMonths?: number | undefined }>(
  value: T,
) => value.expiresAt === undefined || value.validForMonths === undefined;

/** Input of `credits.grant`. */
export const grantCreditsSchema = z
  .strictObject({
    customerId,
    amount: credits,
    /** When the block can first be drawn; defaults to now. */
    effectiveAt: instantSchema.optional(),
    ...validity,
    /** Lower draws first; default 50. */
    priority: z.int().min(0).max(1000).default(50),
    /** What one credit cost, in the host's minor currency unit; cheaper draws first. Default 0. */
    costBasis: z.int().min(0).max(1_000_000_000_000).default(0),
    /** The services the block pays for; null (default) pays for every service. */
    scope: z.array(slugSchema).min(1).max(100).nullable().default(null),
    /** The host's reference, such as its order id. */
    externalRef: z.string().min(1).max(255).nullable().default(null),
    idempotencyKey: idempotencyKeySchema,
  })
  .refine(oneValidity, { message: 'Give expiresAt or validForMonths, not both', path: ['validForMonths'] });

/** Input of `credits.grant`. */
export type GrantCreditsInput = z.input<typeof grantCreditsSchema>;

/** Input of `credits.consume`: `quantity` units of `service`, priced by the tenant's rate card. */
export const consumeCreditsSchema = z.strictObject({
  customerId,
  service: slugSchema,
  quantity: z.int().min(1).max(1_000_000).default(1),
  idempotencyKey: idempotencyKeySchema,
  /** The ticket (of this customer) the charge pays for. */
  ticketId: idSchema.optional(),
  /** The message (question) the charge pays for. */
  messageId: idSchema.optional(),
});

/** Input of `credits.consume`. */
export type ConsumeCreditsInput = z.input<typeof consumeCreditsSchema>;

/** Input of `credits.reserve`. `key` names the hold and is its idempotency key. */
export const reserveCreditsSchema = z.strictObject({
  customerId,
  service: slugSchema,
  quantity: z.int().min(1).max(1_000_000).default(1),
  key: holdKey,
  /** Seconds until the hold expires; null never; default: the tenant's `holdTimeoutSeconds`. */
  timeoutSeconds: z
    .int()
    .min(1)
    .max(366 * 24 * 60 * 60)
    .nullable()
    .optional(),
  ticketId: idSchema.optional(),
  messageId: idSchema.optional(),
});

/** Input of `credits.reserve`. */
export type ReserveCreditsInput = z.input<typeof reserveCreditsSchema>;

/** Input of `credits.commit`: charge `amount` (default: all) of the hold and release the rest. */
export const commitHoldSchema = z.strictObject({
  customerId,
  key: holdKey,
  amount: z.int().min(0).max(1_000_000_000).optional(),
});

/** Input of `credits.commit`. */
export type CommitHoldInput = z.input<typeof commitHoldSchema>;

/** Input of `credits.voidHold`. */
export const voidHoldSchema = z.strictObject({ customerId, key: holdKey });

/** Input of `credits.voidHold`. */
export type VoidHoldInput = z.input<typeof voidHoldSchema>;

/** Input of `credits.refund`: `chargeKey` is the consume's idempotency key or the committed hold's key. */
export const refundCreditsSchema = z.strictObject({
  customerId,
  chargeKey: z.string().min(1).max(255),
  /** Credits to refund; default: the whole charge. */
  amount: credits.optional(),
  idempotencyKey: idempotencyKeySchema,
});

/** Input of `credits.refund`. */
export type RefundCreditsInput = z.input<typeof refundCreditsSchema>;

/** Input of `credits.changeExpiry`: moves `amount` (default: all unheld) of a block into a new block. */
export const changeExpirySchema = z
  .strictObject({
    customerId,
    blockId: idSchema,
    ...validity,
    amount: credits.optional(),
    idempotencyKey: idempotencyKeySchema,
  })
  .refine(oneValidity, { message: 'Give expiresAt or validForMonths, not both', path: ['validForMonths'] })
  .refine((value) => value.expiresAt !== undefined || value.validForMonths !== undefined, {
    message: 'Give expiresAt or validForMonths',
    path: ['expiresAt'],
  });

/** Input of `credits.changeExpiry`. */
export type ChangeExpiryInput = z.input<typeof changeExpirySchema>;

/** Input of `credits.voidBlock`. */
export const voidBlockSchema = z.strictObject({
  customerId,
  blockId: idSchema,
  idempotencyKey: idempotencyKeySchema,
});

/** Input of `credits.voidBlock`. */
export type VoidBlockInput = z.input<typeof voidBlockSchema>;

/** Options of `credits.balance`. */
export const balanceOptionsSchema = z.strictObject({
  /** Report what expires within this many days; default: the tenant's `expiringNoticeDays` (or 30). */
  expiringWithinDays: z.int().min(1).max(3660).optional(),
  /** The instant to report: a past instant is computed from the ledger. Default: now. */
  at: instantSchema.optional(),
});

/** Options of `credits.balance`. */
export type BalanceOptions = z.input<typeof balanceOptionsSchema>;

/** Paging of `credits.ledger`. */
export const ledgerPageSchema = z.strictObject({
  limit: limitSchema.default(50),
  cursor: z.string().min(1).max(2048).optional(),
  /** `oldest_first` (default) or `newest_first` (recent activity); a cursor pages in its own order. */
  order: z.enum(['oldest_first', 'newest_first']).default('oldest_first'),
});

/** Paging of `credits.ledger`. */
export type LedgerPageInput = z.input<typeof ledgerPageSchema>;

/** A customer id argument of the credits API. */
export const creditCustomerIdSchema = customerId;

import { z } from 'zod';
import { idSchema, jsonObjectSchema, versionSchema } from '../internal/schemas';
import { isValidTimeZone } from '../internal/time-zone';

/** A normalized email address. */
export const emailSchema = z
  .string()
  .trim()
  .max(320)
  .pipe(z.email())
  .transform((value) => value.toLowerCase());

/** A channel identity as given by the host, e.g. `{ type: 'social', network: 'x', value: '@ada' }`. */
export const identityInputSchema = z.strictObject({
  type: z.enum(['email', 'phone', 'social', 'chat', 'external']),
  network: z.string().trim().min(1).max(64).nullable().optional(),
  value: z.string().trim().min(1).max(320),
});

/** A channel identity as given by the host. */
export type IdentityInput = z.input<typeof identityInputSchema>;

/** An IANA time zone name the runtime knows. */
export const timeZoneSchema = z.string().min(1).max(64).refine(isValidTimeZone, 'Unknown IANA time zone');

/** A BCP-47 locale tag. */
export const localeSchema = z
  .string()
  .min(2)
  .max(35)
  .regex(/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/, 'Use a BCP-47 tag such as "en" or "ja-JP"');

/** Input of `customers.create`. */
export const createCustomerSchema = z.strictObject({
  name: z.string().trim().min(1).max(200).nullable().optional(),
  email: emailSchema.optional(),
  identities: z.array(identityInputSchema).max(50).optional(),
  timeZone: timeZoneSchema.nullable().optional(),
  locale: localeSchema.nullable().optional(),
  attributes: jsonObjectSchema.optional(),
});

/** Input of `customers.create`. */
export type CreateCustomerInput = z.input<typeof createCustomerSchema>;

/** Input of `customers.update`. `identities` replaces the non-email identities. */
export const updateCustomerSchema = z.strictObject({
  name: z.string().trim().min(1).max(200).nullable().optional(),
  email: emailSchema.nullable().optional(),
  identities: z.array(identityInputSchema).max(50).optional(),
  timeZone: timeZoneSchema.nullable().optional(),
  locale: localeSchema.nullable().optional(),
  attributes: jsonObjectSchema.optional(),
  expectedVersion: versionSchema.optional(),
});

/** Input of `customers.update`. */
export type UpdateCustomerInput = z.input<typeof updateCustomerSchema>;

/** How to find (or create) a requester: by email or by a channel identity, with a name for new ones. */
export const requesterLookupSchema = z
  .strictObject({
    email: emailSchema.optional(),
    identity: identityInputSchema.optional(),
    name: z.string().trim().min(1).max(200).optional(),
  })
  .refine((value) => value.email !== undefined || value.identity !== undefined, {
    message: 'Give an email or an identity',
    path: ['email'],
  });

/** How to find (or create) a requester. */
export type RequesterLookup = z.input<typeof requesterLookupSchema>;

/** A customer id argument. */
export const customerIdSchema = idSchema;

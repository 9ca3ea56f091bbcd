import { z } from 'zod';

/**
 * Small schemas shared by several public inputs. Strings have length limits so that no
 * input can grow without bound.
 */

/** A record id as produced by ticketkit or given by the host. */
export const idSchema = z.string().min(1).max(128);

/** A lower-case identifier for configured things: stage ids, ticket types, categories, field keys. */
export const slugSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'Use lower-case letters, digits, "_" and "-"');

/** A ticket priority. */
export const prioritySchema = z.enum(['urgent', 'high', 'medium', 'low']);

/** A channel. */
export const channelSchema = z.enum(['email', 'web_form', 'chat', 'phone', 'social', 'api', 'alarm']);

/** A stage category. */
export const stageCategorySchema = z.enum(['new', 'open', 'pending', 'on_hold', 'resolved', 'closed']);

/** A version number stated by the caller for optimistic concurrency. */
export const versionSchema = z.int().min(1);

/** A tag: trimmed, 1-64 characters, no whitespace inside. */
export const tagSchema = z.string().trim().min(1).max(64).regex(/^\S+$/, 'Tags cannot contain whitespace');

/** An idempotency key. */
export const idempotencyKeySchema = z.string().min(1).max(255);

/** A JSON value of bounded depth. */
export const jsonValueSchema: z.ZodType<import('../json').JsonValue> = z.lazy(() =>
  z.union([
    z.string().max(10_000),
    z.number().refine(Number.isFinite, 'Numbers must be finite'),
    z.boolean(),
    z.null(),
    z.array(jsonValueSchema).max(1_000),
    z.record(z.string().max(200), jsonValueSchema),
  ]),
);

/** A JSON object. */
export const jsonObjectSchema = z.record(z.string().max(200), jsonValueSchema);

/** A page size. */
export const limitSchema = z.int().min(1).max(200);

/** A date given as a `Date` or an ISO-8601 string. */
export const instantSchema = z
  .union([z.date(), z.iso.datetime({ offset: true }).transform((value) => new Date(value))])
  .refine((value) => !Number.isNaN(value.getTime()), 'Invalid date');

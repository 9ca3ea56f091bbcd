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

/** How deeply JSON inputs (custom fields, attributes, channel details) may nest objects and arrays. */
export const MAX_JSON_DEPTH = 32;

/**
 * Whether `value` nests objects and arrays at most `limit` levels deep. A cycle never does.
 * Walks each object once and never deeper than `limit`, so any input is checked safely.
 */
export function nestsWithin(value: unknown, limit: number): boolean {
  const heights = new Map<object, number>();
  const tooDeep = Number.POSITIVE_INFINITY;
  const heightOf = (node: unknown, depth: number): number => {
    if (typeof node !== 'object' || node === null) return 0;
    const known = heights.get(node);
    if (known !== undefined) return known;
    if (depth >= limit) return tooDeep;
    heights.set(node, tooDeep); // until it is known: meeting it again on the way down is a cycle
    let tallest = 0;
    for (const member of Array.isArray(node) ? node : Object.values(node)) {
      tallest = Math.max(tallest, heightOf(member, depth + 1));
      if (depth + 1 + tallest > limit) return tooDeep;
    }
    heights.set(node, tallest + 1);
    return tallest + 1;
  };
  return heightOf(value, 0) <= limit;
}

/** A JSON value; nesting is bounded by {@link jsonObjectSchema}, which every public input goes through. */
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
export const jsonObjectSchema = z
  .custom<Record<string, unknown>>(
    (value) => nestsWithin(value, MAX_JSON_DEPTH),
    `Nested more than ${MAX_JSON_DEPTH} levels deep, or cyclic`,
  )
  .pipe(z.record(z.string().max(200), jsonValueSchema));

/** A page size. */
export const limitSchema = z.int().min(1).max(200);

/** A date given as a `Date` or an ISO-8601 string. */
export const instantSchema = z
  .union([z.date(), z.iso.datetime({ offset: true }).transform((value) => new Date(value))])
  .refine((value) => !Number.isNaN(value.getTime()), 'Invalid date');

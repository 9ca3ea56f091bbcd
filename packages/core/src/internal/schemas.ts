import { z } from 'zod';
import type { JsonObject, JsonValue } from '../json';

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

/** Most levels of objects and arrays a JSON input may nest. */
export const MAX_JSON_DEPTH = 32;

/** Most values (of any kind) one JSON input may hold. */
const MAX_JSON_NODES = 10_000;

/** Why an input is not acceptable JSON, and where. */
class JsonProblem {
  constructor(
    readonly path: Array<string | number>,
    readonly message: string,
  ) {}
}

/**
 * Reads an untrusted value as JSON: strings up to 10,000 characters, finite numbers,
 * booleans, null, arrays up to 1,000 items, objects with keys up to 200 characters (never
 * `__proto__`), at most {@link MAX_JSON_DEPTH} levels and 10,000 values in all, so any input,
 * cyclic or shared, is checked in bounded time. Returns a fresh copy or the first problem.
 */
function readJson(value: unknown): { value: JsonValue } | JsonProblem {
  let budget = MAX_JSON_NODES;
  const read = (node: unknown, path: Array<string | number>): JsonValue | JsonProblem => {
    if (--budget < 0) return new JsonProblem(path, `Holds more than ${MAX_JSON_NODES} values`);
    switch (typeof node) {
      case 'string':
        return node.length <= 10_000 ? node : new JsonProblem(path, 'Text longer than 10000 characters');
      case 'number':
        return Number.isFinite(node) ? node : new JsonProblem(path, 'Numbers must be finite');
      case 'boolean':
        return node;
      case 'object':
        break;
      default:
        return new JsonProblem(path, `A ${typeof node} is not JSON`);
    }
    if (node === null) return null;
    if (path.length >= MAX_JSON_DEPTH)
      return new JsonProblem(path, `Nested more than ${MAX_JSON_DEPTH} levels deep, or cyclic`);
    if (Array.isArray(node)) {
      if (node.length > 1_000) return new JsonProblem(path, 'More than 1000 items');
      const copy: JsonValue[] = [];
      for (let index = 0; index < node.length; index++) {
        const item = read(node[index], [...path, index]);
        if (isProblem(item)) return item;
        copy.push(item);
      }
      return copy;
    }
    const prototype = Object.getPrototypeOf(node);
    if (prototype !== Object.prototype && prototype !== null)
      return new JsonProblem(path, 'Expected a plain object');
    const copy: { [key: string]: JsonValue } = {};
    for (const key of Object.keys(node)) {
      if (key.length > 200) return new JsonProblem([...path, key], 'Keys are at most 200 characters');
      if (key === '__proto__') return new JsonProblem([...path, key], '"__proto__" is not allowed as a key');
      const member = read((node as Record<string, unknown>)[key], [...path, key]);
      if (isProblem(member)) return member;
      copy[key] = member;
    }
    return copy;
  };
  const result = read(value, []);
  return isProblem(result) ? result : { value: result };
}

function isProblem(value: JsonValue | JsonProblem): value is JsonProblem {
  return value instanceof JsonProblem;
}

/** A JSON value (see `readJson` for the limits). Parsing returns a fresh copy. */
export const jsonValueSchema: z.ZodType<JsonValue> = z.unknown().transform((value, context) => {
  const result = readJson(value);
  if ('value' in result) return result.value;
  context.issues.push({ code: 'custom', path: result.path, message: result.message, input: value });
  return z.NEVER;
});

/** A JSON object (see {@link jsonValueSchema}). */
export const jsonObjectSchema: z.ZodType<JsonObject> = jsonValueSchema.refine(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
  'Expected an object',
) as unknown as z.ZodType<JsonObject>;

/** A page size. */
export const limitSchema = z.int().min(1).max(200);

/** A date given as a `Date` or an ISO-8601 string. */
export const instantSchema = z
  .union([z.date(), z.iso.datetime({ offset: true }).transform((value) => new Date(value))])
  .refine((value) => !Number.isNaN(value.getTime()), 'Invalid date');

/**
 * In a `superRefine`: reports every item whose `id` an earlier item already has, as
 * `Duplicate <noun> id "<id>"` at `[...path, index, 'id']`, and returns the set of ids.
 */
export function uniqueIds(
  items: readonly { id: string }[],
  path: readonly PropertyKey[],
  noun: string,
  context: z.RefinementCtx,
): Set<string> {
  const ids = new Set<string>();
  items.forEach((item, index) => {
    if (ids.has(item.id)) {
      context.addIssue({
        code: 'custom',
        path: [...path, index, 'id'],
        message: `Duplicate ${noun} id "${item.id}"`,
      });
    }
    ids.add(item.id);
  });
  return ids;
}

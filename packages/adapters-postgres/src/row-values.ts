import type { JsonObject, JsonValue } from '@ticketkit/core';

/**
 * Conversions between driver values and record fields. Drivers differ in small ways (`pg`
 * returns `bigint` columns as strings, PGlite as numbers), so every read goes through these.
 */

/** A number column (integer or bigint) as a JavaScript number. */
export function toNumber(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}

/** A timestamptz column as a Date. */
export function toDate(value: unknown): Date {
  return value instanceof Date ? new Date(value.getTime()) : new Date(String(value));
}

/** A nullable timestamptz column. */
export function toDateOrNull(value: unknown): Date | null {
  return value === null || value === undefined ? null : toDate(value);
}

/** A nullable text column. */
export function toStringOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

/** A text[] column. */
export function toStringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

/** A jsonb column holding an object. */
export function toJsonObject(value: unknown): JsonObject {
  return (typeof value === 'string' ? JSON.parse(value) : value) as JsonObject;
}

/** A jsonb column holding any JSON value. */
export function toJsonValue(value: unknown): JsonValue {
  return value as JsonValue;
}

/** A JSON value as a jsonb parameter: serialized here, so both drivers send the same text (use `$n::jsonb`). */
export function jsonParam(value: JsonValue | object): string {
  return JSON.stringify(value);
}

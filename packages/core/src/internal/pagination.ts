import type { Keyset } from '../storage/port';
import { invalidInput } from '../validation';

/** One page of a list and the cursor of the next page (null on the last page). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Makes a page from up to `limit + 1` rows: the extra row only says that another page
 * exists; the cursor points after the last row kept.
 */
export function pageOf<T>(rows: T[], limit: number, cursorOf: (last: T) => string): Page<T> {
  if (rows.length <= limit) return { items: rows, nextCursor: null };
  const items = rows.slice(0, limit);
  return { items, nextCursor: cursorOf(items[items.length - 1] as T) };
}

/**
 * Cursors are opaque to callers: base64url JSON of a kind tag and a keyset. A cursor of
 * another list, or a tampered one, is `VALIDATION_FAILED`.
 */
export function encodeKeysetCursor(kind: string, keyset: Keyset): string {
  return toBase64Url(JSON.stringify([kind, keyset.values, keyset.id]));
}

/** Decodes a cursor made by {@link encodeKeysetCursor} for the same `kind` and value count. */
export function decodeKeysetCursor(kind: string, cursor: string, valueCount: number): Keyset {
  try {
    const parsed: unknown = JSON.parse(fromBase64Url(cursor));
    if (Array.isArray(parsed) && parsed.length === 3 && parsed[0] === kind && typeof parsed[2] === 'string') {
      const values: unknown = parsed[1];
      if (
        Array.isArray(values) &&
        values.length === valueCount &&
        values.every((value) => Number.isSafeInteger(value))
      ) {
        return { values: values as number[], id: parsed[2] };
      }
    }
  } catch {
    // fall through to the validation error
  }
  return invalidInput(['cursor'], 'invalid_cursor', 'The cursor is not valid for this list');
}

/** A cursor over an id-ordered list. */
export function encodeIdCursor(id: string): string {
  return encodeKeysetCursor('id', { values: [], id });
}

/** Decodes {@link encodeIdCursor}. */
export function decodeIdCursor(cursor: string): string {
  return decodeKeysetCursor('id', cursor, 0).id;
}

/** A cursor over a position-ordered list (the event feed, ticket history). */
export function encodePositionCursor(kind: string, position: number): string {
  return encodeKeysetCursor(kind, { values: [position], id: '' });
}

/** Decodes {@link encodePositionCursor}; a negative or non-integer position is invalid. */
export function decodePositionCursor(kind: string, cursor: string): number {
  const position = decodeKeysetCursor(kind, cursor, 1).values[0] as number;
  if (!Number.isSafeInteger(position) || position < 0)
    invalidInput(['cursor'], 'invalid_cursor', 'The cursor is not valid for this list');
  return position;
}

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(cursor: string): string {
  if (!/^[A-Za-z0-9_-]{1,2048}$/.test(cursor)) throw new Error('not base64url');
  const base64 = cursor.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return new TextDecoder().decode(Uint8Array.from(binary, (character) => character.charCodeAt(0)));
}

import type { z } from 'zod';
import { ValidationError, type ValidationIssue } from './errors';

/**
 * Parses a public input with its schema. Any mismatch, including a non-object input or
 * unknown keys on strict schemas, becomes a `VALIDATION_FAILED` {@link ValidationError}.
 * `label` prefixes the issue paths so the caller knows which argument was wrong.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, label?: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) {
    const nulPath = findNulCharacter(result.data, []);
    if (nulPath !== null) {
      const path = label === undefined ? nulPath : [label, ...nulPath];
      throw new ValidationError([
        { path, code: 'nul_character', message: 'Text cannot contain the NUL character (U+0000)' },
      ]);
    }
    return result.data;
  }
  const issues: ValidationIssue[] = result.error.issues.map((issue) => ({
    path: label === undefined ? toPath(issue.path) : [label, ...toPath(issue.path)],
    code: issue.code,
    message: issue.message,
  }));
  throw new ValidationError(issues);
}

/** Deeper than any accepted input nests (JSON inputs stop at 32 levels). */
const MAX_NUL_SCAN_DEPTH = 64;

/**
 * The path of the first string (or object key) holding U+0000, or null. Storage backends
 * such as Postgres cannot store it, so no input may carry it. Each object is visited once and
 * the walk stops at {@link MAX_NUL_SCAN_DEPTH}: objects a loose schema passes through (an
 * adapter, a logger) may be cyclic or deep, and are not stored text anyway.
 */
function findNulCharacter(
  value: unknown,
  path: Array<string | number>,
  seen: Set<object> = new Set(),
): Array<string | number> | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (value === null || typeof value !== 'object' || value instanceof Date) return null;
  if (seen.has(value) || path.length >= MAX_NUL_SCAN_DEPTH) return null;
  seen.add(value);
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const found = findNulCharacter(value[index], [...path, index], seen);
      if (found !== null) return found;
    }
    return null;
  }
  for (const [key, member] of Object.entries(value)) {
    if (key.includes('\u0000')) return [...path, key];
    const found = findNulCharacter(member, [...path, key], seen);
    if (found !== null) return found;
  }
  return null;
}

function toPath(path: ReadonlyArray<PropertyKey>): Array<string | number> {
  return path.map((segment) => (typeof segment === 'number' ? segment : String(segment)));
}

/** Throws a single-issue `VALIDATION_FAILED` for a rule that a schema cannot express. */
export function invalidInput(path: Array<string | number>, code: string, message: string): never {
  throw new ValidationError([{ path, code, message }], message);
}

/**
 * Validates a value with one of ticketkit's exported schemas and returns the parsed value,
 * or throws the same `VALIDATION_FAILED` error a desk call would. Lets forms and HTTP layers
 * check input before calling the desk.
 */
export function validateInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  return parseInput(schema, input);
}

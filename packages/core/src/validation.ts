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
    const nulPath = findUnstorableText(result.data);
    if (nulPath !== null) {
      const path = label === undefined ? nulPath : [label, ...nulPath];
      throw new ValidationError([
        {
          path,
          code: 'unstorable_text',
          message: 'Text cannot contain the NUL character (U+0000) or unpaired UTF-16 surrogates',
        },
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

/** Most values the NUL scan looks at; parsed inputs are far smaller. */
const MAX_NUL_SCAN_NODES = 20_000;

/**
 * The path of the first string (or object key) holding U+0000 or an unpaired UTF-16
 * surrogate, or null. Storage backends such as Postgres (text, jsonb) cannot store them, so
 * no input may carry them. Parsed inputs are fresh plain
 * data; the walk enters only plain objects and arrays (never class instances such as a
 * storage adapter passed in options), no deeper than {@link MAX_NUL_SCAN_DEPTH}, and stops
 * after a bounded number of values, so cyclic or huge pass-through values cost little.
 */
function findUnstorableText(value: unknown): Array<string | number> | null {
  scanBudget = MAX_NUL_SCAN_NODES;
  const found = unstorablePathIn(value, 0);
  return found === null ? null : found.reverse();
}

/** Values {@link unstorablePathIn} may still enter in the running scan (scans are synchronous). */
let scanBudget = 0;

/**
 * The path to the first unstorable text under `node`, innermost segment first (built only
 * once something is found, so a clean input allocates no path), or null.
 */
function unstorablePathIn(node: unknown, depth: number): Array<string | number> | null {
  if (typeof node === 'string') return isStorableText(node) ? null : [];
  if (typeof node !== 'object' || node === null || --scanBudget < 0 || depth >= MAX_NUL_SCAN_DEPTH)
    return null;
  if (Array.isArray(node)) {
    for (let index = 0; index < node.length; index++) {
      const found = unstorablePathIn(node[index], depth + 1);
      if (found !== null) {
        found.push(index);
        return found;
      }
    }
    return null;
  }
  const prototype = Object.getPrototypeOf(node);
  if (prototype !== Object.prototype && prototype !== null) return null;
  for (const key in node) {
    if (!isStorableText(key)) return [key];
    const found = unstorablePathIn((node as Record<string, unknown>)[key], depth + 1);
    if (found !== null) {
      found.push(key);
      return found;
    }
  }
  return null;
}

/** Any surrogate, paired or not: text without one needs no {@link LONE_SURROGATE} search. */
const SURROGATE = /[\uD800-\uDFFF]/;

/** A lone surrogate: a high one not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether every character of `text` can be stored as text: no NUL, no unpaired surrogate. */
function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && !(SURROGATE.test(text) && LONE_SURROGATE.test(text));
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

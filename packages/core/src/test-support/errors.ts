import { expect } from 'vitest';
import { TicketkitError, type TicketkitErrorCode } from '../errors';

/**
 * Awaits a call that must fail with a `TicketkitError` of `code` (and, when given, `details`
 * containing these members). A synchronous throw counts as a failure of the call too.
 */
export async function expectError(
  call: Promise<unknown> | (() => unknown),
  code: TicketkitErrorCode,
  details?: Record<string, unknown>,
): Promise<TicketkitError> {
  let outcome: { ok: true; value: unknown } | { ok: false; error: unknown };
  try {
    outcome = { ok: true, value: await (typeof call === 'function' ? call() : call) };
  } catch (error) {
    outcome = { ok: false, error };
  }
  if (outcome.ok) throw new Error(`Expected ${code}, but the call succeeded`);
  const { error } = outcome;
  expect(error).toBeInstanceOf(TicketkitError);
  const typed = error as TicketkitError;
  expect({ code: typed.code, message: typed.message }).toMatchObject({ code });
  if (details !== undefined) expect(typed.details).toMatchObject(details);
  return typed;
}

/** The issue codes of a `VALIDATION_FAILED` error. */
export function issueCodes(error: TicketkitError): string[] {
  return ((error.details.issues ?? []) as Array<{ code: string }>).map((issue) => issue.code);
}

/** The issue paths of a `VALIDATION_FAILED` error, joined with dots. */
export function issuePaths(error: TicketkitError): string[] {
  return ((error.details.issues ?? []) as Array<{ path: Array<string | number> }>).map((issue) =>
    issue.path.join('.'),
  );
}

/**
 * Every stable error code a ticketkit call can fail with. Codes never change meaning;
 * new codes may be added in minor versions.
 */
export type TicketkitErrorCode =
  /** An input failed schema validation; `details.issues` lists each problem. */
  | 'VALIDATION_FAILED'
  /** The record does not exist, or the actor may not know that it exists. */
  | 'NOT_FOUND'
  /** The record changed since the version the caller read; re-read and retry. */
  | 'VERSION_CONFLICT'
  /** The pipeline does not allow the requested stage change. */
  | 'INVALID_TRANSITION'
  /** The operation is not possible in the record's current state (e.g. merging a merged ticket). */
  | 'INVALID_STATE'
  /** The actor may see the record but not perform this operation. */
  | 'FORBIDDEN'
  /** A unique value (email, channel identity, id) is already taken. */
  | 'ALREADY_EXISTS'
  /** An idempotency key was reused with a different payload. */
  | 'IDEMPOTENCY_CONFLICT'
  /** The customer's credit balance cannot pay for the operation. */
  | 'INSUFFICIENT_CREDITS'
  /** The rate card does not cover the requested service. */
  | 'SERVICE_OUT_OF_SCOPE'
  /** The credit hold reached its timeout and was released; it can no longer be committed. */
  | 'HOLD_EXPIRED'
  /** Concurrent writers kept colliding; the command was not applied and may be retried. */
  | 'CONCURRENCY_CONFLICT'
  /** The storage backend failed; nothing was written. The cause is logged, never returned. */
  | 'STORAGE_FAILURE';

/** One problem found while validating an input. */
export interface ValidationIssue {
  /** Where in the input the problem is, e.g. `['customFields', 'plan']`. */
  path: Array<string | number>;
  /** Machine-readable issue kind (zod's issue code, or a ticketkit rule name). */
  code: string;
  /** Human-readable explanation, in English. */
  message: string;
}

/** Structured, JSON-safe context attached to an error. */
export type TicketkitErrorDetails = Record<string, unknown>;

/**
 * The only error type ticketkit throws to callers. Switch on `code`, which is stable;
 * `message` is for humans and may change. `details` is JSON-safe and never contains
 * driver messages, SQL or stack traces from inside ticketkit.
 */
export class TicketkitError extends Error {
  override readonly name: string = 'TicketkitError';
  readonly code: TicketkitErrorCode;
  readonly details: TicketkitErrorDetails;

  constructor(code: TicketkitErrorCode, message: string, details: TicketkitErrorDetails = {}) {
    super(message);
    this.code = code;
    this.details = details;
  }

  /** A plain object for logs and HTTP bodies. */
  toJSON(): { name: string; code: TicketkitErrorCode; message: string; details: TicketkitErrorDetails } {
    return { name: this.name, code: this.code, message: this.message, details: this.details };
  }
}

/** An input did not match its schema. `details.issues` holds every {@link ValidationIssue}. */
export class ValidationError extends TicketkitError {
  override readonly name = 'ValidationError';
  readonly issues: ValidationIssue[];
  constructor(issues: ValidationIssue[], message = 'Input failed validation') {
    super('VALIDATION_FAILED', message, { issues });
    this.issues = issues;
  }
}

/** The record is missing, or hidden from the actor (a customer asking for another's ticket). */
export class NotFoundError extends TicketkitError {
  override readonly name = 'NotFoundError';
  constructor(entity: string, id: string) {
    super('NOT_FOUND', `${entity} ${id} was not found`, { entity, id });
  }
}

/** The record changed since the version the caller stated. */
export class VersionConflictError extends TicketkitError {
  override readonly name = 'VersionConflictError';
  constructor(entity: string, id: string, expectedVersion: number, actualVersion?: number) {
    super('VERSION_CONFLICT', `${entity} ${id} is no longer at version ${expectedVersion}`, {
      entity,
      id,
      expectedVersion,
      ...(actualVersion === undefined ? {} : { actualVersion }),
    });
  }
}

/** The actor may not perform the operation. */
export class ForbiddenError extends TicketkitError {
  override readonly name = 'ForbiddenError';
  constructor(message: string, details: TicketkitErrorDetails = {}) {
    super('FORBIDDEN', message, details);
  }
}

/** The pipeline forbids the stage change. */
export class InvalidTransitionError extends TicketkitError {
  override readonly name = 'InvalidTransitionError';
  constructor(message: string, details: TicketkitErrorDetails = {}) {
    super('INVALID_TRANSITION', message, details);
  }
}

/** The record's current state does not allow the operation. */
export class InvalidStateError extends TicketkitError {
  override readonly name = 'InvalidStateError';
  constructor(message: string, details: TicketkitErrorDetails = {}) {
    super('INVALID_STATE', message, details);
  }
}

/** A unique value is already taken by another record. */
export class AlreadyExistsError extends TicketkitError {
  override readonly name = 'AlreadyExistsError';
  constructor(message: string, details: TicketkitErrorDetails = {}) {
    super('ALREADY_EXISTS', message, details);
  }
}

/** The idempotency key was first used with a different payload. */
export class IdempotencyConflictError extends TicketkitError {
  override readonly name = 'IdempotencyConflictError';
  constructor(scope: string, key: string) {
    super('IDEMPOTENCY_CONFLICT', `Idempotency key "${key}" was already used with a different payload`, {
      scope,
      key,
    });
  }
}

/**
 * The customer's credits cannot pay for the charge; nothing was written. `details` holds
 * `customerId`, `required` and `available` (what the eligible blocks and any overdraft offer).
 */
export class InsufficientCreditsError extends TicketkitError {
  override readonly name = 'InsufficientCreditsError';
  constructor(customerId: string, required: number, available: number, details: TicketkitErrorDetails = {}) {
    super(
      'INSUFFICIENT_CREDITS',
      `Customer ${customerId} has ${available} of the ${required} credits needed`,
      {
        customerId,
        required,
        available,
        ...details,
      },
    );
  }
}

/** The tenant's rate card prices the service as out of scope (`null`); nothing was written. */
export class ServiceOutOfScopeError extends TicketkitError {
  override readonly name = 'ServiceOutOfScopeError';
  constructor(service: string) {
    super('SERVICE_OUT_OF_SCOPE', `The rate card does not cover the service "${service}"`, { service });
  }
}

/** The credit hold timed out before it was committed; its credits were released. */
export class HoldExpiredError extends TicketkitError {
  override readonly name = 'HoldExpiredError';
  constructor(customerId: string, key: string, expiredAt: Date | null) {
    super('HOLD_EXPIRED', `Hold "${key}" expired and can no longer be committed`, {
      customerId,
      key,
      expiredAt: expiredAt?.toISOString() ?? null,
    });
  }
}

/** The storage backend failed; nothing was written. */
export class StorageFailureError extends TicketkitError {
  override readonly name = 'StorageFailureError';
  constructor() {
    super('STORAGE_FAILURE', 'The storage backend failed; the operation was not applied');
  }
}

/**
 * True when `error` is a {@link TicketkitError}, optionally with the given code.
 * Works across package copies (checks the shape, not only the prototype).
 */
export function isTicketkitError(error: unknown, code?: TicketkitErrorCode): error is TicketkitError {
  if (error instanceof TicketkitError) return code === undefined || error.code === code;
  if (typeof error !== 'object' || error === null) return false;
  const candidate = error as { code?: unknown; details?: unknown };
  const looksLikeOne =
    error instanceof Error && typeof candidate.code === 'string' && typeof candidate.details === 'object';
  return looksLikeOne && (code === undefined || candidate.code === code);
}

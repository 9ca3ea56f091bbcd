import { isTicketkitError, type TicketkitErrorCode } from '../errors';

/**
 * Error codes of the HTTP layer, on top of {@link TicketkitErrorCode}: requests refused before
 * they reach the desk.
 * - `UNAUTHENTICATED`: no session and no widget token.
 * - `TOKEN_INVALID`: a widget token that is malformed, forged, signed by an unknown key, or
 *   signed by a key bound to another tenant.
 * - `TOKEN_EXPIRED`: a genuine widget token past its expiry; mint a new one.
 * - `ROUTE_NOT_FOUND`: no route at this path.
 * - `METHOD_NOT_ALLOWED`: the route exists, not with this method (`Allow` lists the methods).
 * - `UNSUPPORTED_MEDIA_TYPE`: a body that is not `application/json`.
 * - `MALFORMED_JSON`: a body that does not parse as JSON.
 * - `PAYLOAD_TOO_LARGE`: a body over the handler's `maxBodyBytes`.
 * - `INTERNAL_ERROR`: a defect (e.g. `authenticate` threw); details are logged, never returned.
 */
export type HttpErrorCode =
  | TicketkitErrorCode
  | 'UNAUTHENTICATED'
  | 'TOKEN_INVALID'
  | 'TOKEN_EXPIRED'
  | 'ROUTE_NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'MALFORMED_JSON'
  | 'PAYLOAD_TOO_LARGE'
  | 'INTERNAL_ERROR';

/** The JSON body of every error response: `{ error: { code, message, details } }`. */
export interface HttpErrorBody {
  error: { code: HttpErrorCode; message: string; details: Record<string, unknown> };
}

/** A request the HTTP layer refuses; becomes a JSON error response. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: HttpErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const STATUS: Record<TicketkitErrorCode, number> = {
  VALIDATION_FAILED: 400,
  NOT_FOUND: 404,
  VERSION_CONFLICT: 409,
  INVALID_TRANSITION: 409,
  INVALID_STATE: 409,
  FORBIDDEN: 403,
  ALREADY_EXISTS: 409,
  IDEMPOTENCY_CONFLICT: 409,
  INSUFFICIENT_CREDITS: 402,
  SERVICE_OUT_OF_SCOPE: 422,
  HOLD_EXPIRED: 409,
  CONCURRENCY_CONFLICT: 503,
  STORAGE_FAILURE: 503,
};

/** The HTTP status of a ticketkit error code (unknown codes from newer engines: 400). */
export function statusOfCode(code: string): number {
  return STATUS[code as TicketkitErrorCode] ?? 400;
}

/** A JSON response with no caching. */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  });
}

/** Turns anything thrown while handling a request into an error response; returns null for defects. */
export function errorResponse(error: unknown): Response | null {
  if (error instanceof HttpError) {
    return jsonResponse(
      error.status,
      { error: { code: error.code, message: error.message, details: error.details } } satisfies HttpErrorBody,
      error.headers,
    );
  }
  if (isTicketkitError(error)) {
    return jsonResponse(statusOfCode(error.code), {
      error: { code: error.code, message: error.message, details: error.details },
    } satisfies HttpErrorBody);
  }
  return null;
}

/** A failed call to the support API, with the server's stable error code (or `NETWORK_ERROR`). */
export class SupportApiError extends Error {
  override readonly name = 'SupportApiError';
  constructor(
    /** The handler's code (`VALIDATION_FAILED`, `NOT_FOUND`, `INSUFFICIENT_CREDITS`...), or `NETWORK_ERROR`. */
    readonly code: string,
    message: string,
    /** The HTTP status; 0 when the request never got an answer. */
    readonly status: number,
    /** The server's structured details (e.g. `issues` of a validation failure). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

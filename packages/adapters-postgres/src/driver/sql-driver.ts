/**
 * The thin layer between the adapter's one SQL code path and a Postgres driver (`pg` or
 * PGlite): run a statement, run a script, open a transaction on a dedicated connection.
 * Every error a driver raises leaves this layer as a {@link PostgresDriverError}.
 */

/** A row as the driver returns it: column name to value. */
export type SqlRow = Record<string, unknown>;

/** How a statement is sent. */
export interface QueryOptions {
  /**
   * Run it unprepared: its text is (nearly) unique per call, or its best plan depends on the
   * values, which a prepared statement's generic plan would not see. Default false: a
   * statement with parameters is prepared once per connection (where the driver supports
   * it) and then only bound and executed.
   */
  readonly varying?: boolean;
  /**
   * The statement is a `WITH ...` that reads no row a held write of the transaction writes
   * (see `SqlQueryable.deferred`): the held writes may travel in it, as leading CTEs,
   * instead of in a statement of their own. A unique violation then counts as theirs.
   */
  readonly carriesHeld?: boolean;
}

/** Runs SQL on one connection, or on whichever connection is free. */
export interface SqlQueryable {
  /** Runs one parameterized statement and returns its rows. */
  query<Row extends SqlRow = SqlRow>(
    text: string,
    params?: readonly unknown[],
    options?: QueryOptions,
  ): Promise<Row[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
  /**
   * Runs a write whose result nobody waits for: a plain `INSERT INTO` of new rows that no other
   * write of the transaction reads or changes. Inside a transaction the driver may hold it and
   * send it with the transaction's next statement or its COMMIT, several held inserts into
   * different tables combined into one statement; a transaction that sent nothing else sends
   * them as one autocommit statement instead of BEGIN ... COMMIT. If it fails, the statement it
   * travels with (or the COMMIT) fails with its error, so the transaction commits only with
   * it. Outside a transaction it has completed when this returns.
   */
  deferred(text: string, params: readonly unknown[]): Promise<void>;
}

/** A driver: autocommit statements, and transactions on a dedicated connection. */
export interface SqlDriver extends SqlQueryable {
  /** `postgres` or `pglite`. */
  readonly kind: 'postgres' | 'pglite';
  /** Whether transactions run concurrently (several connections). */
  readonly concurrent: boolean;
  /**
   * Runs `run` between BEGIN and COMMIT on one connection; rolls back and rethrows what `run`
   * threw. Errors of the driver itself are {@link PostgresDriverError}s.
   */
  transaction<T>(run: (session: SqlQueryable) => Promise<T>): Promise<T>;
  /** Releases what the driver opened itself (never a pool or database it was given). */
  close(): Promise<void>;
}

/**
 * A failed database call. Carries the SQLSTATE and the server's short message only: never
 * the statement, its parameters or the row values a server `detail` may quote, so that
 * logging it leaks no customer data.
 */
export class PostgresDriverError extends Error {
  override readonly name = 'PostgresDriverError';
  /** The SQLSTATE code (`23505`, `40P01`...), or undefined when the error did not come from the server. */
  readonly sqlState: string | undefined;
  /** The constraint the server named, if any (e.g. for a unique violation). */
  readonly constraint: string | undefined;
  /** Whether a held write failed (see `SqlQueryable.deferred`): a unique value it inserted was taken. */
  readonly heldWrite: boolean;

  constructor(
    sqlState: string | undefined,
    message: string,
    constraint: string | undefined,
    heldWrite = false,
  ) {
    super(message);
    this.sqlState = sqlState;
    this.constraint = constraint;
    this.heldWrite = heldWrite;
  }
}

/** The driver error of a failed held write: marked so that a unique violation re-runs the transaction. */
export function heldWriteError(error: unknown): PostgresDriverError {
  const failure = toDriverError(error);
  return new PostgresDriverError(failure.sqlState, failure.message, failure.constraint, true);
}

/** SQLSTATE codes the adapter reacts to. */
export const SQLSTATE = {
  uniqueViolation: '23505',
  serializationFailure: '40001',
  deadlockDetected: '40P01',
} as const;

/** Wraps anything a driver threw into a {@link PostgresDriverError} (idempotent). */
export function toDriverError(error: unknown): PostgresDriverError {
  if (error instanceof PostgresDriverError) return error;
  const fields = (typeof error === 'object' && error !== null ? error : {}) as {
    code?: unknown;
    message?: unknown;
    constraint?: unknown;
  };
  const sqlState =
    typeof fields.code === 'string' && /^[0-9A-Z]{5}$/.test(fields.code) ? fields.code : undefined;
  const message =
    sqlState === undefined
      ? `Database driver error${typeof fields.code === 'string' ? ` (${fields.code})` : ''}`
      : `Database error ${sqlState}${typeof fields.message === 'string' ? `: ${firstLine(fields.message)}` : ''}`;
  return new PostgresDriverError(
    sqlState,
    message,
    typeof fields.constraint === 'string' ? fields.constraint : undefined,
  );
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}...` : line;
}

/**
 * Whether the transaction may be run again: a serialization failure, a deadlock, or a held
 * write that found its unique value taken (an idempotency key stored meanwhile: the next run
 * finds it; a generated id taken: the next run generates another).
 */
export function isRetryable(error: unknown): boolean {
  return (
    error instanceof PostgresDriverError &&
    (error.sqlState === SQLSTATE.serializationFailure ||
      error.sqlState === SQLSTATE.deadlockDetected ||
      (error.heldWrite && error.sqlState === SQLSTATE.uniqueViolation))
  );
}

/** Whether an error is a unique violation. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof PostgresDriverError && error.sqlState === SQLSTATE.uniqueViolation;
}

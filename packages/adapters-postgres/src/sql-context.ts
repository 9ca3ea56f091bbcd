import type { WriteResult } from '@ticketkit/core';
import { isUniqueViolation, type SqlDriver, type SqlQueryable } from './driver/sql-driver';
import { withRetry } from './retry';
import type { SchemaNames } from './schema-names';

/**
 * What every repository receives: where to run SQL, and the quoted names of the tables.
 * Repositories are created per transaction (and once for the autocommit port), so the
 * context also carries the little state a transaction needs.
 */
export interface SqlContext {
  /** Runs statements: on the transaction's connection, or autocommit on any connection. */
  readonly sql: SqlQueryable;
  /** Quoted, schema-qualified table names. */
  readonly tables: SchemaNames;
  /** True inside `transaction`. */
  readonly inTransaction: boolean;
  /**
   * Runs `body` as one all-or-nothing unit that may end in `duplicate` or `stale`: when it
   * returns anything but `ok`, or hits a unique violation (`duplicate`), none of its writes
   * are kept, and the enclosing transaction goes on. Inside a transaction this is a
   * savepoint; outside, a transaction of its own.
   */
  guarded(body: (sql: SqlQueryable) => Promise<WriteResult>): Promise<WriteResult>;
  /** Per-transaction state of the event store: whether this transaction appended events. */
  readonly events: { appended: boolean };
}

/** The context of one open transaction. */
export function transactionContext(session: SqlQueryable, tables: SchemaNames): SqlContext {
  return {
    sql: session,
    tables,
    inTransaction: true,
    events: { appended: false },
    async guarded(body) {
      await session.query('SAVEPOINT ticketkit_guard');
      let result: WriteResult;
      try {
        result = await body(session);
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        result = 'duplicate';
      }
      if (result !== 'ok') await session.query('ROLLBACK TO SAVEPOINT ticketkit_guard');
      await session.query('RELEASE SAVEPOINT ticketkit_guard');
      return result;
    },
  };
}

/** Thrown inside an autocommit guard's transaction to roll it back with a result. */
class UndoWith {
  constructor(readonly result: WriteResult) {}
}

/**
 * The context of the port's own (autocommit) repositories: each statement runs on its own,
 * retried after a deadlock or serialization failure (which undid it).
 */
export function autocommitContext(driver: SqlDriver, tables: SchemaNames): SqlContext {
  return {
    sql: {
      query: (text, params, options) => withRetry(() => driver.query(text, params, options)),
      exec: (script) => driver.exec(script),
      deferred: (text, params) => withRetry(() => driver.deferred(text, params)),
    },
    tables,
    inTransaction: false,
    events: { appended: false },
    async guarded(body) {
      try {
        return await withRetry(() =>
          driver.transaction(async (session) => {
            const result = await body(session);
            if (result !== 'ok') throw new UndoWith(result);
            return result;
          }),
        );
      } catch (error) {
        if (error instanceof UndoWith) return error.result;
        if (isUniqueViolation(error)) return 'duplicate';
        throw error;
      }
    },
  };
}

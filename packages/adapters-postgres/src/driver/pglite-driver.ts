import type { PGlite, Transaction } from '@electric-sql/pglite';
import { type SqlDriver, type SqlQueryable, type SqlRow, toDriverError } from './sql-driver';

/**
 * The driver over a PGlite database: one connection, so statements and transactions run one
 * at a time (PGlite queues them). `open` is called once, on first use; `owned` says whether
 * `close` closes the database.
 */
export function pgliteDriver(open: () => Promise<PGlite>, owned: boolean): SqlDriver {
  let database: Promise<PGlite> | undefined;
  const queryable = (target: PGlite | Transaction): SqlQueryable => ({
    query: async <Row extends SqlRow>(text: string, params?: readonly unknown[]) => {
      try {
        const result = await target.query<Row>(text, params as unknown[] | undefined);
        return result.rows;
      } catch (error) {
        throw toDriverError(error);
      }
    },
    exec: async (script: string) => {
      try {
        await target.exec(script);
      } catch (error) {
        throw toDriverError(error);
      }
    },
    // One connection, one statement at a time: nothing to gain from leaving it in flight.
    deferred: async (text: string, params: readonly unknown[]) => {
      try {
        await target.query(text, params as unknown[]);
      } catch (error) {
        throw toDriverError(error);
      }
    },
  });
  const ready = async () => {
    database ??= open();
    try {
      return await database;
    } catch (error) {
      throw toDriverError(error);
    }
  };
  return {
    kind: 'pglite',
    concurrent: false,
    query: async (text, params) => queryable(await ready()).query(text, params),
    exec: async (script) => queryable(await ready()).exec(script),
    deferred: async (text, params) => queryable(await ready()).deferred(text, params),
    async transaction(body) {
      const db = await ready();
      let bodyError: { error: unknown } | undefined;
      try {
        return await db.transaction(async (tx) => {
          try {
            return await body(queryable(tx));
          } catch (error) {
            bodyError = { error };
            throw error;
          }
        });
      } catch (error) {
        // What `body` threw comes back unchanged; anything else (BEGIN, COMMIT) is the driver's.
        if (bodyError !== undefined && error === bodyError.error) throw error;
        throw toDriverError(error);
      }
    },
    async close() {
      // A database that never opened has nothing to close (its error went to the caller that opened it).
      const db = owned && database !== undefined ? await database.catch(() => undefined) : undefined;
      await db?.close();
    },
  };
}

import type { Pool, PoolClient } from 'pg';
import { type SqlDriver, type SqlQueryable, type SqlRow, toDriverError } from './sql-driver';

/** The driver over a `pg` Pool the host owns: statements on any free client, transactions on one. */
export function pgDriver(pool: Pool): SqlDriver {
  return {
    kind: 'postgres',
    concurrent: true,
    query: (text, params) => run(pool, text, params),
    exec: async (script) => {
      await run(pool, script, undefined);
    },
    async transaction(body) {
      let client: PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw toDriverError(error);
      }
      let broken: Error | undefined;
      try {
        await run(client, 'BEGIN', undefined);
        const session: SqlQueryable = {
          query: (text, params) => run(client, text, params),
          exec: async (script) => {
            await run(client, script, undefined);
          },
        };
        const result = await body(session);
        await run(client, 'COMMIT', undefined);
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackError) {
          // The connection is unusable: the pool must not hand it out again.
          broken = rollbackError instanceof Error ? rollbackError : new Error('ROLLBACK failed');
        }
        throw error;
      } finally {
        client.release(broken);
      }
    },
    // The pool belongs to the host.
    close: async () => {},
  };
}

async function run<Row extends SqlRow>(
  target: Pool | PoolClient,
  text: string,
  params: readonly unknown[] | undefined,
): Promise<Row[]> {
  try {
    const result =
      params === undefined || params.length === 0
        ? await target.query(text)
        : await target.query(text, params as unknown[]);
    return result.rows as Row[];
  } catch (error) {
    throw toDriverError(error);
  }
}

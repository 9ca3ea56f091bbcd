import type { Pool, PoolClient, QueryConfig } from 'pg';
import { carryWrites, combineWrites, type HeldWrite } from './held-writes';
import {
  heldWriteError,
  isUniqueViolation,
  type QueryOptions,
  type SqlDriver,
  type SqlQueryable,
  type SqlRow,
  toDriverError,
} from './sql-driver';

/** Options of {@link pgDriver}. */
export interface PgDriverOptions {
  /**
   * Whether statements are prepared once per connection (named statements) and then only
   * bound and executed: the server skips parsing and planning them again. Turn off behind
   * a pooler that cannot keep prepared statements (PgBouncer in transaction mode before 1.21).
   */
  readonly prepare: boolean;
}

/**
 * At most this many ticketkit statements stay prepared on one connection; later ones run
 * unnamed. Statements with a per-call text never are (see `QueryOptions.varying`), so the
 * bound is only a guard for hosts with very many schemas on one pool.
 */
export const MAX_PREPARED_PER_CONNECTION = 200;

/** Statement text -> name, for the whole process: one name always means one text. */
const statementNames = new Map<string, string>();
/** The names each connection was asked to prepare (pg itself remembers which it parsed). */
const preparedOn = new WeakMap<object, Set<string>>();

/**
 * The query pg sends for a statement with parameters: named (pg parses it once per
 * connection, then only binds and executes it) unless `prepare` is off, the text varies per
 * call, or the connection already holds {@link MAX_PREPARED_PER_CONNECTION} of ours.
 */
export function pgQueryConfig(
  client: object,
  text: string,
  params: readonly unknown[],
  prepare: boolean,
  options: QueryOptions | undefined,
): QueryConfig {
  const values = params as unknown[];
  if (!prepare || options?.varying === true) return { text, values };
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `ticketkit_${statementNames.size + 1}`;
    statementNames.set(text, name);
  }
  let prepared = preparedOn.get(client);
  if (prepared === undefined) {
    prepared = new Set();
    preparedOn.set(client, prepared);
  }
  if (!prepared.has(name)) {
    if (prepared.size >= MAX_PREPARED_PER_CONNECTION) return { text, values };
    prepared.add(name);
  }
  return { name, text, values };
}

/** The driver over a `pg` Pool the host owns: statements on any free client, transactions on one. */
export function pgDriver(pool: Pool, options: PgDriverOptions = { prepare: true }): SqlDriver {
  const connect = async (): Promise<PoolClient> => {
    try {
      return await pool.connect();
    } catch (error) {
      throw toDriverError(error);
    }
  };
  const run = async <Row extends SqlRow>(
    client: PoolClient,
    text: string,
    params: readonly unknown[] | undefined,
    queryOptions?: QueryOptions,
  ): Promise<Row[]> => {
    try {
      const result =
        params === undefined || params.length === 0
          ? await client.query(text)
          : await client.query(pgQueryConfig(client, text, params, options.prepare, queryOptions));
      return result.rows as Row[];
    } catch (error) {
      throw toDriverError(error);
    }
  };
  return {
    kind: 'postgres',
    concurrent: true,
    async query(text, params, queryOptions) {
      const client = await connect();
      try {
        return await run(client, text, params, queryOptions);
      } finally {
        client.release();
      }
    },
    async exec(script) {
      const client = await connect();
      try {
        await run(client, script, undefined);
      } finally {
        client.release();
      }
    },
    async deferred(text, params) {
      const client = await connect();
      try {
        await run(client, text, params);
      } finally {
        client.release();
      }
    },
    async transaction(body) {
      const client = await connect();
      // Statements are issued without waiting for the ones before them (BEGIN, held writes).
      // A pipelining client sends them at once; on any other, pg deprecates queueing a query
      // behind a running one, so each waits here for the one before it to settle.
      const pipelining = (client as { pipeline?: boolean }).pipeline === true;
      let previous: Promise<unknown> = Promise.resolve();
      const issue = <Row extends SqlRow>(
        text: string,
        params: readonly unknown[] | undefined,
        queryOptions?: QueryOptions,
      ): Promise<Row[]> => {
        if (pipelining) return run<Row>(client, text, params, queryOptions);
        const sent = previous.then(
          () => run<Row>(client, text, params, queryOptions),
          () => run<Row>(client, text, params, queryOptions),
        );
        previous = sent.catch(() => {});
        return sent;
      };
      let broken: Error | undefined;
      // BEGIN goes out with the transaction's first statement: a transaction whose body only
      // wrote held writes sends them as one autocommit statement, atomic on its own.
      let begun = false;
      const held: HeldWrite[] = [];
      // Statements nobody awaits yet (BEGIN, held writes), and the first of them that failed.
      // pg sends a client's statements in order and answers them in order, so a statement
      // issued after a failed one learns of the failure no later than its own answer.
      const inFlight: Array<Promise<void>> = [];
      let failed: { error: unknown } | undefined;
      // Marked in this handler, not in a wrapper of its own: a statement behind the failed one
      // learns of the failure one promise hop later, so `failed` must be set by then.
      const track = (statement: Promise<unknown>, held: boolean) => {
        inFlight.push(
          statement.then(
            () => {},
            (error: unknown) => {
              failed ??= { error: held ? heldWriteError(error) : error };
            },
          ),
        );
      };
      const settle = async () => {
        await Promise.all(inFlight.splice(0));
        if (failed !== undefined) throw failed.error;
      };
      // Not awaited: with a pipelining pool, they go out with the statement behind them.
      const begin = () => {
        if (!begun) {
          begun = true;
          track(issue('BEGIN', undefined), false);
        }
      };
      const send = (statements: readonly HeldWrite[]) => {
        for (const statement of statements) track(issue(statement.text, statement.params), true);
      };
      const beforeStatement = () => {
        begin();
        send(combineWrites(held.splice(0)));
      };
      try {
        const session: SqlQueryable = {
          query: async (text, params, queryOptions) => {
            const carried =
              queryOptions?.carriesHeld === true && held.length > 0
                ? carryWrites(held, { text, params: params ?? [] })
                : null;
            if (carried !== null) held.length = 0;
            beforeStatement();
            try {
              return carried === null
                ? await issue(text, params, queryOptions)
                : await issue(carried.text, carried.params, queryOptions);
            } catch (error) {
              // An earlier failure (which aborted the transaction) is the one to report.
              if (failed !== undefined) throw failed.error;
              throw carried !== null && isUniqueViolation(error) ? heldWriteError(error) : error;
            }
          },
          exec: async (script) => {
            beforeStatement();
            await settle();
            await issue(script, undefined);
          },
          deferred: async (text, params) => {
            held.push({ text, params });
          },
        };
        const result = await body(session);
        const last = combineWrites(held.splice(0));
        if (!begun && last.length <= 1) {
          // Nothing sent yet, and at most one statement to send: it needs no BEGIN and COMMIT.
          if (last[0] !== undefined) {
            await issue(last[0].text, last[0].params).catch((error: unknown) => {
              throw heldWriteError(error);
            });
          }
          return result;
        }
        begin();
        send(last);
        // Sent right behind the held writes; after a failed one, the server answers COMMIT
        // with a rollback, and the failure is what this throws.
        const commit = issue('COMMIT', undefined);
        await settle().catch(async (error: unknown) => {
          await commit.catch(() => {});
          throw error;
        });
        await commit;
        return result;
      } catch (error) {
        await Promise.all(inFlight.splice(0));
        await previous;
        if (begun) {
          try {
            await client.query('ROLLBACK');
          } catch (rollbackError) {
            // The connection is unusable: the pool must not hand it out again.
            broken = rollbackError instanceof Error ? rollbackError : new Error('ROLLBACK failed');
          }
        }
        throw failed?.error ?? error;
      } finally {
        client.release(broken);
      }
    },
    // The pool belongs to the host.
    close: async () => {},
  };
}

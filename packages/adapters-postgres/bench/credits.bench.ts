/**
 * Credit benchmarks on PostgreSQL (`pnpm bench`, or `pnpm --filter @ticketkit/adapters-postgres
 * bench`): the tasks of `packages/core/bench/credit-bench.ts` (the memory adapter runs the
 * same ones) on a `pg` Pool of 10 clients, 8 concurrent callers.
 *
 * The server is DATABASE_URL when set, otherwise a throwaway local one from Debian's
 * PostgreSQL. Options (after `--`): `--time <ms>` per task (default 3000); `--durability
 * default` (PostgreSQL's defaults: fsync and synchronous commit, the default) or `test`
 * (fsync, synchronous_commit and full_page_writes off, as the tests run); ignored with
 * DATABASE_URL.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { runCreditBench } from '../../core/bench/credit-bench';
import { postgresAdapter } from '../src/postgres-adapter';
import { startTestServer } from '../src/test-support/postgres-server';

const { values: args } = parseArgs({
  options: {
    time: { type: 'string', default: '3000' },
    durability: { type: 'string', default: 'default' },
  },
  allowPositionals: true,
});
if (args.durability !== 'default' && args.durability !== 'test')
  throw new Error('--durability is "default" or "test"');

const url = process.env.DATABASE_URL;
const server = url === undefined ? await startTestServer({ durable: args.durability === 'default' }) : null;
const pool = new pg.Pool({ connectionString: url ?? server?.url, max: 10 });
const schema = `tk_bench_${process.pid}`;
try {
  const where =
    server === null
      ? 'DATABASE_URL'
      : `throwaway local server, ${args.durability === 'default' ? 'default durability' : 'fsync off'}`;
  await runCreditBench(
    `postgres (${where}, pool of 10)`,
    async () => {
      await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      const storage = postgresAdapter({ pool, schema });
      await storage.migrate();
      return storage;
    },
    { timeMs: Number(args.time), concurrency: 8, longLedger: 100_000 },
  );
} finally {
  await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => {});
  await pool.end();
  server?.stop();
}

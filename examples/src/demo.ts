/**
 * The ticketkit demo host app: `pnpm demo` starts it and prints its URL.
 *
 * - `/`: a pretend SaaS dashboard embedding `<SupportWidget />` for a signed-in customer.
 * - `/console`: an agent console (queue, thread with internal notes, reply, note, assign, move).
 * - `/api/support`: the ticketkit handler both of them call.
 *
 * The desk runs on the Postgres adapter over embedded PGlite, with its data in
 * `examples/.demo-data/` (kept across restarts; delete the folder to start over).
 * `PORT` and `HOST` choose where it listens; `DEMO_DATA_DIR` where the data goes.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startDemoServer } from './host/server';

const dataDir = process.env.DEMO_DATA_DIR ?? fileURLToPath(new URL('../.demo-data/pglite', import.meta.url));
// PGlite does not create missing parent folders (a fresh clone has no .demo-data/).
if (!dataDir.includes('://')) mkdirSync(dataDir, { recursive: true });
const demo = await startDemoServer({
  port: Number(process.env.PORT ?? 5173),
  host: process.env.HOST ?? '127.0.0.1',
  dataDir,
});
console.log(`ticketkit demo running at ${demo.url}`);
console.log(`  customer app (with the widget): ${demo.url}/`);
console.log(`  agent console:                  ${demo.url}/console`);
console.log(`  data: ${dataDir} (delete it to start over)`);
console.log('Press Ctrl+C to stop.');
const stop = async () => {
  await demo.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

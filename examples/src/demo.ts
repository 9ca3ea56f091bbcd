/**
 * The ticketkit demo host app: `pnpm demo` starts it and prints its URL.
 *
 * - `/`: a pretend SaaS dashboard embedding `<SupportWidget />` for a signed-in customer.
 * - `/console`: an agent console (queue, thread with internal notes, reply, note, assign, move).
 * - `/api/support`: the ticketkit handler both of them call.
 *
 * Data lives in memory for as long as the process runs. `PORT` and `HOST` choose where it listens.
 */
import { startDemoServer } from './host/server';

const demo = await startDemoServer({
  port: Number(process.env.PORT ?? 5173),
  host: process.env.HOST ?? '127.0.0.1',
});
console.log(`ticketkit demo running at ${demo.url}`);
console.log(`  customer app (with the widget): ${demo.url}/`);
console.log(`  agent console:                  ${demo.url}/console`);
console.log('Press Ctrl+C to stop.');
const stop = async () => {
  await demo.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

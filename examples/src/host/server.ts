import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pgliteAdapter } from '@ticketkit/adapters-postgres';
import { agentActor, createTicketing, type Ticketing } from '@ticketkit/core';
import {
  createHandler,
  createWidgetToken,
  toNodeListener,
  type WidgetTokenKey,
} from '@ticketkit/core/server';
import { buildPageBundles } from './bundles';
import { appPage, consolePage } from './pages';
import { type DemoDirectory, seedDemo, TENANT } from './seed';

/** A running demo host app. */
export interface DemoServer {
  url: string;
  desk: Ticketing;
  directory: DemoDirectory;
  close(): Promise<void>;
}

const API = '/api/support';

function cookies(request: IncomingMessage): Record<string, string> {
  const result: Record<string, string> = {};
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name) result[name] = decodeURIComponent(value.join('='));
  }
  return result;
}

function send(
  response: ServerResponse,
  status: number,
  contentType: string,
  body: string | Uint8Array,
  headers = {},
) {
  response.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store', ...headers });
  response.end(body);
}

async function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  let text = '';
  for await (const chunk of request) {
    text += chunk;
    if (text.length > 10_000) break;
  }
  return new URLSearchParams(text);
}

/**
 * The demo host app: a small Node server that mounts the ticketkit handler at `/api/support`
 * on the Postgres adapter over embedded PGlite (data in `dataDir`, kept across restarts;
 * `memory://` for a throwaway database), serves a page embedding the widget for a signed-in customer (the
 * server mints the widget token), and an agent console. Sessions are demo cookies: the
 * customer picks who they are from a list, agents sign in by choosing an agent. Every 5 seconds
 * it runs the desk's due jobs (SLA timers and the escalations they trigger, auto-close, credit
 * expiry).
 */
export async function startDemoServer(
  options: { port?: number; host?: string; dataDir?: string } = {},
): Promise<DemoServer> {
  const storage = pgliteAdapter({ dataDir: options.dataDir ?? 'memory://' });
  await storage.migrate();
  const desk = createTicketing({ storage });
  const directory = await seedDemo(desk);
  const assets = await buildPageBundles();
  const key: WidgetTokenKey = { id: 'demo-1', secret: randomBytes(32).toString('hex'), tenantId: TENANT };
  const agentIds = new Set(directory.agents.map((agent) => agent.id));
  const customerIds = new Set(directory.customers.map((customer) => customer.id));

  const api = toNodeListener(
    createHandler(desk, {
      basePath: API,
      widgetTokenKeys: [key],
      // The console's session: a cookie naming a seeded agent. The widget uses tokens instead.
      authenticate: (request) => {
        const agentId = /(?:^|;\s*)demo_agent=([^;]+)/.exec(request.headers.get('cookie') ?? '')?.[1];
        return agentId !== undefined && agentIds.has(agentId) ? agentActor(TENANT, agentId) : null;
      },
    }),
  );

  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    try {
      if (url.pathname === API || url.pathname.startsWith(`${API}/`)) return api(request, response);
      const asset = assets.get(url.pathname);
      if (asset !== undefined) return send(response, 200, asset.contentType, asset.body);
      const jar = cookies(request);
      if (url.pathname === '/' && request.method === 'GET') {
        const chosen = url.searchParams.get('customer');
        const customerId =
          chosen !== null && customerIds.has(chosen)
            ? chosen
            : customerIds.has(jar.demo_customer ?? '')
              ? (jar.demo_customer as string)
              : (directory.customers[0]?.id as string);
        const lang = url.searchParams.get('lang') === 'ja' ? 'ja' : 'en';
        return send(response, 200, 'text/html; charset=utf-8', appPage(directory, customerId, lang), {
          'set-cookie': `demo_customer=${customerId}; Path=/; HttpOnly; SameSite=Lax`,
        });
      }
      // The host backend mints a short-lived widget token for its signed-in customer.
      if (url.pathname === '/session/widget-token' && request.method === 'POST') {
        const customerId = jar.demo_customer;
        if (customerId === undefined || !customerIds.has(customerId)) {
          return send(response, 401, 'application/json', JSON.stringify({ error: 'not signed in' }));
        }
        const token = await createWidgetToken({ tenantId: TENANT, customerId, expiresIn: 600 }, key);
        return send(response, 200, 'application/json', JSON.stringify({ token }));
      }
      if (url.pathname === '/console' && request.method === 'GET') {
        const agentId = agentIds.has(jar.demo_agent ?? '') ? (jar.demo_agent as string) : null;
        return send(response, 200, 'text/html; charset=utf-8', consolePage(directory, agentId));
      }
      if (url.pathname === '/console/sign-in' && request.method === 'POST') {
        const agentId = (await readForm(request)).get('agent') ?? '';
        const cookie = agentIds.has(agentId)
          ? `demo_agent=${agentId}; Path=/; HttpOnly; SameSite=Lax`
          : 'demo_agent=; Path=/; Max-Age=0';
        response.writeHead(303, { location: '/console', 'set-cookie': cookie });
        return response.end();
      }
      send(response, 404, 'text/plain; charset=utf-8', 'Not found');
    } catch (error) {
      console.error(error);
      if (!response.headersSent) send(response, 500, 'text/plain; charset=utf-8', 'Server error');
    }
  });
  // The demo's worker: fires SLA warnings and breaches (and the escalations they trigger),
  // auto-closes resolved tickets and expires credits on time. A real host runs this in a job.
  let jobs: Promise<unknown> = Promise.resolve();
  const worker = setInterval(() => {
    jobs = jobs.then(() => desk.scheduler.runDueJobs({ limit: 50 })).catch((error) => console.error(error));
  }, 5_000);
  server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  await once(server, 'listening');
  const address = server.address() as AddressInfo;
  return {
    url: `http://${address.address === '::1' ? 'localhost' : address.address}:${address.port}`,
    desk,
    directory,
    close: async () => {
      clearInterval(worker);
      await jobs;
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      await storage.close();
    },
  };
}

// The code of docs/server-and-widget.md: each region is one of its code blocks, and the
// whole file runs as one script (`examples/test/docs.test.ts` checks every `// ->` line).

// #region handler
import { createServer } from 'node:http';
import { memoryAdapter } from '@ticketkit/adapters-memory';
import { agentActor, createTicketing, systemActor } from '@ticketkit/core';
import { createHandler, createWidgetToken, toNodeListener } from '@ticketkit/core/server';

const desk = createTicketing({ storage: memoryAdapter() });
const widgetKey = { id: 'k2025', secret: 'replace-with-32-or-more-random-characters', tenantId: 'acme' };

const handler = createHandler(desk, {
  basePath: '/api/support',
  widgetTokenKeys: [widgetKey],
  // Your own session for staff (and for customers on your own origin): return an actor or null.
  authenticate: async (request) => {
    const agentId = request.headers.get('x-demo-agent'); // stands in for your session lookup
    return agentId === null ? null : agentActor('acme', agentId);
  },
});
const server = createServer(toNodeListener(handler)).listen(0);
// #endregion

await new Promise((resolve) => server.once('listening', resolve));
const address = server.address();
const base = `http://localhost:${typeof address === 'object' && address !== null ? address.port : 0}/api/support`;
const ada = await desk.customers.create(systemActor('acme'), { name: 'Ada', email: 'ada@example.com' });
const session = { tenantId: 'acme', customerId: ada.id };

// #region token
// In your backend, behind your own sign-in: a short-lived token for the signed-in customer.
const token = await createWidgetToken(
  { tenantId: session.tenantId, customerId: session.customerId, expiresIn: 600 },
  widgetKey,
);

// What the widget then does for that customer:
const response = await fetch(`${base}/tickets`, {
  method: 'POST',
  headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
  body: JSON.stringify({ subject: 'Cannot log in', message: { body: 'The reset link expired.' } }),
});
const created = await response.json();
console.log(response.status, created.ticket.subject, created.ticket.status, created.messages[0].author);
// -> 201 Cannot log in new me

const stranger = await fetch(`${base}/tickets/${created.ticket.id}`, {
  headers: { authorization: `Bearer ${token.slice(0, -2)}xx` },
});
console.log(stranger.status, (await stranger.json()).error.code);
// -> 401 TOKEN_INVALID
// #endregion
server.close();

// #region hono
import { Hono } from 'hono';

const app = new Hono();
app.all('/api/support/*', (c) => handler(c.req.raw));

const viaHono = await app.request('/api/support/tickets', { headers: { authorization: `Bearer ${token}` } });
console.log(viaHono.status, (await viaHono.json()).items.length);
// -> 200 1
// #endregion

// #region next
// app/api/support/[...path]/route.ts in a Next.js App Router project: the handler is a route
// handler as it is (create the desk and handler in a module of their own, once).
export const GET = handler;
export const POST = handler;
export const PUT = handler;
// #endregion

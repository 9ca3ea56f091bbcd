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

// #region engines
import { DEFAULT_CREDIT_SETTINGS } from '@ticketkit/core';

// Credits, business hours and escalation are the desk's own engines, configured per tenant:
await desk.settings.update(systemActor('acme'), {
  // Business hours and a 4-hour first reply: the widget's desk status and expected reply time.
  sla: {
    calendars: [
      {
        id: 'office',
        name: 'Office hours',
        calendar: {
          mode: 'business_hours',
          timeZone: 'Europe/Berlin',
          weekly: { mon: [{ start: '09:00', end: '17:00' }], tue: [{ start: '09:00', end: '17:00' }] },
        },
      },
    ],
    policies: [
      {
        id: 'standard',
        name: 'Standard',
        calendarId: 'office',
        targets: { fallback: { firstResponseMinutes: 240 } },
      },
    ],
  },
  // A request from the widget (channel web_form) costs 1 credit; a short balance refuses it.
  credits: {
    ...DEFAULT_CREDIT_SETTINGS,
    rateCard: { web_question: 1 },
    tickets: { ...DEFAULT_CREDIT_SETTINGS.tickets, enabled: true, services: { web_form: 'web_question' } },
  },
});

const asAda = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
const call = async (
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = asAda,
) => {
  const reply = await handler(
    new Request(`http://localhost/api/support${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
  );
  return { status: reply.status, body: await reply.json() };
};

const config = await call('GET', '/config');
console.log(
  config.body.features,
  config.body.deskStatus.timeZone,
  config.body.deskStatus.expectedReplySeconds,
);
// -> { credits: true, deskStatus: true } Europe/Berlin 14400

const quote = await call('GET', '/credits/quote'); // what the widget shows before sending
console.log(quote.body.cost, quote.body.available, quote.body.sufficient, quote.body.whenShort);
// -> 1 0 false reject

const request = { subject: 'Invoice missing', message: { body: 'Where is my March invoice?' } };
const refused = await call('POST', '/tickets', request);
console.log(refused.status, refused.body.error.code, refused.body.error.details);
// -> 402 INSUFFICIENT_CREDITS { required: 1, available: 0 }

// Your billing grants a pack when Ada buys one; the request then holds its credit.
await desk.credits.grant(systemActor('acme'), {
  customerId: ada.id,
  amount: 5,
  validForMonths: 12,
  idempotencyKey: 'order-2025-0042',
});
const accepted = await call('POST', '/tickets', request);
const { balance } = (await call('GET', '/credits')).body;
console.log(accepted.status, balance.available, balance.held, balance.blocks[0].expiresAt !== null);
// -> 201 4 1 true

// Staff escalate from their console; the note stays internal.
await desk.agents.create(systemActor('acme'), { id: 'agt_ann', name: 'Ann' });
const escalated = await call(
  'POST',
  `/tickets/${accepted.body.ticket.id}/escalate`,
  { note: 'Invoice job failed twice; needs billing engineering.' },
  { 'x-demo-agent': 'agt_ann', 'content-type': 'application/json' },
);
console.log(escalated.body.escalationLevel, escalated.body.slaSummary.nextMetric);
// -> 2 first_response
// #endregion

// #region next
// app/api/support/[...path]/route.ts in a Next.js App Router project: the handler is a route
// handler as it is (create the desk and handler in a module of their own, once).
export const GET = handler;
export const POST = handler;
export const PUT = handler;
// #endregion

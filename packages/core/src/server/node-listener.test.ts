import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { testDesk } from '../test-support';
import { createHandler } from './handler';
import { toNodeListener } from './node-listener';

async function serve() {
  const t = await testDesk();
  const handler = createHandler(t.desk, {
    basePath: '/support',
    authenticate: (request) => (request.headers.get('x-user') === 'carla' ? t.carla : null),
    maxBodyBytes: 2048,
  });
  const server = createServer(toNodeListener(handler));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/support`;
  return { ...t, server, base };
}

describe('toNodeListener', () => {
  it('toNodeListener - serves JSON routes over node:http, bodies included', async () => {
    const t = await serve();
    try {
      const created = await fetch(`${t.base}/tickets`, {
        method: 'POST',
        headers: { 'x-user': 'carla', 'content-type': 'application/json' },
        body: JSON.stringify({ subject: 'Over HTTP', message: { body: 'hello' } }),
      });
      expect(created.status).toBe(201);
      const body = (await created.json()) as { ticket: { id: string } };
      expect((await t.get(body.ticket.id)).subject).toBe('Over HTTP');
      const unauthenticated = await fetch(`${t.base}/tickets`);
      expect(unauthenticated.status).toBe(401);
      const tooLarge = await fetch(`${t.base}/tickets`, {
        method: 'POST',
        headers: { 'x-user': 'carla', 'content-type': 'application/json' },
        body: JSON.stringify({ subject: 'x', message: { body: 'y'.repeat(4000) } }),
      });
      expect(tooLarge.status).toBe(413);
    } finally {
      t.server.close();
    }
  });

  it('toNodeListener - streams live updates and stops listening when the client goes away', async () => {
    const t = await serve();
    try {
      const aborter = new AbortController();
      const response = await fetch(`${t.base}/events`, {
        headers: { 'x-user': 'carla' },
        signal: aborter.signal,
      });
      expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      const first = new TextDecoder().decode((await reader.read()).value);
      expect(first).toContain('event: sync');
      const ticket = await t.desk.tickets.create(t.carla, { subject: 'Live', message: { body: 'x' } });
      let text = '';
      while (!text.includes(ticket.id)) text += new TextDecoder().decode((await reader.read()).value);
      expect(text).toContain('"type":"ticket.changed"');
      aborter.abort();
      await new Promise((resolve) => setTimeout(resolve, 50));
      // The desk has no listener left from this stream: publishing does not throw or log.
      await t.desk.tickets.create(t.carla, { subject: 'After', message: { body: 'x' } });
      expect(t.logger.errors).toEqual([]);
    } finally {
      t.server.close();
    }
  });
});

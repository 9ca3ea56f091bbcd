import { describe, expect, it, vi } from 'vitest';
import { widgetHarness } from '../test-support/harness';
import { EventStreamParser, openLiveStream } from './live-stream';
import { SupportApiError } from './support-api-error';
import { createSupportClient } from './support-client';

async function until(check: () => boolean, timeoutMs = 2000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('support client', () => {
  it('start - loads config and tickets and opens the live stream; release closes it', async () => {
    const h = await widgetHarness();
    await h.desk.tickets.create(h.customer, { subject: 'Earlier', message: { body: 'x' } });
    const client = createSupportClient({ baseUrl: '/api/support', fetch: h.fetch });
    expect(client.getSnapshot().connection).toBe('offline');
    const stop = client.start();
    await until(
      () => client.getSnapshot().tickets.status === 'ready' && client.getSnapshot().connection === 'open',
    );
    const state = client.getSnapshot();
    expect(state.config.data?.settings.categories.map((category) => category.id)).toEqual([
      'billing',
      'tech',
    ]);
    expect(state.tickets.data.map((ticket) => ticket.subject)).toEqual(['Earlier']);
    stop();
    expect(client.getSnapshot().connection).toBe('offline');
  });

  it('createTicket, reply, markRead, rate - call the routes and keep the snapshot current', async () => {
    const h = await widgetHarness();
    const client = createSupportClient({ baseUrl: '/api/support/', fetch: h.fetch });
    const listener = vi.fn();
    client.subscribe(listener);
    const detail = await client.createTicket({ subject: 'Help', message: { body: 'Broken' } });
    expect(client.getSnapshot().details[detail.ticket.id]?.data?.messages).toHaveLength(1);
    await h.desk.tickets.reply(h.agent, detail.ticket.id, { body: 'Fixed it' });
    await client.refreshTickets();
    expect(client.getSnapshot().tickets.data[0]?.unread).toBe(1);
    await client.markRead(detail.ticket.id);
    expect(client.getSnapshot().tickets.data[0]?.unread).toBe(0);
    expect(await h.desk.tickets.unreadCounts(h.customer, [detail.ticket.id])).toEqual({
      [detail.ticket.id]: 0,
    });
    const replied = await client.reply(detail.ticket.id, 'Thanks');
    expect(replied.messages.map((message) => message.author)).toEqual(['me', 'support', 'me']);
    await h.desk.tickets.transition(h.agent, detail.ticket.id, { stageId: 'resolved' });
    await client.loadTicket(detail.ticket.id);
    const csat = await client.rate(detail.ticket.id, { score: 5 });
    expect(csat.score).toBe(5);
    expect(client.getSnapshot().details[detail.ticket.id]?.data?.csat?.score).toBe(5);
    expect(listener).toHaveBeenCalled();
  });

  it('errors - a refused command rejects with the server code and details', async () => {
    const h = await widgetHarness();
    const client = createSupportClient({ baseUrl: '/api/support', fetch: h.fetch });
    const error = await client.createTicket({ subject: '', message: { body: 'x' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SupportApiError);
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
    const failing = createSupportClient({
      baseUrl: '/api/support',
      fetch: async () => {
        throw new TypeError('offline');
      },
    });
    await failing.refreshTickets();
    expect(failing.getSnapshot().tickets).toMatchObject({
      status: 'error',
      error: { code: 'NETWORK_ERROR' },
    });
  });

  it('getToken - sends the bearer token and asks for a fresh one after TOKEN_EXPIRED', async () => {
    const getToken = vi.fn(({ expired }: { expired: boolean }) => (expired ? 'fresh' : 'stale'));
    const seen: string[] = [];
    const client = createSupportClient({
      baseUrl: 'https://desk.test/api',
      getToken,
      fetch: async (_input, init) => {
        const authorization = new Headers(init?.headers).get('authorization') ?? '';
        seen.push(authorization);
        return authorization === 'Bearer fresh'
          ? Response.json({ items: [], nextCursor: null })
          : Response.json(
              { error: { code: 'TOKEN_EXPIRED', message: 'expired', details: {} } },
              { status: 401 },
            );
      },
    });
    await client.refreshTickets();
    expect(seen).toEqual(['Bearer stale', 'Bearer fresh']);
    expect(client.getSnapshot().tickets.status).toBe('ready');
  });

  it('live updates - a change re-reads the open ticket; an agent reply appears without a reload', async () => {
    const h = await widgetHarness();
    const client = createSupportClient({ baseUrl: '/api/support', fetch: h.fetch });
    const stop = client.start();
    const detail = await client.createTicket({ subject: 'Live', message: { body: 'x' } });
    await until(() => client.getSnapshot().connection === 'open');
    await h.desk.tickets.reply(h.agent, detail.ticket.id, { body: 'Agent here' });
    await until(() => client.getSnapshot().details[detail.ticket.id]?.data?.messages.length === 2);
    await until(() => client.getSnapshot().tickets.data[0]?.unread === 1);
    // An internal note is never announced to the customer, so nothing is re-read for it.
    const before = h.requests.length;
    await h.desk.tickets.addNote(h.agent, detail.ticket.id, { body: 'secret' });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(h.requests.length).toBe(before);
    stop();
  });

  it('openLiveStream - reconnects after a drop, and each stream starts with sync (full re-sync)', async () => {
    const statuses: string[] = [];
    const events: string[] = [];
    let opened = 0;
    const close = openLiveStream({
      delay: () => 1,
      open: async () => {
        opened++;
        return new Response(`event: sync\ndata: {}\n\nevent: change\ndata: {"n":${opened}}\n\n`, {
          headers: { 'content-type': 'text/event-stream' },
        });
      },
      onStatus: (status) => statuses.push(status),
      onMessage: (message) => events.push(`${message.event}:${message.data}`),
    });
    await until(() => opened >= 3);
    close();
    expect(statuses.slice(0, 4)).toEqual(['connecting', 'open', 'reconnecting', 'open']);
    expect(events.slice(0, 4)).toEqual(['sync:{}', 'change:{"n":1}', 'sync:{}', 'change:{"n":2}']);
  });

  it('sync - a reconnected stream re-reads tickets and every open ticket', async () => {
    const h = await widgetHarness();
    let streams = 0;
    const client = createSupportClient({
      baseUrl: '/api/support',
      fetch: async (input, init) => {
        if (String(input).endsWith('/events')) {
          streams++;
          // The first stream drops at once (a network blip); the second stays open.
          if (streams === 1) return new Response('event: sync\ndata: {}\n\n');
        }
        return h.fetch(input, init);
      },
    });
    const detail = await client.createTicket({ subject: 'Blip', message: { body: 'x' } });
    await h.desk.tickets.reply(h.agent, detail.ticket.id, { body: 'Sent while you were away' });
    const stop = client.start();
    await until(
      () => streams >= 2 && client.getSnapshot().details[detail.ticket.id]?.data?.messages.length === 2,
      5000,
    );
    stop();
  }, 10_000);

  it('EventStreamParser - joins chunks, multi-line data, ignores comments and CRLF', () => {
    const parser = new EventStreamParser();
    expect(parser.push(': keep-alive\n\nevent: cha')).toEqual([]);
    expect(parser.push('nge\r\ndata: {"a":\r\ndata: 1}\r\n\r\n')).toEqual([
      { event: 'change', data: '{"a":\n1}' },
    ]);
    expect(parser.push('data: plain\n\n')).toEqual([{ event: 'message', data: 'plain' }]);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoServer, startDemoServer } from '../src/host/server';

let demo: DemoServer;
beforeAll(async () => {
  demo = await startDemoServer();
}, 60_000);
afterAll(async () => {
  await demo?.close();
});

describe('demo host app', () => {
  it('startDemoServer - serves the customer page, the console, and both page bundles', async () => {
    const page = await fetch(`${demo.url}/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<div id="support"></div>');
    expect(page.headers.get('set-cookie')).toContain(`demo_customer=${demo.directory.customers[0]?.id}`);
    const japanese = await (await fetch(`${demo.url}/?lang=ja`)).text();
    expect(japanese).toContain('<html lang="ja">');
    expect((await fetch(`${demo.url}/console`)).status).toBe(200);
    for (const asset of ['/assets/app.js', '/assets/console.js']) {
      const response = await fetch(`${demo.url}${asset}`);
      expect(response.status, asset).toBe(200);
      expect(response.headers.get('content-type')).toContain('javascript');
    }
    expect((await fetch(`${demo.url}/nope`)).status).toBe(404);
  });

  it('widget token - the host mints a token for its signed-in customer; the API answers as that customer', async () => {
    const customer = demo.directory.customers[1];
    const anonymous = await fetch(`${demo.url}/session/widget-token`, { method: 'POST' });
    expect(anonymous.status).toBe(401);
    const minted = await fetch(`${demo.url}/session/widget-token`, {
      method: 'POST',
      headers: { cookie: `demo_customer=${customer?.id}` },
    });
    const { token } = (await minted.json()) as { token: string };
    const tickets = await fetch(`${demo.url}/api/support/tickets`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = (await tickets.json()) as { items: Array<{ subject: string }> };
    expect(body.items.map((ticket) => ticket.subject)).toEqual(['Export to CSV times out']);
    expect(JSON.stringify(body)).not.toContain('Known issue');
    const forged = await fetch(`${demo.url}/api/support/tickets`, {
      headers: { authorization: `Bearer ${token}x` },
    });
    expect(forged.status).toBe(401);
  });

  it('console session - an agent cookie sees the queue with internal notes; no cookie is 401', async () => {
    expect((await fetch(`${demo.url}/api/support/tickets`)).status).toBe(401);
    const signIn = await fetch(`${demo.url}/console/sign-in`, {
      method: 'POST',
      body: new URLSearchParams({ agent: 'agt_sam' }),
      redirect: 'manual',
    });
    expect(signIn.status).toBe(303);
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const queue = (await (
      await fetch(`${demo.url}/api/support/tickets`, { headers: { cookie } })
    ).json()) as {
      items: Array<{ id: string; teamId: string }>;
    };
    expect(queue.items[0]?.teamId).toBe('l2');
    const detail = (await (
      await fetch(`${demo.url}/api/support/tickets/${queue.items[0]?.id}`, { headers: { cookie } })
    ).json()) as { messages: Array<{ visibility: string }> };
    expect(detail.messages.map((message) => message.visibility)).toEqual(['public', 'internal']);
  });
});

async function customerToken(customerId: string): Promise<string> {
  const minted = await fetch(`${demo.url}/session/widget-token`, {
    method: 'POST',
    headers: { cookie: `demo_customer=${customerId}` },
  });
  return ((await minted.json()) as { token: string }).token;
}

describe('demo seed', () => {
  it('seedDemo - customers with credit packs (one expiring soon) and one without; requests cost 1 credit', async () => {
    const byName = (name: string) =>
      demo.directory.customers.find((customer) => customer.name.startsWith(name));
    const carla = await customerToken(byName('Carla')?.id as string);
    const credits = (await (
      await fetch(`${demo.url}/api/support/credits`, { headers: { authorization: `Bearer ${carla}` } })
    ).json()) as {
      balance: {
        available: number;
        expiringSoon: { amount: number };
        blocks: Array<{ expiresAt: string | null }>;
      };
    };
    expect(credits.balance.available).toBe(30);
    expect(credits.balance.expiringSoon.amount).toBe(10);
    const soon = Date.parse(credits.balance.blocks[0]?.expiresAt as string) - Date.now();
    expect(soon).toBeGreaterThan(9 * 86_400_000);
    expect(soon).toBeLessThanOrEqual(10 * 86_400_000);
    const erin = await customerToken(byName('Erin')?.id as string);
    const quote = await (
      await fetch(`${demo.url}/api/support/credits/quote`, { headers: { authorization: `Bearer ${erin}` } })
    ).json();
    expect(quote).toMatchObject({
      billed: true,
      cost: 1,
      available: 0,
      sufficient: false,
      whenShort: 'reject',
    });
    const config = await (
      await fetch(`${demo.url}/api/support/config`, { headers: { authorization: `Bearer ${erin}` } })
    ).json();
    expect(config.features).toEqual({ credits: true, deskStatus: true });
    expect(config.deskStatus).toMatchObject({ timeZone: 'Europe/Berlin', expectedReplySeconds: 4 * 3600 });
  });

  it('seedDemo - routing, SLA and escalation levels: the seeded high-priority ticket went to a specialist with a due time', async () => {
    const signIn = await fetch(`${demo.url}/console/sign-in`, {
      method: 'POST',
      body: new URLSearchParams({ agent: 'agt_lee' }),
      redirect: 'manual',
    });
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const queue = (await (
      await fetch(`${demo.url}/api/support/tickets`, { headers: { cookie } })
    ).json()) as {
      items: Array<{
        assigneeId: string;
        escalationLevel: number;
        slaSummary: { state: string; nextDueAt: string };
      }>;
    };
    expect(queue.items[0]).toMatchObject({ assigneeId: 'agt_sam', escalationLevel: 1 });
    expect(queue.items[0]?.slaSummary.state).toBe('running');
    expect(Number.isNaN(Date.parse(queue.items[0]?.slaSummary.nextDueAt as string))).toBe(false);
    const directory = await (
      await fetch(`${demo.url}/api/support/directory`, { headers: { cookie } })
    ).json();
    expect(directory.escalationLevels.map((level: { name: string }) => level.name)).toEqual([
      'L1 Frontline',
      'L2 Specialists',
      'L3 Team leads',
    ]);
  });
});

describe('demo data folder', () => {
  it('startDemoServer - keeps tickets in its PGlite folder across a restart and seeds only once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ticketkit-demo-'));
    try {
      const first = await startDemoServer({ dataDir });
      const customer = first.directory.customers[0];
      await first.desk.tickets.create(
        { kind: 'customer', tenantId: 'acme', customerId: customer?.id as string },
        { subject: 'Survives a restart', message: { body: 'x' } },
      );
      await first.close();
      const second = await startDemoServer({ dataDir });
      expect(second.directory).toEqual(first.directory);
      const all = await second.desk.tickets.list({ kind: 'system', tenantId: 'acme' });
      expect(all.items.map((ticket) => ticket.subject).sort()).toEqual([
        'Export to CSV times out',
        'Survives a restart',
      ]);
      await second.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});

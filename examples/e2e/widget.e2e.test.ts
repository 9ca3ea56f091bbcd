import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoServer, startDemoServer } from '../src/host/server';
import { launchChromium } from './chromium';

/** Screenshots of the widget (light, dark, Japanese); the folder is gitignored. */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../.screenshots/', import.meta.url));
const axeSource = (await import('node:fs')).readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

let demo: DemoServer;
let browser: { context: BrowserContext; close: () => Promise<void> };

beforeAll(async () => {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  demo = await startDemoServer();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await demo?.close();
});

async function openCustomerApp(query = ''): Promise<Page> {
  const page = await browser.context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  await page.goto(`${demo.url}/${query}`);
  await page.getByRole('button', { name: /Open support|サポートを開く/ }).waitFor();
  return page;
}

async function openConsole(agentId: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`${demo.url}/console`);
  await page.getByLabel('Agent').selectOption(agentId);
  await page.getByRole('region', { name: 'Queue' }).waitFor();
  return page;
}

/** The "N credits available" figure of the widget's credits view. */
async function availableCredits(widget: ReturnType<Page['getByRole']>): Promise<number> {
  const text = await widget.getByText(/credits? available/).textContent();
  return Number((text ?? '').replace(/[^0-9-]/g, ''));
}

async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<unknown> } }
    ).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })) as {
      violations: Array<{ id: string; impact: string; nodes: Array<{ target: unknown }> }>;
    };
  });
  return result.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}) at ${JSON.stringify(violation.nodes.map((node) => node.target))}`,
    );
}

describe('widget end to end in Chromium', () => {
  it('the support path: open the widget, create a ticket, agent replies, customer sees it, resolve, rate', async () => {
    const customer = await openCustomerApp();
    const widget = customer.getByRole('dialog', { name: 'Support' });
    await customer.getByRole('button', { name: 'Open support' }).click();
    // The balance before: the signed-in customer's packs, with their expiry dates.
    await widget.getByRole('button', { name: 'Credits' }).click();
    const before = await availableCredits(widget);
    expect(await widget.getByRole('list', { name: 'Your credit packs' }).textContent()).toMatch(/expire on/);
    await widget.getByRole('button', { name: 'Back' }).click();
    await widget.getByRole('button', { name: 'New request' }).click();
    // The cost is shown before sending.
    await widget.getByText(`This request uses 1 credit. You have ${before}.`).waitFor();
    await widget.getByLabel('Subject').fill('Cannot download my invoice');
    await widget.getByLabel('Topic').selectOption('billing');
    await widget.getByLabel('How can we help?').fill('The PDF link gives a 404.');
    await widget.getByRole('button', { name: 'Send request' }).click();
    await expect.poll(() => widget.getByRole('log').textContent()).toContain('The PDF link gives a 404.');
    // The charged request holds its credit: the balance went down by it.
    await widget.getByRole('button', { name: 'Back' }).click();
    await widget.getByRole('button', { name: 'Credits' }).click();
    await expect.poll(() => availableCredits(widget)).toBe(before - 1);
    await widget.getByText('1 reserved for open requests').waitFor();
    await widget.getByRole('button', { name: 'Back' }).click();
    await widget.getByRole('button', { name: 'Cannot download my invoice' }).click();

    const console = await openConsole('agt_ann');
    const queue = console.getByRole('region', { name: 'Queue' });
    await queue.getByRole('button', { name: 'Cannot download my invoice' }).click();
    const ticket = console.getByRole('region', { name: 'Ticket' });
    await expect
      .poll(() => ticket.getByRole('list', { name: 'Thread' }).textContent())
      .toContain('The PDF link gives a 404.');
    await ticket.getByLabel('Staff only').check();
    await ticket.getByLabel('Internal note').fill('Invoice storage bucket was misconfigured.');
    await ticket.getByRole('button', { name: 'Add note' }).click();
    await ticket.getByLabel('Staff only').uncheck();
    await ticket.getByLabel('Reply to customer').fill('Fixed: the link works again.');
    await ticket.getByRole('button', { name: 'Send reply' }).click();
    await ticket.getByLabel('Assignee').selectOption('agt_ann');
    await ticket.getByRole('button', { name: 'Assign' }).click();
    await expect.poll(() => queue.textContent()).toContain('Ann Frontline');

    // The reply arrives in the widget by live update; the internal note never does.
    await expect
      .poll(() => widget.getByRole('log').textContent(), { timeout: 10_000 })
      .toContain('Fixed: the link works again.');
    expect(await widget.textContent()).not.toContain('misconfigured');

    await ticket.getByLabel('Stage').selectOption('resolved');
    await ticket.getByRole('button', { name: 'Move' }).click();
    await widget.getByRole('heading', { name: 'How did we do?' }).waitFor({ timeout: 10_000 });
    await widget.getByRole('button', { name: '5 out of 5' }).click();
    await widget.getByRole('button', { name: 'Send rating' }).click();
    await widget.getByText('Thanks for your feedback!').waitFor();

    const [stored] = (
      await demo.desk.tickets.list({ kind: 'system', tenantId: 'acme' }, { search: 'invoice' })
    ).items;
    expect(stored).toMatchObject({ statusCategory: 'resolved', assigneeId: 'agt_ann', channel: 'web_form' });
    expect(
      await demo.desk.csat.get({ kind: 'system', tenantId: 'acme' }, stored?.id as string),
    ).toMatchObject({ score: 5 });
    await console.close();
    await customer.close();
  });

  it('the same path with the keyboard only', async () => {
    const customer = await openCustomerApp();
    const widget = customer.getByRole('dialog', { name: 'Support' });
    // From the top of the page, Tab until the launcher has focus (the host page comes first).
    for (let step = 0; step < 20; step++) {
      await customer.keyboard.press('Tab');
      const label = await customer.evaluate(() => {
        const host = document.querySelector('[data-ticketkit-widget]');
        return host?.shadowRoot?.activeElement?.getAttribute('aria-label') ?? null;
      });
      if (label === 'Open support') break;
    }
    await customer.keyboard.press('Enter');
    await widget.waitFor();
    await customer.keyboard.press('Tab'); // close
    await customer.keyboard.press('Tab'); // New request
    await customer.keyboard.press('Enter'); // focus moves to the panel heading
    await customer.keyboard.press('Tab'); // close
    await customer.keyboard.press('Tab'); // subject
    await customer.keyboard.type('Keyboard only request');
    await customer.keyboard.press('Tab'); // topic
    await customer.keyboard.press('Tab'); // order number
    await customer.keyboard.press('Tab'); // message
    await customer.keyboard.type('Sent without touching the mouse.');
    await customer.keyboard.press('Tab');
    await customer.keyboard.press('Enter');
    await expect
      .poll(() => widget.getByRole('log').textContent())
      .toContain('Sent without touching the mouse.');

    const console = await openConsole('agt_ben');
    const queue = console.getByRole('region', { name: 'Queue' });
    await queue.getByRole('button', { name: 'Keyboard only request' }).focus();
    await console.keyboard.press('Enter');
    const ticket = console.getByRole('region', { name: 'Ticket' });
    await ticket.getByLabel('Reply to customer').focus();
    await console.keyboard.type('Answered from the keyboard.');
    await console.keyboard.press('Tab'); // internal checkbox
    await console.keyboard.press('Tab'); // send
    await console.keyboard.press('Enter');
    await expect
      .poll(() => widget.getByRole('log').textContent(), { timeout: 10_000 })
      .toContain('Answered from the keyboard.');
    await ticket.getByLabel('Stage').focus();
    await ticket.getByLabel('Stage').selectOption('resolved'); // a native select: arrow keys in a real session
    await console.keyboard.press('Tab');
    await console.keyboard.press('Enter');

    await widget.getByRole('heading', { name: 'How did we do?' }).waitFor({ timeout: 10_000 });
    await widget.getByRole('button', { name: '4 out of 5' }).focus();
    await customer.keyboard.press('Enter');
    await customer.keyboard.press('Tab'); // 5
    await customer.keyboard.press('Tab'); // comment
    await customer.keyboard.type('Quick, thanks');
    await customer.keyboard.press('Tab');
    await customer.keyboard.press('Enter');
    await widget.getByText('Thanks for your feedback!').waitFor();
    // Escape closes the dialog and focus returns to the launcher.
    await customer.keyboard.press('Escape');
    await widget.waitFor({ state: 'detached' });
    const focused = await customer.evaluate(
      () =>
        document
          .querySelector('[data-ticketkit-widget]')
          ?.shadowRoot?.activeElement?.getAttribute('aria-label') ?? null,
    );
    expect(focused).toBe('Open support');
    const [stored] = (
      await demo.desk.tickets.list({ kind: 'system', tenantId: 'acme' }, { search: 'keyboard' })
    ).items;
    expect(
      await demo.desk.csat.get({ kind: 'system', tenantId: 'acme' }, stored?.id as string),
    ).toMatchObject({
      score: 4,
      comment: 'Quick, thanks',
    });
    await console.close();
    await customer.close();
  });

  it('agent console: the queue shows SLA due times; escalating with a note raises the level', async () => {
    const console = await openConsole('agt_lee');
    const queue = console.getByRole('region', { name: 'Queue' });
    const row = queue.getByRole('row').filter({ hasText: 'Export to CSV times out' });
    expect(await row.textContent()).toMatch(/L1 Frontline.*(first reply|resolution)/);
    await row.getByRole('button', { name: 'Export to CSV times out' }).click();
    const ticket = console.getByRole('region', { name: 'Ticket' });
    await ticket
      .getByLabel('What was tried before escalating')
      .fill('Reproduced; needs a fix in the exporter.');
    await ticket.getByRole('button', { name: 'Escalate to L2 Specialists' }).click();
    await expect.poll(() => row.textContent()).toContain('L2 Specialists');
    await expect
      .poll(() => ticket.getByRole('list', { name: 'Thread' }).textContent())
      .toContain('Reproduced; needs a fix in the exporter.');
    const [stored] = (await demo.desk.tickets.list({ kind: 'system', tenantId: 'acme' }, { search: 'CSV' }))
      .items;
    expect(stored).toMatchObject({ escalationLevel: 2, escalationCount: 1, teamId: 'l2' });
    await console.close();
  });

  it('not enough credits: a customer without packs sees why the request cannot be sent', async () => {
    const erin = demo.directory.customers.find((customer) => customer.name.startsWith('Erin'));
    const customer = await openCustomerApp(`?customer=${erin?.id}`);
    await customer.getByRole('button', { name: 'Open support' }).click();
    const widget = customer.getByRole('dialog', { name: 'Support' });
    await widget.getByRole('button', { name: 'New request' }).click();
    await widget
      .getByText('Not enough credits: this request needs 1 and you have 0. Top up to send it.')
      .waitFor();
    expect(await widget.getByRole('button', { name: 'Send request' }).isDisabled()).toBe(true);
    expect(await seriousViolations(customer)).toEqual([]);
    // Sign the browser back in as the first customer (the page sets the session cookie).
    await customer.goto(`${demo.url}/?customer=${demo.directory.customers[0]?.id}`);
    await customer.close();
  });

  it('accessibility: axe finds no serious violations; host CSS does not reach the widget; screenshots', async () => {
    const customer = await openCustomerApp();
    const launcher = customer.getByRole('button', { name: 'Open support' });
    // The host styles every <button> in orange Georgia capitals; the widget's launcher keeps its own look.
    const launcherFont = await launcher.evaluate((element) => getComputedStyle(element).fontFamily);
    expect(launcherFont).not.toContain('Georgia');
    expect(await launcher.evaluate((element) => getComputedStyle(element).textTransform)).toBe('none');
    expect(await seriousViolations(customer)).toEqual([]);
    await launcher.click();
    const widget = customer.getByRole('dialog', { name: 'Support' });
    await widget.getByRole('list', { name: 'Your requests' }).waitFor();
    expect(await seriousViolations(customer)).toEqual([]);
    await customer.screenshot({ path: join(SCREENSHOT_DIR, 'widget-light.png') });
    await widget.getByRole('button', { name: 'New request' }).click();
    expect(await seriousViolations(customer)).toEqual([]);
    await customer.emulateMedia({ colorScheme: 'dark' });
    await widget.getByRole('button', { name: 'Back' }).click();
    await widget.getByRole('list', { name: 'Your requests' }).waitFor();
    const background = await widget.evaluate((element) => getComputedStyle(element).backgroundColor);
    expect(background).toBe('rgb(22, 26, 34)');
    expect(await seriousViolations(customer)).toEqual([]);
    await customer.screenshot({ path: join(SCREENSHOT_DIR, 'widget-dark.png') });
    await customer.close();

    const japanese = await openCustomerApp('?lang=ja');
    await japanese.getByRole('button', { name: 'サポートを開く' }).click();
    const panel = japanese.getByRole('dialog', { name: 'サポート' });
    await panel.getByRole('list', { name: 'お問い合わせ一覧' }).waitFor();
    expect(await seriousViolations(japanese)).toEqual([]);
    await japanese.screenshot({ path: join(SCREENSHOT_DIR, 'widget-ja.png') });
    await japanese.close();
  });
});

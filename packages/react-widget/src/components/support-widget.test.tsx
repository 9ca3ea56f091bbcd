import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { TenantSettingsInput } from '@ticketkit/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSupportClient } from '../client/support-client';
import { SupportProvider } from '../react/support-provider';
import { widgetHarness } from '../test-support/harness';
import { SupportWidget, type SupportWidgetProps } from './support-widget';

afterEach(cleanup);

/** Web requests cost 2 credits; `whenShort` says what a short balance does. */
function billing(whenShort: 'reject' | 'await_credits'): TenantSettingsInput {
  return {
    credits: {
      rateCard: { web_question: 2 },
      overdraftLimit: 0,
      defaultTimeZone: 'UTC',
      holdTimeoutSeconds: null,
      lowBalanceThreshold: null,
      expiringNoticeDays: 30,
      tickets: {
        enabled: true,
        services: { web_form: 'web_question' },
        billing: 'per_ticket',
        commitOn: 'first_agent_reply',
        voidStageIds: [],
        whenShort,
        awaitingStageId: whenShort === 'await_credits' ? 'awaiting_credits' : null,
        customers: 'all',
      },
    },
  };
}

/** Tokyo office hours on weekdays, 09:00-18:00, and a first reply within 4 business hours. */
const TOKYO_SLA: TenantSettingsInput = {
  sla: {
    calendars: [
      {
        id: 'tokyo',
        name: 'Tokyo',
        calendar: {
          mode: 'business_hours',
          timeZone: 'Asia/Tokyo',
          weekly: Object.fromEntries(
            ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => [day, [{ start: '09:00', end: '18:00' }]]),
          ),
        },
      },
    ],
    policies: [
      { id: 'all', name: 'All', calendarId: 'tokyo', targets: { fallback: { firstResponseMinutes: 240 } } },
    ],
  },
};

/** Grants the harness customer a pack expiring 2025-02-01. */
async function grant(h: Awaited<ReturnType<typeof widgetHarness>>, amount: number, key = 'pack') {
  await h.desk.credits.grant(h.system, {
    customerId: h.customerId,
    amount,
    expiresAt: new Date('2025-02-01T00:00:00.000Z'),
    idempotencyKey: key,
  });
}

async function renderWidget(
  props: SupportWidgetProps = {},
  harnessOptions: Parameters<typeof widgetHarness>[0] = {},
) {
  const h = await widgetHarness(harnessOptions);
  const client = createSupportClient({ baseUrl: '/api/support', fetch: h.fetch });
  const user = userEvent.setup();
  const view = render(
    <main>
      <button type="button">Host page button</button>
      <SupportProvider client={client}>
        <SupportWidget isolation="none" locale="en" {...props} />
      </SupportProvider>
    </main>,
  );
  await waitFor(() => expect(client.getSnapshot().config.status).toBe('ready'));
  return { ...h, client, user, view };
}

async function openNewRequest(user: ReturnType<typeof userEvent.setup>) {
  await user.click(screen.getByRole('button', { name: 'Open support' }));
  await user.click(await screen.findByRole('button', { name: 'New request' }));
}

describe('SupportWidget', () => {
  it('SupportWidget - a labelled launcher; nothing opens or takes focus on page load', async () => {
    const { user } = await renderWidget();
    const launcher = screen.getByRole('button', { name: 'Open support' });
    expect(launcher.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(document.body);
    await user.click(launcher);
    expect(launcher.getAttribute('aria-expanded')).toBe('true');
  });

  it('SupportWidget - the dialog is labelled, takes focus when opened, closes on Escape and returns focus', async () => {
    const { user } = await renderWidget();
    const launcher = screen.getByRole('button', { name: 'Open support' });
    await user.click(launcher);
    const dialog = screen.getByRole('dialog', { name: 'Support' });
    expect(dialog.contains(document.activeElement)).toBe(true);
    expect(document.activeElement).toBe(within(dialog).getByRole('heading', { name: 'Support' }));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(launcher);
  });

  it('SupportWidget - keyboard only: open, write a request, send it, and close', async () => {
    const { user, desk, system } = await renderWidget();
    await user.tab();
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Open support' }));
    await user.keyboard('{Enter}');
    await user.tab(); // the close button
    await user.tab(); // "New request"
    await user.keyboard('{Enter}');
    await user.tab();
    await user.tab();
    expect(document.activeElement).toBe(screen.getByLabelText('Subject'));
    await user.keyboard('Keyboard only');
    await user.tab(); // topic
    await user.tab(); // message
    await user.keyboard('Typed without a mouse');
    await user.tab();
    await user.keyboard('{Enter}');
    await screen.findByText('Typed without a mouse');
    expect((await desk.tickets.list(system)).items.map((ticket) => ticket.subject)).toEqual([
      'Keyboard only',
    ]);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('NewTicketForm - validates with the exported schema before sending; nothing is sent when invalid', async () => {
    const { user, requests } = await renderWidget();
    await openNewRequest(user);
    await user.click(screen.getByRole('button', { name: 'Send request' }));
    const subject = screen.getByLabelText('Subject');
    await waitFor(() => expect(subject.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByLabelText('How can we help?').getAttribute('aria-invalid')).toBe('true');
    expect(requests.filter((request) => request.method === 'POST')).toEqual([]);
  });

  it('NewTicketForm - sends the request with its topic, then shows the thread; text renders as text', async () => {
    const { user, desk, system } = await renderWidget();
    await openNewRequest(user);
    await user.type(screen.getByLabelText('Subject'), 'Invoice wrong');
    await user.selectOptions(screen.getByLabelText('Topic'), 'billing');
    await user.type(
      screen.getByLabelText('How can we help?'),
      '<img src=x onerror=alert(1)> is in my invoice',
    );
    await user.click(screen.getByRole('button', { name: 'Send request' }));
    const log = await screen.findByRole('log', { name: 'Conversation' });
    expect(log.getAttribute('aria-live')).toBe('polite');
    expect(within(log).getByText('<img src=x onerror=alert(1)> is in my invoice')).toBeTruthy();
    expect(log.querySelector('img')).toBeNull();
    const [ticket] = (await desk.tickets.list(system)).items;
    expect(ticket).toMatchObject({ subject: 'Invoice wrong', category: 'billing', channel: 'web_form' });
  });

  it('TicketView - an agent reply appears live; the list shows status and unread badges', async () => {
    const { user, desk, agent, client } = await renderWidget();
    const cleanupStart = client.start();
    await openNewRequest(user);
    await user.type(screen.getByLabelText('Subject'), 'Live reply');
    await user.type(screen.getByLabelText('How can we help?'), 'Hello?');
    await user.click(screen.getByRole('button', { name: 'Send request' }));
    await screen.findByRole('log');
    await waitFor(() => expect(client.getSnapshot().connection).toBe('open'));
    const ticketId = Object.keys(client.getSnapshot().details)[0] as string;
    await act(async () => {
      await desk.tickets.reply(agent, ticketId, { body: 'Hi, this is Ann' });
    });
    await screen.findByText('Hi, this is Ann');
    await user.click(screen.getByRole('button', { name: 'Back' }));
    const list = await screen.findByRole('list', { name: 'Your requests' });
    expect(within(list).getByText('Live reply')).toBeTruthy();
    await act(async () => {
      await desk.tickets.reply(agent, ticketId, { body: 'One more thing' });
    });
    await within(list).findByText('1 unread reply');
    expect(within(list).getByText('In progress')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Open support (1 unread reply)' })).toBeTruthy();
    cleanupStart();
  });

  it('CsatPrompt - a resolved ticket asks for a rating; the rating is stored', async () => {
    const { user, desk, agent, customer } = await renderWidget();
    const ticket = await desk.tickets.create(customer, { subject: 'Rate me', message: { body: 'x' } });
    await desk.tickets.transition(agent, ticket.id, { stageId: 'resolved' });
    await user.click(screen.getByRole('button', { name: 'Open support' }));
    await user.click(await screen.findByRole('button', { name: /Rate me/ }));
    await screen.findByRole('heading', { name: 'How did we do?' });
    await user.click(screen.getByRole('button', { name: '4 out of 5' }));
    expect(screen.getByRole('button', { name: '4 out of 5' }).getAttribute('aria-pressed')).toBe('true');
    await user.type(screen.getByLabelText('Anything to add? (optional)'), 'Quick');
    await user.click(screen.getByRole('button', { name: 'Send rating' }));
    await screen.findByText('Thanks for your feedback!');
    expect(await desk.csat.get(agent, ticket.id)).toMatchObject({ score: 4, comment: 'Quick' });
  });

  it('i18n - Japanese texts, dates and the thumbs scale', async () => {
    const { user, desk, agent, customer, system, client } = await renderWidget({ locale: 'ja' });
    await desk.settings.update(system, { csatScale: 'thumbs' });
    await act(() => client.refreshConfig());
    const ticket = await desk.tickets.create(customer, { subject: '請求書について', message: { body: 'x' } });
    await desk.tickets.transition(agent, ticket.id, { stageId: 'resolved' });
    const launcher = screen.getByRole('button', { name: 'サポートを開く' });
    await user.click(launcher);
    expect(screen.getByRole('dialog', { name: 'サポート' })).toBeTruthy();
    await user.click(await screen.findByRole('button', { name: /請求書について/ }));
    await screen.findByRole('heading', { name: '今回の対応はいかがでしたか？' });
    expect(screen.getByRole('button', { name: '良い' })).toBeTruthy();
    expect(screen.getByText('解決済み')).toBeTruthy();
    expect(document.querySelector('.tk-root')?.getAttribute('lang')).toBe('ja');
  });

  it('i18n - any locale through messages; a right-to-left locale mirrors the layout', async () => {
    await renderWidget({ locale: 'ar', messages: { launcher: 'افتح الدعم', title: 'الدعم' } });
    expect(screen.getByRole('button', { name: 'افتح الدعم' })).toBeTruthy();
    expect(document.querySelector('.tk-root')?.getAttribute('dir')).toBe('rtl');
  });

  it('appearance - theme and --tk-* variables on the root; controlled open and inline mode', async () => {
    const onOpenChange = vi.fn();
    const { user, view } = await renderWidget({
      open: false,
      onOpenChange,
      appearance: { theme: 'dark', variables: { accent: '#ff0066', radius: '4px' } },
    });
    const root = document.querySelector('.tk-root') as HTMLElement;
    expect(root.dataset.theme).toBe('dark');
    expect(root.style.getPropertyValue('--tk-accent')).toBe('#ff0066');
    expect(root.style.getPropertyValue('--tk-radius')).toBe('4px');
    await user.click(screen.getByRole('button', { name: 'Open support' }));
    expect(onOpenChange).toHaveBeenCalledWith(true);
    expect(screen.queryByRole('dialog')).toBeNull(); // controlled: stays closed until the host says so
    view.unmount();
    await renderWidget({ inline: true });
    expect(screen.queryByRole('button', { name: 'Open support' })).toBeNull();
    expect(screen.getByRole('region', { name: 'Support' })).toBeTruthy();
  });

  it('credits - the cost is shown before sending; once sent, the balance shows it reserved, with pack expiry dates', async () => {
    const h = await renderWidget({}, { settings: billing('reject') });
    await grant(h, 5);
    await openNewRequest(h.user);
    expect(await screen.findByText('This request uses 2 credits. You have 5.')).toBeTruthy();
    await h.user.type(screen.getByLabelText('Subject'), 'Charged request');
    await h.user.type(screen.getByLabelText('How can we help?'), 'Please help');
    await h.user.click(screen.getByRole('button', { name: 'Send request' }));
    await screen.findByText('Please help');
    await h.user.click(screen.getByRole('button', { name: 'Back' }));
    await h.user.click(screen.getByRole('button', { name: 'Credits' }));
    expect(await screen.findByText('3 credits available')).toBeTruthy();
    expect(screen.getByText('2 reserved for open requests')).toBeTruthy();
    const packs = screen.getByRole('list', { name: 'Your credit packs' });
    expect(packs.textContent).toBe(
      `3 credits expire on ${new Intl.DateTimeFormat('en', { dateStyle: 'medium' }).format(new Date('2025-02-01T00:00:00.000Z'))}`,
    );
    expect(screen.getByText('3 credits expire within 30 days.')).toBeTruthy();
    const history = screen.getByRole('list', { name: 'Recent activity' });
    expect(
      within(history)
        .getAllByRole('listitem')
        .map((item) => item.textContent?.split(' · ').slice(1)),
    ).toEqual([
      ['Reserved for a request', '-2'],
      ['Credits added', '+5'],
    ]);
    const balance = await h.desk.credits.balance(h.system, h.customerId);
    expect([balance.available, balance.held]).toEqual([3, 2]);
  });

  it('credits - not enough credits when the tenant refuses short requests: a clear message, sending disabled', async () => {
    const h = await renderWidget({}, { settings: billing('reject') });
    await grant(h, 1);
    await openNewRequest(h.user);
    const message = await screen.findByText(
      'Not enough credits: this request needs 2 and you have 1. Top up to send it.',
    );
    const send = screen.getByRole('button', { name: 'Send request' }) as HTMLButtonElement;
    expect(send.disabled).toBe(true);
    expect(send.getAttribute('aria-describedby')).toBe(message.id);
    await h.user.type(screen.getByLabelText('Subject'), 'x');
    await h.user.type(screen.getByLabelText('How can we help?'), 'y');
    await h.user.click(send);
    expect((await h.desk.tickets.list(h.system)).items).toEqual([]);
    // Topping up (from the host's billing) and reopening the form lifts the block.
    await grant(h, 5, 'top-up');
    await h.user.click(screen.getByRole('button', { name: 'Back' }));
    await h.user.click(screen.getByRole('button', { name: 'New request' }));
    expect(await screen.findByText('This request uses 2 credits. You have 6.')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Send request' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('credits - not enough credits when the tenant lets short requests wait: sent, and it says it waits', async () => {
    const h = await renderWidget({}, { settings: billing('await_credits') });
    await h.desk.pipelines.create(h.system, {
      id: 'default',
      name: 'Support',
      stages: [
        { id: 'new', name: 'New', category: 'new' },
        { id: 'awaiting_credits', name: 'Awaiting credits', category: 'on_hold' },
        { id: 'resolved', name: 'Resolved', category: 'resolved' },
        { id: 'closed', name: 'Closed', category: 'closed' },
      ],
    });
    await openNewRequest(h.user);
    expect(
      await screen.findByText(
        'Not enough credits: this request needs 2 and you have 0. You can send it now; we start on it once you top up.',
      ),
    ).toBeTruthy();
    await h.user.type(screen.getByLabelText('Subject'), 'Waiting request');
    await h.user.type(screen.getByLabelText('How can we help?'), 'Send anyway');
    await h.user.click(screen.getByRole('button', { name: 'Send request' }));
    expect(
      await screen.findByText('This request is waiting for credits. Top up and we will start on it.'),
    ).toBeTruthy();
    const [stored] = (await h.desk.tickets.list(h.system)).items;
    expect(stored?.stageId).toBe('awaiting_credits');
    await h.user.click(screen.getByRole('button', { name: 'Back' }));
    expect(await screen.findByText('Waiting for credits')).toBeTruthy();
  });

  it('credits - the balance and the form stay hidden when requests cost nothing', async () => {
    const h = await renderWidget();
    await openNewRequest(h.user);
    await screen.findByLabelText('Subject');
    expect(screen.queryByRole('status')).toBeNull();
    await h.user.click(screen.getByRole('button', { name: 'Back' }));
    expect(screen.queryByRole('button', { name: 'Credits' })).toBeNull();
    expect(h.requests.some((request) => request.path.includes('/credits'))).toBe(false);
  });

  it('DeskStatusNotice - outside business hours: when the desk is back and by when to expect a reply', async () => {
    // 2025-01-06 09:00 UTC is 18:00 in Tokyo: the desk just closed.
    const h = await renderWidget({}, { settings: TOKYO_SLA });
    await h.user.click(screen.getByRole('button', { name: 'Open support' }));
    const at = (iso: string) =>
      new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
    expect(
      await screen.findByText(
        `We are away right now. Leave a message and we will reply when we are back. Back ${at('2025-01-07T00:00:00.000Z')}.`,
      ),
    ).toBeTruthy();
    expect(screen.getByText(`Expect a first reply by ${at('2025-01-07T04:00:00.000Z')}.`)).toBeTruthy();
  });

  it('DeskStatusNotice - during business hours: the usual reply time; in Japanese outside hours', async () => {
    const h = await widgetHarness({ settings: TOKYO_SLA });
    h.clock.advance(16 * 3600_000); // Tuesday 10:00 in Tokyo
    const client = createSupportClient({ baseUrl: '/api/support', fetch: h.fetch });
    render(
      <SupportProvider client={client}>
        <SupportWidget isolation="none" locale="en" inline />
      </SupportProvider>,
    );
    expect(await screen.findByText('We usually reply within 4 hours.')).toBeTruthy();
    expect(screen.getByText('We are online.')).toBeTruthy();
    cleanup();
    const closed = await widgetHarness({ settings: TOKYO_SLA });
    render(
      <SupportProvider client={createSupportClient({ baseUrl: '/api/support', fetch: closed.fetch })}>
        <SupportWidget isolation="none" locale="ja" inline />
      </SupportProvider>,
    );
    expect(await screen.findByText(/ただいま営業時間外です/)).toBeTruthy();
    expect(screen.getByText(/までに最初の返信をお送りする予定です。/)).toBeTruthy();
  });

  it('isolation - by default the widget renders inside a shadow root: its styles stay in, the page sees only the host', async () => {
    const h = await widgetHarness();
    const client = createSupportClient({ baseUrl: '/api/support', fetch: h.fetch });
    const style = document.createElement('style');
    style.textContent = 'button { color: rgb(255, 0, 0) !important }';
    document.head.append(style);
    const { container } = render(
      <SupportProvider client={client}>
        <SupportWidget locale="en" />
      </SupportProvider>,
    );
    const host = container.querySelector('[data-ticketkit-widget]') as HTMLElement;
    await waitFor(() => expect(host.shadowRoot?.querySelector('.tk-launcher')).not.toBeNull());
    const shadow = within(host.shadowRoot as unknown as HTMLElement);
    const launcher = shadow.getByRole('button', { name: 'Open support' });
    expect(screen.queryByRole('button', { name: 'Open support' })).toBeNull();
    // Nothing of the widget in the page's own DOM: no widget elements, no widget stylesheet.
    expect(document.querySelector('.tk-root, .tk-launcher')).toBeNull();
    expect(
      [...document.querySelectorAll('style')].some((node) => node.textContent?.includes('.tk-root')),
    ).toBe(false);
    expect(host.shadowRoot?.querySelector('style')?.textContent).toContain('.tk-root');
    await userEvent.setup().click(launcher);
    expect(shadow.getByRole('dialog', { name: 'Support' })).toBeTruthy();
    style.remove();
  });
});

// @vitest-environment node
import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';

describe('server rendering', () => {
  it('SupportWidget - imports and renders on the server without window, fetching nothing', async () => {
    expect(typeof window).toBe('undefined');
    const fetchSpy = vi.fn();
    const widget = await import('./index');
    const client = widget.createSupportClient({ baseUrl: '/api/support', fetch: fetchSpy });
    const html = renderToString(
      <widget.SupportProvider client={client}>
        <widget.SupportWidget />
      </widget.SupportProvider>,
    );
    // Only the shadow host is rendered on the server; the widget appears after hydration.
    expect(html).toBe('<div data-ticketkit-widget=""></div>');
    const inline = renderToString(
      <widget.SupportProvider client={client}>
        <widget.SupportWidget isolation="none" inline locale="en" />
      </widget.SupportProvider>,
    );
    expect(inline).toContain('aria-label="Support"');
    expect(fetchSpy).not.toHaveBeenCalled();
  });
});

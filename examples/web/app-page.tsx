/**
 * The host app's page script: mounts the support widget for the signed-in customer. The
 * widget asks the host backend for a short-lived widget token and sends it with every call.
 */
import { SupportProvider, SupportWidget } from '@ticketkit/react-widget';
import { createRoot } from 'react-dom/client';

let cached: { token: string; at: number } | null = null;

async function getToken({ expired }: { expired: boolean }): Promise<string> {
  if (!expired && cached !== null && Date.now() - cached.at < 5 * 60_000) return cached.token;
  const response = await fetch('/session/widget-token', { method: 'POST' });
  if (!response.ok) throw new Error('Not signed in');
  cached = { token: ((await response.json()) as { token: string }).token, at: Date.now() };
  return cached.token;
}

const root = document.getElementById('support');
if (root !== null) {
  createRoot(root).render(
    <SupportProvider baseUrl="/api/support" getToken={getToken}>
      <SupportWidget />
    </SupportProvider>,
  );
}

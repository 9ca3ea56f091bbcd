import { memoryAdapter } from '@ticketkit/adapters-memory';
import {
  agentActor,
  createTicketing,
  customerActor,
  systemActor,
  type TenantSettingsInput,
} from '@ticketkit/core';
import { createHandler } from '@ticketkit/core/server';
import { createTestClock } from '@ticketkit/core/testing';

/**
 * A real desk on the memory adapter behind the real handler, reached through a `fetch` that
 * calls the handler in-process: widget tests exercise the whole path without a server.
 * `settings` are stored for the tenant (credits billing, SLA calendars...). The clock starts on
 * Monday 2025-01-06 09:00 UTC.
 */
export async function widgetHarness(options: { settings?: TenantSettingsInput } = {}) {
  const clock = createTestClock('2025-01-06T09:00:00.000Z');
  const desk = createTicketing({
    storage: memoryAdapter(),
    clock,
    logger: { error: () => {}, warn: () => {} },
  });
  const system = systemActor('acme');
  await desk.settings.update(system, {
    categories: [
      { id: 'billing', name: 'Billing' },
      { id: 'tech', name: 'Technical' },
    ],
    ...options.settings,
  });
  const agent = await desk.agents.create(system, { name: 'Ann', status: 'online' });
  const customer = await desk.customers.create(system, { name: 'Carla', email: 'carla@example.com' });
  const handler = createHandler(desk, {
    basePath: '/api/support',
    authenticate: () => customerActor('acme', customer.id),
    heartbeatSeconds: 60,
  });
  const requests: Array<{ method: string; path: string }> = [];
  const fetchImpl: typeof fetch = async (input, init) => {
    const request = new Request(new URL(String(input), 'http://app.test'), init);
    requests.push({ method: request.method, path: new URL(request.url).pathname });
    return handler(request);
  };
  return {
    desk,
    clock,
    handler,
    fetch: fetchImpl,
    requests,
    system,
    agent: agentActor('acme', agent.id),
    customer: customerActor('acme', customer.id),
    customerId: customer.id,
  };
}

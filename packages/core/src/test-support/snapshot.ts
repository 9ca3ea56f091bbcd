import type { StoragePort } from '../storage/port';
import { autoCloseKey } from '../tickets/stage-change';

/**
 * Everything a tenant has stored, read straight from the storage port (not through core's
 * rules): for "a failed command leaves the stored state unchanged" checks.
 */
export async function storedState(storage: StoragePort, tenantId: string): Promise<unknown> {
  const tickets = await storage.tickets.list(tenantId, {
    filter: {},
    sort: 'createdAt',
    direction: 'asc',
    after: null,
    limit: 100_000,
  });
  const perTicket = await Promise.all(
    tickets.map(async (ticket) => ({
      ticket,
      messages: await storage.messages.list(tenantId, {
        ticketIds: [ticket.id],
        after: null,
        limit: 100_000,
      }),
      links: await storage.links.listForTicket(tenantId, ticket.id),
      children: (await storage.tickets.listChildren(tenantId, ticket.id)).map((child) => child.id).sort(),
      autoCloseJob: await storage.jobs.get(tenantId, autoCloseKey(ticket.id)),
      alarmKey: ticket.alarm === null ? null : await storage.alarmKeys.find(tenantId, ticket.alarm.dedupKey),
    })),
  );
  return {
    tickets: perTicket,
    events: await storage.events.list(tenantId, { after: null, limit: 100_000 }),
    customers: await storage.customers.list(tenantId, { afterId: null, limit: 100_000 }),
    agents: await storage.agents.list(tenantId, { afterId: null, limit: 100_000 }),
    teams: await storage.teams.list(tenantId),
    pipelines: await storage.pipelines.list(tenantId),
    settings: await storage.settings.get(tenantId),
    credits: await Promise.all(
      (await storage.creditAccounts.list(tenantId, { afterCustomerId: null, limit: 100_000 })).map(
        async (account) => ({
          account,
          blocks: await storage.creditBlocks.list(tenantId, account.customerId, {
            afterId: null,
            limit: 100_000,
          }),
          entries: await storage.creditLedger.list(tenantId, account.customerId, {
            afterSeq: 0,
            limit: 100_000,
          }),
          openHolds: await storage.creditHolds.listOpen(tenantId, account.customerId),
        }),
      ),
    ),
  };
}

import type { InspectedRowKind, RawStorageInspector } from '@ticketkit/core/testing';
import { quoteIdentifier } from '../schema-names';

/** The table behind each row kind the conformance kit counts. */
export const TABLE_OF_KIND: Readonly<Record<InspectedRowKind, string>> = {
  tickets: 'tickets',
  messages: 'messages',
  customers: 'customers',
  agents: 'agents',
  teams: 'teams',
  pipelines: 'pipelines',
  links: 'ticket_links',
  idempotency: 'idempotency_keys',
  events: 'events',
  jobs: 'jobs',
  settings: 'settings',
  creditAccounts: 'credit_accounts',
  creditBlocks: 'credit_blocks',
  creditEntries: 'credit_entries',
  creditHolds: 'credit_holds',
  loadHoldings: 'agent_load_holdings',
  routingQueue: 'routing_queue',
};

let sequence = 0;

/** A schema name no other test (or concurrent test run) uses. */
export function freshSchemaName(): string {
  sequence += 1;
  return `tk_test_${process.pid}_${Date.now().toString(36)}_${sequence}`;
}

/**
 * The raw inspector of the conformance kit: `count(*)` straight from the tables of every
 * schema the tests created and did not drop yet (tenant ids are unique per test, so only
 * one schema holds a tenant's rows).
 */
export function rawInspector(
  liveSchemas: ReadonlySet<string>,
  query: (text: string, params: unknown[]) => Promise<Array<Record<string, unknown>>>,
): RawStorageInspector {
  return {
    async countRows(kind, tenantId) {
      let total = 0;
      for (const schema of liveSchemas) {
        const rows = await query(
          `SELECT count(*)::integer AS n FROM ${quoteIdentifier(schema)}.${quoteIdentifier(TABLE_OF_KIND[kind])} WHERE tenant_id = $1`,
          [tenantId],
        );
        total += Number(rows[0]?.n ?? 0);
      }
      return total;
    },
  };
}

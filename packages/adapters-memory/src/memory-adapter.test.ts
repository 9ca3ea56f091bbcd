import { createTicketing, type StoragePort, systemActor } from '@ticketkit/core';
import {
  buildCustomer,
  buildMessage,
  buildTicket,
  createTestClock,
  type InspectedRowKind,
  newTenantId,
  type RawStorageInspector,
  runStorageConformance,
} from '@ticketkit/core/testing';
import { describe, expect, it, vi } from 'vitest';
import { memoryAdapter } from './memory-adapter';
import type { MemoryState } from './memory-state';

/**
 * Test-only hook: every MemoryState the adapter creates is recorded, so the inspector can
 * read the maps directly instead of trusting the adapter's repositories.
 */
const states = vi.hoisted(() => new Set<unknown>());
vi.mock('./memory-state', async (importOriginal) => {
  const original = await importOriginal<typeof import('./memory-state')>();
  class RecordedMemoryState extends original.MemoryState {
    constructor() {
      super();
      states.add(this);
    }
  }
  return { ...original, MemoryState: RecordedMemoryState };
});

const SEPARATOR = '\u0000';

function count<T>(rows: Iterable<T>, keep: (row: T) => boolean = () => true): number {
  let total = 0;
  for (const row of rows) if (keep(row)) total++;
  return total;
}

/** Counts one tenant's rows in one memory state's raw maps. */
function countIn(state: MemoryState, kind: InspectedRowKind, tenantId: string): number {
  const ofTenant = (row: { tenantId: string }) => row.tenantId === tenantId;
  switch (kind) {
    case 'tickets':
      return count(state.tickets.values(tenantId));
    case 'messages':
      return count(state.messages.values(tenantId));
    case 'customers':
      return count(state.customers.values(tenantId));
    case 'agents':
      return count(state.agents.values(tenantId));
    case 'teams':
      return count(state.teams.values(tenantId));
    case 'pipelines':
      return count(state.pipelines.values(tenantId));
    case 'links':
      return count(state.links.values(tenantId));
    case 'idempotency':
      return count(state.idempotency.values(), ofTenant);
    case 'events':
      return state.eventsByTenant.get(tenantId)?.items.length ?? 0;
    case 'jobs':
      return count(state.jobs.values(), ofTenant);
    case 'settings':
      return state.settings.get(tenantId) === undefined ? 0 : 1;
    case 'creditAccounts':
      return count(state.creditAccounts.values(), ofTenant);
    case 'creditBlocks':
      return count(state.creditBlocks.values(tenantId));
    case 'creditEntries': {
      let total = 0;
      for (const [listKey, list] of state.creditLedgers) {
        if (listKey.startsWith(`${tenantId}${SEPARATOR}`)) total += list.items.length;
      }
      return total;
    }
    case 'creditHolds':
      return count(state.creditHolds.values(tenantId));
    case 'loadHoldings':
      return count(state.loadHoldings.values(tenantId));
    case 'routingQueue':
      return count(state.queueEntries.values(tenantId));
  }
}

/** Sums over every live memory state: tenants are unique per test, so only one holds rows. */
const inspect: RawStorageInspector = {
  countRows: async (kind, tenantId) => {
    let total = 0;
    for (const state of states) total += countIn(state as MemoryState, kind, tenantId);
    return total;
  },
};

/** Maps each adapter to its state, so destroying an adapter forgets its state. */
const stateOf = new WeakMap<StoragePort, unknown>();

async function createStorage(): Promise<StoragePort> {
  const before = new Set(states);
  const storage = memoryAdapter();
  const created = [...states].find((state) => !before.has(state));
  if (created === undefined) throw new Error('memoryAdapter() did not create a MemoryState');
  stateOf.set(storage, created);
  return storage;
}

runStorageConformance({
  name: 'memory',
  createStorage,
  destroyStorage: async (storage) => {
    states.delete(stateOf.get(storage));
  },
  inspect,
});

describe('memory adapter', () => {
  it('memoryAdapter - reports the memory capabilities', () => {
    const storage = memoryAdapter();
    expect(storage.name).toBe('memory');
    expect(storage.capabilities).toEqual({ concurrentTransactions: false, durable: false });
    expect(Object.isFrozen(storage.capabilities)).toBe(true);
  });

  it('tickets.get - returns a copy: mutating it changes neither the store nor later reads', async () => {
    const storage = memoryAdapter();
    const ticket = buildTicket(newTenantId());
    const original = structuredClone(ticket);
    await storage.tickets.insert(ticket);
    // The inserted object is copied too.
    ticket.subject = 'mutated after insert';
    ticket.tags.push('mutated');
    const read = await storage.tickets.get(original.tenantId, original.id);
    if (read === null) throw new Error('ticket not stored');
    read.subject = 'mutated after read';
    read.tags.push('x');
    read.customFields.plan = 'mutated';
    (read.alarm as { firstOccurredAt: Date }).firstOccurredAt.setTime(0);
    read.createdAt.setTime(0);
    const listed = await storage.tickets.list(original.tenantId, {
      filter: {},
      sort: 'createdAt',
      direction: 'asc',
      after: null,
      limit: 10,
    });
    (listed[0] as typeof read).mergedTicketIds.length = 0;
    expect(await storage.tickets.get(original.tenantId, original.id)).toEqual(original);
  });

  it('messages.list, customers.findByIdentity - return copies that do not alias the store', async () => {
    const storage = memoryAdapter();
    const tenantId = newTenantId();
    const message = buildMessage(tenantId, 'tkt_1');
    const customer = buildCustomer(tenantId);
    await storage.messages.insert(structuredClone(message));
    await storage.customers.insert(structuredClone(customer));
    const [listed] = await storage.messages.list(tenantId, { ticketIds: ['tkt_1'], after: null, limit: 10 });
    (listed as typeof message).attachments.pop();
    const found = await storage.messages.findByExternalId(tenantId, message.externalId as string);
    (found as typeof message).body = 'changed';
    const holder = await storage.customers.findByIdentity(
      tenantId,
      customer.identities[0] as (typeof customer.identities)[0],
    );
    (holder as typeof customer).identities.length = 0;
    (holder as typeof customer).attributes.tier = 'changed';
    expect(await storage.messages.list(tenantId, { ticketIds: ['tkt_1'], after: null, limit: 10 })).toEqual([
      message,
    ]);
    expect(await storage.messages.findByExternalId(tenantId, message.externalId as string)).toEqual(message);
    expect(await storage.customers.get(tenantId, customer.id)).toEqual(customer);
  });

  it('tickets.insert, events.append - records stored at one instant alias neither each other nor callers', async () => {
    const storage = memoryAdapter();
    const tenantId = newTenantId();
    const ticket = { ...buildTicket(tenantId), tags: [] as string[], mergedTicketIds: [] as string[] };
    ticket.updatedAt = ticket.createdAt;
    const original = structuredClone(ticket);
    const event = {
      tenantId,
      id: 'evt_1',
      type: 'ticket.created',
      occurredAt: ticket.createdAt,
      actor: { kind: 'system' as const, id: null },
      ticketId: ticket.id,
      data: { position: { stageId: 'new' }, tags: ['a'] },
    };
    await storage.transaction(async (tx) => {
      await tx.tickets.insert(ticket);
      await tx.events.append([event]);
    });
    // What the caller passed in stays the caller's.
    event.actor.id = 'changed' as never;
    event.data.position.stageId = 'changed';
    ticket.createdAt.setTime(0);
    const read = (await storage.tickets.get(tenantId, ticket.id)) as typeof ticket;
    expect(read).toEqual(original);
    // One read's dates, lists and actor are its own: not the other field's, not the store's.
    read.createdAt.setTime(1);
    expect(read.updatedAt.getTime()).toBe(original.updatedAt.getTime());
    read.tags.push('x');
    read.mergedTicketIds.push('tkt_x');
    const [stored] = (await storage.events.listForTicket(tenantId, ticket.id, { after: null, limit: 10 }))
      .events;
    if (stored === undefined) throw new Error('event not stored');
    expect(stored.occurredAt.getTime()).toBe(original.createdAt.getTime());
    expect(stored.actor).toEqual({ kind: 'system', id: null });
    expect(stored.data).toEqual({ position: { stageId: 'new' }, tags: ['a'] });
    stored.occurredAt.setTime(2);
    (stored.actor as { id: string | null }).id = 'changed';
    expect(await storage.tickets.get(tenantId, ticket.id)).toEqual(original);
    const [again] = (await storage.events.list(tenantId, { after: null, limit: 10 })).events;
    expect(again?.occurredAt.getTime()).toBe(original.createdAt.getTime());
    expect(again?.actor).toEqual({ kind: 'system', id: null });
  });

  it('transaction - a command that throws halfway leaves no trace in the raw store', async () => {
    const storage = await createStorage();
    const clock = createTestClock('2024-05-01T10:00:00Z');
    // The command's last write (its events) fails, after the ticket, customer, message and
    // idempotency key were written in the same transaction.
    let failAfterWrites = false;
    const failing: StoragePort = {
      ...storage,
      transaction: (run) =>
        storage.transaction((tx) =>
          run({
            ...tx,
            events: {
              ...tx.events,
              list: (tenant, query) => tx.events.list(tenant, query),
              listForTicket: (tenant, ticket, query) => tx.events.listForTicket(tenant, ticket, query),
              append: async (events) => {
                if (failAfterWrites) throw new Error('disk on fire');
                await tx.events.append(events);
              },
            },
          }),
        ),
    };
    const logger = { error: vi.fn(), warn: vi.fn() };
    const desk = createTicketing({ storage: failing, clock, logger });
    const tenantId = newTenantId();
    const system = systemActor(tenantId);
    failAfterWrites = true;
    await expect(
      desk.tickets.create(system, {
        subject: 'Half done',
        requester: { email: 'half@example.com' },
        message: { body: 'Hello', externalId: '<half@mail.example.com>' },
        idempotencyKey: 'half',
      }),
    ).rejects.toMatchObject({ code: 'STORAGE_FAILURE' });
    expect(logger.error).toHaveBeenCalledTimes(1);
    for (const kind of ['tickets', 'messages', 'customers', 'idempotency', 'events', 'jobs'] as const) {
      expect(await inspect.countRows(kind, tenantId), kind).toBe(0);
    }
    failAfterWrites = false;
    const created = await desk.tickets.create(system, {
      subject: 'Now it works',
      requester: { email: 'half@example.com' },
      idempotencyKey: 'half',
    });
    expect(created.number).toBeGreaterThanOrEqual(1);
    expect(await inspect.countRows('tickets', tenantId)).toBe(1);
    expect(await inspect.countRows('customers', tenantId)).toBe(1);
    states.delete(stateOf.get(storage));
  });
});

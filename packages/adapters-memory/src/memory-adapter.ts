import type { StorageCapabilities, StoragePort, StorageRepositories } from '@ticketkit/core';
import { MemoryState } from './memory-state';
import { Mutex } from './mutex';
import {
  MemoryCreditAccounts,
  MemoryCreditBlocks,
  MemoryCreditHolds,
  MemoryCreditLedger,
} from './repositories/credits';
import { MemoryCsat, MemoryReadMarkers } from './repositories/csat';
import { MemoryCustomers } from './repositories/customers';
import { MemoryAgents, MemoryPipelines, MemoryTeams } from './repositories/directory';
import { MemoryEvents } from './repositories/events';
import { MemoryJobs } from './repositories/jobs';
import { MemoryMessages } from './repositories/messages';
import { MemoryAlarmKeys, MemoryIdempotency, MemoryLinks, MemorySettings } from './repositories/misc';
import { MemoryAgentLoads, MemoryRoundRobin, MemoryRoutingQueue } from './repositories/routing';
import { MemoryTickets } from './repositories/tickets';

/** What the memory adapter can do: transactions run one at a time; data lives as long as the process. */
export const memoryCapabilities: StorageCapabilities = Object.freeze({
  concurrentTransactions: false,
  durable: false,
});

/**
 * In-process storage for ticketkit: for tests, demos and prototypes.
 *
 * - Transactions are real: one that throws leaves no trace (every write is undone).
 * - Transactions run one at a time (a FIFO lock), so concurrent async commands are safe and
 *   see each other's committed writes only.
 * - Records are copied on the way in and out; mutating a returned object never changes the store.
 *
 * @example
 * ```ts
 * const desk = createTicketing({ storage: memoryAdapter() });
 * ```
 */
export function memoryAdapter(): StoragePort {
  const state = new MemoryState();
  const lock = new Mutex();
  const repositories: StorageRepositories = {
    tickets: new MemoryTickets(state),
    messages: new MemoryMessages(state),
    customers: new MemoryCustomers(state),
    agents: new MemoryAgents(state),
    agentLoads: new MemoryAgentLoads(state),
    routingQueue: new MemoryRoutingQueue(state),
    roundRobin: new MemoryRoundRobin(state),
    teams: new MemoryTeams(state),
    pipelines: new MemoryPipelines(state),
    links: new MemoryLinks(state),
    alarmKeys: new MemoryAlarmKeys(state),
    idempotency: new MemoryIdempotency(state),
    events: new MemoryEvents(state),
    jobs: new MemoryJobs(state),
    settings: new MemorySettings(state),
    creditAccounts: new MemoryCreditAccounts(state),
    creditBlocks: new MemoryCreditBlocks(state),
    creditLedger: new MemoryCreditLedger(state),
    creditHolds: new MemoryCreditHolds(state),
    csat: new MemoryCsat(state),
    readMarkers: new MemoryReadMarkers(state),
  };

  async function transaction<T>(run: (tx: StorageRepositories) => Promise<T>): Promise<T> {
    const waiting = lock.acquire();
    if (waiting !== undefined) await waiting;
    try {
      const result = await run(repositories);
      state.undo.clear();
      return result;
    } catch (error) {
      state.undo.rollback();
      throw error;
    } finally {
      lock.release();
    }
  }

  return {
    name: 'memory',
    capabilities: memoryCapabilities,
    transaction,
    ...autocommit(repositories, transaction),
  };
}

/**
 * The port's own repositories: each call is a transaction of its own, so it waits for (and
 * never sees the uncommitted writes of) a running transaction.
 */
function autocommit(
  repositories: StorageRepositories,
  transaction: <T>(run: (tx: StorageRepositories) => Promise<T>) => Promise<T>,
): StorageRepositories {
  const wrapped: Record<string, Record<string, unknown>> = {};
  for (const [name, repository] of Object.entries(repositories) as Array<[string, object]>) {
    const methods: Record<string, unknown> = {};
    for (const method of methodNames(repository)) {
      methods[method] = (...args: unknown[]) =>
        transaction(
          (tx) =>
            (
              tx[name as keyof StorageRepositories] as unknown as Record<
                string,
                (...a: unknown[]) => Promise<unknown>
              >
            )[method]?.(...args) as Promise<unknown>,
        );
    }
    wrapped[name] = methods;
  }
  return wrapped as unknown as StorageRepositories;
}

function methodNames(repository: object): string[] {
  const names = new Set<string>();
  for (
    let proto = Object.getPrototypeOf(repository);
    proto !== null && proto !== Object.prototype;
    proto = Object.getPrototypeOf(proto)
  ) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name !== 'constructor' && typeof (repository as Record<string, unknown>)[name] === 'function')
        names.add(name);
    }
  }
  return [...names];
}

import { describe } from 'vitest';
import type { StoragePort } from '../storage/port';
import { describeCreditRaces } from './credits-races.test-suite';
import { describeCreditVectors } from './credits-vectors.test-suite';
import { describeDeskBehaviour } from './desk-suite';
import { describeCreditRepositories } from './port-credits.test-suite';
import { describeCsatRepositories } from './port-csat.test-suite';
import { describeDirectoryRepositories } from './port-directory.test-suite';
import { describeEventRepository } from './port-events.test-suite';
import { describeJobRepository } from './port-jobs.test-suite';
import { describeKeyRepositories } from './port-keys.test-suite';
import { describeMessageRepository } from './port-messages.test-suite';
import { describeRoutingRepositories } from './port-routing.test-suite';
import { describeTicketList } from './port-ticket-list.test-suite';
import { describeTicketRepository } from './port-tickets.test-suite';
import { describeTransactions } from './port-transactions.test-suite';
import { describeRaces } from './race-suite';
import { describeRouting } from './routing-suite';
import { describeSlaBehaviour } from './sla-suite';
import type { SuiteContext } from './suite-context';

/** The kinds of rows a {@link RawStorageInspector} counts. */
export type InspectedRowKind =
  | 'tickets'
  | 'messages'
  | 'customers'
  | 'agents'
  | 'teams'
  | 'pipelines'
  | 'links'
  | 'idempotency'
  | 'events'
  | 'jobs'
  | 'settings'
  | 'creditAccounts'
  | 'creditBlocks'
  | 'creditEntries'
  | 'creditHolds'
  /** Agent load holdings (one per ticket counting toward an agent's load). */
  | 'loadHoldings'
  /** Routing queue entries. */
  | 'routingQueue';

/**
 * Reads an adapter's storage directly, bypassing its repositories (after Auth.js's raw
 * database checks), so the kit does not only trust the adapter's own reads.
 */
export interface RawStorageInspector {
  /**
   * How many rows of `kind` the tenant has in committed storage (for `settings`, 0 or 1;
   * for `jobs`, jobs in any status). Must read the backing store itself (SQL `count(*)`,
   * the memory maps...), never through the adapter's repository methods.
   */
  countRows(kind: InspectedRowKind, tenantId: string): Promise<number>;
}

/** Options of {@link runStorageConformance}. */
export interface StorageConformanceOptions {
  /** Names the suite in the test report, e.g. `memory` or `postgres`. */
  name: string;
  /**
   * Returns a fresh, empty storage. Called once per top-level group, and once per test
   * where state shared by all tenants matters (the scheduler's `claimDue` is cross-tenant).
   * It may return a handle to the same database after emptying it: the kit never relies on
   * data written before its latest `createStorage` call.
   */
  createStorage(): Promise<StoragePort>;
  /**
   * Releases what `createStorage` opened for this storage (never what other storages still
   * use). Defaults to `storage.close?.()`.
   */
  destroyStorage?(storage: StoragePort): Promise<void>;
  /**
   * Raw reads of the backing store. When given, rollback and race checks also count rows
   * directly, and one test checks the inspector itself against committed writes.
   */
  inspect?: RawStorageInspector;
  /** Seed of the generated ticket-list comparison; a failure message prints the seed it used. Default 20240304. */
  seed?: number;
  /** Timeout in ms of the tests that run many commands (desk scenarios, races). Default 30 000. */
  slowTestTimeout?: number;
}

/**
 * The storage conformance kit: registers, with vitest's `describe`/`it`, every check a
 * ticketkit storage adapter must pass. Call it at the top level of the adapter's own test
 * file; a new adapter is done when the whole suite passes.
 *
 * What it checks (stored outcomes, exact `WriteResult`s and error codes):
 * - every repository operation of {@link StoragePort}: each field of each record round-trips
 *   (instants with milliseconds, nulls, nested JSON, arrays, non-ASCII text), versioned
 *   updates (`ok`, then `stale`), uniqueness (`duplicate`), `(tenantId, id)` keys and tenant
 *   isolation of every read;
 * - ticket lists against the reference ordering and filtering of `storage/ticket-order.ts`,
 *   with a seeded generated comparison, and keyset pagination stable under inserts;
 * - message order, event positions and cursors, job claiming with tokens and leases;
 * - satisfaction ratings (one per ticket, versioned) and read markers (never moving back);
 * - transactions: all-or-nothing across repositories, the error rethrown unchanged,
 *   read-your-writes, and a `duplicate`/`stale` result not aborting the transaction;
 * - desk behaviour over the adapter (`createTicketing({ storage })`): the ticket lifecycle,
 *   idempotency, deduplication, merge, alarms, history, customer access, pagination, the scheduler;
 * - routing storage: team membership, agent loads and the capacity guard (limits, moves,
 *   releases), the routing queue's order and keyset pages, round-robin cycles;
 * - SLA clocks and escalation over the adapter: the stored `ticket.sla` record equals the one
 *   rebuilt from stored history, and SLA timers (warnings, breaches, the escalations they
 *   trigger) fire exactly once under concurrent workers, also after a change replaced a timer
 *   a worker still holds;
 * - races (`Promise.all`): concurrent versioned updates, idempotent creates, external ids,
 *   alarm keys, ticket numbers, customer identities, several scheduler workers, and the
 *   capacity guard (concurrent acquires of one agent; 100 concurrent routings to a team
 *   whose total capacity is 10);
 * - routing over the adapter: every strategy's choice and tie-breaks, round-robin fairness
 *   and its stored cycle, the queue (priority then age) draining as capacity frees, agents
 *   going offline, and the decision recorded in history.
 *
 * Capability flags ({@link StoragePort.capabilities}) choose what applies:
 * - `concurrentTransactions` (default false): when true, the kit checks that two transactions
 *   can be open at once and neither sees the other's uncommitted writes; when false, it checks
 *   instead that transactions never interleave. Race tests run either way: a serializing
 *   adapter must give the same outcomes.
 * - `durable` (default false) is not checked: the kit cannot restart a process.
 *
 * Data the kit writes: every test uses fresh random tenant ids and ids, so tests do not see
 * each other's rows. Records may refer to ids that are not stored (a ticket's requester,
 * assignee or parent, a message's ticket): adapters store and fetch and must not enforce
 * references, which core keeps consistent.
 *
 * @example
 * ```ts
 * // packages/adapters-foo/src/foo-adapter.test.ts
 * import { runStorageConformance } from '@ticketkit/core/testing';
 * import { fooAdapter } from './foo-adapter';
 *
 * runStorageConformance({
 *   name: 'foo',
 *   createStorage: async () => fooAdapter({ url: process.env.FOO_URL }),
 *   destroyStorage: (storage) => storage.close?.() ?? Promise.resolve(),
 * });
 * ```
 */
export function runStorageConformance(options: StorageConformanceOptions): void {
  const context: SuiteContext = {
    options,
    seed: options.seed ?? 20240304,
    slowTimeout: options.slowTestTimeout ?? 30_000,
  };
  describe(`storage conformance: ${options.name}`, () => {
    describeTicketRepository(context);
    describeTicketList(context);
    describeMessageRepository(context);
    describeDirectoryRepositories(context);
    describeKeyRepositories(context);
    describeRoutingRepositories(context);
    describeEventRepository(context);
    describeJobRepository(context);
    describeCreditRepositories(context);
    describeCsatRepositories(context);
    describeTransactions(context);
    describeDeskBehaviour(context);
    describeSlaBehaviour(context);
    describeRaces(context);
    describeCreditRaces(context);
    describeCreditVectors(context);
    describeRouting(context);
  });
}

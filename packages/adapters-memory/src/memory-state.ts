import type {
  Agent,
  AgentLoad,
  CreditAccount,
  CreditBlock,
  CreditEntry,
  CreditHold,
  CsatRating,
  Customer,
  IdempotencyRecord,
  JobRecord,
  LoadHolding,
  Message,
  Pipeline,
  QueuedTicket,
  ReadMarker,
  RoundRobinState,
  SettingsRecord,
  StoredEvent,
  Team,
  Ticket,
  TicketLink,
} from '@ticketkit/core';
import { DueHeap } from './due-heap';
import { SortedQueue } from './sorted-queue';
import { TenantLists, TenantTable, UndoableList, UndoableMap, UndoLog } from './undo-log';

/** Joins key parts with a separator no id contains. */
export function key(...parts: Array<string | null>): string {
  let joined = parts[0] ?? '';
  for (let index = 1; index < parts.length; index++) joined += `\u0000${parts[index] ?? ''}`;
  return joined;
}

/**
 * Everything the memory adapter stores. Every write goes through an undoable structure, so
 * the running transaction's changes can be reverted.
 */
export class MemoryState {
  readonly undo = new UndoLog();
  readonly tickets = new TenantTable<Ticket>(this.undo);
  readonly ticketNumbers = new UndoableMap<string, number>(this.undo);
  /** Children by `key(tenantId, parentId)`. */
  readonly childIds = new UndoableMap<string, readonly string[]>(this.undo);
  /** Each ticket's messages in `seq` order, by tenant and ticket id. */
  readonly messages = new TenantLists<Message>(this.undo);
  /** Ticket id of each message, by tenant and message id: message ids are unique per tenant. */
  readonly messageIds = new TenantTable<string>(this.undo);
  readonly messageExternalIds = new UndoableMap<string, Message>(this.undo);
  readonly customers = new TenantTable<Customer>(this.undo);
  /** Customer id by `key(tenantId, type, network, value)`. */
  readonly customerIdentities = new UndoableMap<string, string>(this.undo);
  readonly agents = new TenantTable<Agent>(this.undo);
  /** Agent id by `key(tenantId, email)`. */
  readonly agentEmails = new UndoableMap<string, string>(this.undo);
  /** Member agents (the stored, frozen records) in id order, by tenant and team id. */
  readonly teamMembers = new TenantTable<readonly Agent[]>(this.undo);
  /** Loads by tenant and agent id; rows are frozen and replaced, never mutated. */
  readonly agentLoads = new TenantTable<AgentLoad>(this.undo);
  /** Load holdings by tenant and ticket id. */
  readonly loadHoldings = new TenantTable<LoadHolding>(this.undo);
  /** Routing queue entries by tenant and ticket id. */
  readonly queueEntries = new TenantTable<QueuedTicket>(this.undo);
  /** Each team's queue in queue order, by `key(tenantId, teamId)`. */
  readonly teamQueues = new Map<string, SortedQueue>();
  /** Round-robin state by tenant and team id. */
  readonly roundRobin = new TenantTable<RoundRobinState>(this.undo);
  readonly teams = new TenantTable<Team>(this.undo);
  readonly pipelines = new TenantTable<Pipeline>(this.undo);
  readonly links = new TenantTable<TicketLink>(this.undo);
  readonly alarmKeys = new UndoableMap<string, string>(this.undo);
  readonly idempotency = new UndoableMap<string, IdempotencyRecord>(this.undo);
  /** Each tenant's events in append order; an event's position is its index + 1. */
  readonly eventsByTenant = new Map<string, UndoableList<StoredEvent>>();
  /** The positions of each ticket's events, by tenant and ticket id. */
  readonly eventPositionsByTicket = new TenantLists<number>(this.undo);
  /** Jobs by `key(tenantId, id)`: ids are unique per tenant only. */
  readonly jobs = new UndoableMap<string, JobRecord>(this.undo);
  /** A job's `key(tenantId, id)` by `key(tenantId, jobKey)`. */
  readonly jobKeys = new UndoableMap<string, string>(this.undo);
  readonly dueHeap = new DueHeap();
  readonly settings = new UndoableMap<string, SettingsRecord>(this.undo);
  /** Credit accounts by `key(tenantId, customerId)`. */
  readonly creditAccounts = new UndoableMap<string, CreditAccount>(this.undo);
  readonly creditBlocks = new TenantTable<CreditBlock>(this.undo);
  /** Each customer's block ids in insertion order, by `key(tenantId, customerId)`. */
  readonly creditBlocksByCustomer = new Map<string, UndoableList<string>>();
  /** Ids of each customer's blocks whose `remaining` or `held` is not 0, by `key(tenantId, customerId)`. */
  readonly openCreditBlocks = new UndoableMap<string, ReadonlySet<string>>(this.undo);
  /** Each customer's ledger in `seq` order (entry `seq` n at index n - 1), by `key(tenantId, customerId)`. */
  readonly creditLedgers = new Map<string, UndoableList<CreditEntry>>();
  /** Ledger entry ids of each tenant, by `key(tenantId, id)`. */
  readonly creditEntryIds = new UndoableMap<string, true>(this.undo);
  readonly creditHolds = new TenantTable<CreditHold>(this.undo);
  /** A hold's id by `key(tenantId, customerId, holdKey)`. */
  readonly creditHoldKeys = new UndoableMap<string, string>(this.undo);
  /** Ids of each customer's holds with status `held`, by `key(tenantId, customerId)`. */
  readonly openCreditHolds = new UndoableMap<string, ReadonlySet<string>>(this.undo);
  /** Hold ids of each ticket in insertion order, by `key(tenantId, ticketId)`. */
  readonly creditHoldsByTicket = new UndoableMap<string, readonly string[]>(this.undo);
  /** Ratings by `key(tenantId, ticketId)`. */
  readonly csat = new UndoableMap<string, CsatRating>(this.undo);
  /** Read markers by `key(tenantId, readerKind, readerId, ticketId)`. */
  readonly readMarkers = new UndoableMap<string, ReadMarker>(this.undo);

  /** The queue of a team, created on first use. */
  teamQueue(queueKey: string): SortedQueue {
    let queue = this.teamQueues.get(queueKey);
    if (queue === undefined) {
      queue = new SortedQueue(this.undo);
      this.teamQueues.set(queueKey, queue);
    }
    return queue;
  }

  /** The append-only list under `listKey`, created on first use. */
  appendList<V>(lists: Map<string, UndoableList<V>>, listKey: string): UndoableList<V> {
    let list = lists.get(listKey);
    if (list === undefined) {
      list = new UndoableList(this.undo);
      lists.set(listKey, list);
    }
    return list;
  }
}

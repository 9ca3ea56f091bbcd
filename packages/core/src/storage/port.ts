import type {
  Agent,
  AgentLoad,
  Channel,
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
  Priority,
  QueuedTicket,
  ReadMarker,
  RoundRobinState,
  SettingsRecord,
  StageCategory,
  StoredEvent,
  Team,
  Ticket,
  TicketLink,
} from './records';

/**
 * The storage port: what an adapter implements so core can store a desk.
 *
 * Adapters store and fetch; they never decide. Every rule (permissions, transitions,
 * validation) lives in core. Where a race matters, the port offers an atomic primitive and
 * its doc comment states the guarantee; the conformance kit in `@ticketkit/core/testing`
 * checks each one.
 *
 * Outcomes a caller must react to are returned, not thrown: {@link WriteResult}. Anything
 * an adapter throws is treated as a storage failure and never shown to ticketkit's caller.
 *
 * Adapters enforce the uniqueness contracts stated here and nothing else: references between
 * records (a ticket's requester, a message's ticket) are checked by core, so an adapter must
 * not add foreign keys that reject writes core allows. Strings never contain U+0000 (core
 * rejects it at the boundary).
 */

/**
 * - `ok`: written.
 * - `stale`: the stated `expectedVersion` no longer matches the stored record; nothing written.
 * - `duplicate`: a unique value (key, external id, identity) belongs to another record; nothing written.
 */
export type WriteResult = 'ok' | 'stale' | 'duplicate';

/**
 * A position in a sorted list: the sort values of the last row seen, and its id as the
 * final tie-breaker. Values are safe integers (core rejects any other cursor); instants are
 * epoch milliseconds. Ids compare by UTF-16 code unit
 * (binary order; in SQL, `COLLATE "C"`).
 */
export interface Keyset {
  values: number[];
  id: string;
}

/** Ticket list filters. Every given filter must match (AND); array filters match any element (OR). */
export interface TicketFilter {
  pipelineId?: string;
  stageIds?: string[];
  categories?: StageCategory[];
  priorities?: Priority[];
  /** `null` in the list matches unassigned tickets. */
  assigneeIds?: Array<string | null>;
  /** `null` in the list matches tickets without a team. */
  teamIds?: Array<string | null>;
  /** The ticket must carry every one of these tags. */
  tagsAll?: string[];
  channels?: Channel[];
  requesterId?: string;
  types?: string[];
  parentId?: string;
  /** Inclusive lower bound on `createdAt`. */
  createdFrom?: Date;
  /** Exclusive upper bound on `createdAt`. */
  createdBefore?: Date;
  /**
   * Lower-cased terms; each must occur in the subject as a case-insensitive substring
   * (`%` and `_` are literal characters, not patterns).
   */
  subjectTerms?: string[];
  /** Exclusive upper bound on `slaDueAt`; tickets whose `slaDueAt` is null never match. */
  slaDueBefore?: Date;
  /**
   * Matches tickets whose SLA record says `breached` (`ticket.sla?.breached === true`) when
   * true, and every other ticket (including `sla` null) when false. SQL adapters read the
   * flag from the stored JSON, e.g. `coalesce((sla->>'breached')::boolean, false)`.
   */
  slaBreached?: boolean;
  /** True matches tickets escalated at least once (`escalationCount > 0`); false the others. */
  escalated?: boolean;
}

/**
 * Sort orders of ticket lists and their keyset values:
 * - `createdAt`: `[createdAt]`, then id
 * - `updatedAt`: `[updatedAt]`, then id
 * - `priority`: `[priorityRank, createdAt]`, then id (rank: urgent 0, high 1, medium 2, low 3)
 * - `slaDueAt`: `[slaDueAt, createdAt]`, then id, where a null `slaDueAt` counts as
 *   `Number.MAX_SAFE_INTEGER` (tickets without a running SLA clock come last ascending, first
 *   descending; in SQL, `NULLS LAST` ascending and `NULLS FIRST` descending)
 *
 * `asc` orders every value ascending, `desc` every value descending.
 */
export type TicketSort = 'createdAt' | 'updatedAt' | 'priority' | 'slaDueAt';

/** A page request over tickets. */
export interface TicketListQuery {
  filter: TicketFilter;
  sort: TicketSort;
  direction: 'asc' | 'desc';
  /** Return only rows strictly after this position in the sort order. */
  after: Keyset | null;
  /** Return at most this many rows. */
  limit: number;
}

/** A page request over the messages of one or more tickets, ordered by `[createdAt, seq]`, then id. */
export interface MessageListQuery {
  ticketIds: string[];
  /** When set, only messages with this visibility. */
  visibility?: 'public';
  after: Keyset | null;
  limit: number;
}

/** A page request over stored events, in the order they became visible. */
export interface EventListQuery {
  /** A position returned by an earlier call (`EventPage.position`); null starts at the beginning. */
  after: number | null;
  limit: number;
  /** When set, only events of these types. */
  types?: string[];
}

/**
 * A page of events and the position to continue after it. Positions are non-negative safe
 * integers chosen by the adapter; core only passes them back.
 */
export interface EventPage {
  events: StoredEvent[];
  /** Pass as `after` to read on: the position of the last event scanned, or the given `after` if none was. */
  position: number | null;
}

/** Tickets. */
export interface TicketRepository {
  /** The ticket, or null when the tenant has none with this id. */
  get(tenantId: string, id: string): Promise<Ticket | null>;
  /**
   * Reads a ticket and holds a write lock on it until the transaction ends: a concurrent
   * `getForUpdate` of the same ticket waits for this transaction, so commands that modify a
   * ticket apply one after another instead of failing on `stale`. Only meaningful inside
   * `transaction`. An adapter that runs one transaction at a time may implement it as `get`.
   */
  getForUpdate(tenantId: string, id: string): Promise<Ticket | null>;
  /** The tickets among `ids` that exist, in any order. */
  getMany(tenantId: string, ids: string[]): Promise<Ticket[]>;
  /** Stores a new ticket; `duplicate` when the tenant already has one with this id. */
  insert(ticket: Ticket): Promise<WriteResult>;
  /**
   * Stores a ticket the desk has just opened under an id it has just generated, and reports
   * nothing back: inside a transaction an adapter may hold the write and send it with a later
   * statement of the transaction or with its commit (the Postgres adapter sends it together
   * with the command's events). An id that is already taken fails the transaction (the
   * generator is broken); {@link insert} is for ids that may be taken.
   */
  insertNew(ticket: Ticket): Promise<void>;
  /**
   * Replaces the stored ticket with `ticket` if its stored version is `expectedVersion`
   * (`ticket.version` is the new version). Under concurrent updates stating the same version,
   * exactly one gets `ok`; the others get `stale` and write nothing.
   */
  update(ticket: Ticket, expectedVersion: number): Promise<WriteResult>;
  /** Up to `query.limit` tickets matching the filter, in the query's sort order, after `query.after`. */
  list(tenantId: string, query: TicketListQuery): Promise<Ticket[]>;
  /** Every ticket whose `parentId` is `parentId`. */
  listChildren(tenantId: string, parentId: string): Promise<Ticket[]>;
  /**
   * Reserves the tenant's next `count` human ticket numbers (default 1) and returns the first
   * of them; the others follow it without a gap. Numbers are unique and increasing within the
   * tenant, starting at 1. Gaps are allowed between reservations (a rolled-back command may
   * consume a number).
   */
  nextNumber(tenantId: string, count?: number): Promise<number>;
}

/** Thread messages. */
export interface MessageRepository {
  /** `duplicate` when another message of the tenant has the same non-null `externalId`. */
  insert(message: Message): Promise<WriteResult>;
  /**
   * Stores a message without an external id (`externalId` null) under an id the desk has
   * just generated, and reports nothing: like {@link TicketRepository.insertNew}, an adapter
   * may hold the write, and a taken id fails the transaction.
   */
  insertNew(message: Message): Promise<void>;
  /** The tenant's message with this external id, or null. */
  findByExternalId(tenantId: string, externalId: string): Promise<Message | null>;
  /** Up to `query.limit` messages of the given tickets, in thread order, after `query.after`. */
  list(tenantId: string, query: MessageListQuery): Promise<Message[]>;
}

/** Customers (requesters). */
export interface CustomerRepository {
  /** The customer, or null when the tenant has none with this id. */
  get(tenantId: string, id: string): Promise<Customer | null>;
  /**
   * Finds the customer holding an identity. Identities are unique per tenant:
   * `(type, network, value)` belongs to at most one customer.
   */
  findByIdentity(
    tenantId: string,
    identity: { type: string; network: string | null; value: string },
  ): Promise<Customer | null>;
  /** `duplicate` when one of the customer's identities belongs to another customer. */
  insert(customer: Customer): Promise<WriteResult>;
  /** Versioned replace, as {@link TicketRepository.update}; `duplicate` as {@link insert}. */
  update(customer: Customer, expectedVersion: number): Promise<WriteResult>;
  /** Customers ordered by id, after `afterId`. */
  list(tenantId: string, query: { afterId: string | null; limit: number }): Promise<Customer[]>;
}

/** Agents. */
export interface AgentRepository {
  /** The agent, or null when the tenant has none with this id. */
  get(tenantId: string, id: string): Promise<Agent | null>;
  /** `duplicate` when another agent of the tenant has the same non-null email. */
  insert(agent: Agent): Promise<WriteResult>;
  /** Versioned replace, as {@link TicketRepository.update}; `duplicate` as {@link insert}. */
  update(agent: Agent, expectedVersion: number): Promise<WriteResult>;
  /** Agents ordered by id, after `afterId`. */
  list(tenantId: string, query: { afterId: string | null; limit: number }): Promise<Agent[]>;
  /**
   * Every agent of the tenant whose `teamIds` contains `teamId` (active or not), ordered by id.
   * Routing reads a whole team per decision, so the result is read-only for the caller: an
   * adapter may return shared (e.g. frozen) objects instead of copies.
   */
  listByTeam(tenantId: string, teamId: string): Promise<readonly Agent[]>;
}

/** The caps a {@link AgentLoadRepository.acquire} call must respect. */
export interface CapacityLimits {
  /** The agent's load after the call must not exceed this. */
  max: number;
  /** When set, the agent's load on the holding's channel after the call must not exceed this. */
  channelMax: number | null;
}

/**
 * Agent loads and the capacity guard: which tickets count toward which agent's capacity.
 * Core decides when a ticket counts; the adapter keeps the counts consistent and atomic.
 * An agent's `AgentLoad` always equals the fold of its holdings: `total` is the number of
 * holdings naming the agent, `byChannel` their count per channel.
 */
export interface AgentLoadRepository {
  /**
   * The loads of the given agents, in any order. An agent that never held a ticket may be
   * missing, or present with `total` 0. Read-only for the caller, as {@link AgentRepository.listByTeam}.
   */
  list(tenantId: string, agentIds: readonly string[]): Promise<readonly AgentLoad[]>;
  /** The slot the ticket holds, or null. */
  holding(tenantId: string, ticketId: string): Promise<LoadHolding | null>;
  /**
   * The capacity guard: gives `holding.ticketId` a slot of `holding.agentId` on
   * `holding.channel`.
   * - If the ticket already holds exactly that slot (same agent and channel), returns true
   *   and changes nothing.
   * - Otherwise, if `limits` is null, or the agent's load (not counting the ticket's previous
   *   slot) is below `limits.max` and, when `limits.channelMax` is set, its load on the
   *   channel (likewise) is below `limits.channelMax`:
   *   releases the slot the ticket held before (if any), stores the holding, counts it in the
   *   agent's load, sets the agent's `lastAssignedAt` to `holding.acquiredAt`, and returns true.
   * - Otherwise returns false and changes nothing.
   *
   * Atomic across transactions and processes: under any number of concurrent calls for one
   * agent, the agent's committed load never exceeds the limits the calls state. A call that
   * finds the agent's load held by a concurrent uncommitted transaction waits for it to commit
   * or roll back, then decides on the committed count (in Postgres: a conditional
   * `UPDATE ... WHERE total < max` on the agent's load row).
   */
  acquire(holding: LoadHolding, limits: CapacityLimits | null): Promise<boolean>;
  /** Removes the ticket's slot and uncounts it from its agent's load; returns it, or null if none. */
  release(tenantId: string, ticketId: string): Promise<LoadHolding | null>;
}

/**
 * The routing queue: tickets that wait for an agent with room, per team, in queue order
 * (priority rank urgent 0 .. low 3, then `ticketCreatedAt`, then ticket id).
 */
export interface RoutingQueueRepository {
  /** Stores the ticket's entry, replacing the entry the ticket had (in any team). */
  put(entry: QueuedTicket): Promise<void>;
  /** The ticket's entry, or null when it waits in no queue. */
  get(tenantId: string, ticketId: string): Promise<QueuedTicket | null>;
  /** Removes the ticket's entry; false when it had none. */
  remove(tenantId: string, ticketId: string): Promise<boolean>;
  /**
   * Up to `limit` entries of one team's queue in queue order, strictly after `after`: the
   * keyset `{ values: [priorityRank, ticketCreatedAt ms], id: ticketId }` of the last entry seen.
   */
  list(
    tenantId: string,
    query: { teamId: string; after: Keyset | null; limit: number },
  ): Promise<QueuedTicket[]>;
}

/** Each team's round-robin cycle. */
export interface RoundRobinRepository {
  /**
   * The team's state, locked for the rest of the transaction: a concurrent `getForUpdate` of
   * the same team waits until this transaction ends, so round-robin routings of one team
   * apply one after another across processes. A team without stored state gets an empty one
   * (`served: []`), locked the same way. Only meaningful inside `transaction`.
   */
  getForUpdate(tenantId: string, teamId: string, now: Date): Promise<RoundRobinState>;
  /** Stores the team's state. */
  put(state: RoundRobinState): Promise<void>;
}

/** Teams. */
export interface TeamRepository {
  /** The team, or null when the tenant has none with this id. */
  get(tenantId: string, id: string): Promise<Team | null>;
  /** Stores a new team; `duplicate` when the tenant already has one with this id. */
  insert(team: Team): Promise<WriteResult>;
  /** Versioned replace, as {@link TicketRepository.update}. */
  update(team: Team, expectedVersion: number): Promise<WriteResult>;
  /** Every team of the tenant, ordered by id. */
  list(tenantId: string): Promise<Team[]>;
}

/** Custom pipelines (the built-in default pipeline is not stored). */
export interface PipelineRepository {
  /** The stored pipeline, or null when the tenant has none with this id. */
  get(tenantId: string, id: string): Promise<Pipeline | null>;
  /** Every stored pipeline of the tenant, ordered by id. */
  list(tenantId: string): Promise<Pipeline[]>;
  /** Stores a new pipeline; `duplicate` when the tenant already has one with this id. */
  insert(pipeline: Pipeline): Promise<WriteResult>;
  /** Versioned replace, as {@link TicketRepository.update}. */
  update(pipeline: Pipeline, expectedVersion: number): Promise<WriteResult>;
}

/** Ticket relations. */
export interface LinkRepository {
  /**
   * `duplicate` when a link of the same type already joins the same two tickets in the same
   * direction (for `related`, in either direction).
   */
  insert(link: TicketLink): Promise<WriteResult>;
  /** Removes a link; false when it did not exist. */
  delete(tenantId: string, id: string): Promise<boolean>;
  /** Every link whose source or target is `ticketId`, oldest first. */
  listForTicket(tenantId: string, ticketId: string): Promise<TicketLink[]>;
}

/** Which open alarm ticket owns a dedup key. */
export interface AlarmKeyRepository {
  /** The id of the ticket the key is bound to, or null when it is free. */
  find(tenantId: string, dedupKey: string): Promise<string | null>;
  /** Binds the key to a ticket. Under concurrent binds of one key, exactly one gets `ok`. */
  bind(tenantId: string, dedupKey: string, ticketId: string): Promise<WriteResult>;
  /** Unbinds the key if it is bound to `ticketId`. */
  release(tenantId: string, dedupKey: string, ticketId: string): Promise<void>;
}

/** Permanent idempotency keys. */
export interface IdempotencyRepository {
  /** The record stored for the key, or null when the key is new. */
  find(tenantId: string, scope: string, key: string): Promise<IdempotencyRecord | null>;
  /** The records stored for any of `keys` (scope and key each), in any order; new keys have none. */
  findMany(
    tenantId: string,
    keys: ReadonlyArray<{ scope: string; key: string }>,
  ): Promise<IdempotencyRecord[]>;
  /**
   * Stores the first result for a key. Under concurrent inserts of one `(tenantId, scope, key)`,
   * exactly one transaction gets `ok`; the others get `duplicate` (after the winner commits) and
   * must not commit their own writes.
   */
  insert(record: IdempotencyRecord): Promise<WriteResult>;
  /**
   * Stores the first result for a key this transaction found absent (`find` returned null),
   * and reports nothing: an adapter may hold the write and send it with a later statement of
   * the transaction or with its commit. If another transaction stored the key first, this
   * transaction does not commit: an adapter that re-runs transactions runs it again (its
   * `find` then returns the record); otherwise it fails.
   */
  insertNew(record: IdempotencyRecord): Promise<void>;
}

/** The event store: outbox and ticket history in one. Append-only. */
export interface EventRepository {
  /** Appends events in the given order. */
  append(events: StoredEvent[]): Promise<void>;
  /**
   * Reads the tenant's events in visibility order. A reader that pages with the returned
   * cursors sees every committed event exactly once, including events committed by
   * concurrent transactions after the reader's previous page.
   */
  list(tenantId: string, query: EventListQuery): Promise<EventPage>;
  /** The events of one ticket in the order they were appended. */
  listForTicket(tenantId: string, ticketId: string, query: EventListQuery): Promise<EventPage>;
}

/** Durable due-jobs. */
export interface JobRepository {
  /**
   * Stores a scheduled job, replacing any job of the tenant with the same `key` (scheduled,
   * running or failed). A replaced running job's holder will fail to `complete` it.
   */
  schedule(job: JobRecord): Promise<void>;
  /** Removes the job with this key; false when there was none. */
  cancel(tenantId: string, key: string): Promise<boolean>;
  /** The job with this key (scheduled, running or failed), or null. */
  get(tenantId: string, key: string): Promise<JobRecord | null>;
  /**
   * Atomically claims up to `limit` due jobs across tenants, earliest `dueAt` first: jobs
   * `scheduled` with `dueAt <= now`, and jobs `running` whose `leaseUntil <= now` (a crashed
   * worker's). Claimed jobs become `running` with the given token and lease, attempts + 1.
   * Under concurrent calls, a job is returned to exactly one caller per lease. Cost grows with
   * the number of due jobs, not with the number scheduled.
   */
  claimDue(params: { now: Date; limit: number; claimToken: string; leaseUntil: Date }): Promise<JobRecord[]>;
  /** Deletes the job if it is still claimed with `claimToken`; false when the claim was lost. */
  complete(tenantId: string, id: string, claimToken: string): Promise<boolean>;
  /** Reschedules (or fails) a claimed job if it is still claimed with `claimToken`. */
  release(
    tenantId: string,
    id: string,
    claimToken: string,
    outcome: { status: 'scheduled' | 'failed'; dueAt: Date; lastError: string },
  ): Promise<boolean>;
}

/** Per-tenant settings documents. */
export interface SettingsRepository {
  /** The tenant's stored settings document, or null when it never stored one. */
  get(tenantId: string): Promise<SettingsRecord | null>;
  /**
   * The version of the tenant's stored document, or null when it has none: lets core reuse a
   * document it already parsed instead of reading (and copying) it again on every command.
   */
  getVersion(tenantId: string): Promise<number | null>;
  /** Writes the document; `expectedVersion` null means "create", and is `stale` if one exists. */
  put(record: SettingsRecord, expectedVersion: number | null): Promise<WriteResult>;
}

/** Satisfaction ratings, one per ticket. */
export interface CsatRepository {
  /** The ticket's rating, or null when it has none. */
  get(tenantId: string, ticketId: string): Promise<CsatRating | null>;
  /**
   * Stores a rating. With `expectedVersion` null it creates the ticket's first rating and is
   * `duplicate` when one exists; under concurrent creates for one ticket, exactly one gets
   * `ok`. With a version it replaces the stored rating if it is at that version, else `stale`.
   */
  put(rating: CsatRating, expectedVersion: number | null): Promise<WriteResult>;
}

/** Read positions of customers and agents in ticket threads. */
export interface ReadMarkerRepository {
  /** The reader's markers on those of `ticketIds` that have one, in any order. */
  getMany(
    tenantId: string,
    reader: { kind: ReadMarker['readerKind']; id: string },
    ticketIds: string[],
  ): Promise<ReadMarker[]>;
  /**
   * Moves the reader's marker on the ticket forward to `marker`'s message: stores it when
   * there is none, or when `(lastMessageAt, lastMessageSeq, lastMessageId)` is after the
   * stored one (ids compare by UTF-16 code unit); otherwise `stale` and nothing is written.
   * A marker never moves back, also under concurrent calls: the stored one is the furthest.
   */
  advance(marker: ReadMarker): Promise<WriteResult>;
}

/**
 * One change of one customer's credits, written at once by {@link CreditLedgerRepository.write}:
 * the ledger entries and everything they produced (blocks, holds, the account's counters).
 */
export interface CreditWrite {
  /** The account's counters after the entries; core always gives it (the transaction locked it). */
  account?: CreditAccount;
  /** Blocks to store, as given. */
  newBlocks: CreditBlock[];
  /** Blocks whose changing fields (`remaining`, `held`, `voidedAt`, `updatedAt`) to store. */
  changedBlocks: CreditBlock[];
  /** Holds to store, as given. */
  newHolds: CreditHold[];
  /** Holds whose changing fields (`status`, `postedAmount`, `resolvedAt`) to store. */
  changedHolds: CreditHold[];
  /** Entries to append, in `seq` order. */
  entries: CreditEntry[];
}

/**
 * Customers' credit accounts. The account row is the lock that serializes a customer's
 * ledger writes: core takes it (`lock`) before it reads blocks or holds to decide a charge,
 * and writes everything the charge changes with one {@link CreditLedgerRepository.write}.
 */
export interface CreditAccountRepository {
  /**
   * Reads the customer's account, creating an empty one (`lastSeq` 0, `balance` 0, `posted` 0,
   * no overdraft block, `createdAt` and `updatedAt` = `now`) when it has none, and holds its
   * write lock until the transaction ends: a concurrent `lock` of the same account waits for
   * this transaction to end, then reads what it committed. A customer's ledger writes are
   * thereby serialized; under concurrent calls no double spend is possible. Only meaningful
   * inside `transaction`; an adapter that runs one transaction at a time may skip the lock.
   */
  lock(tenantId: string, customerId: string, now: Date): Promise<CreditAccount>;
  /** The account, or null when the customer has none. Takes no lock. */
  get(tenantId: string, customerId: string): Promise<CreditAccount | null>;
  /** Accounts of the tenant ordered by customer id (binary order), after `afterCustomerId`. */
  list(tenantId: string, query: { afterCustomerId: string | null; limit: number }): Promise<CreditAccount[]>;
}

/** Credit blocks (packs). `remaining` and `held` are materialized by core from the ledger. */
export interface CreditBlockRepository {
  /** The block, or null when the tenant has none with this id. */
  get(tenantId: string, id: string): Promise<CreditBlock | null>;
  /** The blocks among `ids` that exist, in any order. */
  getMany(tenantId: string, ids: string[]): Promise<CreditBlock[]>;
  /**
   * Every block of the customer whose `remaining` or `held` is not 0, in any order. Its cost
   * grows with the number of such blocks, never with the number of ledger entries or of spent
   * blocks: this is what balance reads and charges read.
   */
  listOpen(tenantId: string, customerId: string): Promise<CreditBlock[]>;
  /** Every block of the customer ordered by id (binary order), after `afterId`. */
  list(
    tenantId: string,
    customerId: string,
    query: { afterId: string | null; limit: number },
  ): Promise<CreditBlock[]>;
}

/**
 * The append-only credit ledger, and the only way credits change: there is no way to change
 * or remove an entry, and blocks, holds and accounts are written with the entries that
 * produced them.
 */
export interface CreditLedgerRepository {
  /**
   * Writes one change of one customer's credits (see {@link CreditWrite}) as one unit, so an
   * adapter can make it one statement: appends the entries, stores the new blocks and holds,
   * the changing fields of the changed ones, and the account's counters (`lastSeq`, `balance`,
   * `posted`, `overdraftBlockId`, `updatedAt`). Core numbers the entries gaplessly after the
   * account's `lastSeq`, under the account's lock.
   *
   * `duplicate` when an entry's `seq` (for its customer) or id, a new block's id, or a new
   * hold's id or key (for its customer) is taken; `stale` when the account, a changed block
   * or a changed hold does not exist. Called on the port itself, a result other than `ok`
   * writes nothing; inside `transaction`, part of it may be written and the caller must roll
   * the transaction back (core always does: under the account lock it never happens), which
   * spares the adapter a savepoint on every write.
   */
  write(change: CreditWrite): Promise<WriteResult>;
  /**
   * Up to `limit` entries of the customer in `seq` order, with `seq > afterSeq`; when
   * `occurredAtOrBefore` is given, only entries with `occurredAt <= occurredAtOrBefore`. Cost
   * grows with `limit`, not with the entries before `afterSeq`.
   */
  list(
    tenantId: string,
    customerId: string,
    query: { afterSeq: number; limit: number; occurredAtOrBefore?: Date },
  ): Promise<CreditEntry[]>;
}

/** Credit holds (reservations); written by {@link CreditLedgerRepository.write}. */
export interface CreditHoldRepository {
  /** The customer's hold with this key, or null. */
  findByKey(tenantId: string, customerId: string, key: string): Promise<CreditHold | null>;
  /** Every hold of the customer with status `held`, in any order. */
  listOpen(tenantId: string, customerId: string): Promise<CreditHold[]>;
  /** Every hold (any status) whose `ticketId` is `ticketId`, oldest first (by `createdAt`, then id). */
  listForTicket(tenantId: string, ticketId: string): Promise<CreditHold[]>;
}

/** Every repository; what a transaction callback receives. */
export interface StorageRepositories {
  readonly tickets: TicketRepository;
  readonly messages: MessageRepository;
  readonly customers: CustomerRepository;
  readonly agents: AgentRepository;
  readonly agentLoads: AgentLoadRepository;
  readonly routingQueue: RoutingQueueRepository;
  readonly roundRobin: RoundRobinRepository;
  readonly teams: TeamRepository;
  readonly pipelines: PipelineRepository;
  readonly links: LinkRepository;
  readonly alarmKeys: AlarmKeyRepository;
  readonly idempotency: IdempotencyRepository;
  readonly events: EventRepository;
  readonly jobs: JobRepository;
  readonly settings: SettingsRepository;
  readonly csat: CsatRepository;
  readonly readMarkers: ReadMarkerRepository;
  readonly creditAccounts: CreditAccountRepository;
  readonly creditBlocks: CreditBlockRepository;
  readonly creditLedger: CreditLedgerRepository;
  readonly creditHolds: CreditHoldRepository;
}

/**
 * What an adapter can honestly do. Flags are read-only; missing flags take the documented
 * default. The conformance kit reads them to choose which checks apply.
 */
export interface StorageCapabilities {
  /**
   * Whether transactions run concurrently (true for a Postgres pool). When false, the
   * adapter runs one transaction at a time, which is also correct, only slower. Default false.
   */
  readonly concurrentTransactions?: boolean;
  /** Whether data survives a process restart. Default false. */
  readonly durable?: boolean;
}

/**
 * The storage port. Repository methods called on the port itself run atomically on their
 * own; `transaction` groups several into one all-or-nothing unit.
 */
export interface StoragePort extends StorageRepositories {
  /** A short name for logs, e.g. `memory` or `postgres`. */
  readonly name: string;
  readonly capabilities: StorageCapabilities;
  /**
   * Runs `run` as one transaction: when it resolves, every write it made is committed;
   * when it throws, none is, and the error is rethrown unchanged. Reads inside see the
   * transaction's own writes. The adapter may run `run` again after a serialization failure
   * or deadlock, so `run` must have no effects outside `tx`.
   */
  transaction<T>(run: (tx: StorageRepositories) => Promise<T>): Promise<T>;
  /** Releases resources the adapter opened itself (never a pool the host passed in). */
  close?(): Promise<void>;
}

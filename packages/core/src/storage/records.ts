import type { ActorRef } from '../actors';
import type { JsonObject, JsonValue } from '../json';
import type { TicketSla } from '../sla/ticket-sla';

/**
 * The stored shape of every ticketkit record. Adapters persist these exactly: every field
 * round-trips unchanged (instants as `Date`, with millisecond precision), and every record
 * carries `tenantId`; together with `id` it is the key.
 */

/** How urgent a ticket is. */
export type Priority = 'urgent' | 'high' | 'medium' | 'low';

/** Where a ticket or message came from. */
export type Channel = 'email' | 'web_form' | 'chat' | 'phone' | 'social' | 'api' | 'alarm';

/** What a stage means to the engines (SLA pauses, KPIs, finality). */
export type StageCategory = 'new' | 'open' | 'pending' | 'on_hold' | 'resolved' | 'closed';

/** Who can read a message: everyone on the ticket, or staff only. */
export type MessageVisibility = 'public' | 'internal';

/** Dedup and occurrence data of a ticket raised by a system alarm. */
export interface AlarmInfo {
  dedupKey: string;
  occurrences: number;
  firstOccurredAt: Date;
  lastOccurredAt: Date;
}

/** A support ticket. */
export interface Ticket {
  tenantId: string;
  id: string;
  /** Per-tenant number for humans (`#1042`); unique and increasing, possibly with gaps. */
  number: number;
  subject: string;
  type: string;
  priority: Priority;
  category: string | null;
  teamId: string | null;
  assigneeId: string | null;
  tags: string[];
  customFields: JsonObject;
  channel: Channel;
  /** Channel specifics, e.g. `{ network: 'x', kind: 'mention' }`. */
  channelDetail: JsonObject | null;
  requesterId: string;
  pipelineId: string;
  stageId: string;
  /** The category of `stageId`, stored so lists can filter on it. */
  statusCategory: StageCategory;
  /** 1-based position in the tenant's escalation levels; new tickets start at 1. */
  escalationLevel: number;
  parentId: string | null;
  /** Set once the ticket was merged into another one; the ticket is then closed. */
  mergedIntoId: string | null;
  /** Tickets merged into this one (transitively); their threads read as part of this one. */
  mergedTicketIds: string[];
  alarm: AlarmInfo | null;
  /** Number of messages stored on this ticket; the next message gets `messageCount + 1` as `seq`. */
  messageCount: number;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  firstRespondedAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  reopenCount: number;
  reassignCount: number;
  /**
   * The ticket's SLA clocks; null while no SLA policy ever applied to it. JSON-safe (instants
   * as ISO strings): adapters store it as a JSON document and return it unchanged.
   */
  sla: TicketSla | null;
  /**
   * The earliest `dueAt` among the latest cycles of running SLA clocks (breached ones
   * included); null when none runs. Lists filter and sort on it ("breaching soonest first").
   */
  slaDueAt: Date | null;
  /** How many times the ticket was escalated (by a policy or by hand). */
  escalationCount: number;
}

/** File metadata carried by a message (the bytes live in the host's file store). */
export interface Attachment {
  name: string;
  contentType: string;
  size: number;
  url: string | null;
}

/** Who wrote a message. */
export interface MessageAuthor {
  kind: 'customer' | 'agent' | 'system';
  id: string | null;
}

/** One message of a ticket's thread. */
export interface Message {
  tenantId: string;
  id: string;
  ticketId: string;
  /** Position within its ticket, starting at 1; threads are read in `(createdAt, seq, id)` order. */
  seq: number;
  visibility: MessageVisibility;
  author: MessageAuthor;
  body: string;
  channel: Channel;
  /** The source system's id for inbound messages (e.g. an email Message-ID); unique per tenant. */
  externalId: string | null;
  attachments: Attachment[];
  createdAt: Date;
}

/** A way to reach a customer on a channel, e.g. `{ type: 'social', network: 'x', handle: '@ada' }`. */
export interface CustomerIdentity {
  type: 'email' | 'phone' | 'social' | 'chat' | 'external';
  /** Social network or external system name; null for email and phone. */
  network: string | null;
  /** The address or handle, normalized (emails lower-cased). */
  value: string;
}

/** A requester: the end user on whose behalf tickets exist. */
export interface Customer {
  tenantId: string;
  id: string;
  name: string | null;
  /** Primary email, normalized to lower case; also present in `identities`. */
  email: string | null;
  identities: CustomerIdentity[];
  /** IANA time zone, used for local-day computations (credit expiry). */
  timeZone: string | null;
  locale: string | null;
  /** Host-defined attributes, e.g. `{ tier: 'gold' }`; SLA and routing rules may read them. */
  attributes: JsonObject;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** Whether an agent can take work now. */
export type AgentStatus = 'online' | 'away' | 'offline';

/** A skill an agent has, e.g. `{ name: 'sap', level: 4 }`. */
export interface AgentSkill {
  /** Lower-case slug; routing matches it against the skills a ticket requires. */
  name: string;
  /** Proficiency from 1 (basic) to 10 (expert); null when not graded. */
  level: number | null;
}

/** How many tickets an agent works at once. */
export interface AgentCapacity {
  /** Most tickets counting toward the agent's load that routing gives the agent (0: none). */
  max: number;
  /** Tighter caps for some channels, e.g. `{ chat: 2 }`; channels not named are capped by `max` only. */
  perChannel: Partial<Record<Channel, number>>;
}

/** A support agent. */
export interface Agent {
  tenantId: string;
  id: string;
  name: string;
  email: string | null;
  teamIds: string[];
  status: AgentStatus;
  /** Inactive agents keep their history but cannot be assigned. */
  active: boolean;
  skills: AgentSkill[];
  /**
   * Seniority on the tenant's escalation scale (the scale of `Ticket.escalationLevel`):
   * 1 is frontline; higher is more senior.
   */
  escalationLevel: number;
  /** Languages the agent works in: lower-case primary language subtags (`en`, `de`, `pt`). */
  languages: string[];
  capacity: AgentCapacity;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * An agent's current load: the tickets that count toward the agent's capacity (see
 * {@link LoadHolding}), kept by the storage's capacity guard.
 */
export interface AgentLoad {
  tenantId: string;
  agentId: string;
  /** Tickets the agent holds. */
  total: number;
  /** Of `total`, per channel; channels with none may be missing. */
  byChannel: Partial<Record<Channel, number>>;
  /** When the agent last took a ticket (a holding was acquired); null if never. */
  lastAssignedAt: Date | null;
}

/** One ticket counting toward one agent's load. A ticket holds at most one slot. */
export interface LoadHolding {
  tenantId: string;
  ticketId: string;
  agentId: string;
  /** The ticket's channel: per-channel caps count by it. */
  channel: Channel;
  acquiredAt: Date;
}

/** A ticket waiting in a team's routing queue for an agent with room. */
export interface QueuedTicket {
  tenantId: string;
  /** A ticket waits in at most one queue. */
  ticketId: string;
  teamId: string;
  /** The ticket's priority: queues are ordered by priority rank, then `ticketCreatedAt`, then ticket id. */
  priority: Priority;
  ticketCreatedAt: Date;
  queuedAt: Date;
  /** The routing rule that queued it; null for a team's default routing. */
  ruleId: string | null;
}

/** A team's round-robin cycle: who already got a ticket in the current cycle. */
export interface RoundRobinState {
  tenantId: string;
  teamId: string;
  /** Agents served in the current cycle, in the order they were served. */
  served: string[];
  updatedAt: Date;
}

/** A team (department) of agents. */
export interface Team {
  tenantId: string;
  id: string;
  name: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A stage of a pipeline. */
export interface Stage {
  id: string;
  name: string;
  category: StageCategory;
  /** Whether SLA clocks pause in this stage; null follows the category (pending and on_hold pause). */
  pausesSla: boolean | null;
  /** Stage ids this stage may move to; null allows every stage of the pipeline. */
  transitionsTo: string[] | null;
}

/** An ordered set of stages a ticket moves through. */
export interface Pipeline {
  tenantId: string;
  id: string;
  name: string;
  stages: Stage[];
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A relation between two tickets. `related` is symmetric; the others point from `sourceId` to `targetId`. */
export type LinkType = 'related' | 'duplicate_of' | 'caused_by' | 'follow_up_of';

/** A stored relation between two tickets. */
export interface TicketLink {
  tenantId: string;
  id: string;
  type: LinkType;
  sourceId: string;
  targetId: string;
  createdAt: Date;
  createdBy: ActorRef;
}

/** The first result of an idempotent command, replayed when the same key comes again. */
export interface IdempotencyRecord {
  tenantId: string;
  /** The command family, e.g. `tickets.create`; keys are unique per `(tenantId, scope, key)`. */
  scope: string;
  key: string;
  /** Fingerprint of the first payload; a different payload with the same key is a conflict. */
  fingerprint: string;
  /** The first result, JSON-safe. */
  result: JsonValue;
  createdAt: Date;
}

/** A stored event: the outbox entry and, when it concerns a ticket, a line of its history. */
export interface StoredEvent {
  tenantId: string;
  id: string;
  type: string;
  occurredAt: Date;
  actor: ActorRef;
  ticketId: string | null;
  /** JSON-safe payload; instants are ISO-8601 strings. */
  data: JsonObject;
}

/** A job of the durable scheduler. */
export interface JobRecord {
  tenantId: string;
  id: string;
  /** Unique per tenant among pending jobs; scheduling the same key again replaces the job. */
  key: string;
  type: string;
  payload: JsonObject;
  dueAt: Date;
  /** `scheduled` waits for `dueAt`; `running` is claimed until `leaseUntil`; `failed` gave up. */
  status: 'scheduled' | 'running' | 'failed';
  attempts: number;
  claimToken: string | null;
  leaseUntil: Date | null;
  lastError: string | null;
  createdAt: Date;
}

/** Per-tenant configuration, stored as one document. */
export interface SettingsRecord {
  tenantId: string;
  settings: JsonObject;
  version: number;
  updatedAt: Date;
}

/** The scale a tenant rates satisfaction on: 1-5, 1-7, or thumbs (0 down, 1 up). */
export type CsatScale = 'five_point' | 'seven_point' | 'thumbs';

/** A customer's satisfaction rating of one ticket; one per ticket, changeable within a window. */
export interface CsatRating {
  tenantId: string;
  /** The rated ticket; a ticket has at most one rating, so this is the key with `tenantId`. */
  ticketId: string;
  /** Who rated: the ticket's requester. */
  customerId: string;
  /** The scale in force when the rating was first given; a change keeps it. */
  scale: CsatScale;
  /** An integer on `scale`: 1-5, 1-7, or 0/1 for thumbs. */
  score: number;
  comment: string | null;
  version: number;
  /** When the rating was first given; the change window counts from here. */
  createdAt: Date;
  updatedAt: Date;
}

/**
 * How far a reader (a customer or an agent) has read a ticket's thread: the position of the
 * last message they saw, in thread order `(createdAt, seq, id)`.
 */
export interface ReadMarker {
  tenantId: string;
  ticketId: string;
  readerKind: 'customer' | 'agent';
  readerId: string;
  lastMessageAt: Date;
  lastMessageSeq: number;
  lastMessageId: string;
  readAt: Date;
}

/**
 * What a credit ledger entry records. Each entry changes one block's `remaining` and/or
 * `held` (see `creditEntryEffect` in `credits/ledger-fold.ts`):
 * - `increment`: credits granted into the block (remaining +).
 * - `decrement`: a charge drawn from the block (remaining -).
 * - `hold`: credits reserved on the block (held +).
 * - `hold_posted`: part of a hold charged (remaining -, held -).
 * - `hold_voided`, `hold_expired`: part of a hold released, by a void or by its timeout (held -).
 * - `expiration_change`: credits moved to another block with another expiry (remaining - on
 *   the block they leave, + on the block they enter; the only signed amount).
 * - `credit_block_expiry`: the unheld remainder of an expired block (remaining -).
 * - `void`: the unheld remainder of a voided block (remaining -).
 * - `amendment`: a refund of a charge back into the block it came from (remaining +).
 */
export type CreditEntryType =
  | 'increment'
  | 'decrement'
  | 'hold'
  | 'hold_posted'
  | 'hold_voided'
  | 'hold_expired'
  | 'expiration_change'
  | 'credit_block_expiry'
  | 'void'
  | 'amendment';

/**
 * A customer's credit account: the row whose lock serializes the customer's ledger writes,
 * and the running totals of the ledger.
 */
export interface CreditAccount {
  tenantId: string;
  customerId: string;
  /** Sequence of the customer's latest ledger entry (0 before the first). */
  lastSeq: number;
  /** The ledger balance after the latest entry: the sum over all blocks of `remaining - held`. */
  balance: number;
  /** Credits charged so far (decrements and posted holds), less refunds. */
  posted: number;
  /** The block that carries overdraft, once the customer has used it; null before. */
  overdraftBlockId: string | null;
  createdAt: Date;
  /** The instant of the latest write; operations never run at an earlier instant. */
  updatedAt: Date;
}

/** A pack of credits a customer bought (or the customer's overdraft block). */
export interface CreditBlock {
  tenantId: string;
  id: string;
  customerId: string;
  /** `grant`: a pack; `overdraft`: credits drawn beyond the balance (its `remaining` is <= 0). */
  kind: 'grant' | 'overdraft';
  /** Credits granted into the block (0 for the overdraft block). */
  amount: number;
  /** Credits left in the block (held ones included); materialized from the ledger. */
  remaining: number;
  /** Credits of the block reserved by open holds; materialized from the ledger. */
  held: number;
  /** From this instant on the block can be drawn. */
  effectiveAt: Date;
  /** Exclusive end: at this instant the block's unheld credits expire. Null never expires. */
  expiresAt: Date | null;
  /** Lower draws first. */
  priority: number;
  /** What one credit of the block cost, in the host's minor currency unit; cheaper draws first. */
  costBasis: number;
  /** The services the block pays for; null pays for every service. */
  scope: string[] | null;
  /** The host's reference, e.g. its order id. */
  externalRef: string | null;
  /** The block this one was split from by an expiry change, if any. */
  sourceBlockId: string | null;
  /** When the block was voided; its unheld credits are gone and released holds are voided too. */
  voidedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** One block's share of a hold or a charge. */
export interface CreditDraw {
  blockId: string;
  amount: number;
}

/** A reservation of credits, resolved at most once: committed, voided or expired. */
export interface CreditHold {
  tenantId: string;
  id: string;
  customerId: string;
  /** Unique per customer; the caller names the hold by it (e.g. `ticket:tkt_...`). */
  key: string;
  service: string;
  amount: number;
  /** The blocks the hold reserves on, in draw order. */
  draws: CreditDraw[];
  status: 'held' | 'committed' | 'voided' | 'expired';
  /** Credits charged when the hold was committed (0 until then). */
  postedAmount: number;
  ticketId: string | null;
  messageId: string | null;
  /** Exclusive end of the hold: at this instant it expires. Null never expires. */
  expiresAt: Date | null;
  createdAt: Date;
  resolvedAt: Date | null;
}

/** One line of a customer's append-only credit ledger. Never changes once written. */
export interface CreditEntry {
  tenantId: string;
  id: string;
  customerId: string;
  /** 1, 2, 3...: gapless per customer, in write order. */
  seq: number;
  type: CreditEntryType;
  blockId: string;
  /** Credits, positive; signed only for `expiration_change` (see {@link CreditEntryType}). */
  amount: number;
  /** When it took effect: the write's instant, or the expiry instant for expiries. Non-decreasing with `seq`. */
  occurredAt: Date;
  /** When it was written. */
  recordedAt: Date;
  /** The idempotency key of the operation that wrote it; null for expiries run by ticketkit. */
  idempotencyKey: string | null;
  holdId: string | null;
  service: string | null;
  /** The ticket and message the credits pay for. */
  ticketId: string | null;
  messageId: string | null;
  /** For an `amendment`, the entry it refunds. */
  refersTo: string | null;
  actor: ActorRef;
  /** The customer's ledger balance (see {@link CreditAccount.balance}) before and after this entry. */
  balanceBefore: number;
  balanceAfter: number;
}

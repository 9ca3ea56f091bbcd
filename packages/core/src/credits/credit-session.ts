import type { ActorRef } from '../actors';
import type { TicketkitEventMap, TicketkitEventType } from '../events';
import { type DeskContext, newEvent } from '../internal/desk-context';
import { type CommandContext, RetryCommand } from '../storage/gateway';
import type {
  CreditAccount,
  CreditBlock,
  CreditEntry,
  CreditEntryType,
  CreditHold,
  StoredEvent,
} from '../storage/records';
import type { CreditSettings } from './credit-settings';
import { creditEntryEffect, isUsable, postedEffect } from './ledger-fold';

/** What an entry to write says; the session fills in sequence, balances, instants and actor. */
export interface EntrySpec {
  type: CreditEntryType;
  blockId: string;
  amount: number;
  /** Defaults to the session's `now`. */
  occurredAt?: Date;
  idempotencyKey?: string | null;
  holdId?: string | null;
  service?: string | null;
  ticketId?: string | null;
  messageId?: string | null;
  refersTo?: string | null;
  /** Who the entry is attributed to; defaults to the session's actor. */
  actor?: ActorRef;
}

/** A point a session can go back to, as long as nothing was flushed since. */
export interface SessionMark {
  readonly flushes: number;
  readonly entries: number;
  readonly events: number;
  readonly account: CreditAccount;
  readonly blocks: Map<string, CreditBlock>;
  readonly holds: Map<string, CreditHold>;
  readonly newBlocks: Set<string>;
  readonly dirtyBlocks: Set<string>;
  readonly newHolds: Set<string>;
  readonly dirtyHolds: Set<string>;
}

/** The system as the author of expiries ticketkit runs by itself. */
export const SYSTEM_ACTOR: ActorRef = { kind: 'system', id: null };

const sessions = new WeakMap<CommandContext, Map<string, CreditSession>>();

/**
 * One customer's credits inside one command: the locked account, its open blocks and holds,
 * and the writes the command makes, buffered until {@link flush}. Every entry is numbered
 * from the account's sequence and applied to its block at once, so the materialized
 * `remaining`/`held`, the running balance and the posted total always equal the fold of the
 * ledger. Records are replaced, never mutated, so a {@link mark} is a cheap copy.
 *
 * One command shares one session per customer (ticket hooks and the API use the same one),
 * so nested users see each other's unflushed writes.
 */
export class CreditSession {
  readonly tenantId: string;
  readonly customerId: string;
  readonly settings: CreditSettings;
  /** The instant the command runs at: the desk clock, never before the account's last write. */
  readonly now: Date;
  /** Who the command's entries are attributed to. */
  actor: ActorRef;
  readonly #desk: DeskContext;
  readonly #context: CommandContext;
  #account: CreditAccount;
  #blocks: Map<string, CreditBlock>;
  #holds: Map<string, CreditHold>;
  #newBlocks = new Set<string>();
  #dirtyBlocks = new Set<string>();
  #newHolds = new Set<string>();
  #dirtyHolds = new Set<string>();
  #entries: CreditEntry[] = [];
  #events: StoredEvent[] = [];
  #flushes = 0;
  #lowBaseline: number;

  private constructor(
    desk: DeskContext,
    context: CommandContext,
    account: CreditAccount,
    blocks: CreditBlock[],
    holds: CreditHold[],
    settings: CreditSettings,
    actor: ActorRef,
    now: Date,
  ) {
    this.#desk = desk;
    this.#context = context;
    this.tenantId = account.tenantId;
    this.customerId = account.customerId;
    this.settings = settings;
    this.actor = actor;
    this.now = now.getTime() < account.updatedAt.getTime() ? new Date(account.updatedAt.getTime()) : now;
    this.#account = account;
    this.#blocks = new Map(blocks.map((block) => [block.id, block]));
    this.#holds = new Map(holds.map((hold) => [hold.id, hold]));
    this.#lowBaseline = this.available();
  }

  /**
   * The command's session for a customer: the existing one, or a new one that locks the
   * account (creating it) and loads its open blocks and holds.
   */
  static async open(
    desk: DeskContext,
    context: CommandContext,
    tenantId: string,
    customerId: string,
    actor: ActorRef,
    now: Date,
    settings: CreditSettings,
  ): Promise<CreditSession> {
    let byCustomer = sessions.get(context);
    if (byCustomer === undefined) {
      byCustomer = new Map();
      sessions.set(context, byCustomer);
    }
    const existing = byCustomer.get(`${tenantId}\u0000${customerId}`);
    if (existing !== undefined) {
      existing.actor = actor;
      return existing;
    }
    const { tx } = context;
    const account = await tx.creditAccounts.lock(tenantId, customerId, now);
    const blocks = await tx.creditBlocks.listOpen(tenantId, customerId);
    if (account.overdraftBlockId !== null && !blocks.some((block) => block.id === account.overdraftBlockId)) {
      const overdraft = await tx.creditBlocks.get(tenantId, account.overdraftBlockId);
      if (overdraft !== null) blocks.push(overdraft);
    }
    // Open holds are exactly what blocks hold: with nothing held there is none to read.
    const holds = blocks.some((block) => block.held > 0)
      ? await tx.creditHolds.listOpen(tenantId, customerId)
      : [];
    const session = new CreditSession(desk, context, account, blocks, holds, settings, actor, now);
    byCustomer.set(`${tenantId}\u0000${customerId}`, session);
    return session;
  }

  /** The account as of the session's writes. */
  get account(): CreditAccount {
    return this.#account;
  }

  /** The transaction's repositories. */
  get tx(): CommandContext['tx'] {
    return this.#context.tx;
  }

  /** Every block the session knows: the open ones, and any it loaded or created. */
  blocks(): CreditBlock[] {
    return [...this.#blocks.values()];
  }

  /** A block the session knows, or undefined. */
  block(id: string): CreditBlock | undefined {
    return this.#blocks.get(id);
  }

  /** A block of this customer by id (loading it if it is spent), or null. */
  async findBlock(id: string): Promise<CreditBlock | null> {
    const known = this.#blocks.get(id);
    if (known !== undefined) return known;
    const stored = await this.tx.creditBlocks.get(this.tenantId, id);
    if (stored === null || stored.customerId !== this.customerId) return null;
    this.#blocks.set(stored.id, stored);
    return stored;
  }

  /** The customer's holds still `held`. */
  openHolds(): CreditHold[] {
    return [...this.#holds.values()].filter((hold) => hold.status === 'held');
  }

  /** A hold of this customer by key (any status), or null. */
  async findHold(key: string): Promise<CreditHold | null> {
    for (const hold of this.#holds.values()) if (hold.key === key) return hold;
    const stored = await this.tx.creditHolds.findByKey(this.tenantId, this.customerId, key);
    if (stored !== null) this.#holds.set(stored.id, stored);
    return stored;
  }

  /** The overdraft block, creating it (empty) when the customer never had one. */
  overdraftBlock(): CreditBlock {
    const id = this.#account.overdraftBlockId;
    const known = id === null ? undefined : this.#blocks.get(id);
    if (known !== undefined) return known;
    const block: CreditBlock = {
      tenantId: this.tenantId,
      id: id ?? this.#desk.newId('creditBlock'),
      customerId: this.customerId,
      kind: 'overdraft',
      amount: 0,
      remaining: 0,
      held: 0,
      effectiveAt: this.now,
      expiresAt: null,
      priority: 0,
      costBasis: 0,
      scope: null,
      externalRef: null,
      sourceBlockId: null,
      voidedAt: null,
      createdAt: this.now,
      updatedAt: this.now,
    };
    this.addBlock(block);
    this.#account = { ...this.#account, overdraftBlockId: block.id, updatedAt: this.now };
    return block;
  }

  /** The existing overdraft block, if the customer has one loaded (an unloaded one is empty). */
  existingOverdraft(): CreditBlock | undefined {
    const id = this.#account.overdraftBlockId;
    return id === null ? undefined : this.#blocks.get(id);
  }

  /**
   * What the customer can spend now: unheld credits of usable blocks, less any overdraft
   * used or held. Negative only with overdraft.
   */
  available(): number {
    let total = 0;
    for (const block of this.#blocks.values()) {
      if (block.kind === 'overdraft' || isUsable(block, this.now)) total += block.remaining - block.held;
    }
    return total;
  }

  /** Adds a new block (empty; increments fill it). */
  addBlock(block: CreditBlock): void {
    this.#blocks.set(block.id, block);
    this.#newBlocks.add(block.id);
  }

  /** Marks a block voided at the session's instant. */
  voidBlock(id: string): CreditBlock {
    const block = this.#requireBlock(id);
    const next = { ...block, voidedAt: this.now, updatedAt: this.now };
    this.#setBlock(next);
    return next;
  }

  /** Adds a new hold. */
  addHold(hold: CreditHold): void {
    this.#holds.set(hold.id, hold);
    this.#newHolds.add(hold.id);
  }

  /** Replaces a hold the session knows. */
  updateHold(hold: CreditHold): void {
    this.#holds.set(hold.id, hold);
    if (!this.#newHolds.has(hold.id)) this.#dirtyHolds.add(hold.id);
  }

  /**
   * Writes one ledger entry: the next sequence number, the balance before and after, and
   * its effect applied to the block, the balance and the posted total.
   */
  write(spec: EntrySpec): CreditEntry {
    const block = this.#requireBlock(spec.blockId);
    const effect = creditEntryEffect(spec.type, spec.amount);
    const before = this.#account.balance;
    const after = before + effect.remaining - effect.held;
    const entry: CreditEntry = {
      tenantId: this.tenantId,
      id: this.#desk.newId('creditEntry'),
      customerId: this.customerId,
      seq: this.#account.lastSeq + 1,
      type: spec.type,
      blockId: spec.blockId,
      amount: spec.amount,
      occurredAt: spec.occurredAt ?? this.now,
      recordedAt: this.now,
      idempotencyKey: spec.idempotencyKey ?? null,
      holdId: spec.holdId ?? null,
      service: spec.service ?? null,
      ticketId: spec.ticketId ?? null,
      messageId: spec.messageId ?? null,
      refersTo: spec.refersTo ?? null,
      actor: spec.actor ?? this.actor,
      balanceBefore: before,
      balanceAfter: after,
    };
    this.#setBlock({
      ...block,
      remaining: block.remaining + effect.remaining,
      held: block.held + effect.held,
      updatedAt: this.now,
    });
    this.#account = {
      ...this.#account,
      lastSeq: entry.seq,
      balance: after,
      posted: this.#account.posted + postedEffect(spec.type, spec.amount),
      updatedAt: this.now,
    };
    this.#entries.push(entry);
    return entry;
  }

  /** Records an event, published with the command's other events when the session flushes. */
  recordEvent<K extends TicketkitEventType>(
    type: K,
    ticketId: string | null,
    data: TicketkitEventMap[K],
  ): void {
    this.#events.push(newEvent(this.#desk, this.tenantId, this.actor, this.now, type, ticketId, data));
  }

  /** A point to {@link revertTo}. */
  mark(): SessionMark {
    return {
      flushes: this.#flushes,
      entries: this.#entries.length,
      events: this.#events.length,
      account: this.#account,
      blocks: new Map(this.#blocks),
      holds: new Map(this.#holds),
      newBlocks: new Set(this.#newBlocks),
      dirtyBlocks: new Set(this.#dirtyBlocks),
      newHolds: new Set(this.#newHolds),
      dirtyHolds: new Set(this.#dirtyHolds),
    };
  }

  /** Whether a flush would write anything. */
  hasPendingWrites(): boolean {
    return (
      this.#entries.length > 0 ||
      this.#events.length > 0 ||
      this.#newBlocks.size > 0 ||
      this.#dirtyBlocks.size > 0 ||
      this.#newHolds.size > 0 ||
      this.#dirtyHolds.size > 0
    );
  }

  /** The desk the session writes for. */
  get desk(): DeskContext {
    return this.#desk;
  }

  /** Whether lazy expiry already ran in this session. */
  settled = false;

  /** The entries lazy expiry wrote when the session opened. */
  lazyExpiries: CreditEntry[] = [];

  readonly #absentKeys = new Set<string>();

  /** Notes that this command found no idempotency record for `(scope, key)` before it took the lock. */
  noteAbsent(scope: string, key: string): void {
    this.#absentKeys.add(`${scope}\u0000${key}`);
  }

  /** Whether {@link noteAbsent} was called for `(scope, key)`. */
  knownAbsent(scope: string, key: string): boolean {
    return this.#absentKeys.has(`${scope}\u0000${key}`);
  }

  /** Forgets every write since `mark`; false (and nothing changed) when a flush happened since. */
  revertTo(mark: SessionMark): boolean {
    if (mark.flushes !== this.#flushes) return false;
    this.#entries.length = mark.entries;
    this.#events.length = mark.events;
    this.#account = mark.account;
    this.#blocks = new Map(mark.blocks);
    this.#holds = new Map(mark.holds);
    this.#newBlocks = new Set(mark.newBlocks);
    this.#dirtyBlocks = new Set(mark.dirtyBlocks);
    this.#newHolds = new Set(mark.newHolds);
    this.#dirtyHolds = new Set(mark.dirtyHolds);
    return true;
  }

  /**
   * Writes what the session changed since the last flush in one `creditLedger.write` (the
   * entries, new and changed blocks and holds, the account), then records the events (with
   * `credits.low` when the available balance fell to or below the threshold since the last flush).
   */
  async flush(): Promise<void> {
    this.#flushes++;
    if (
      this.#entries.length > 0 ||
      this.#newBlocks.size > 0 ||
      this.#dirtyBlocks.size > 0 ||
      this.#dirtyHolds.size > 0 ||
      this.#newHolds.size > 0
    ) {
      const blocks = (ids: Iterable<string>) => [...ids].map((id) => this.#requireBlock(id));
      const holds = (ids: Iterable<string>) => [...ids].map((id) => this.#holds.get(id) as CreditHold);
      const written = await this.#context.tx.creditLedger.write({
        account: this.#account,
        newBlocks: blocks(this.#newBlocks),
        changedBlocks: blocks([...this.#dirtyBlocks].filter((id) => !this.#newBlocks.has(id))),
        newHolds: holds(this.#newHolds),
        changedHolds: holds([...this.#dirtyHolds].filter((id) => !this.#newHolds.has(id))),
        entries: this.#entries,
      });
      if (written !== 'ok')
        throw new RetryCommand(`credits of ${this.customerId} written concurrently (${written})`);
    }
    this.#recordLow();
    for (const event of this.#events) this.#context.record(event);
    this.#newBlocks = new Set();
    this.#dirtyBlocks = new Set();
    this.#newHolds = new Set();
    this.#dirtyHolds = new Set();
    this.#entries = [];
    this.#events = [];
  }

  #recordLow(): void {
    const threshold = this.settings.lowBalanceThreshold;
    const available = this.available();
    if (threshold !== null && this.#lowBaseline > threshold && available <= threshold) {
      this.recordEvent('credits.low', null, { customerId: this.customerId, available, threshold });
    }
    this.#lowBaseline = available;
  }

  #requireBlock(id: string): CreditBlock {
    const block = this.#blocks.get(id);
    if (block === undefined) throw new Error(`credit block ${id} is not loaded`);
    return block;
  }

  #setBlock(block: CreditBlock): void {
    this.#blocks.set(block.id, block);
    if (!this.#newBlocks.has(block.id)) this.#dirtyBlocks.add(block.id);
  }
}

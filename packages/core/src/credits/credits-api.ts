import { type Actor, actorRef, parseActor, requireStaff } from '../actors';
import { InvalidStateError, NotFoundError, ServiceOutOfScopeError, TicketkitError } from '../errors';
import type { DeskContext } from '../internal/desk-context';
import { type BatchOutcome, KeyedBatches } from '../internal/keyed-batches';
import { decodePositionCursor, encodePositionCursor, type Page, pageOf } from '../internal/pagination';
import type { TenantSettings } from '../settings/tenant-settings';
import type { CommandContext } from '../storage/gateway';
import type { StorageRepositories } from '../storage/port';
import type { CreditBlock, CreditEntry, CreditHold, Customer, Ticket } from '../storage/records';
import { invalidInput, parseInput } from '../validation';
import { lockAwaitingTickets, releaseAwaitingTickets } from './awaiting-tickets';
import { type BlockState, balanceOf, type CreditBalance, settledStates } from './balances';
import { changeBlockExpiry, grantBlock, voidCreditBlock } from './blocks';
import { consumeCredits, refundCharge } from './charges';
import {
  type BalanceOptions,
  balanceOptionsSchema,
  type ChangeExpiryInput,
  type CommitHoldInput,
  type ConsumeCreditsInput,
  changeExpirySchema,
  commitHoldSchema,
  consumeCreditsSchema,
  creditCustomerIdSchema,
  type GrantCreditsInput,
  grantCreditsSchema,
  type LedgerPageInput,
  ledgerPageSchema,
  type RefundCreditsInput,
  type ReserveCreditsInput,
  refundCreditsSchema,
  reserveCreditsSchema,
  type VoidBlockInput,
  type VoidHoldInput,
  voidBlockSchema,
  voidHoldSchema,
} from './credit-schemas';
import type { CreditSession } from './credit-session';
import { compareDrawOrder } from './draw-order';
import {
  CREDIT_SCOPES,
  commitOnce,
  entriesOf,
  type HoldResult,
  reserveOnce,
  runCreditOnce,
  type StoredCreditResult,
  voidOnce,
} from './idempotent-operations';
import { openAccount } from './lazy-expiry';
import { foldLedger } from './ledger-fold';
import { quoteTicket, type TicketQuote, type TicketQuoteInput, ticketQuoteSchema } from './ticket-quote';
import { expiryAfterMonths } from './validity';

/** A new or changed block and the entries that made it. */
export interface BlockResult {
  block: CreditBlock;
  entries: CreditEntry[];
}

/** The entries a credit operation wrote. */
export interface EntriesResult {
  entries: CreditEntry[];
}

export type { HoldResult } from './idempotent-operations';

const LEDGER_CURSOR = 'credit-ledger';
const LEDGER_NEWEST_CURSOR = 'credit-ledger-newest';
/** Entries read per page when folding the ledger for a past balance. */
const FOLD_PAGE = 1000;

/** What a credit mutation's `run` gets besides its session. */
interface MutationScope {
  /** The customer (read once, on first use). */
  customer: () => Promise<Customer>;
  settings: TenantSettings;
  context: CommandContext;
  /** The tickets `beforeLock` locked. */
  locked: Ticket[];
}

/** The steps of one credit mutation. */
interface MutationSteps<T> {
  /** The operation's idempotency key, looked up before the lock (the lock is held for less). */
  idempotency?: { scope: string; key: string };
  /** Locks tickets before the account (ticket locks come first in every command). */
  beforeLock?: (tx: StorageRepositories, settings: TenantSettings) => Promise<Ticket[]>;
  /**
   * Whether it may share a transaction with other operations of the account: true only when
   * `run` writes nothing but through the session before it may throw, so reverting the
   * session undoes it. Needs `idempotency` and no `beforeLock`.
   */
  batchable?: boolean;
  run: (session: CreditSession, scope: MutationScope) => Promise<T>;
}

/** A credit mutation waiting to run: who asks, on whose account, and how. */
interface CreditOperation<T> {
  who: Actor;
  customerId: string;
  steps: MutationSteps<T>;
}

/**
 * Prepaid support credits: packs (blocks) with expiry, an append-only ledger, holds, a rate
 * card, balances.
 *
 * Staff (agents and the system) make every change; a customer reads only their own balance,
 * ledger and holds (another customer's are `NOT_FOUND`). Every change takes a key: a replay
 * returns the first call's entries (with the block or hold as it is now), the same key with
 * another payload is `IDEMPOTENCY_CONFLICT`. A customer's changes are serialized by a lock on
 * their account, so no double spend is possible. Before each change, whatever expired since
 * the account's last write (blocks, holds) is written to the ledger; a change that is refused
 * writes nothing of its own, but those expiries stay. Amounts are whole credits.
 */
export class CreditsApi {
  readonly #desk: DeskContext;
  /**
   * Group commit per account: while a batch of an account's charges runs on this desk (it
   * holds the account's lock), the ones that arrive wait and then run together as the next
   * batch: one transaction, one lock, one ledger write, each applied in turn. Calls with one
   * idempotency key never share a batch (the later replays the earlier).
   */
  readonly #batches = new KeyedBatches<CreditOperation<unknown>, unknown>(
    (_account, operations) => this.#runBatch(operations),
    { maxBatch: 64, gatherAnswered: true },
  );

  /** @internal */
  constructor(desk: DeskContext) {
    this.#desk = desk;
  }

  /**
   * Grants a block of credits. Validity is an exclusive `expiresAt` (null: never; the default)
   * or `validForMonths` from `effectiveAt` (default now) to the start of that local day in the
   * customer's time zone (the tenant's `defaultTimeZone` if the customer has none), month-end
   * clamped. An unscoped grant first repays overdraft in use. Tickets waiting for credits are
   * then paid for, oldest first. Records `credits.granted`.
   */
  async grant(actor: Actor, input: GrantCreditsInput): Promise<BlockResult> {
    const who = parseActor(actor);
    const data = parseInput(grantCreditsSchema, input);
    const { idempotencyKey, ...payload } = data;
    return this.#mutate(who, data.customerId, {
      idempotency: { scope: CREDIT_SCOPES.grant, key: idempotencyKey },
      beforeLock: (tx, settings) => lockAwaitingTickets(tx, settings, who.tenantId, data.customerId),
      run: (session, { customer, settings, context, locked }) =>
        runCreditOnce(
          session,
          CREDIT_SCOPES.grant,
          idempotencyKey,
          payload,
          async () => {
            const effectiveAt = data.effectiveAt ?? session.now;
            const expiresAt = await expiryOf(data, effectiveAt, customer, settings);
            if (
              expiresAt !== null &&
              expiresAt.getTime() <= Math.max(effectiveAt.getTime(), session.now.getTime())
            )
              invalidInput(['expiresAt'], 'expired', 'The block would expire before it could be used');
            const result = await grantBlock(
              session,
              {
                amount: data.amount,
                effectiveAt,
                expiresAt,
                priority: data.priority,
                costBasis: data.costBasis,
                scope: data.scope,
                externalRef: data.externalRef,
                sourceBlockId: null,
              },
              idempotencyKey,
            );
            await releaseAwaitingTickets(this.#desk, context, session, locked, settings, actorRef(who));
            return result;
          },
          (value) => ({ blockId: value.block.id }),
          async (stored, entries) => ({ block: await this.#blockOf(session, stored), entries }),
        ),
    });
  }

  /**
   * Charges `quantity` units of a service at the tenant's rate card price, drawn across blocks
   * in draw order (one `decrement` per block; the overdraft last, within the tenant's limit).
   * A service priced `null` is `SERVICE_OUT_OF_SCOPE`; one not on the rate card is
   * `VALIDATION_FAILED`; a balance that cannot pay the whole charge is `INSUFFICIENT_CREDITS`.
   * Each distinct question is its own charge with its own key. Records `credits.consumed`.
   */
  async consume(actor: Actor, input: ConsumeCreditsInput): Promise<EntriesResult> {
    const who = parseActor(actor);
    const data = parseInput(consumeCreditsSchema, input);
    const { idempotencyKey, ...payload } = data;
    return this.#mutate(who, data.customerId, {
      idempotency: { scope: CREDIT_SCOPES.consume, key: idempotencyKey },
      batchable: true,
      run: (session, { settings }) =>
        runCreditOnce(
          session,
          CREDIT_SCOPES.consume,
          idempotencyKey,
          payload,
          async () => {
            const amount = costOf(settings, data.service, ['service']) * data.quantity;
            await assertTicketOf(session.tx, who.tenantId, data.customerId, data.ticketId);
            return {
              entries: consumeCredits(session, {
                service: data.service,
                amount,
                idempotencyKey,
                ticketId: data.ticketId ?? null,
                messageId: data.messageId ?? null,
              }),
            };
          },
          () => ({}),
          async (_stored, entries) => ({ entries }),
        ),
    });
  }

  /**
   * Reserves credits for a service as a hold named `key` (its idempotency key): one `hold`
   * entry per block. The hold expires after `timeoutSeconds` (default: the tenant's), and then
   * can no longer be committed. Held credits survive their block's expiry.
   */
  async reserve(actor: Actor, input: ReserveCreditsInput): Promise<HoldResult> {
    const who = parseActor(actor);
    const data = parseInput(reserveCreditsSchema, input);
    return this.#mutate(who, data.customerId, {
      idempotency: { scope: CREDIT_SCOPES.reserve, key: data.key },
      batchable: true,
      run: async (session, { settings }) => {
        const amount = costOf(settings, data.service, ['service']) * data.quantity;
        await assertTicketOf(session.tx, who.tenantId, data.customerId, data.ticketId);
        return reserveOnce(session, {
          key: data.key,
          service: data.service,
          amount,
          timeoutSeconds:
            data.timeoutSeconds === undefined ? settings.credits.holdTimeoutSeconds : data.timeoutSeconds,
          ticketId: data.ticketId ?? null,
          messageId: data.messageId ?? null,
        });
      },
    });
  }

  /**
   * Commits a hold: charges `amount` (default: the whole hold; it may be less) and releases the
   * rest. A hold resolves once: after its timeout it is `HOLD_EXPIRED`, after a void
   * `INVALID_STATE`; committing again with the same amount replays. Records `credits.consumed`.
   */
  async commit(actor: Actor, input: CommitHoldInput): Promise<HoldResult> {
    const who = parseActor(actor);
    const data = parseInput(commitHoldSchema, input);
    return this.#mutate(who, data.customerId, {
      idempotency: { scope: CREDIT_SCOPES.commit, key: data.key },
      run: async (session) => {
        const hold = await this.#holdOf(session, data.key);
        return commitOnce(session, hold, data.amount ?? hold.amount);
      },
    });
  }

  /** Voids a hold: its credits are released (and expire at once if their block expired meanwhile). */
  async voidHold(actor: Actor, input: VoidHoldInput): Promise<HoldResult> {
    const who = parseActor(actor);
    const data = parseInput(voidHoldSchema, input);
    return this.#mutate(who, data.customerId, {
      idempotency: { scope: CREDIT_SCOPES.void, key: data.key },
      run: async (session) => voidOnce(session, await this.#holdOf(session, data.key)),
    });
  }

  /**
   * Refunds a charge (a consume, by its idempotency key, or a committed hold, by its key),
   * wholly or `amount` of it: an `amendment` back into each block it was drawn from, last
   * draw first. Credits refunded into a block that has expired (or was voided) expire (or
   * are voided) again at once. A charge is refunded at most once (`INVALID_STATE` after).
   */
  async refund(actor: Actor, input: RefundCreditsInput): Promise<EntriesResult> {
    const who = parseActor(actor);
    const data = parseInput(refundCreditsSchema, input);
    const { idempotencyKey, ...payload } = data;
    return this.#mutate(who, data.customerId, {
      idempotency: { scope: CREDIT_SCOPES.refund, key: idempotencyKey },
      run: (session) =>
        runCreditOnce(
          session,
          CREDIT_SCOPES.refund,
          idempotencyKey,
          payload,
          async () => {
            const debits = await this.#chargeEntries(session, data.chargeKey);
            const charged = debits.reduce((sum, entry) => sum + entry.amount, 0);
            const amount = data.amount ?? charged;
            if (amount > charged)
              invalidInput(['amount'], 'exceeds_charge', `The charge was ${charged} credits`);
            const { tx, tenantId, now } = session;
            if ((await tx.idempotency.find(tenantId, CREDIT_SCOPES.refunded, data.chargeKey)) !== null)
              throw new InvalidStateError(`Charge "${data.chargeKey}" was already refunded`, {
                chargeKey: data.chargeKey,
              });
            await tx.idempotency.insert({
              tenantId,
              scope: CREDIT_SCOPES.refunded,
              key: data.chargeKey,
              fingerprint: idempotencyKey,
              result: { refundKey: idempotencyKey },
              createdAt: now,
            });
            return { entries: await refundCharge(session, debits, amount, idempotencyKey) };
          },
          () => ({}),
          async (_stored, entries) => ({ entries }),
        ),
    });
  }

  /**
   * Changes the expiry of a block's credits by moving `amount` (default: all unheld) into a
   * new block with the new validity and the block's priority, cost basis, scope and
   * reference (`expiration_change` out of one, into the other). The block must be usable or
   * not yet effective, and the new expiry in the future.
   */
  async changeExpiry(actor: Actor, input: ChangeExpiryInput): Promise<BlockResult> {
    const who = parseActor(actor);
    const data = parseInput(changeExpirySchema, input);
    const { idempotencyKey, ...payload } = data;
    return this.#mutate(who, data.customerId, {
      idempotency: { scope: CREDIT_SCOPES.changeExpiry, key: idempotencyKey },
      run: (session, { customer, settings }) =>
        runCreditOnce(
          session,
          CREDIT_SCOPES.changeExpiry,
          idempotencyKey,
          payload,
          async () => {
            const block = await this.#grantBlockOf(session, data.blockId);
            const now = session.now;
            if (block.voidedAt !== null || (block.expiresAt !== null && block.expiresAt <= now))
              throw new InvalidStateError(`Block ${block.id} has expired or was voided`, {
                blockId: block.id,
              });
            const free = block.remaining - block.held;
            const amount = data.amount ?? free;
            if (amount < 1 || amount > free)
              invalidInput(['amount'], 'exceeds_block', `The block has ${free} unheld credits`);
            const expiresAt = await expiryOf(data, now, customer, settings);
            if (expiresAt !== null && expiresAt <= now)
              invalidInput(['expiresAt'], 'expired', 'The new expiry must be in the future');
            return changeBlockExpiry(session, block, amount, expiresAt, idempotencyKey);
          },
          (value) => ({ blockId: value.block.id }),
          async (stored, entries) => ({ block: await this.#blockOf(session, stored), entries }),
        ),
    });
  }

  /** Voids a block: its unheld credits are gone (`void`), and what its holds release later is voided too. */
  async voidBlock(actor: Actor, input: VoidBlockInput): Promise<BlockResult> {
    const who = parseActor(actor);
    const data = parseInput(voidBlockSchema, input);
    const { idempotencyKey, ...payload } = data;
    return this.#mutate(who, data.customerId, {
      idempotency: { scope: CREDIT_SCOPES.voidBlock, key: idempotencyKey },
      run: (session) =>
        runCreditOnce(
          session,
          CREDIT_SCOPES.voidBlock,
          idempotencyKey,
          payload,
          async () => {
            const block = await this.#grantBlockOf(session, data.blockId);
            if (block.voidedAt !== null)
              throw new InvalidStateError(`Block ${block.id} was already voided`, { blockId: block.id });
            const entries = voidCreditBlock(session, block, idempotencyKey);
            return { block: session.block(block.id) as CreditBlock, entries };
          },
          (value) => ({ blockId: value.block.id }),
          async (stored, entries) => ({ block: await this.#blockOf(session, stored), entries }),
        ),
    });
  }

  /**
   * Writes the expiries due now on the customer's account (what every other change does
   * first, and the scheduler does for idle accounts) and returns the entries written.
   */
  async expire(actor: Actor, customerId: string): Promise<EntriesResult> {
    const who = parseActor(actor);
    const id = parseInput(creditCustomerIdSchema, customerId, 'customerId');
    return this.#mutate(who, id, { run: async (session) => ({ entries: session.lazyExpiries }) });
  }

  /**
   * The customer's balance now, or at a past instant (`at`, computed from the ledger). Reading
   * the current balance costs the same however long the ledger is. Customers read their own.
   */
  async balance(actor: Actor, customerId: string, options: BalanceOptions = {}): Promise<CreditBalance> {
    const who = parseActor(actor);
    const id = parseInput(creditCustomerIdSchema, customerId, 'customerId');
    const data = parseInput(balanceOptionsSchema, options);
    return this.#desk.gateway.read(
      async (repositories) => (await this.#balanceIn(repositories, who, id, data)).balance,
    );
  }

  /** {@link balance} in `repositories`, with the settings it read and whether the customer has an account. */
  async #balanceIn(
    repositories: StorageRepositories,
    who: Actor,
    id: string,
    data: { at?: Date; expiringWithinDays?: number },
  ): Promise<{ balance: CreditBalance; settings: TenantSettings; hasAccount: boolean }> {
    await this.#assertReadable(repositories, who, id);
    const { settings } = await this.#desk.settings.load(repositories, who.tenantId);
    const at = data.at ?? this.#desk.clock.now();
    const days = data.expiringWithinDays ?? settings.credits.expiringNoticeDays ?? 30;
    const staff = who.kind !== 'customer';
    const account = await repositories.creditAccounts.get(who.tenantId, id);
    const result = (balance: CreditBalance) => ({ balance, settings, hasAccount: account !== null });
    if (account === null) return result(balanceOf(id, [], 0, at, days, staff));
    if (at.getTime() < account.updatedAt.getTime()) {
      const { states, posted } = await pastStates(repositories, who.tenantId, id, at);
      return result(balanceOf(id, sortStates(settledStates(states, [], at)), posted, at, days, staff));
    }
    const blocks = await repositories.creditBlocks.listOpen(who.tenantId, id);
    const holds = blocks.some((block) => block.held > 0)
      ? await repositories.creditHolds.listOpen(who.tenantId, id)
      : [];
    const states = blocks.map((block) => ({ block, remaining: block.remaining, held: block.held }));
    return result(
      balanceOf(id, sortStates(settledStates(states, holds, at)), account.posted, at, days, staff),
    );
  }

  /**
   * The customer's ledger, oldest entry first (or newest first with `order: 'newest_first'`),
   * one page at a time (pass `nextCursor` back as `cursor`). Customers read their own, without
   * idempotency keys and agent ids.
   */
  async ledger(actor: Actor, customerId: string, page: LedgerPageInput = {}): Promise<Page<CreditEntry>> {
    const who = parseActor(actor);
    const id = parseInput(creditCustomerIdSchema, customerId, 'customerId');
    const data = parseInput(ledgerPageSchema, page);
    if (data.order === 'newest_first') return this.#ledgerNewestFirst(who, id, data.limit, data.cursor);
    const afterSeq = data.cursor === undefined ? 0 : decodePositionCursor(LEDGER_CURSOR, data.cursor);
    return this.#desk.gateway.read(async (repositories) => {
      await this.#assertReadable(repositories, who, id);
      const rows = await repositories.creditLedger.list(who.tenantId, id, {
        afterSeq,
        limit: data.limit + 1,
      });
      const visible = who.kind === 'customer' ? rows.map(customerView) : rows;
      return pageOf(visible, data.limit, (last) => encodePositionCursor(LEDGER_CURSOR, last.seq));
    });
  }

  /**
   * What opening a ticket on `channel` would cost the customer now, and whether their credits
   * cover it (see {@link TicketQuote}): the preview a new-ticket form shows before sending.
   * Writes nothing. Customers quote their own tickets.
   */
  async quoteTicket(actor: Actor, input: TicketQuoteInput): Promise<TicketQuote> {
    const who = parseActor(actor);
    const data = parseInput(ticketQuoteSchema, input);
    return this.#desk.gateway.read(async (repositories) => {
      const { balance, settings, hasAccount } = await this.#balanceIn(repositories, who, data.customerId, {});
      return quoteTicket(settings, data.channel, balance, hasAccount);
    });
  }

  /** A hold of the customer by key. Customers read their own. */
  async hold(actor: Actor, customerId: string, key: string): Promise<CreditHold> {
    const who = parseActor(actor);
    const id = parseInput(creditCustomerIdSchema, customerId, 'customerId');
    const holdKey = parseInput(commitHoldSchema.shape.key, key, 'key');
    return this.#desk.gateway.read(async (repositories) => {
      await this.#assertReadable(repositories, who, id);
      const hold = await repositories.creditHolds.findByKey(who.tenantId, id, holdKey);
      if (hold === null) throw new NotFoundError('CreditHold', holdKey);
      return hold;
    });
  }

  /**
   * Runs a change of one customer's credits under the account's lock: tickets are locked
   * before the account; lazy expiry runs first; the customer must exist (checked when the
   * account has no entry yet: an account with entries has a customer); a refusal (a
   * `TicketkitError`) keeps the expiries it found and drops everything else. Batchable changes
   * (charges and reservations: they write only through the session) run in the account's
   * next batch on this desk (see `#batches`); the others in a transaction alone.
   */
  async #mutate<T>(who: Actor, customerId: string, steps: MutationSteps<T>): Promise<T> {
    requireStaff(who, 'change credits');
    const operation: CreditOperation<T> = { who, customerId, steps };
    if (steps.batchable !== true || steps.idempotency === undefined) return this.#runAlone(operation);
    const { scope, key } = steps.idempotency;
    return (await this.#batches.run(
      `${who.tenantId}\u0000${customerId}`,
      operation as CreditOperation<unknown>,
      `${scope}\u0000${key}`,
    )) as T;
  }

  /** One operation in a transaction of its own. */
  async #runAlone<T>(operation: CreditOperation<T>): Promise<T> {
    const { who, steps } = operation;
    const outcome = await this.#desk.gateway.command(async (context) => {
      const locked =
        steps.beforeLock === undefined
          ? []
          : await steps.beforeLock(context.tx, await this.#settingsOf(context, who));
      const { session, scope } = await this.#openAccountFor(context, [operation], locked);
      const expiriesOnly = session.hasPendingWrites();
      const mark = session.mark();
      try {
        const value = await steps.run(session, scope);
        await session.flush();
        return { value };
      } catch (error) {
        if (!(error instanceof TicketkitError) || !expiriesOnly || !session.revertTo(mark)) throw error;
        await session.flush();
        return { refused: error };
      }
    });
    if ('refused' in outcome) throw outcome.refused;
    return outcome.value;
  }

  /**
   * Several batchable operations on one account in one transaction, one after another: an
   * operation refused with a ticketkit error leaves no trace and the others go on. When the
   * batch fails as a whole (a storage failure, a race lost to another desk), each operation
   * runs again alone, as it would have without batching.
   */
  async #runBatch(operations: Array<CreditOperation<unknown>>): Promise<Array<BatchOutcome<unknown>>> {
    const alone = (operation: CreditOperation<unknown>) =>
      this.#runAlone(operation).then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      );
    if (operations.length === 1) return [await alone(operations[0] as CreditOperation<unknown>)];
    try {
      return await this.#desk.gateway.command(async (context) => {
        const { session, scope } = await this.#openAccountFor(context, operations, []);
        const outcomes: Array<BatchOutcome<unknown>> = [];
        for (const { who, steps } of operations) {
          session.actor = actorRef(who);
          const mark = session.mark();
          try {
            outcomes.push({ value: await steps.run(session, scope) });
          } catch (error) {
            if (!(error instanceof TicketkitError) || !session.revertTo(mark)) throw error;
            outcomes.push({ error });
          }
        }
        await session.flush();
        return outcomes;
      });
    } catch {
      const outcomes: Array<BatchOutcome<unknown>> = [];
      for (const operation of operations) outcomes.push(await alone(operation));
      return outcomes;
    }
  }

  async #settingsOf(context: CommandContext, who: Actor): Promise<TenantSettings> {
    return (await this.#desk.settings.loadForCommand(context, who.tenantId)).settings;
  }

  /**
   * What operations of one account need before they run: their idempotency keys looked up
   * before the lock (so it is held for less), the locked account's session, and the customer
   * checked when the account is new.
   */
  async #openAccountFor(
    context: CommandContext,
    operations: ReadonlyArray<CreditOperation<unknown>>,
    locked: Ticket[],
  ): Promise<{ session: CreditSession; scope: MutationScope }> {
    const { tx } = context;
    const [first] = operations as [CreditOperation<unknown>];
    const { tenantId } = first.who;
    const settings = await this.#settingsOf(context, first.who);
    const keys = operations.flatMap(({ steps }) =>
      steps.idempotency === undefined ? [] : [steps.idempotency],
    );
    // One key (most commands): the plain lookup; several (a batch): one lookup for all.
    const [only] = keys;
    const stored =
      keys.length > 1
        ? await tx.idempotency.findMany(tenantId, keys)
        : only === undefined
          ? []
          : [await tx.idempotency.find(tenantId, only.scope, only.key)];
    const absent = keys.filter(
      ({ scope, key }) => !stored.some((record) => record?.scope === scope && record.key === key),
    );
    const session = await openAccount(
      this.#desk,
      context,
      tenantId,
      first.customerId,
      actorRef(first.who),
      this.#desk.clock.now(),
      settings.credits,
    );
    for (const { scope, key } of absent) session.noteAbsent(scope, key);
    // An account with entries belongs to a customer that exists: only a new one needs the check.
    let customer: Customer | null = null;
    const customerOf = async (): Promise<Customer> => {
      customer ??= await tx.customers.get(tenantId, first.customerId);
      if (customer === null) throw new NotFoundError('Customer', first.customerId);
      return customer;
    };
    if (session.account.lastSeq === 0) await customerOf();
    return { session, scope: { customer: customerOf, settings, context, locked } };
  }

  /** A page of the ledger from the newest entry back: sequences are gapless, so the page is a seq range. */
  async #ledgerNewestFirst(
    who: Actor,
    customerId: string,
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<CreditEntry>> {
    return this.#desk.gateway.read(async (repositories) => {
      await this.#assertReadable(repositories, who, customerId);
      const before =
        cursor === undefined
          ? ((await repositories.creditAccounts.get(who.tenantId, customerId))?.lastSeq ?? 0) + 1
          : decodePositionCursor(LEDGER_NEWEST_CURSOR, cursor);
      const afterSeq = Math.max(0, before - 1 - limit);
      const rows =
        before - 1 > afterSeq
          ? await repositories.creditLedger.list(who.tenantId, customerId, {
              afterSeq,
              limit: before - 1 - afterSeq,
            })
          : [];
      const items = rows.reverse().map((entry) => (who.kind === 'customer' ? customerView(entry) : entry));
      return {
        items,
        nextCursor: afterSeq > 0 ? encodePositionCursor(LEDGER_NEWEST_CURSOR, afterSeq + 1) : null,
      };
    });
  }

  async #assertReadable(repositories: StorageRepositories, who: Actor, customerId: string): Promise<void> {
    if (who.kind === 'customer' && who.customerId !== customerId)
      throw new NotFoundError('Customer', customerId);
    if ((await repositories.customers.get(who.tenantId, customerId)) === null)
      throw new NotFoundError('Customer', customerId);
  }

  async #holdOf(session: CreditSession, key: string): Promise<CreditHold> {
    const hold = await session.findHold(key);
    if (hold === null) throw new NotFoundError('CreditHold', key);
    return hold;
  }

  async #grantBlockOf(session: CreditSession, blockId: string): Promise<CreditBlock> {
    const block = await session.findBlock(blockId);
    if (block === null || block.kind !== 'grant') throw new NotFoundError('CreditBlock', blockId);
    return block;
  }

  async #blockOf(session: CreditSession, stored: StoredCreditResult): Promise<CreditBlock> {
    return (await session.findBlock(stored.blockId as string)) as CreditBlock;
  }

  /** The debit entries of a charge named by a consume's idempotency key or a committed hold's key. */
  async #chargeEntries(session: CreditSession, chargeKey: string): Promise<CreditEntry[]> {
    for (const scope of [CREDIT_SCOPES.consume, CREDIT_SCOPES.commit]) {
      const record = await session.tx.idempotency.find(session.tenantId, scope, chargeKey);
      const stored = record?.result as unknown as StoredCreditResult | undefined;
      if (stored === undefined || stored.customerId !== session.customerId) continue;
      return (await entriesOf(session, stored)).filter(
        (entry) => entry.type === 'decrement' || entry.type === 'hold_posted',
      );
    }
    throw new NotFoundError('CreditCharge', chargeKey);
  }
}

/** The price of `quantity` 1 of a service; `null` is out of scope, unlisted is invalid input. */
function costOf(settings: TenantSettings, service: string, path: string[]): number {
  const rate = settings.credits.rateCard[service];
  if (rate === undefined) invalidInput(path, 'unknown_service', `The rate card has no service "${service}"`);
  if (rate === null) throw new ServiceOutOfScopeError(service);
  return rate;
}

/** The expiry a validity input means, starting at `from`. */
async function expiryOf(
  data: { expiresAt?: Date | null | undefined; validForMonths?: number | undefined },
  from: Date,
  customer: () => Promise<Customer>,
  settings: TenantSettings,
): Promise<Date | null> {
  if (data.validForMonths === undefined) return data.expiresAt ?? null;
  const { timeZone } = await customer();
  return expiryAfterMonths(from, data.validForMonths, timeZone ?? settings.credits.defaultTimeZone);
}

async function assertTicketOf(
  tx: StorageRepositories,
  tenantId: string,
  customerId: string,
  ticketId: string | undefined,
): Promise<void> {
  if (ticketId === undefined) return;
  const ticket = await tx.tickets.get(tenantId, ticketId);
  if (ticket === null || ticket.requesterId !== customerId)
    invalidInput(['ticketId'], 'unknown_ticket', `Customer ${customerId} has no ticket ${ticketId}`);
}

/** Block states at a past instant, folded from the ledger entries that occurred by then. */
async function pastStates(
  repositories: StorageRepositories,
  tenantId: string,
  customerId: string,
  at: Date,
): Promise<{ states: BlockState[]; posted: number }> {
  const entries: CreditEntry[] = [];
  for (let afterSeq = 0; ; ) {
    const page = await repositories.creditLedger.list(tenantId, customerId, {
      afterSeq,
      limit: FOLD_PAGE,
      occurredAtOrBefore: at,
    });
    entries.push(...page);
    if (page.length < FOLD_PAGE) break;
    afterSeq = (page[page.length - 1] as CreditEntry).seq;
  }
  const fold = foldLedger(entries);
  const blocks = await repositories.creditBlocks.getMany(tenantId, [...fold.blocks.keys()]);
  const states = blocks.map((block) => {
    const folded = fold.blocks.get(block.id) ?? { remaining: 0, held: 0 };
    return { block, remaining: folded.remaining, held: folded.held };
  });
  return { states, posted: fold.posted };
}

function sortStates(states: BlockState[]): BlockState[] {
  return [...states].sort((a, b) => compareDrawOrder(a.block, b.block));
}

/** An entry as its customer sees it: without the host's idempotency key and without agent ids. */
function customerView(entry: CreditEntry): CreditEntry {
  return {
    ...entry,
    idempotencyKey: null,
    actor: entry.actor.kind === 'agent' ? { kind: 'agent', id: null } : entry.actor,
  };
}

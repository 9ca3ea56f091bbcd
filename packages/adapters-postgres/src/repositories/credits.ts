import type {
  CreditAccount,
  CreditAccountRepository,
  CreditBlock,
  CreditBlockRepository,
  CreditDraw,
  CreditEntry,
  CreditHold,
  CreditHoldRepository,
  CreditLedgerRepository,
  WriteResult,
} from '@ticketkit/core';
import type { SqlQueryable, SqlRow } from '../driver/sql-driver';
import { jsonParam, toDate, toDateOrNull, toNumber, toStringOrNull } from '../row-values';
import type { SqlContext } from '../sql-context';

const ACCOUNT_COLUMNS =
  'tenant_id, customer_id, last_seq, balance, posted, overdraft_block_id, created_at, updated_at';

function accountFromRow(row: SqlRow): CreditAccount {
  return {
    tenantId: String(row.tenant_id),
    customerId: String(row.customer_id),
    lastSeq: toNumber(row.last_seq),
    balance: toNumber(row.balance),
    posted: toNumber(row.posted),
    overdraftBlockId: toStringOrNull(row.overdraft_block_id),
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
  };
}

/**
 * Credit accounts in `credit_accounts`, keyed `(tenant_id, customer_id)`. `lock` is
 * `SELECT ... FOR UPDATE` (creating the row first when it is missing), so a customer's
 * credit commands take turns on that row until their transactions end.
 */
export class PgCreditAccounts implements CreditAccountRepository {
  constructor(private readonly context: SqlContext) {}

  get #table(): string {
    return this.context.tables.table('credit_accounts');
  }

  async lock(tenantId: string, customerId: string, now: Date): Promise<CreditAccount> {
    const select = `SELECT ${ACCOUNT_COLUMNS} FROM ${this.#table} WHERE tenant_id = $1 AND customer_id = $2 FOR UPDATE`;
    const found = await this.context.sql.query(select, [tenantId, customerId]);
    if (found[0] !== undefined) return accountFromRow(found[0]);
    // A concurrent first lock of the same account waits on the primary key, then finds the row.
    await this.context.sql.query(
      `INSERT INTO ${this.#table} (${ACCOUNT_COLUMNS})
       VALUES ($1, $2, 0, 0, 0, NULL, $3::timestamptz, $3::timestamptz) ON CONFLICT DO NOTHING`,
      [tenantId, customerId, now],
    );
    const created = await this.context.sql.query(select, [tenantId, customerId]);
    return accountFromRow(created[0] as SqlRow);
  }

  async get(tenantId: string, customerId: string): Promise<CreditAccount | null> {
    const rows = await this.context.sql.query(
      `SELECT ${ACCOUNT_COLUMNS} FROM ${this.#table} WHERE tenant_id = $1 AND customer_id = $2`,
      [tenantId, customerId],
    );
    return rows[0] === undefined ? null : accountFromRow(rows[0]);
  }

  async update(account: CreditAccount): Promise<WriteResult> {
    const rows = await this.context.sql.query(
      `UPDATE ${this.#table} SET last_seq = $3::bigint, balance = $4::bigint, posted = $5::bigint,
         overdraft_block_id = $6, created_at = $7::timestamptz, updated_at = $8::timestamptz
       WHERE tenant_id = $1 AND customer_id = $2 RETURNING 1 AS updated`,
      [
        account.tenantId,
        account.customerId,
        account.lastSeq,
        account.balance,
        account.posted,
        account.overdraftBlockId,
        account.createdAt,
        account.updatedAt,
      ],
    );
    return rows.length === 1 ? 'ok' : 'stale';
  }

  async list(
    tenantId: string,
    query: { afterCustomerId: string | null; limit: number },
  ): Promise<CreditAccount[]> {
    const rows = await this.context.sql.query(
      `SELECT ${ACCOUNT_COLUMNS} FROM ${this.#table}
       WHERE tenant_id = $1 AND ($2::text IS NULL OR customer_id > $2::text COLLATE "C")
       ORDER BY customer_id LIMIT $3::integer`,
      [tenantId, query.afterCustomerId, query.limit],
    );
    return rows.map(accountFromRow);
  }
}

const BLOCK_COLUMNS =
  'tenant_id, id, customer_id, kind, amount, remaining, held, effective_at, expires_at, priority, cost_basis, scope, external_ref, source_block_id, voided_at, created_at, updated_at';

function blockFromRow(row: SqlRow): CreditBlock {
  return {
    tenantId: String(row.tenant_id),
    id: String(row.id),
    customerId: String(row.customer_id),
    kind: String(row.kind) as CreditBlock['kind'],
    amount: toNumber(row.amount),
    remaining: toNumber(row.remaining),
    held: toNumber(row.held),
    effectiveAt: toDate(row.effective_at),
    expiresAt: toDateOrNull(row.expires_at),
    priority: toNumber(row.priority),
    costBasis: toNumber(row.cost_basis),
    scope: Array.isArray(row.scope) ? row.scope.map(String) : null,
    externalRef: toStringOrNull(row.external_ref),
    sourceBlockId: toStringOrNull(row.source_block_id),
    voidedAt: toDateOrNull(row.voided_at),
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
  };
}

/** Credit blocks in `credit_blocks`; `listOpen` reads a partial index of the open ones. */
export class PgCreditBlocks implements CreditBlockRepository {
  constructor(private readonly context: SqlContext) {}

  get #table(): string {
    return this.context.tables.table('credit_blocks');
  }

  async insert(block: CreditBlock): Promise<WriteResult> {
    const rows = await this.context.sql.query(
      `INSERT INTO ${this.#table} (${BLOCK_COLUMNS})
       VALUES ($1, $2, $3, $4, $5::bigint, $6::bigint, $7::bigint, $8::timestamptz, $9::timestamptz, $10::integer,
         $11::bigint, $12::text[], $13, $14, $15::timestamptz, $16::timestamptz, $17::timestamptz)
       ON CONFLICT DO NOTHING RETURNING 1 AS inserted`,
      [
        block.tenantId,
        block.id,
        block.customerId,
        block.kind,
        block.amount,
        block.remaining,
        block.held,
        block.effectiveAt,
        block.expiresAt,
        block.priority,
        block.costBasis,
        block.scope,
        block.externalRef,
        block.sourceBlockId,
        block.voidedAt,
        block.createdAt,
        block.updatedAt,
      ],
    );
    return rows.length === 1 ? 'ok' : 'duplicate';
  }

  async update(block: CreditBlock): Promise<WriteResult> {
    const rows = await this.context.sql.query(
      `UPDATE ${this.#table} SET remaining = $3::bigint, held = $4::bigint, voided_at = $5::timestamptz,
         updated_at = $6::timestamptz
       WHERE tenant_id = $1 AND id = $2 RETURNING 1 AS updated`,
      [block.tenantId, block.id, block.remaining, block.held, block.voidedAt, block.updatedAt],
    );
    return rows.length === 1 ? 'ok' : 'stale';
  }

  async get(tenantId: string, id: string): Promise<CreditBlock | null> {
    const rows = await this.context.sql.query(
      `SELECT ${BLOCK_COLUMNS} FROM ${this.#table} WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
    return rows[0] === undefined ? null : blockFromRow(rows[0]);
  }

  async getMany(tenantId: string, ids: string[]): Promise<CreditBlock[]> {
    if (ids.length === 0) return [];
    const rows = await this.context.sql.query(
      `SELECT ${BLOCK_COLUMNS} FROM ${this.#table} WHERE tenant_id = $1 AND id = ANY($2::text[])`,
      [tenantId, [...new Set(ids)]],
    );
    return rows.map(blockFromRow);
  }

  async listOpen(tenantId: string, customerId: string): Promise<CreditBlock[]> {
    const rows = await this.context.sql.query(
      `SELECT ${BLOCK_COLUMNS} FROM ${this.#table}
       WHERE tenant_id = $1 AND customer_id = $2 AND (remaining <> 0 OR held <> 0)`,
      [tenantId, customerId],
    );
    return rows.map(blockFromRow);
  }

  async list(
    tenantId: string,
    customerId: string,
    query: { afterId: string | null; limit: number },
  ): Promise<CreditBlock[]> {
    const rows = await this.context.sql.query(
      `SELECT ${BLOCK_COLUMNS} FROM ${this.#table}
       WHERE tenant_id = $1 AND customer_id = $2 AND ($3::text IS NULL OR id > $3::text COLLATE "C")
       ORDER BY id LIMIT $4::integer`,
      [tenantId, customerId, query.afterId, query.limit],
    );
    return rows.map(blockFromRow);
  }
}

const ENTRY_COLUMNS =
  'tenant_id, customer_id, seq, id, type, block_id, amount, occurred_at, recorded_at, idempotency_key, hold_id, service, ticket_id, message_id, refers_to, actor_kind, actor_id, balance_before, balance_after';
const ENTRY_WIDTH = 19;

function entryFromRow(row: SqlRow): CreditEntry {
  return {
    tenantId: String(row.tenant_id),
    id: String(row.id),
    customerId: String(row.customer_id),
    seq: toNumber(row.seq),
    type: String(row.type) as CreditEntry['type'],
    blockId: String(row.block_id),
    amount: toNumber(row.amount),
    occurredAt: toDate(row.occurred_at),
    recordedAt: toDate(row.recorded_at),
    idempotencyKey: toStringOrNull(row.idempotency_key),
    holdId: toStringOrNull(row.hold_id),
    service: toStringOrNull(row.service),
    ticketId: toStringOrNull(row.ticket_id),
    messageId: toStringOrNull(row.message_id),
    refersTo: toStringOrNull(row.refers_to),
    actor: { kind: String(row.actor_kind) as CreditEntry['actor']['kind'], id: toStringOrNull(row.actor_id) },
    balanceBefore: toNumber(row.balance_before),
    balanceAfter: toNumber(row.balance_after),
  };
}

/**
 * The ledger in `credit_entries`, keyed `(tenant_id, customer_id, seq)` with a unique id;
 * a trigger refuses any UPDATE or DELETE. `append` is one multi-row INSERT; on the port itself
 * it runs in a transaction of its own, so a taken seq or id writes none of the batch.
 */
export class PgCreditLedger implements CreditLedgerRepository {
  constructor(private readonly context: SqlContext) {}

  get #table(): string {
    return this.context.tables.table('credit_entries');
  }

  async append(entries: CreditEntry[]): Promise<WriteResult> {
    if (entries.length === 0) return 'ok';
    const params: unknown[] = [];
    const tuples = entries.map((entry, index) => {
      params.push(
        entry.tenantId,
        entry.customerId,
        entry.seq,
        entry.id,
        entry.type,
        entry.blockId,
        entry.amount,
        entry.occurredAt,
        entry.recordedAt,
        entry.idempotencyKey,
        entry.holdId,
        entry.service,
        entry.ticketId,
        entry.messageId,
        entry.refersTo,
        entry.actor.kind,
        entry.actor.id,
        entry.balanceBefore,
        entry.balanceAfter,
      );
      const at = index * ENTRY_WIDTH;
      const p = (offset: number, cast = '') => `$${at + offset}${cast}`;
      return `(${p(1)}, ${p(2)}, ${p(3, '::bigint')}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7, '::bigint')}, ${p(8, '::timestamptz')}, ${p(9, '::timestamptz')}, ${p(10)}, ${p(11)}, ${p(12)}, ${p(13)}, ${p(14)}, ${p(15)}, ${p(16)}, ${p(17)}, ${p(18, '::bigint')}, ${p(19, '::bigint')})`;
    });
    const insert = async (sql: SqlQueryable): Promise<WriteResult> => {
      const rows = await sql.query(
        `INSERT INTO ${this.#table} (${ENTRY_COLUMNS}) VALUES ${tuples.join(', ')}
         ON CONFLICT DO NOTHING RETURNING 1 AS inserted`,
        params,
      );
      return rows.length === entries.length ? 'ok' : 'duplicate';
    };
    // In a transaction the port lets a duplicate leave part of the batch (the caller rolls
    // back), so no savepoint: one round trip per append.
    return this.context.inTransaction ? insert(this.context.sql) : this.context.guarded(insert);
  }

  async list(
    tenantId: string,
    customerId: string,
    query: { afterSeq: number; limit: number; occurredAtOrBefore?: Date },
  ): Promise<CreditEntry[]> {
    const rows = await this.context.sql.query(
      `SELECT ${ENTRY_COLUMNS} FROM ${this.#table}
       WHERE tenant_id = $1 AND customer_id = $2 AND seq > $3::bigint
         AND ($4::timestamptz IS NULL OR occurred_at <= $4::timestamptz)
       ORDER BY seq LIMIT $5::integer`,
      [tenantId, customerId, query.afterSeq, query.occurredAtOrBefore ?? null, query.limit],
    );
    return rows.map(entryFromRow);
  }
}

const HOLD_COLUMNS =
  'tenant_id, id, customer_id, key, service, amount, draws, status, posted_amount, ticket_id, message_id, expires_at, created_at, resolved_at';

function holdFromRow(row: SqlRow): CreditHold {
  const draws = (typeof row.draws === 'string' ? JSON.parse(row.draws) : row.draws) as CreditDraw[];
  return {
    tenantId: String(row.tenant_id),
    id: String(row.id),
    customerId: String(row.customer_id),
    key: String(row.key),
    service: String(row.service),
    amount: toNumber(row.amount),
    draws: draws.map((draw) => ({ blockId: String(draw.blockId), amount: toNumber(draw.amount) })),
    status: String(row.status) as CreditHold['status'],
    postedAmount: toNumber(row.posted_amount),
    ticketId: toStringOrNull(row.ticket_id),
    messageId: toStringOrNull(row.message_id),
    expiresAt: toDateOrNull(row.expires_at),
    createdAt: toDate(row.created_at),
    resolvedAt: toDateOrNull(row.resolved_at),
  };
}

/** Credit holds in `credit_holds`, unique per `(tenant_id, customer_id, key)`; open ones by a partial index. */
export class PgCreditHolds implements CreditHoldRepository {
  constructor(private readonly context: SqlContext) {}

  get #table(): string {
    return this.context.tables.table('credit_holds');
  }

  async insert(hold: CreditHold): Promise<WriteResult> {
    const rows = await this.context.sql.query(
      `INSERT INTO ${this.#table} (${HOLD_COLUMNS})
       VALUES ($1, $2, $3, $4, $5, $6::bigint, $7::text::jsonb, $8, $9::bigint, $10, $11, $12::timestamptz,
         $13::timestamptz, $14::timestamptz)
       ON CONFLICT DO NOTHING RETURNING 1 AS inserted`,
      [
        hold.tenantId,
        hold.id,
        hold.customerId,
        hold.key,
        hold.service,
        hold.amount,
        jsonParam(hold.draws),
        hold.status,
        hold.postedAmount,
        hold.ticketId,
        hold.messageId,
        hold.expiresAt,
        hold.createdAt,
        hold.resolvedAt,
      ],
    );
    return rows.length === 1 ? 'ok' : 'duplicate';
  }

  async update(hold: CreditHold): Promise<WriteResult> {
    const rows = await this.context.sql.query(
      `UPDATE ${this.#table} SET status = $3, posted_amount = $4::bigint, resolved_at = $5::timestamptz
       WHERE tenant_id = $1 AND id = $2 RETURNING 1 AS updated`,
      [hold.tenantId, hold.id, hold.status, hold.postedAmount, hold.resolvedAt],
    );
    return rows.length === 1 ? 'ok' : 'stale';
  }

  async findByKey(tenantId: string, customerId: string, key: string): Promise<CreditHold | null> {
    const rows = await this.context.sql.query(
      `SELECT ${HOLD_COLUMNS} FROM ${this.#table} WHERE tenant_id = $1 AND customer_id = $2 AND key = $3`,
      [tenantId, customerId, key],
    );
    return rows[0] === undefined ? null : holdFromRow(rows[0]);
  }

  async listOpen(tenantId: string, customerId: string): Promise<CreditHold[]> {
    const rows = await this.context.sql.query(
      `SELECT ${HOLD_COLUMNS} FROM ${this.#table} WHERE tenant_id = $1 AND customer_id = $2 AND status = 'held'`,
      [tenantId, customerId],
    );
    return rows.map(holdFromRow);
  }

  async listForTicket(tenantId: string, ticketId: string): Promise<CreditHold[]> {
    const rows = await this.context.sql.query(
      `SELECT ${HOLD_COLUMNS} FROM ${this.#table} WHERE tenant_id = $1 AND ticket_id = $2 ORDER BY created_at, id`,
      [tenantId, ticketId],
    );
    return rows.map(holdFromRow);
  }
}

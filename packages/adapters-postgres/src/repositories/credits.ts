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
  CreditWrite,
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
 * credit commands take turns on that row until their transactions end. Counters are written
 * by the ledger's `write`.
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

/** Credit blocks in `credit_blocks` (written by the ledger's `write`); `listOpen` reads a partial index of the open ones. */
export class PgCreditBlocks implements CreditBlockRepository {
  constructor(private readonly context: SqlContext) {}

  get #table(): string {
    return this.context.tables.table('credit_blocks');
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
 * The ledger in `credit_entries`, keyed `(tenant_id, customer_id, seq)` with a unique id; a
 * trigger refuses any UPDATE or DELETE. `write` also stores the blocks, holds and account the
 * entries produced, in the same statement.
 */
export class PgCreditLedger implements CreditLedgerRepository {
  constructor(private readonly context: SqlContext) {}

  get #table(): string {
    return this.context.tables.table('credit_entries');
  }

  /**
   * One statement: data-modifying CTEs insert the new blocks, holds and entries
   * (`ON CONFLICT DO NOTHING`) and update the changed blocks and holds and the account, and
   * return how many rows each touched; a short count is `duplicate` (inserts) or `stale`
   * (updates). Inside a transaction that is one round trip (the port lets a non-ok write be
   * partial: the caller rolls back); on the port itself it runs in a transaction of its own.
   */
  async write(change: CreditWrite): Promise<WriteResult> {
    const { tables } = this.context;
    const at = (date: Date | null) => (date === null ? null : date.toISOString());
    const params = [
      jsonParam(
        change.newBlocks.map((block) => ({
          tenant_id: block.tenantId,
          id: block.id,
          customer_id: block.customerId,
          kind: block.kind,
          amount: block.amount,
          remaining: block.remaining,
          held: block.held,
          effective_at: at(block.effectiveAt),
          expires_at: at(block.expiresAt),
          priority: block.priority,
          cost_basis: block.costBasis,
          scope: block.scope,
          external_ref: block.externalRef,
          source_block_id: block.sourceBlockId,
          voided_at: at(block.voidedAt),
          created_at: at(block.createdAt),
          updated_at: at(block.updatedAt),
        })),
      ),
      jsonParam(
        change.changedBlocks.map((block) => ({
          tenant_id: block.tenantId,
          id: block.id,
          remaining: block.remaining,
          held: block.held,
          voided_at: at(block.voidedAt),
          updated_at: at(block.updatedAt),
        })),
      ),
      jsonParam(
        change.newHolds.map((hold) => ({
          tenant_id: hold.tenantId,
          id: hold.id,
          customer_id: hold.customerId,
          key: hold.key,
          service: hold.service,
          amount: hold.amount,
          draws: hold.draws,
          status: hold.status,
          posted_amount: hold.postedAmount,
          ticket_id: hold.ticketId,
          message_id: hold.messageId,
          expires_at: at(hold.expiresAt),
          created_at: at(hold.createdAt),
          resolved_at: at(hold.resolvedAt),
        })),
      ),
      jsonParam(
        change.changedHolds.map((hold) => ({
          tenant_id: hold.tenantId,
          id: hold.id,
          status: hold.status,
          posted_amount: hold.postedAmount,
          resolved_at: at(hold.resolvedAt),
        })),
      ),
      jsonParam(
        change.entries.map((entry) => ({
          tenant_id: entry.tenantId,
          customer_id: entry.customerId,
          seq: entry.seq,
          id: entry.id,
          type: entry.type,
          block_id: entry.blockId,
          amount: entry.amount,
          occurred_at: at(entry.occurredAt),
          recorded_at: at(entry.recordedAt),
          idempotency_key: entry.idempotencyKey,
          hold_id: entry.holdId,
          service: entry.service,
          ticket_id: entry.ticketId,
          message_id: entry.messageId,
          refers_to: entry.refersTo,
          actor_kind: entry.actor.kind,
          actor_id: entry.actor.id,
          balance_before: entry.balanceBefore,
          balance_after: entry.balanceAfter,
        })),
      ),
      jsonParam(
        change.account === undefined
          ? []
          : [
              {
                tenant_id: change.account.tenantId,
                customer_id: change.account.customerId,
                last_seq: change.account.lastSeq,
                balance: change.account.balance,
                posted: change.account.posted,
                overdraft_block_id: change.account.overdraftBlockId,
                updated_at: at(change.account.updatedAt),
              },
            ],
      ),
    ];
    // Only the parts that have rows: a consume is an update of its blocks, an insert of its
    // entries and an update of the account, and a smaller statement plans faster.
    const parts: Array<[name: string, rows: number, cte: string]> = [
      [
        'new_blocks',
        change.newBlocks.length,
        `INSERT INTO ${tables.table('credit_blocks')} (${BLOCK_COLUMNS})
        SELECT r.tenant_id, r.id, r.customer_id, r.kind, r.amount, r.remaining, r.held, r.effective_at, r.expires_at,
          r.priority, r.cost_basis,
          CASE WHEN jsonb_typeof(r.scope) = 'array' THEN ARRAY(SELECT jsonb_array_elements_text(r.scope)) END,
          r.external_ref, r.source_block_id, r.voided_at, r.created_at, r.updated_at
        FROM jsonb_to_recordset($1::text::jsonb) AS r(tenant_id text, id text, customer_id text, kind text, amount bigint,
          remaining bigint, held bigint, effective_at timestamptz, expires_at timestamptz, priority integer,
          cost_basis bigint, scope jsonb, external_ref text, source_block_id text, voided_at timestamptz,
          created_at timestamptz, updated_at timestamptz)
        ON CONFLICT DO NOTHING RETURNING 1`,
      ],
      [
        'changed_blocks',
        change.changedBlocks.length,
        `UPDATE ${tables.table('credit_blocks')} AS b
        SET remaining = r.remaining, held = r.held, voided_at = r.voided_at, updated_at = r.updated_at
        FROM jsonb_to_recordset($2::text::jsonb) AS r(tenant_id text, id text, remaining bigint, held bigint,
          voided_at timestamptz, updated_at timestamptz)
        WHERE b.tenant_id = r.tenant_id AND b.id = r.id RETURNING 1`,
      ],
      [
        'new_holds',
        change.newHolds.length,
        `INSERT INTO ${tables.table('credit_holds')} (${HOLD_COLUMNS})
        SELECT r.tenant_id, r.id, r.customer_id, r.key, r.service, r.amount, r.draws, r.status, r.posted_amount,
          r.ticket_id, r.message_id, r.expires_at, r.created_at, r.resolved_at
        FROM jsonb_to_recordset($3::text::jsonb) AS r(tenant_id text, id text, customer_id text, key text,
          service text, amount bigint, draws jsonb, status text, posted_amount bigint, ticket_id text,
          message_id text, expires_at timestamptz, created_at timestamptz, resolved_at timestamptz)
        ON CONFLICT DO NOTHING RETURNING 1`,
      ],
      [
        'changed_holds',
        change.changedHolds.length,
        `UPDATE ${tables.table('credit_holds')} AS h
        SET status = r.status, posted_amount = r.posted_amount, resolved_at = r.resolved_at
        FROM jsonb_to_recordset($4::text::jsonb) AS r(tenant_id text, id text, status text, posted_amount bigint,
          resolved_at timestamptz)
        WHERE h.tenant_id = r.tenant_id AND h.id = r.id RETURNING 1`,
      ],
      [
        'new_entries',
        change.entries.length,
        `INSERT INTO ${tables.table('credit_entries')} (${ENTRY_COLUMNS})
        SELECT r.tenant_id, r.customer_id, r.seq, r.id, r.type, r.block_id, r.amount, r.occurred_at, r.recorded_at,
          r.idempotency_key, r.hold_id, r.service, r.ticket_id, r.message_id, r.refers_to, r.actor_kind, r.actor_id,
          r.balance_before, r.balance_after
        FROM jsonb_to_recordset($5::text::jsonb) AS r(tenant_id text, customer_id text, seq bigint, id text,
          type text, block_id text, amount bigint, occurred_at timestamptz, recorded_at timestamptz,
          idempotency_key text, hold_id text, service text, ticket_id text, message_id text, refers_to text,
          actor_kind text, actor_id text, balance_before bigint, balance_after bigint)
        ON CONFLICT DO NOTHING RETURNING 1`,
      ],
      [
        'changed_account',
        change.account === undefined ? 0 : 1,
        `UPDATE ${tables.table('credit_accounts')} AS a
        SET last_seq = r.last_seq, balance = r.balance, posted = r.posted,
          overdraft_block_id = r.overdraft_block_id, updated_at = r.updated_at
        FROM jsonb_to_recordset($6::text::jsonb) AS r(tenant_id text, customer_id text, last_seq bigint,
          balance bigint, posted bigint, overdraft_block_id text, updated_at timestamptz)
        WHERE a.tenant_id = r.tenant_id AND a.customer_id = r.customer_id RETURNING 1`,
      ],
    ];
    const present = parts
      .map(([name, rows, cte], index) => ({ name, rows, cte, param: index + 1 }))
      .filter((part) => part.rows > 0);
    if (present.length === 0) return 'ok';
    // Renumber the parameters of the parts kept: $1.. in order.
    const keptParams = present.map((part) => params[part.param - 1]);
    const text = `WITH ${present
      .map((part, index) => `${part.name} AS (${part.cte.replace(`$${part.param}::`, `$${index + 1}::`)})`)
      .join(',\n')}
      SELECT ${present.map((part) => `(SELECT count(*) FROM ${part.name})::integer AS ${part.name}`).join(', ')}`;
    const run = async (sql: SqlQueryable): Promise<WriteResult> => {
      const [row] = await sql.query(text, keptParams, { carriesHeld: true });
      const count = (column: string) => toNumber(row?.[column] ?? 0);
      if (
        count('new_blocks') !== change.newBlocks.length ||
        count('new_holds') !== change.newHolds.length ||
        count('new_entries') !== change.entries.length
      )
        return 'duplicate';
      if (
        count('changed_blocks') !== change.changedBlocks.length ||
        count('changed_holds') !== change.changedHolds.length ||
        count('changed_account') !== (change.account === undefined ? 0 : 1)
      )
        return 'stale';
      return 'ok';
    };
    return this.context.inTransaction ? run(this.context.sql) : this.context.guarded(run);
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

/** Credit holds in `credit_holds` (written by the ledger's `write`), unique per `(tenant_id, customer_id, key)`; open ones by a partial index. */
export class PgCreditHolds implements CreditHoldRepository {
  constructor(private readonly context: SqlContext) {}

  get #table(): string {
    return this.context.tables.table('credit_holds');
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

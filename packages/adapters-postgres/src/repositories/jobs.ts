import type { JobRecord, JobRepository } from '@ticketkit/core';
import type { SqlRow } from '../driver/sql-driver';
import { jsonParam, toDate, toDateOrNull, toJsonObject, toNumber, toStringOrNull } from '../row-values';
import type { SqlContext } from '../sql-context';

const COLUMNS =
  'tenant_id, id, key, type, payload, due_at, status, attempts, claim_token, lease_until, last_error, created_at';

function jobFromRow(row: SqlRow): JobRecord {
  return {
    tenantId: String(row.tenant_id),
    id: String(row.id),
    key: String(row.key),
    type: String(row.type),
    payload: toJsonObject(row.payload),
    dueAt: toDate(row.due_at),
    status: String(row.status) as JobRecord['status'],
    attempts: toNumber(row.attempts),
    claimToken: toStringOrNull(row.claim_token),
    leaseUntil: toDateOrNull(row.lease_until),
    lastError: toStringOrNull(row.last_error),
    createdAt: toDate(row.created_at),
  };
}

/**
 * Durable jobs in `jobs`, unique per `(tenant_id, key)`. `claimable_at` (a generated
 * column: the due time while scheduled, the lease end while running) is what `claimDue`
 * reads through its partial index, so it touches only jobs that can be claimed.
 */
export class PgJobs implements JobRepository {
  constructor(private readonly context: SqlContext) {}

  get #table(): string {
    return this.context.tables.table('jobs');
  }

  /** An upsert on the key: the replacing job takes the row, id and claim included. */
  async schedule(job: JobRecord): Promise<void> {
    await this.context.sql.query(
      `INSERT INTO ${this.#table} (${COLUMNS})
       VALUES ($1, $2, $3, $4, $5::text::jsonb, $6::timestamptz, $7, $8::integer, $9, $10::timestamptz, $11,
         $12::timestamptz)
       ON CONFLICT (tenant_id, key) DO UPDATE SET id = excluded.id, type = excluded.type,
         payload = excluded.payload, due_at = excluded.due_at, status = excluded.status,
         attempts = excluded.attempts, claim_token = excluded.claim_token, lease_until = excluded.lease_until,
         last_error = excluded.last_error, created_at = excluded.created_at`,
      [
        job.tenantId,
        job.id,
        job.key,
        job.type,
        jsonParam(job.payload),
        job.dueAt,
        job.status,
        job.attempts,
        job.claimToken,
        job.leaseUntil,
        job.lastError,
        job.createdAt,
      ],
    );
  }

  async cancel(tenantId: string, key: string): Promise<boolean> {
    const rows = await this.context.sql.query(
      `DELETE FROM ${this.#table} WHERE tenant_id = $1 AND key = $2 RETURNING 1 AS deleted`,
      [tenantId, key],
    );
    return rows.length === 1;
  }

  async get(tenantId: string, key: string): Promise<JobRecord | null> {
    const rows = await this.context.sql.query(
      `SELECT ${COLUMNS} FROM ${this.#table} WHERE tenant_id = $1 AND key = $2`,
      [tenantId, key],
    );
    return rows[0] === undefined ? null : jobFromRow(rows[0]);
  }

  /**
   * `FOR UPDATE SKIP LOCKED`: concurrent claimers lock disjoint rows, and a row another
   * claimer committed meanwhile is re-checked (its new lease is in the future) and skipped.
   */
  async claimDue(params: {
    now: Date;
    limit: number;
    claimToken: string;
    leaseUntil: Date;
  }): Promise<JobRecord[]> {
    const columns = COLUMNS.split(', ')
      .map((column) => `job.${column}`)
      .join(', ');
    const rows = await this.context.sql.query(
      `WITH due AS (
         SELECT tenant_id, id, claimable_at FROM ${this.#table}
         WHERE claimable_at <= $1::timestamptz
         ORDER BY claimable_at LIMIT $2::integer
         FOR UPDATE SKIP LOCKED
       ), claimed AS (
         UPDATE ${this.#table} AS job
         SET status = 'running', claim_token = $3, lease_until = $4::timestamptz, attempts = job.attempts + 1
         FROM due WHERE job.tenant_id = due.tenant_id AND job.id = due.id
         RETURNING ${columns}, due.claimable_at AS claimed_at
       )
       SELECT * FROM claimed ORDER BY claimed_at, tenant_id, id`,
      [params.now, params.limit, params.claimToken, params.leaseUntil],
    );
    return rows.map(jobFromRow);
  }

  async complete(tenantId: string, id: string, claimToken: string): Promise<boolean> {
    const rows = await this.context.sql.query(
      `DELETE FROM ${this.#table}
       WHERE tenant_id = $1 AND id = $2 AND status = 'running' AND claim_token = $3
       RETURNING 1 AS deleted`,
      [tenantId, id, claimToken],
    );
    return rows.length === 1;
  }

  async release(
    tenantId: string,
    id: string,
    claimToken: string,
    outcome: { status: 'scheduled' | 'failed'; dueAt: Date; lastError: string },
  ): Promise<boolean> {
    const rows = await this.context.sql.query(
      `UPDATE ${this.#table}
       SET status = $4, due_at = $5::timestamptz, last_error = $6, claim_token = NULL, lease_until = NULL
       WHERE tenant_id = $1 AND id = $2 AND status = 'running' AND claim_token = $3
       RETURNING 1 AS released`,
      [tenantId, id, claimToken, outcome.status, outcome.dueAt, outcome.lastError],
    );
    return rows.length === 1;
  }
}

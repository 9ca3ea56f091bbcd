import type { Customer, CustomerIdentity, CustomerRepository, WriteResult } from '@ticketkit/core';
import type { SqlQueryable, SqlRow } from '../driver/sql-driver';
import { jsonParam, toDate, toJsonObject, toJsonValue, toNumber, toStringOrNull } from '../row-values';
import type { SqlContext } from '../sql-context';

const COLUMNS =
  'c.tenant_id, c.id, c.name, c.email, c.identities, c.time_zone, c.locale, c.attributes, c.version, c.created_at, c.updated_at';

/** The unique key of an identity: a JSON array, so that a null network differs from ''. */
export function identityKey(identity: { type: string; network: string | null; value: string }): string {
  return JSON.stringify([identity.type, identity.network, identity.value]);
}

function customerFromRow(row: SqlRow): Customer {
  return {
    tenantId: String(row.tenant_id),
    id: String(row.id),
    name: toStringOrNull(row.name),
    email: toStringOrNull(row.email),
    identities: toJsonValue(row.identities) as unknown as CustomerIdentity[],
    timeZone: toStringOrNull(row.time_zone),
    locale: toStringOrNull(row.locale),
    attributes: toJsonObject(row.attributes),
    version: toNumber(row.version),
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
  };
}

/**
 * Customers in `customers`, their identities in `customer_identities` (primary key
 * `(tenant_id, identity_key)`). `insert` writes both in one statement with
 * `ON CONFLICT DO NOTHING` and removes what it wrote when an identity was taken (inside a
 * transaction) or rolls its own transaction back (on the port). `update` runs guarded: a
 * taken identity is a unique violation, which the guard turns into `duplicate` with nothing
 * written.
 */
export class PgCustomers implements CustomerRepository {
  constructor(private readonly context: SqlContext) {}

  get #customers(): string {
    return this.context.tables.table('customers');
  }

  get #identities(): string {
    return this.context.tables.table('customer_identities');
  }

  async get(tenantId: string, id: string): Promise<Customer | null> {
    const rows = await this.context.sql.query(
      `SELECT ${COLUMNS} FROM ${this.#customers} c WHERE c.tenant_id = $1 AND c.id = $2`,
      [tenantId, id],
    );
    return rows[0] === undefined ? null : customerFromRow(rows[0]);
  }

  async findByIdentity(
    tenantId: string,
    identity: { type: string; network: string | null; value: string },
  ): Promise<Customer | null> {
    const rows = await this.context.sql.query(
      `SELECT ${COLUMNS} FROM ${this.#identities} i
       JOIN ${this.#customers} c ON c.tenant_id = i.tenant_id AND c.id = i.customer_id
       WHERE i.tenant_id = $1 AND i.identity_key = $2`,
      [tenantId, identityKey(identity)],
    );
    return rows[0] === undefined ? null : customerFromRow(rows[0]);
  }

  /**
   * One statement inserts the customer and its identities (`ON CONFLICT DO NOTHING` on both,
   * so a concurrent insert of the same key waits for the other transaction, then finds it
   * taken or free). When the id or an identity was taken, nothing may stay: inside a
   * transaction a second statement deletes what the first inserted (no savepoint round
   * trips); on the port, the guard's own transaction rolls back.
   */
  async insert(customer: Customer): Promise<WriteResult> {
    if (!this.context.inTransaction) {
      return this.context.guarded(async (sql) => (await this.#insert(sql, customer)).result);
    }
    const { result, insertedCustomer, keys } = await this.#insert(this.context.sql, customer);
    if (result !== 'ok' && insertedCustomer) {
      // An identity was taken: remove the customer row and the identities this insert wrote.
      await this.context.sql.query(
        `WITH identities AS (
           DELETE FROM ${this.#identities}
           WHERE tenant_id = $1 AND customer_id = $2 AND identity_key = ANY($3::text[])
         )
         DELETE FROM ${this.#customers} WHERE tenant_id = $1 AND id = $2`,
        [customer.tenantId, customer.id, keys],
      );
    }
    return result;
  }

  /**
   * Inserts the customer and its identities in one statement; `duplicate` unless every row
   * went in, and whether the customer row did (then it is this transaction's to remove).
   */
  async #insert(
    sql: SqlQueryable,
    customer: Customer,
  ): Promise<{ result: WriteResult; insertedCustomer: boolean; keys: string[] }> {
    const keys = [...new Set(customer.identities.map(identityKey))];
    const rows = await sql.query<{ customers: number; identities: number }>(
      `WITH customer AS (
         INSERT INTO ${this.#customers}
           (tenant_id, id, name, email, identities, time_zone, locale, attributes, version, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5::text::jsonb, $6, $7, $8::text::jsonb, $9::integer, $10::timestamptz, $11::timestamptz)
         ON CONFLICT DO NOTHING RETURNING 1
       ), identity AS (
         INSERT INTO ${this.#identities} (tenant_id, identity_key, customer_id)
         SELECT $1, key, $2 FROM unnest($12::text[]) AS key WHERE EXISTS (SELECT 1 FROM customer)
         ON CONFLICT DO NOTHING RETURNING 1
       )
       SELECT (SELECT count(*) FROM customer)::integer AS customers,
              (SELECT count(*) FROM identity)::integer AS identities`,
      [...this.#params(customer), keys],
    );
    const insertedCustomer = rows[0]?.customers === 1;
    const result = insertedCustomer && rows[0]?.identities === keys.length ? 'ok' : 'duplicate';
    return { result, insertedCustomer, keys };
  }

  update(customer: Customer, expectedVersion: number): Promise<WriteResult> {
    return this.context.guarded(async (sql) => {
      const params = this.#params(customer);
      params.push(expectedVersion);
      const rows = await sql.query(
        `UPDATE ${this.#customers} SET name = $3, email = $4, identities = $5::text::jsonb, time_zone = $6,
           locale = $7, attributes = $8::text::jsonb, version = $9::integer, created_at = $10::timestamptz,
           updated_at = $11::timestamptz
         WHERE tenant_id = $1 AND id = $2 AND version = $12::integer RETURNING 1 AS updated`,
        params,
      );
      if (rows.length === 0) return 'stale';
      const keys = customer.identities.map(identityKey);
      await sql.query(
        `DELETE FROM ${this.#identities}
         WHERE tenant_id = $1 AND customer_id = $2 AND NOT (identity_key = ANY($3::text[]))`,
        [customer.tenantId, customer.id, keys],
      );
      const existing = await sql.query<{ identity_key: string }>(
        `SELECT identity_key FROM ${this.#identities} WHERE tenant_id = $1 AND customer_id = $2`,
        [customer.tenantId, customer.id],
      );
      const have = new Set(existing.map((row) => String(row.identity_key)));
      await this.#addIdentities(
        sql,
        customer,
        customer.identities.filter((identity) => !have.has(identityKey(identity))),
      );
      return 'ok';
    });
  }

  async list(tenantId: string, query: { afterId: string | null; limit: number }): Promise<Customer[]> {
    const rows =
      query.afterId === null
        ? await this.context.sql.query(
            `SELECT ${COLUMNS} FROM ${this.#customers} c WHERE c.tenant_id = $1 ORDER BY c.id LIMIT $2::integer`,
            [tenantId, query.limit],
          )
        : await this.context.sql.query(
            `SELECT ${COLUMNS} FROM ${this.#customers} c WHERE c.tenant_id = $1 AND c.id > $2
             ORDER BY c.id LIMIT $3::integer`,
            [tenantId, query.afterId, query.limit],
          );
    return rows.map(customerFromRow);
  }

  #params(customer: Customer): unknown[] {
    return [
      customer.tenantId,
      customer.id,
      customer.name,
      customer.email,
      jsonParam(customer.identities),
      customer.timeZone,
      customer.locale,
      jsonParam(customer.attributes),
      customer.version,
      customer.createdAt,
      customer.updatedAt,
    ];
  }

  /** Inserts identity rows; a taken one raises a unique violation (the guard makes it `duplicate`). */
  async #addIdentities(sql: SqlQueryable, customer: Customer, identities: CustomerIdentity[]): Promise<void> {
    const keys = [...new Set(identities.map(identityKey))];
    if (keys.length === 0) return;
    await sql.query(
      `INSERT INTO ${this.#identities} (tenant_id, identity_key, customer_id)
       SELECT $1, key, $2 FROM unnest($3::text[]) AS key`,
      [customer.tenantId, customer.id, keys],
    );
  }
}

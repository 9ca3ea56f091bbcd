import type { Message, MessageListQuery, MessageRepository, WriteResult } from '@ticketkit/core';
import type { SqlRow } from '../driver/sql-driver';
import { keysetCondition } from '../keyset-condition';
import { jsonParam, toDate, toJsonValue, toNumber, toStringOrNull } from '../row-values';
import type { SqlContext } from '../sql-context';

const COLUMNS =
  'tenant_id, id, ticket_id, seq, visibility, author_kind, author_id, body, channel, external_id, attachments, created_at';

function messageFromRow(row: SqlRow): Message {
  return {
    tenantId: String(row.tenant_id),
    id: String(row.id),
    ticketId: String(row.ticket_id),
    seq: toNumber(row.seq),
    visibility: String(row.visibility) as Message['visibility'],
    author: { kind: String(row.author_kind) as Message['author']['kind'], id: toStringOrNull(row.author_id) },
    body: String(row.body),
    channel: String(row.channel) as Message['channel'],
    externalId: toStringOrNull(row.external_id),
    attachments: toJsonValue(row.attachments) as unknown as Message['attachments'],
    createdAt: toDate(row.created_at),
  };
}

/** The values of {@link COLUMNS} for a message. */
function messageParams(message: Message): unknown[] {
  return [
    message.tenantId,
    message.id,
    message.ticketId,
    message.seq,
    message.visibility,
    message.author.kind,
    message.author.id,
    message.body,
    message.channel,
    message.externalId,
    jsonParam(message.attachments),
    message.createdAt,
  ];
}

/** Thread messages in `messages`; external ids unique per tenant (a partial unique index). */
export class PgMessages implements MessageRepository {
  constructor(private readonly context: SqlContext) {}

  get #table(): string {
    return this.context.tables.table('messages');
  }

  /**
   * Held inside a transaction (see `SqlQueryable.deferred`): a create or reply whose other
   * writes are held too sends its message with them.
   */
  async insertNew(message: Message): Promise<void> {
    await this.context.sql.deferred(this.#insertText, messageParams(message));
  }

  async insert(message: Message): Promise<WriteResult> {
    const rows = await this.context.sql.query(
      `${this.#insertText} ON CONFLICT DO NOTHING RETURNING 1 AS inserted`,
      messageParams(message),
    );
    return rows.length === 1 ? 'ok' : 'duplicate';
  }

  /** The single-row insert of a message, without a conflict clause. */
  get #insertText(): string {
    return `INSERT INTO ${this.#table} (${COLUMNS})
       VALUES ($1, $2, $3, $4::integer, $5, $6, $7, $8, $9, $10, $11::text::jsonb, $12::timestamptz)`;
  }

  async findByExternalId(tenantId: string, externalId: string): Promise<Message | null> {
    const rows = await this.context.sql.query(
      `SELECT ${COLUMNS} FROM ${this.#table} WHERE tenant_id = $1 AND external_id = $2`,
      [tenantId, externalId],
    );
    return rows[0] === undefined ? null : messageFromRow(rows[0]);
  }

  async list(tenantId: string, query: MessageListQuery): Promise<Message[]> {
    if (query.ticketIds.length === 0) return [];
    const params: unknown[] = [tenantId, [...new Set(query.ticketIds)]];
    const where = ['tenant_id = $1', 'ticket_id = ANY($2::text[])'];
    if (query.visibility !== undefined) {
      params.push(query.visibility);
      where.push(`visibility = $${params.length}`);
    }
    if (query.after !== null) {
      const condition = keysetCondition(
        [
          { sql: 'created_at', kind: 'instant' },
          { sql: 'seq', kind: 'integer' },
        ],
        'id',
        query.after,
        'asc',
        params.length + 1,
      );
      params.push(...condition.params);
      where.push(condition.sql);
    }
    params.push(query.limit);
    const rows = await this.context.sql.query(
      `SELECT ${COLUMNS} FROM ${this.#table} WHERE ${where.join(' AND ')}
       ORDER BY created_at, seq, id LIMIT $${params.length}::integer`,
      params,
    );
    return rows.map(messageFromRow);
  }
}

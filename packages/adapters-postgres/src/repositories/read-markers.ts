import type { ReadMarker, ReadMarkerRepository, WriteResult } from '@ticketkit/core';
import { toDate, toNumber } from '../row-values';
import type { SqlContext } from '../sql-context';

const COLUMNS =
  'tenant_id, ticket_id, reader_kind, reader_id, last_message_at, last_message_seq, last_message_id, read_at';

function markerFromRow(row: Record<string, unknown>): ReadMarker {
  return {
    tenantId: String(row.tenant_id),
    ticketId: String(row.ticket_id),
    readerKind: String(row.reader_kind) as ReadMarker['readerKind'],
    readerId: String(row.reader_id),
    lastMessageAt: toDate(row.last_message_at),
    lastMessageSeq: toNumber(row.last_message_seq),
    lastMessageId: String(row.last_message_id),
    readAt: toDate(row.read_at),
  };
}

/** Read positions in `read_markers`, primary key `(tenant_id, reader_kind, reader_id, ticket_id)`. */
export class PgReadMarkers implements ReadMarkerRepository {
  constructor(private readonly context: SqlContext) {}

  get #table(): string {
    return this.context.tables.table('read_markers');
  }

  async getMany(
    tenantId: string,
    reader: { kind: ReadMarker['readerKind']; id: string },
    ticketIds: string[],
  ): Promise<ReadMarker[]> {
    if (ticketIds.length === 0) return [];
    const rows = await this.context.sql.query(
      `SELECT ${COLUMNS} FROM ${this.#table}
       WHERE tenant_id = $1 AND reader_kind = $2 AND reader_id = $3 AND ticket_id = ANY($4::text[])`,
      [tenantId, reader.kind, reader.id, [...new Set(ticketIds)]],
    );
    return rows.map(markerFromRow);
  }

  /**
   * One upsert: the row lock of `ON CONFLICT DO UPDATE` serializes concurrent advances, and
   * the `WHERE` keeps the stored marker unless the new one is further in thread order.
   */
  async advance(marker: ReadMarker): Promise<WriteResult> {
    const rows = await this.context.sql.query(
      `INSERT INTO ${this.#table} AS stored (${COLUMNS})
       VALUES ($1, $2, $3, $4, $5::timestamptz, $6::integer, $7, $8::timestamptz)
       ON CONFLICT (tenant_id, reader_kind, reader_id, ticket_id) DO UPDATE SET
         last_message_at = EXCLUDED.last_message_at,
         last_message_seq = EXCLUDED.last_message_seq,
         last_message_id = EXCLUDED.last_message_id,
         read_at = EXCLUDED.read_at
       WHERE (stored.last_message_at, stored.last_message_seq, stored.last_message_id)
           < (EXCLUDED.last_message_at, EXCLUDED.last_message_seq, EXCLUDED.last_message_id)
       RETURNING 1 AS written`,
      [
        marker.tenantId,
        marker.ticketId,
        marker.readerKind,
        marker.readerId,
        marker.lastMessageAt,
        marker.lastMessageSeq,
        marker.lastMessageId,
        marker.readAt,
      ],
    );
    return rows.length === 1 ? 'ok' : 'stale';
  }
}

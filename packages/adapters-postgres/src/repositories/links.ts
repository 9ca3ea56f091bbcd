import type { ActorRef, LinkRepository, TicketLink, WriteResult } from '@ticketkit/core';
import type { SqlRow } from '../driver/sql-driver';
import { jsonParam, toDate, toJsonValue } from '../row-values';
import type { SqlContext } from '../sql-context';

const COLUMNS = 'tenant_id, id, type, source_id, target_id, created_at, created_by';

function linkFromRow(row: SqlRow): TicketLink {
  return {
    tenantId: String(row.tenant_id),
    id: String(row.id),
    type: String(row.type) as TicketLink['type'],
    sourceId: String(row.source_id),
    targetId: String(row.target_id),
    createdAt: toDate(row.created_at),
    createdBy: toJsonValue(row.created_by) as unknown as ActorRef,
  };
}

/** Ticket links in `ticket_links`; one per type and direction (`related`: per pair), by a unique index. */
export class PgLinks implements LinkRepository {
  constructor(private readonly context: SqlContext) {}

  get #table(): string {
    return this.context.tables.table('ticket_links');
  }

  async insert(link: TicketLink): Promise<WriteResult> {
    const rows = await this.context.sql.query(
      `INSERT INTO ${this.#table} (${COLUMNS})
       VALUES ($1, $2, $3, $4, $5, $6::timestamptz, $7::text::jsonb)
       ON CONFLICT DO NOTHING RETURNING 1 AS inserted`,
      [
        link.tenantId,
        link.id,
        link.type,
        link.sourceId,
        link.targetId,
        link.createdAt,
        jsonParam(link.createdBy),
      ],
    );
    return rows.length === 1 ? 'ok' : 'duplicate';
  }

  async delete(tenantId: string, id: string): Promise<boolean> {
    const rows = await this.context.sql.query(
      `DELETE FROM ${this.#table} WHERE tenant_id = $1 AND id = $2 RETURNING 1 AS deleted`,
      [tenantId, id],
    );
    return rows.length === 1;
  }

  async listForTicket(tenantId: string, ticketId: string): Promise<TicketLink[]> {
    const rows = await this.context.sql.query(
      `SELECT ${COLUMNS} FROM ${this.#table}
       WHERE tenant_id = $1 AND (source_id = $2 OR target_id = $2)
       ORDER BY created_at, id`,
      [tenantId, ticketId],
    );
    return rows.map(linkFromRow);
  }
}

import type { ActorRef, EventListQuery, EventPage, EventRepository, StoredEvent } from '@ticketkit/core';
import type { SqlRow } from '../driver/sql-driver';
import { jsonParam, toDate, toJsonObject, toJsonValue, toNumber, toStringOrNull } from '../row-values';
import type { SqlContext } from '../sql-context';

const COLUMNS = 'e.position, e.tenant_id, e.id, e.type, e.occurred_at, e.actor, e.ticket_id, e.data';

function eventFromRow(row: SqlRow): StoredEvent {
  return {
    tenantId: String(row.tenant_id),
    id: String(row.id),
    type: String(row.type),
    occurredAt: toDate(row.occurred_at),
    actor: toJsonValue(row.actor) as unknown as ActorRef,
    ticketId: toStringOrNull(row.ticket_id),
    data: toJsonObject(row.data),
  };
}

/**
 * The event store in `events`.
 *
 * Visibility order: events are read in `(xid, position)` order, where `xid` is the writing
 * transaction's id (`xid8`) and `position` an identity. A read returns only events of transactions older than its snapshot's xmin: those
 * have all committed or rolled back, and every transaction still running or yet to write has
 * an xid at or above xmin, so its events sort after everything returned. A reader that
 * continues after the last event it got therefore never misses one. (Positions alone would
 * not do: a transaction can take position 5, commit after the one that took 6, and a reader
 * that already passed 6 would skip 5.) The price: a transaction that stays open holds back
 * every feed of the database until it ends (it is never skipped).
 *
 * A position names an event (its identity value); `after` resumes after that event in the
 * visibility order. Inside a transaction that appended events, reads also return its own
 * events (read-your-writes), after the others.
 */
export class PgEvents implements EventRepository {
  constructor(private readonly context: SqlContext) {}

  get #table(): string {
    return this.context.tables.table('events');
  }

  async append(events: StoredEvent[]): Promise<void> {
    if (events.length === 0) return;
    if (events.length === 1) {
      // One event (most commands): a plain VALUES row, cheaper than unnest.
      const [event] = events as [StoredEvent];
      // Held inside a transaction: it travels with the next statement or the COMMIT (see SqlQueryable.deferred).
      await this.context.sql.deferred(
        `INSERT INTO ${this.#table} (tenant_id, id, type, occurred_at, actor, ticket_id, data)
         VALUES ($1, $2, $3, $4::timestamptz, $5::text::jsonb, $6, $7::text::jsonb)`,
        [
          event.tenantId,
          event.id,
          event.type,
          event.occurredAt,
          jsonParam(event.actor),
          event.ticketId,
          jsonParam(event.data),
        ],
      );
      if (this.context.inTransaction) this.context.events.appended = true;
      return;
    }
    await this.context.sql.deferred(
      `INSERT INTO ${this.#table} (tenant_id, id, type, occurred_at, actor, ticket_id, data)
       SELECT tenant_id, id, type, occurred_at::timestamptz, actor::jsonb, ticket_id, data::jsonb
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
         WITH ORDINALITY AS appended (tenant_id, id, type, occurred_at, actor, ticket_id, data, ordinal)
       ORDER BY ordinal`,
      [
        events.map((event) => event.tenantId),
        events.map((event) => event.id),
        events.map((event) => event.type),
        events.map((event) => event.occurredAt.toISOString()),
        events.map((event) => jsonParam(event.actor)),
        events.map((event) => event.ticketId),
        events.map((event) => jsonParam(event.data)),
      ],
    );
    if (this.context.inTransaction) this.context.events.appended = true;
  }

  list(tenantId: string, query: EventListQuery): Promise<EventPage> {
    return this.#page(tenantId, null, query);
  }

  listForTicket(tenantId: string, ticketId: string, query: EventListQuery): Promise<EventPage> {
    return this.#page(tenantId, ticketId, query);
  }

  async #page(tenantId: string, ticketId: string | null, query: EventListQuery): Promise<EventPage> {
    const params: unknown[] = [tenantId];
    const scope = ['e.tenant_id = $1'];
    if (ticketId !== null) {
      params.push(ticketId);
      scope.push(`e.ticket_id = $${params.length}`);
    }
    const horizon = '(SELECT pg_snapshot_xmin(pg_current_snapshot()))';
    scope.push(
      this.context.events.appended
        ? `(e.xid < ${horizon} OR e.xid = pg_current_xact_id())`
        : `e.xid < ${horizon}`,
    );
    // The feed runs in (xid, position) order: a later commit always sorts after what a reader
    // passed. A ticket's history runs in append order (position), as the port says: its events
    // are appended under the ticket's row lock, so that is also the order the changes applied,
    // which xid order is not (a transaction waiting for the lock may hold an older xid).
    const order = ticketId === null ? ['e.xid', 'e.position'] : ['e.position'];
    if (query.after !== null) {
      params.push(query.after);
      scope.push(
        ticketId === null
          ? `(e.xid, e.position) > (SELECT xid, position FROM ${this.#table} WHERE tenant_id = $1 AND position = $${params.length}::bigint)`
          : `e.position > $${params.length}::bigint`,
      );
    }
    const matching = [...scope];
    if (query.types !== undefined) {
      params.push(query.types);
      matching.push(`e.type = ANY($${params.length}::text[])`);
    }
    params.push(query.limit);
    const page = `SELECT ${COLUMNS}, e.xid FROM ${this.#table} e WHERE ${matching.join(' AND ')}
      ORDER BY ${order.join(', ')} LIMIT $${params.length}::integer`;

    if (query.types === undefined) {
      const rows = await this.context.sql.query(page, params);
      const last = rows[rows.length - 1];
      return {
        events: rows.map(eventFromRow),
        position: last === undefined ? query.after : toNumber(last.position),
      };
    }
    // With a types filter, the events scanned run past the last match: the position moves to
    // the last visible event after the cursor (read in the same statement, so the same
    // snapshot), unless the page is full.
    const rows = await this.context.sql.query(
      `WITH page AS (${page})
       SELECT page.*, (
         SELECT e.position FROM ${this.#table} e WHERE ${scope.join(' AND ')}
         ORDER BY ${order.map((column) => `${column} DESC`).join(', ')} LIMIT 1
       ) AS tail
       FROM (SELECT 1) AS one LEFT JOIN page ON true
       ORDER BY ${order.map((column) => column.replace('e.', 'page.')).join(', ')}`,
      params,
    );
    const events = rows.filter((row) => row.id !== null).map(eventFromRow);
    const last = rows[rows.length - 1];
    const tail = rows[0]?.tail;
    const position =
      events.length === query.limit && last !== undefined
        ? toNumber(last.position)
        : tail === null || tail === undefined
          ? query.after
          : toNumber(tail);
    return { events, position };
  }
}

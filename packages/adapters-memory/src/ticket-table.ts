import type { Ticket } from '@ticketkit/core';
import { TenantTable, type UndoLog } from './undo-log';

/**
 * What the store keeps under a ticket id: the ticket (absent while only events name the id)
 * and the positions of the ticket's events in its tenant's feed (one position as the number
 * itself, two or more as an array). Rows are replaced on change, never mutated, except a
 * positions array, whose appends are logged.
 */
export interface TicketRow {
  readonly ticket: Ticket | undefined;
  readonly events: number | number[] | undefined;
}

/**
 * Stored tickets and their event positions, by tenant and ticket id, in one table: a create
 * stores the ticket and then appends its first events under the same key, so the second
 * lookup finds the row just written instead of searching another large table.
 */
export class TicketTable {
  readonly #rows: TenantTable<TicketRow>;
  readonly #log: UndoLog;

  constructor(log: UndoLog) {
    this.#log = log;
    this.#rows = new TenantTable(log);
  }

  /** The stored ticket, if any. */
  get(tenantId: string, id: string): Ticket | undefined {
    return this.#rows.get(tenantId, id)?.ticket;
  }

  /** Stores a ticket under a new id; false (and nothing written) when a ticket has that id. */
  insert(tenantId: string, id: string, ticket: Ticket): boolean {
    const row = this.#rows.get(tenantId, id);
    if (row === undefined) this.#rows.add(tenantId, id, { ticket, events: undefined });
    else if (row.ticket !== undefined) return false;
    else this.#rows.set(tenantId, id, { ticket, events: row.events });
    return true;
  }

  /** Replaces the stored ticket under `id`. */
  replace(tenantId: string, id: string, ticket: Ticket): void {
    const row = this.#rows.get(tenantId, id);
    this.#rows.set(tenantId, id, { ticket, events: row?.events });
  }

  /** The tenant's rows in insertion order; rows without a ticket hold events only. */
  rows(tenantId: string): Iterable<TicketRow> {
    return this.#rows.values(tenantId);
  }

  /** Positions of the events naming ticket `id`, oldest first. Read-only for the caller. */
  eventPositions(tenantId: string, id: string): readonly number[] {
    const events = this.#rows.get(tenantId, id)?.events;
    return events === undefined ? [] : typeof events === 'number' ? [events] : events;
  }

  /** Appends the position of an event naming ticket `id` (stored or not). */
  appendEventPosition(tenantId: string, id: string, position: number): void {
    const row = this.#rows.get(tenantId, id);
    if (row === undefined) this.#rows.add(tenantId, id, { ticket: undefined, events: position });
    else if (row.events === undefined) this.#rows.set(tenantId, id, { ticket: row.ticket, events: position });
    else if (typeof row.events === 'number') {
      this.#rows.set(tenantId, id, { ticket: row.ticket, events: [row.events, position] });
    } else {
      row.events.push(position);
      this.#log.pushAppendStep(row.events);
    }
  }
}

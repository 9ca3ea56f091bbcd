import {
  compareKeysets,
  type Keyset,
  matchesTicketFilter,
  type Ticket,
  type TicketListQuery,
  type TicketRepository,
  ticketSortValues,
  type WriteResult,
} from '@ticketkit/core';
import { copyTicket, storedTicket } from '../deep-copy';
import { key, type MemoryState } from '../memory-state';

/** Tickets in memory: a scan per list, which is what an in-process store for tests needs. */
export class MemoryTickets implements TicketRepository {
  constructor(private readonly state: MemoryState) {}

  async get(tenantId: string, id: string): Promise<Ticket | null> {
    const ticket = this.state.tickets.get(tenantId, id);
    return ticket === undefined ? null : copyTicket(ticket);
  }

  /** Transactions already run one at a time here, so holding the ticket needs no extra lock. */
  getForUpdate(tenantId: string, id: string): Promise<Ticket | null> {
    return this.get(tenantId, id);
  }

  async getMany(tenantId: string, ids: string[]): Promise<Ticket[]> {
    const found: Ticket[] = [];
    for (const id of new Set(ids)) {
      const ticket = this.state.tickets.get(tenantId, id);
      if (ticket !== undefined) found.push(copyTicket(ticket));
    }
    return found;
  }

  /** Writes at once, like {@link insert}; a taken id throws, which rolls the transaction back. */
  async insertNew(ticket: Ticket): Promise<void> {
    if ((await this.insert(ticket)) !== 'ok') {
      throw new Error(`Ticket id ${ticket.id} is already taken: the id generator repeats itself`);
    }
  }

  async insert(ticket: Ticket): Promise<WriteResult> {
    if (this.state.tickets.has(ticket.tenantId, ticket.id)) return 'duplicate';
    this.state.tickets.add(ticket.tenantId, ticket.id, storedTicket(ticket));
    if (ticket.parentId !== null) this.#addChild(ticket.tenantId, ticket.parentId, ticket.id);
    return 'ok';
  }

  async update(ticket: Ticket, expectedVersion: number): Promise<WriteResult> {
    const stored = this.state.tickets.get(ticket.tenantId, ticket.id);
    if (stored === undefined || stored.version !== expectedVersion) return 'stale';
    this.state.tickets.set(ticket.tenantId, ticket.id, storedTicket(ticket));
    if (stored.parentId !== ticket.parentId) {
      if (stored.parentId !== null) this.#removeChild(ticket.tenantId, stored.parentId, ticket.id);
      if (ticket.parentId !== null) this.#addChild(ticket.tenantId, ticket.parentId, ticket.id);
    }
    return 'ok';
  }

  async list(tenantId: string, query: TicketListQuery): Promise<Ticket[]> {
    const sign = query.direction === 'asc' ? 1 : -1;
    const rows: Array<{ ticket: Ticket; keyset: Keyset }> = [];
    for (const ticket of this.state.tickets.values(tenantId)) {
      if (!matchesTicketFilter(ticket, query.filter)) continue;
      const keyset = { values: ticketSortValues(ticket, query.sort), id: ticket.id };
      if (query.after !== null && sign * compareKeysets(keyset, query.after) <= 0) continue;
      rows.push({ ticket, keyset });
    }
    rows.sort((a, b) => sign * compareKeysets(a.keyset, b.keyset));
    return rows.slice(0, query.limit).map((row) => copyTicket(row.ticket));
  }

  async listChildren(tenantId: string, parentId: string): Promise<Ticket[]> {
    const ids = this.state.childIds.get(key(tenantId, parentId)) ?? [];
    return this.getMany(tenantId, [...ids]);
  }

  async nextNumber(tenantId: string, count = 1): Promise<number> {
    const first = (this.state.ticketNumbers.get(tenantId) ?? 0) + 1;
    this.state.ticketNumbers.set(tenantId, first + count - 1);
    return first;
  }

  #addChild(tenantId: string, parentId: string, childId: string): void {
    const childKey = key(tenantId, parentId);
    this.state.childIds.set(childKey, [...(this.state.childIds.get(childKey) ?? []), childId]);
  }

  #removeChild(tenantId: string, parentId: string, childId: string): void {
    const childKey = key(tenantId, parentId);
    this.state.childIds.set(
      childKey,
      (this.state.childIds.get(childKey) ?? []).filter((id) => id !== childId),
    );
  }
}

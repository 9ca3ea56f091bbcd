import { buildTicket, newTenantId } from '@ticketkit/core/testing';
import { describe, expect, it } from 'vitest';
import { TicketTable } from './ticket-table';
import { UndoLog } from './undo-log';

describe('ticket table', () => {
  it('TicketTable - events may name a ticket before it is stored; the ticket then joins their row', () => {
    const log = new UndoLog();
    const table = new TicketTable(log);
    const tenantId = newTenantId();
    const ticket = buildTicket(tenantId);
    table.appendEventPosition(tenantId, ticket.id, 1);
    table.appendEventPosition(tenantId, ticket.id, 2);
    expect(table.get(tenantId, ticket.id)).toBeUndefined();
    expect([...table.rows(tenantId)].filter((row) => row.ticket !== undefined)).toEqual([]);
    log.clear();
    expect(table.insert(tenantId, ticket.id, ticket)).toBe(true);
    expect(table.insert(tenantId, ticket.id, { ...ticket, subject: 'second' })).toBe(false);
    table.appendEventPosition(tenantId, ticket.id, 3);
    expect(table.get(tenantId, ticket.id)).toBe(ticket);
    expect(table.eventPositions(tenantId, ticket.id)).toEqual([1, 2, 3]);
    // Rolling back the insert and the append leaves the events that came first.
    log.rollback();
    expect(table.get(tenantId, ticket.id)).toBeUndefined();
    expect(table.eventPositions(tenantId, ticket.id)).toEqual([1, 2]);
  });

  it('TicketTable.replace - keeps the event positions; rollback brings back the previous ticket', () => {
    const log = new UndoLog();
    const table = new TicketTable(log);
    const tenantId = newTenantId();
    const ticket = buildTicket(tenantId);
    table.insert(tenantId, ticket.id, ticket);
    table.appendEventPosition(tenantId, ticket.id, 7);
    log.clear();
    const changed = { ...ticket, subject: 'changed', version: ticket.version + 1 };
    table.replace(tenantId, ticket.id, changed);
    table.appendEventPosition(tenantId, ticket.id, 8);
    expect(table.get(tenantId, ticket.id)).toBe(changed);
    expect(table.eventPositions(tenantId, ticket.id)).toEqual([7, 8]);
    log.rollback();
    expect(table.get(tenantId, ticket.id)).toBe(ticket);
    expect(table.eventPositions(tenantId, ticket.id)).toEqual([7]);
    expect(table.eventPositions(newTenantId(), ticket.id)).toEqual([]);
  });
});

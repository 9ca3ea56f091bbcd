import { describe, expect, it } from 'vitest';
import type { AnyTicketkitEvent } from '../events';
import { buildMessage, buildTicket } from '../testing/fixtures';
import { customerMessageView, customerNotice, customerTicketView } from './customer-views';

const settings = {
  categories: [],
  customFields: [
    { key: 'order', label: 'Order', type: 'text' as const, required: false, customerEditable: true },
  ],
  customerCanSetPriority: false,
  defaultPriority: 'medium' as const,
  csatScale: 'five_point' as const,
  csatChangeWindowSeconds: 60,
};

describe('customer views', () => {
  it('customerTicketView - keeps only allow-listed fields and customer-editable custom fields', () => {
    const ticket = buildTicket('acme', { customFields: { order: 'A-1', plan: 'gold', churn: 'high' } });
    const view = customerTicketView(ticket, 3, settings);
    expect(view).toEqual({
      id: ticket.id,
      number: ticket.number,
      subject: ticket.subject,
      category: ticket.category,
      priority: ticket.priority,
      status: ticket.statusCategory,
      customFields: { order: 'A-1' },
      createdAt: ticket.createdAt.toISOString(),
      updatedAt: ticket.updatedAt.toISOString(),
      resolvedAt: ticket.resolvedAt?.toISOString() ?? null,
      closedAt: ticket.closedAt?.toISOString() ?? null,
      unread: 3,
    });
  });

  it('customerMessageView - refuses an internal message; names authors without ids', () => {
    const internal = buildMessage('acme', 'tkt_1', { visibility: 'internal' });
    expect(() => customerMessageView(internal, 'cus_1')).toThrow();
    const mine = buildMessage('acme', 'tkt_1', {
      visibility: 'public',
      author: { kind: 'customer', id: 'cus_1' },
    });
    const agent = buildMessage('acme', 'tkt_1', {
      visibility: 'public',
      author: { kind: 'agent', id: 'agt_1' },
    });
    expect(customerMessageView(mine, 'cus_1').author).toBe('me');
    expect(customerMessageView(agent, 'cus_1')).not.toHaveProperty('externalId');
    expect(JSON.stringify(customerMessageView(agent, 'cus_1'))).not.toContain('agt_1');
  });

  it('customerNotice - public messages and status changes only; notes, assignment and tags are not a customer’s business', () => {
    const event = (type: string, data: object = {}) =>
      ({
        type,
        ticketId: 'tkt_1',
        data,
        tenantId: 'acme',
        id: 'evt',
        occurredAt: new Date(),
        actor: { kind: 'system', id: null },
      }) as unknown as AnyTicketkitEvent;
    expect(customerNotice(event('message.created', { visibility: 'public' }))).toEqual({
      type: 'message.created',
      ticketId: 'tkt_1',
    });
    expect(customerNotice(event('message.created', { visibility: 'internal' }))).toBeNull();
    expect(customerNotice(event('ticket.transitioned'))).toEqual({
      type: 'ticket.changed',
      ticketId: 'tkt_1',
    });
    for (const type of [
      'ticket.assigned',
      'ticket.updated',
      'ticket.linked',
      'sla.warning',
      'escalation.raised',
    ]) {
      expect(customerNotice(event(type)), type).toBeNull();
    }
  });
});

import { describe, expect, it } from 'vitest';
import type { AnyTicketkitEvent } from '../events';
import { buildMessage, buildTicket } from '../testing/fixtures';
import { customerMessageView, customerNotice, customerTicketView } from './customer-views';

const context = {
  settings: {
    categories: [],
    customFields: [
      { key: 'order', label: 'Order', type: 'text' as const, required: false, customerEditable: true },
    ],
    customerCanSetPriority: false,
    defaultPriority: 'medium' as const,
    csatScale: 'five_point' as const,
    csatChangeWindowSeconds: 60,
    awaitingCreditsStageId: 'awaiting_credits' as string | null,
  },
};

describe('customer views', () => {
  it('customerTicketView - keeps only allow-listed fields and customer-editable custom fields', () => {
    const ticket = buildTicket('acme', { customFields: { order: 'A-1', plan: 'gold', churn: 'high' } });
    const view = customerTicketView(ticket, 3, context);
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
      awaitingCredits: false,
    });
    expect(customerTicketView({ ...ticket, stageId: 'awaiting_credits' }, 0, context).awaitingCredits).toBe(
      true,
    );
    const notAwaiting = { settings: { ...context.settings, awaitingCreditsStageId: null } };
    expect(
      customerTicketView({ ...ticket, stageId: 'awaiting_credits' }, 0, notAwaiting).awaitingCredits,
    ).toBe(false);
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
    expect(customerNotice(event('message.created', { visibility: 'public' }), 'cus_1')).toEqual({
      type: 'message.created',
      ticketId: 'tkt_1',
    });
    expect(customerNotice(event('message.created', { visibility: 'internal' }), 'cus_1')).toBeNull();
    expect(customerNotice(event('ticket.transitioned'), 'cus_1')).toEqual({
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
      expect(customerNotice(event(type), 'cus_1'), type).toBeNull();
    }
  });

  it('customerNotice - credit events of the customer say their credits changed; other customers hear nothing', () => {
    const credit = (customerId: string) =>
      ({
        type: 'credits.consumed',
        ticketId: null,
        data: { customerId, amount: 1 },
        tenantId: 'acme',
        id: 'evt',
        occurredAt: new Date(),
        actor: { kind: 'system', id: null },
      }) as unknown as AnyTicketkitEvent;
    expect(customerNotice(credit('cus_1'), 'cus_1')).toEqual({ type: 'credits.changed', ticketId: null });
    expect(customerNotice(credit('cus_2'), 'cus_1')).toBeNull();
  });
});

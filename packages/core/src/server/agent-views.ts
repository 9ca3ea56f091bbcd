import { type SlaSummary, slaSummaryOf } from '../sla/sla-summary';
import type { Customer, Ticket } from '../storage/records';

export type { SlaSummary } from '../sla/sla-summary';

/** The requester as a queue row shows them. */
export interface RequesterSummary {
  id: string;
  name: string | null;
  email: string | null;
}

/** A ticket as staff see it in the queue and the ticket view: the whole record, its requester, unread count and SLA line. */
export type AgentTicketView = Ticket & {
  requester: RequesterSummary | null;
  unread: number;
  slaSummary: SlaSummary;
};

/** A ticket for staff, with its requester summary, unread count and SLA line. */
export function agentTicketView(
  ticket: Ticket,
  requester: Customer | undefined,
  unread: number,
): AgentTicketView {
  return {
    ...ticket,
    requester:
      requester === undefined ? null : { id: requester.id, name: requester.name, email: requester.email },
    unread,
    slaSummary: slaSummaryOf(ticket.sla),
  };
}

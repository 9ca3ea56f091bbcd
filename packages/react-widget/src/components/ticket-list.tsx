'use client';
import { useI18n } from '../i18n/i18n';
import { useTickets } from '../react/hooks';

/** The customer's requests with status and unread badges; `onOpen` receives the chosen ticket id. */
export function TicketList(props: { onOpen: (ticketId: string) => void }) {
  const tickets = useTickets();
  const i18n = useI18n();
  if (tickets.status === 'error' && tickets.data.length === 0) {
    return (
      <div role="alert" className="tk-error">
        <p>{i18n.t('errorGeneric')}</p>
        <button
          type="button"
          className="tk-button"
          data-variant="secondary"
          onClick={() => void tickets.refresh()}
        >
          {i18n.t('retry')}
        </button>
      </div>
    );
  }
  if (tickets.status !== 'ready' && tickets.data.length === 0)
    return <p className="tk-meta">{i18n.t('loading')}</p>;
  if (tickets.data.length === 0) return <p className="tk-meta">{i18n.t('noRequests')}</p>;
  return (
    <ul className="tk-list" aria-label={i18n.t('myRequests')}>
      {tickets.data.map((ticket) => (
        <li key={ticket.id}>
          <button type="button" className="tk-ticket" onClick={() => props.onOpen(ticket.id)}>
            <span className="tk-ticket-top">
              <span className="tk-ticket-subject">{ticket.subject}</span>
              <span className="tk-status" data-status={ticket.status}>
                {i18n.t(`status_${ticket.status}`)}
              </span>
            </span>
            <span className="tk-meta">
              #{ticket.number} · {i18n.formatDateTime(ticket.updatedAt)}
            </span>
            {ticket.awaitingCredits ? (
              <span className="tk-unread">{i18n.t('awaitingCreditsShort')}</span>
            ) : null}
            {ticket.unread > 0 ? (
              <span className="tk-unread">{i18n.t('unread', { count: ticket.unread })}</span>
            ) : null}
          </button>
        </li>
      ))}
    </ul>
  );
}

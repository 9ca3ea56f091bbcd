'use client';
import { useEffect, useId, useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { useReply, useTicket } from '../react/hooks';
import { useSupportClient } from '../react/support-provider';
import { CsatPrompt } from './csat-prompt';

/**
 * One request: its status, the public thread (a polite live region; message text is rendered
 * as text, never as HTML), the rating prompt once resolved, and a reply box. Reading the
 * thread marks it read. `onNavigate` is called when a reply lands on another ticket (a
 * follow-up of a closed one).
 */
export function TicketView(props: { ticketId: string; onNavigate: (ticketId: string) => void }) {
  const client = useSupportClient();
  const detail = useTicket(props.ticketId);
  const reply = useReply(props.ticketId);
  const i18n = useI18n();
  const [body, setBody] = useState('');
  const replyId = useId();
  const threadEnd = useRef<HTMLLIElement>(null);
  const data = detail.data;
  const lastMessageId = data?.messages.at(-1)?.id;
  const unread = data?.ticket.unread ?? 0;

  useEffect(() => {
    if (lastMessageId !== undefined && unread > 0) void client.markRead(props.ticketId).catch(() => {});
  }, [client, props.ticketId, lastMessageId, unread]);
  useEffect(() => {
    if (lastMessageId !== undefined) threadEnd.current?.scrollIntoView?.({ block: 'nearest' });
  }, [lastMessageId]);

  if (data === null) {
    return detail.status === 'error' ? (
      <p role="alert" className="tk-error">
        {i18n.t('errorGeneric')}
      </p>
    ) : (
      <p className="tk-meta">{i18n.t('loading')}</p>
    );
  }
  const { ticket, messages } = data;
  return (
    <>
      <div>
        <h3>{ticket.subject}</h3>
        <p className="tk-meta">
          #{ticket.number} ·{' '}
          <span className="tk-status" data-status={ticket.status}>
            {i18n.t(`status_${ticket.status}`)}
          </span>
        </p>
      </div>
      {ticket.awaitingCredits ? (
        <p className="tk-notice" data-tone="warning" role="status">
          {i18n.t('awaitingCredits')}
        </p>
      ) : null}
      <ol className="tk-thread" role="log" aria-live="polite" aria-label={i18n.t('threadLabel')}>
        {messages.map((message) => (
          <li key={message.id} className="tk-message" data-author={message.author}>
            <span className="tk-meta">
              {i18n.t(message.author === 'me' ? 'you' : message.author === 'support' ? 'support' : 'system')}{' '}
              · {i18n.formatDateTime(message.createdAt)}
            </span>
            <div>{message.body}</div>
          </li>
        ))}
        <li ref={threadEnd} aria-hidden="true" />
      </ol>
      <CsatPrompt ticketId={ticket.id} />
      <form
        className="tk-composer"
        onSubmit={async (event) => {
          event.preventDefault();
          if (body.trim() === '') return;
          const result = await reply.run(body);
          if (result === undefined) return;
          setBody('');
          if (result.ticket.id !== props.ticketId) props.onNavigate(result.ticket.id);
        }}
      >
        <label htmlFor={replyId} className="tk-sr">
          {i18n.t('replyLabel')}
        </label>
        <textarea
          id={replyId}
          className="tk-input"
          placeholder={i18n.t('replyLabel')}
          value={body}
          maxLength={65_536}
          onChange={(event) => setBody(event.target.value)}
        />
        {reply.error !== null ? (
          <p role="alert" className="tk-error">
            {i18n.t('errorGeneric')}
          </p>
        ) : null}
        <button type="submit" className="tk-button" disabled={reply.pending || body.trim() === ''}>
          {reply.pending ? i18n.t('sending') : i18n.t('reply')}
        </button>
      </form>
    </>
  );
}

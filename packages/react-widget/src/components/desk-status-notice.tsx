'use client';
import { useI18n } from '../i18n/i18n';
import { useDeskStatus, useSupportState } from '../react/hooks';

/**
 * Whether the desk is open now and when a request can expect its first reply: outside
 * business hours, when the desk is back and the reply time on its calendar; during hours, the
 * usual reply time. A "reconnecting" note while the live stream is down. Renders nothing the
 * desk does not know (no business hours and no reply goal).
 */
export function DeskStatusNotice() {
  const status = useDeskStatus();
  const connection = useSupportState((state) => state.connection);
  const i18n = useI18n();
  return (
    <>
      {connection === 'reconnecting' ? (
        <p className="tk-notice" data-tone="warning" role="status">
          {i18n.t('reconnecting')}
        </p>
      ) : null}
      {status === null ? null : (
        <div className="tk-notice" data-tone={status.open ? 'info' : 'warning'}>
          <p>
            {status.open ? i18n.t('deskOpen') : i18n.t('deskClosed')}
            {!status.open && status.nextChangeAt !== null
              ? ` ${i18n.t('deskOpensAt', { date: i18n.formatDateTime(status.nextChangeAt) })}`
              : ''}
          </p>
          {!status.open && status.expectedReplyBy !== null ? (
            <p>{i18n.t('expectedReplyBy', { date: i18n.formatDateTime(status.expectedReplyBy) })}</p>
          ) : status.expectedReplySeconds !== null ? (
            <p>{i18n.t('expectedReply', { duration: i18n.formatDuration(status.expectedReplySeconds) })}</p>
          ) : null}
        </div>
      )}
    </>
  );
}

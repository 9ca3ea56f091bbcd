'use client';
import { useI18n } from '../i18n/i18n';
import { useCredits } from '../react/hooks';

/**
 * The customer's credits: what is available now (and what open requests reserve, and any
 * overdraft in use), each pack with its expiry date, a warning for credits that expire soon,
 * and the latest ledger lines.
 */
export function CreditBalance() {
  const credits = useCredits();
  const i18n = useI18n();
  if (!credits.enabled) return null;
  if (credits.data === null) {
    return credits.status === 'error' ? (
      <p role="alert" className="tk-error">
        {i18n.t('errorGeneric')}
      </p>
    ) : (
      <p className="tk-meta">{i18n.t('loading')}</p>
    );
  }
  const { balance, ledger } = credits.data;
  const packs = balance.blocks.filter((block) => block.status === 'active' || block.status === 'pending');
  return (
    <section className="tk-card" aria-label={i18n.t('credits')}>
      <p>
        <strong>{i18n.t('creditsAvailable', { count: balance.available })}</strong>
      </p>
      {balance.held > 0 ? <p className="tk-meta">{i18n.t('creditsHeld', { count: balance.held })}</p> : null}
      {balance.overdraft > 0 ? (
        <p className="tk-meta">{i18n.t('creditsOverdraft', { count: balance.overdraft })}</p>
      ) : null}
      {balance.expiringSoon.amount > 0 ? (
        <p className="tk-notice" data-tone="warning">
          {i18n.t('creditsExpiringSoon', {
            count: balance.expiringSoon.amount,
            days: balance.expiringSoon.withinDays,
          })}
        </p>
      ) : null}
      {packs.length === 0 ? (
        <p className="tk-meta">{i18n.t('creditsNoPacks')}</p>
      ) : (
        <ul className="tk-list" aria-label={i18n.t('creditsPacks')}>
          {packs.map((block) => (
            <li key={block.id} className="tk-meta">
              {block.expiresAt === null
                ? i18n.t('creditsNeverExpire', { count: block.available })
                : i18n.t('creditsExpires', {
                    count: block.available,
                    date: i18n.formatDate(block.expiresAt),
                  })}
            </li>
          ))}
        </ul>
      )}
      {ledger.length > 0 ? (
        <>
          <h3>{i18n.t('creditsHistory')}</h3>
          <ul className="tk-list" aria-label={i18n.t('creditsHistory')}>
            {ledger.map((entry) => (
              <li key={entry.id} className="tk-meta">
                {i18n.formatDate(entry.occurredAt)} · {i18n.t(`ledger_${entry.kind}`)}
                {entry.change === 0 ? '' : ` · ${entry.change > 0 ? `+${entry.change}` : entry.change}`}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

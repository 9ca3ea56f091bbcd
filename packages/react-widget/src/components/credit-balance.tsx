'use client';
import { useI18n } from '../i18n/i18n';
import { useCredits } from '../react/hooks';

/** The customer's credit balance, packs with their expiry dates, and recent ledger lines. */
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
  return (
    <section className="tk-card" aria-label={i18n.t('credits')}>
      <p>
        <strong>{i18n.t('creditsAvailable', { count: balance.available })}</strong>
      </p>
      {balance.held > 0 ? <p className="tk-meta">{i18n.t('creditsHeld', { count: balance.held })}</p> : null}
      <ul className="tk-list">
        {balance.blocks.map((block) => (
          <li key={block.id} className="tk-meta">
            {block.expiresAt === null
              ? i18n.t('creditsNeverExpire', { count: block.remaining })
              : i18n.t('creditsExpires', { count: block.remaining, date: i18n.formatDate(block.expiresAt) })}
          </li>
        ))}
      </ul>
      {ledger.length > 0 ? (
        <>
          <h3>{i18n.t('creditsHistory')}</h3>
          <ul className="tk-list">
            {ledger.map((entry) => (
              <li key={entry.id} className="tk-meta">
                {i18n.formatDate(entry.occurredAt)} · {entry.amount > 0 ? `+${entry.amount}` : entry.amount}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

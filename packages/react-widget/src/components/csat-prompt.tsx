'use client';
import type { CsatScale } from '@ticketkit/core';
import { useEffect, useId, useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { useCsat } from '../react/hooks';

/**
 * The scores each scale offers, as core's `CSAT_SCALE_RANGE` defines them (the server checks
 * every score; this copy only lays out the buttons, and keeps zod out of the widget entry).
 */
const SCALE_RANGE: Record<CsatScale, { min: number; max: number }> = {
  five_point: { min: 1, max: 5 },
  seven_point: { min: 1, max: 7 },
  thumbs: { min: 0, max: 1 },
};

/** Asks for a rating on a resolved ticket; shows the rating given and until when it can change. */
export function CsatPrompt(props: { ticketId: string }) {
  const { rating, canRate, scale, submit } = useCsat(props.ticketId);
  const i18n = useI18n();
  const [score, setScore] = useState<number | null>(rating?.score ?? null);
  const [comment, setComment] = useState(rating?.comment ?? '');
  const [editing, setEditing] = useState(false);
  const commentId = useId();
  const headingId = useId();
  const thanksRef = useRef<HTMLHeadingElement>(null);
  const [justSubmitted, setJustSubmitted] = useState(false);
  // The form disappears on success: focus goes to the thanks, not to the page behind the dialog.
  useEffect(() => {
    if (justSubmitted) thanksRef.current?.focus();
  }, [justSubmitted]);
  if (!canRate) return null;
  const changeable = rating !== null && Date.parse(rating.changeableUntil) > Date.now();
  if (rating !== null && !editing) {
    return (
      <section className="tk-card" aria-labelledby={headingId}>
        <h3 id={headingId} ref={thanksRef} tabIndex={-1}>
          {i18n.t('csatThanks')}
        </h3>
        {changeable ? (
          <>
            <p className="tk-meta">
              {i18n.t('csatChangeUntil', { date: i18n.formatDateTime(rating.changeableUntil) })}
            </p>
            <button
              type="button"
              className="tk-button"
              data-variant="secondary"
              onClick={() => setEditing(true)}
            >
              {i18n.t('csatSubmit')}
            </button>
          </>
        ) : null}
      </section>
    );
  }
  const effectiveScale = rating?.scale ?? scale;
  const { min, max } = SCALE_RANGE[effectiveScale];
  const scores = Array.from({ length: max - min + 1 }, (_, index) => min + index);
  const labelOf = (value: number) =>
    effectiveScale === 'thumbs'
      ? i18n.t(value === 1 ? 'csatThumbsUp' : 'csatThumbsDown')
      : i18n.t('csatScore', { score: value, max });
  return (
    <section className="tk-card" aria-labelledby={headingId}>
      <h3 id={headingId}>{i18n.t('csatQuestion')}</h3>
      <form
        className="tk-form"
        onSubmit={async (event) => {
          event.preventDefault();
          if (score === null) return;
          const result = await submit.run(score, comment.trim() === '' ? null : comment);
          if (result === undefined) return;
          setEditing(false);
          setJustSubmitted(true);
        }}
      >
        <fieldset className="tk-scale">
          <legend className="tk-sr">{i18n.t('csatQuestion')}</legend>
          {scores.map((value) => (
            <button
              key={value}
              type="button"
              aria-pressed={score === value}
              aria-label={labelOf(value)}
              onClick={() => setScore(value)}
            >
              {effectiveScale === 'thumbs' ? (value === 1 ? '👍' : '👎') : value}
            </button>
          ))}
        </fieldset>
        <div className="tk-field">
          <label htmlFor={commentId}>{i18n.t('csatComment')}</label>
          <textarea
            id={commentId}
            className="tk-input"
            maxLength={2000}
            value={comment}
            onChange={(event) => setComment(event.target.value)}
          />
        </div>
        {submit.error !== null ? (
          <p role="alert" className="tk-error">
            {i18n.t('errorGeneric')}
          </p>
        ) : null}
        <button type="submit" className="tk-button" disabled={score === null || submit.pending}>
          {submit.pending ? i18n.t('sending') : i18n.t('csatSubmit')}
        </button>
      </form>
    </section>
  );
}

import type { CsatScale } from '../storage/records';

/** The lowest and highest score of each scale. Thumbs: 0 is down, 1 is up. */
export const CSAT_SCALE_RANGE: Readonly<Record<CsatScale, { min: number; max: number }>> = Object.freeze({
  five_point: { min: 1, max: 5 },
  seven_point: { min: 1, max: 7 },
  thumbs: { min: 0, max: 1 },
});

/**
 * Whether a score is low on its scale: 1-2 of 5, 1-3 of 7, thumbs down. A low score is
 * what an escalation policy on bad CSAT reacts to (`csat.submitted` carries `low`).
 */
export function isLowCsatScore(scale: CsatScale, score: number): boolean {
  switch (scale) {
    case 'five_point':
      return score <= 2;
    case 'seven_point':
      return score <= 3;
    case 'thumbs':
      return score === 0;
  }
}

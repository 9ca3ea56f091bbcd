import { z } from 'zod';

/** Input of `csat.submit`. The score must lie on the tenant's scale (checked by the command). */
export const submitCsatSchema = z.strictObject({
  /** An integer on the tenant's scale: 1-5, 1-7, or 0 (down) / 1 (up) for thumbs. */
  score: z.int().min(0).max(7),
  /** What the customer wants to add; blank counts as none. */
  comment: z.string().trim().max(2000).nullable().optional(),
});

/** Input of `csat.submit`. */
export type SubmitCsatInput = z.input<typeof submitCsatSchema>;

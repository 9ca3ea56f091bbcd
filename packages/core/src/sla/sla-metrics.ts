import { z } from 'zod';

/**
 * What an SLA clock measures:
 * - `first_response`: ticket creation -> first public agent reply;
 * - `next_response`: oldest unanswered public customer message (after the first response) ->
 *   next public agent reply;
 * - `periodic_update`: a public agent reply -> the next one, while the ticket is open;
 * - `resolution`: creation (or reopening) -> resolved or closed; a reopen starts a new cycle.
 *
 * Resolving or closing a ticket completes every running clock.
 */
export const SLA_METRICS = ['first_response', 'next_response', 'periodic_update', 'resolution'] as const;

/** A metric an SLA clock measures. */
export type SlaMetric = (typeof SLA_METRICS)[number];

/** Schema of a metric name. */
export const slaMetricSchema = z.enum(SLA_METRICS);

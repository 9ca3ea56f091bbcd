import { z } from 'zod';
import { slugSchema, uniqueIds } from '../internal/schemas';
import { ticketConditionsSchema } from '../tickets/ticket-conditions';
import { businessCalendarSchema } from './business-calendar';

/** A goal in business minutes: 1 minute to 1 year. */
const goalMinutesSchema = z
  .number()
  .min(1)
  .max(366 * 24 * 60);

/**
 * The goals of one priority. A metric without a goal is tracked but never warns or breaches.
 * `hours: 'business'` counts on the policy's calendar; `'24x7'` counts every minute.
 */
export const slaTargetSchema = z.strictObject({
  firstResponseMinutes: goalMinutesSchema.optional(),
  nextResponseMinutes: goalMinutesSchema.optional(),
  periodicUpdateMinutes: goalMinutesSchema.optional(),
  resolutionMinutes: goalMinutesSchema.optional(),
  hours: z.enum(['business', '24x7']).default('business'),
});

/** The goals of one priority. */
export type SlaTarget = z.output<typeof slaTargetSchema>;

/** Warning thresholds in percent of a goal: distinct whole numbers from 1 to 99. */
export const warningPercentsSchema = z
  .array(z.int().min(1).max(99))
  .max(5)
  .refine((percents) => new Set(percents).size === percents.length, 'Warning percents must be distinct')
  .transform((percents) => [...percents].sort((a, b) => a - b));

/**
 * An SLA policy: the tickets it applies to, and goals per priority. Policies are ordered;
 * the first whose conditions match a ticket applies. Within it, the target of the ticket's
 * priority applies, else `fallback`.
 */
export const slaPolicySchema = z.strictObject({
  id: slugSchema,
  name: z.string().trim().min(1).max(200),
  /** Which tickets; omitted matches every ticket. */
  conditions: ticketConditionsSchema.default({}),
  /** The business calendar of targets with `hours: 'business'` (an id in `sla.calendars`). */
  calendarId: slugSchema.nullable().default(null),
  targets: z.strictObject({
    urgent: slaTargetSchema.optional(),
    high: slaTargetSchema.optional(),
    medium: slaTargetSchema.optional(),
    low: slaTargetSchema.optional(),
    /** For priorities without their own target. */
    fallback: slaTargetSchema.optional(),
  }),
  /** Overrides the tenant's warning thresholds for this policy's clocks. */
  warningPercents: warningPercentsSchema.optional(),
});

/** An SLA policy. */
export type SlaPolicy = z.output<typeof slaPolicySchema>;

/** A named business calendar SLA policies refer to by id. */
export const namedCalendarSchema = z.strictObject({
  id: slugSchema,
  name: z.string().trim().min(1).max(200),
  calendar: businessCalendarSchema,
});

/** The default warning thresholds: half and three quarters of the goal. */
export const DEFAULT_WARNING_PERCENTS: readonly number[] = [50, 75];

/**
 * A tenant's SLA configuration (the `sla` key of its settings): calendars, ordered policies
 * and warning thresholds. Validated as a whole: ids are unique and every calendar a policy
 * needs exists. Changing it changes running clocks at their ticket's next change (or
 * `sla.recompute`); completed clocks keep the goal they were measured against.
 */
export const slaSettingsSchema = z
  .strictObject({
    calendars: z.array(namedCalendarSchema).max(50).default([]),
    policies: z.array(slaPolicySchema).max(100).default([]),
    warningPercents: warningPercentsSchema.default([...DEFAULT_WARNING_PERCENTS]),
  })
  .superRefine((sla, context) => {
    const calendarIds = uniqueIds(sla.calendars, ['calendars'], 'calendar', context);
    uniqueIds(sla.policies, ['policies'], 'policy', context);
    sla.policies.forEach((policy, index) => {
      if (policy.calendarId !== null && !calendarIds.has(policy.calendarId)) {
        context.addIssue({
          code: 'custom',
          path: ['policies', index, 'calendarId'],
          message: `Unknown calendar "${policy.calendarId}"`,
        });
      }
      for (const [priority, target] of Object.entries(policy.targets)) {
        if (target?.hours === 'business' && policy.calendarId === null) {
          context.addIssue({
            code: 'custom',
            path: ['policies', index, 'targets', priority, 'hours'],
            message: 'Business-hours targets need the policy to name a calendarId',
          });
        }
      }
    });
  });

/** A tenant's SLA configuration. */
export type SlaSettings = z.output<typeof slaSettingsSchema>;

/** A tenant's SLA configuration as written (defaults not applied). */
export type SlaSettingsInput = z.input<typeof slaSettingsSchema>;

/** No calendars, no policies: SLA clocks are off. */
export const DEFAULT_SLA_SETTINGS: SlaSettings = {
  calendars: [],
  policies: [],
  warningPercents: [...DEFAULT_WARNING_PERCENTS],
};

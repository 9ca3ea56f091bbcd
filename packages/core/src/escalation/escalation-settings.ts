import { z } from 'zod';
import { idSchema, prioritySchema, slugSchema, stageCategorySchema, uniqueIds } from '../internal/schemas';
import { slaMetricSchema } from '../sla/sla-metrics';
import { ticketConditionsSchema } from '../tickets/ticket-conditions';
import { messageBodySchema } from '../tickets/ticket-schemas';

/**
 * An escalation level: named, with the team (and optionally the members) who take tickets
 * escalated to it. Levels are ordered; a ticket's `escalationLevel` is a 1-based position.
 */
export const escalationLevelSchema = z.strictObject({
  id: slugSchema,
  name: z.string().trim().min(1).max(200),
  /** The team escalated tickets move to (when a policy reassigns, and on manual escalation). */
  teamId: idSchema.nullable().default(null),
  /** Agents notified by `escalation.raised` (informational; assignment goes through the team). */
  memberIds: z.array(idSchema).max(200).default([]),
});

/** An escalation level. */
export type EscalationLevel = z.output<typeof escalationLevelSchema>;

/**
 * What makes a policy fire:
 * - `sla_warning`: a warning of `metric` (any threshold, or exactly `percent`);
 * - `sla_breach`: a breach of `metric`;
 * - `time_in_stage`: the ticket stayed in a stage (by id, or any stage of a category) for `minutes`;
 * - `reopen_count` / `reassign_count`: the count reached `atLeast` (fires once, when it gets there);
 * - `csat`: a satisfaction rating (`csat.submitted`) at or below `atMost` on the tenant's scale, or,
 *   without `atMost`, one its scale counts as low (1-2 of 5, 1-3 of 7, thumbs down);
 * - `manual`: an agent escalated by hand (its actions add to the manual escalation's).
 */
export const escalationTriggerSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('sla_warning'),
    metric: slaMetricSchema,
    percent: z.int().min(1).max(99).optional(),
  }),
  z.strictObject({ type: z.literal('sla_breach'), metric: slaMetricSchema }),
  z
    .strictObject({
      type: z.literal('time_in_stage'),
      stageId: slugSchema.optional(),
      category: stageCategorySchema.optional(),
      minutes: z
        .int()
        .min(1)
        .max(366 * 24 * 60),
    })
    .refine((trigger) => (trigger.stageId === undefined) !== (trigger.category === undefined), {
      message: 'Give exactly one of stageId and category',
      path: ['stageId'],
    }),
  z.strictObject({ type: z.literal('reopen_count'), atLeast: z.int().min(1).max(1000) }),
  z.strictObject({ type: z.literal('reassign_count'), atLeast: z.int().min(1).max(1000) }),
  z.strictObject({ type: z.literal('csat'), atMost: z.int().min(0).max(7).optional() }),
  z.strictObject({ type: z.literal('manual') }),
]);

/** What makes an escalation policy fire. */
export type EscalationTrigger = z.output<typeof escalationTriggerSchema>;

/**
 * What a firing policy does, in order:
 * - `raise_level`: to `level` (1-based), or one level up; never lowers the level;
 * - `reassign`: moves the ticket to the (new) level's team, unassigning an agent outside it;
 * - `set_priority`: changes the priority (SLA clocks are re-targeted);
 * - `add_note`: adds an internal note.
 * Every firing also records `escalation.raised` with the reason.
 */
export const escalationActionSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('raise_level'), level: z.int().min(1).max(20).optional() }),
  z.strictObject({ type: z.literal('reassign') }),
  z.strictObject({ type: z.literal('set_priority'), priority: prioritySchema }),
  z.strictObject({ type: z.literal('add_note'), body: messageBodySchema }),
]);

/** An escalation action. */
export type EscalationAction = z.output<typeof escalationActionSchema>;

/** An escalation policy: a trigger, the tickets it applies to, and actions. */
export const escalationPolicySchema = z.strictObject({
  id: slugSchema,
  name: z.string().trim().min(1).max(200),
  trigger: escalationTriggerSchema,
  conditions: ticketConditionsSchema.default({}),
  actions: z.array(escalationActionSchema).min(1).max(10),
});

/** An escalation policy. */
export type EscalationPolicy = z.output<typeof escalationPolicySchema>;

/** The levels every tenant starts with (no team yet). */
export const DEFAULT_ESCALATION_LEVELS: readonly EscalationLevel[] = [
  { id: 'l1', name: 'L1 frontline', teamId: null, memberIds: [] },
  { id: 'l2', name: 'L2 specialist', teamId: null, memberIds: [] },
  { id: 'l3', name: 'L3 team lead', teamId: null, memberIds: [] },
  { id: 'l4', name: 'L4 manager', teamId: null, memberIds: [] },
  { id: 'l5', name: 'L5 executive', teamId: null, memberIds: [] },
];

/** The default levels (L1-L5), each without members yet. */
function defaultLevels() {
  return DEFAULT_ESCALATION_LEVELS.map((level) => ({ ...level, memberIds: [] as string[] }));
}

/**
 * A tenant's escalation configuration (the `escalation` key of its settings). Validated as a
 * whole: level and policy ids are unique and `raise_level` names an existing level.
 */
export const escalationSettingsSchema = z
  .strictObject({
    levels: z.array(escalationLevelSchema).min(1).max(20).default(defaultLevels),
    policies: z.array(escalationPolicySchema).max(100).default([]),
    /** Whether resolving a ticket brings it back to level 1. */
    deescalateOnResolve: z.boolean().default(false),
  })
  .superRefine((escalation, context) => {
    uniqueIds(escalation.levels, ['levels'], 'level', context);
    uniqueIds(escalation.policies, ['policies'], 'policy', context);
    escalation.policies.forEach((policy, index) => {
      policy.actions.forEach((action, actionIndex) => {
        if (
          action.type === 'raise_level' &&
          action.level !== undefined &&
          action.level > escalation.levels.length
        ) {
          context.addIssue({
            code: 'custom',
            path: ['policies', index, 'actions', actionIndex, 'level'],
            message: `There are only ${escalation.levels.length} levels`,
          });
        }
      });
    });
  });

/** A tenant's escalation configuration. */
export type EscalationSettings = z.output<typeof escalationSettingsSchema>;

/** A tenant's escalation configuration as written (defaults not applied). */
export type EscalationSettingsInput = z.input<typeof escalationSettingsSchema>;

/** The default levels, no policies, no de-escalation. */
export const DEFAULT_ESCALATION_SETTINGS: EscalationSettings = {
  levels: defaultLevels(),
  policies: [],
  deescalateOnResolve: false,
};

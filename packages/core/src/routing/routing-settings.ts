import { z } from 'zod';
import { idSchema, prioritySchema, slugSchema, uniqueIds } from '../internal/schemas';
import { ticketConditionsSchema } from '../tickets/ticket-conditions';

/** A skill a rule requires, optionally at a minimum proficiency (1-10). */
export const skillRequirementSchema = z.strictObject({
  skill: slugSchema,
  minLevel: z.int().min(1).max(10).nullable().default(null),
});

/** A skill a rule requires. */
export type SkillRequirement = z.output<typeof skillRequirementSchema>;

/**
 * What an agent must have to take a ticket under a rule (on top of being online, active,
 * in the team and under capacity):
 * - `skills`: every listed skill, at its minimum level;
 * - `skillFromCategory`: the skill named like the ticket's category (e.g. category `billing`
 *   requires skill `billing`); nothing when the ticket has no category;
 * - `skillsFromTags`: each of these tags the ticket carries (case-insensitively) requires the
 *   skill of the same name;
 * - `language`: the ticket's language, read from the requester's `locale` or from a custom
 *   field, must be among the agent's languages (compared by primary subtag: `de-AT` is `de`);
 *   nothing when the ticket has none;
 * - `minLevel`: the agent's escalation level must be at least this, or at least the ticket's
 *   escalation level with `'ticket'`.
 *
 * With the `skills` strategy and `match: 'best'`, missing skills do not exclude an agent; they
 * lower its score.
 */
export const routingRequirementsSchema = z.strictObject({
  skills: z.array(skillRequirementSchema).max(50).default([]),
  skillFromCategory: z.boolean().default(false),
  skillsFromTags: z.array(slugSchema).max(100).default([]),
  language: z
    .union([z.literal('requester_locale'), z.strictObject({ customField: slugSchema })])
    .nullable()
    .default(null),
  minLevel: z
    .union([z.int().min(1).max(100), z.literal('ticket')])
    .nullable()
    .default(null),
});

/** What an agent must have to take a ticket under a rule. */
export type RoutingRequirements = z.output<typeof routingRequirementsSchema>;

/** No requirement beyond eligibility. */
export const NO_REQUIREMENTS: RoutingRequirements = {
  skills: [],
  skillFromCategory: false,
  skillsFromTags: [],
  language: null,
  minLevel: null,
};

/**
 * How a rule picks the agent among the eligible members of its team. Ties are broken by
 * who took a ticket least recently (never first), then by agent id.
 * - `manual`: nobody; the ticket goes to the team unassigned, for a person to assign.
 * - `round_robin`: everyone eligible gets one before anyone gets two; within a cycle, agents
 *   in id order; an agent who becomes eligible joins the current cycle. The cycle is stored
 *   per team.
 * - `least_loaded`: fewest tickets counting toward load.
 * - `spare_capacity`: most free slots (`absolute`: `max - load`) or the largest free share
 *   (`percent`: `(max - load) / max`; an agent with 1 of 2 taken, 50% free, beats one with
 *   8 of 10 taken, 20% free, although the latter has more free slots).
 * - `skills`: the best skills score (per required skill the agent has: 1,000, plus its
 *   level); `match: 'all'` excludes agents lacking a required skill, `'best'` only ranks them
 *   lower. Equal scores go to the least loaded.
 * - `priority`: tickets of the `senior` priorities (default urgent and high) go to the most
 *   senior escalation level available, the others to the most junior; within a level, the
 *   least loaded.
 */
export const agentStrategySchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('manual') }),
  z.strictObject({ type: z.literal('round_robin') }),
  z.strictObject({ type: z.literal('least_loaded') }),
  z.strictObject({
    type: z.literal('spare_capacity'),
    measure: z.enum(['absolute', 'percent']).default('absolute'),
  }),
  z.strictObject({ type: z.literal('skills'), match: z.enum(['all', 'best']).default('all') }),
  z.strictObject({
    type: z.literal('priority'),
    senior: z.array(prioritySchema).max(4).default(['urgent', 'high']),
  }),
]);

/** How a rule picks the agent. */
export type AgentStrategyConfig = z.output<typeof agentStrategySchema>;

/**
 * `department`: the ticket's category (its topic) chooses the team (`teams`: category ->
 * team id, else `defaultTeamId`, else the rule's team), and `assign` picks the agent in it.
 */
export const departmentStrategySchema = z.strictObject({
  type: z.literal('department'),
  teams: z.record(slugSchema, idSchema),
  defaultTeamId: idSchema.nullable().default(null),
  assign: agentStrategySchema,
});

/** A routing strategy: one that picks an agent, or `department`, which picks the team first. */
export const routingStrategySchema = z.union([agentStrategySchema, departmentStrategySchema]);

/** A routing strategy. */
export type RoutingStrategyConfig = z.output<typeof routingStrategySchema>;

/** The name of a strategy. */
export type RoutingStrategyType = RoutingStrategyConfig['type'];

/**
 * A routing rule: which tickets (`conditions`; omitted matches every ticket), to which team
 * (`teamId`; null keeps the ticket's team), how the agent is picked (`strategy`), what the
 * agent needs (`requirements`), and what happens when nobody eligible has room (`fallback`):
 * - `queue`: the ticket waits in the team's queue (priority, then age) and is assigned as soon
 *   as an agent has room;
 * - `next_rule`: the next matching rule tries;
 * - `unassigned`: the ticket goes to the team unassigned and `routing.failed` says why.
 */
export const routingRuleSchema = z.strictObject({
  id: slugSchema,
  name: z.string().trim().min(1).max(200).nullable().default(null),
  conditions: ticketConditionsSchema
    .extend({
      /** The ticket's escalation level is one of these. */
      escalationLevels: z.array(z.int().min(1).max(100)).min(1).max(100).optional(),
    })
    .default({}),
  teamId: idSchema.nullable().default(null),
  strategy: routingStrategySchema,
  requirements: routingRequirementsSchema.default(NO_REQUIREMENTS),
  fallback: z.enum(['queue', 'next_rule', 'unassigned']).default('queue'),
});

/** A routing rule. */
export type RoutingRule = z.output<typeof routingRuleSchema>;

/** A routing rule as written (defaults not applied). */
export type RoutingRuleInput = z.input<typeof routingRuleSchema>;

/**
 * A tenant's routing configuration (the `routing` key of its settings), replaced as a whole
 * by `settings.update`:
 * - `rules`: ordered; the first rule whose conditions match routes the ticket.
 * - `onCreate` / `onReopen`: whether new tickets without an assignee, and reopened tickets,
 *   are routed automatically (only by a matching rule). A reopened ticket goes back to its
 *   agent when that agent is online and has room.
 * - `onAgentOffline`: `keep` leaves an agent's tickets with them when they go offline;
 *   `reroute` unassigns and routes their open tickets.
 * - `defaultStrategy`: routes a ticket no rule matches within its own team, when routing is
 *   asked for explicitly (`routing.route`, escalation, queue, agent offline); it queues when
 *   nobody has room.
 *
 * Team ids are checked when a ticket is routed: an unknown team is `routing.failed`
 * (`unknown_team`).
 */
export const routingSettingsSchema = z
  .strictObject({
    rules: z.array(routingRuleSchema).max(200).default([]),
    onCreate: z.boolean().default(true),
    onReopen: z.boolean().default(true),
    onAgentOffline: z.enum(['keep', 'reroute']).default('keep'),
    defaultStrategy: agentStrategySchema.default({ type: 'least_loaded' }),
  })
  .superRefine((routing, context) => {
    uniqueIds(routing.rules, ['rules'], 'rule', context);
  });

/** A tenant's routing configuration. */
export type RoutingSettings = z.output<typeof routingSettingsSchema>;

/** A tenant's routing configuration as written (defaults not applied). */
export type RoutingSettingsInput = z.input<typeof routingSettingsSchema>;

/** No rules: nothing is routed automatically; explicit routing uses least loaded in the ticket's team. */
export const DEFAULT_ROUTING_SETTINGS: RoutingSettings = {
  rules: [],
  onCreate: true,
  onReopen: true,
  onAgentOffline: 'keep',
  defaultStrategy: { type: 'least_loaded' },
};

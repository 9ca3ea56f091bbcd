import { z } from 'zod';
import { emailSchema } from '../customers/customer-schemas';
import { channelSchema, idSchema, slugSchema, versionSchema } from '../internal/schemas';

/** An agent's availability. */
export const agentStatusSchema = z.enum(['online', 'away', 'offline']);

/** A skill of an agent: a lower-case slug and an optional proficiency from 1 to 10. */
export const agentSkillSchema = z.strictObject({
  name: slugSchema,
  level: z.int().min(1).max(10).nullable().default(null),
});

/**
 * A language tag (`en`, `de-AT`, `pt-BR`); stored as its lower-case primary subtag, which is
 * what routing compares.
 */
export const languageSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, 'Use a language tag such as "en" or "de-AT"')
  .transform((tag) => primaryLanguage(tag));

/** The lower-case primary subtag of a language tag or locale (`de-AT` and `de_AT` are `de`). */
export function primaryLanguage(tag: string): string {
  return (tag.split(/[-_]/)[0] ?? '').toLowerCase();
}

/** Default most tickets an agent holds at once. */
export const DEFAULT_AGENT_CAPACITY = 10;

/**
 * An agent's capacity: `max` tickets counting toward load at once (default 10; 0 takes no
 * routed tickets), and optional tighter caps per channel (`{ chat: 2 }`). Routing never gives
 * an agent a ticket beyond either cap.
 */
export const agentCapacitySchema = z.strictObject({
  max: z.int().min(0).max(10_000),
  perChannel: z.partialRecord(channelSchema, z.int().min(0).max(10_000)).default({}),
});

const skillsSchema = z
  .array(agentSkillSchema)
  .max(100)
  .refine(
    (skills) => new Set(skills.map((skill) => skill.name)).size === skills.length,
    'Skills must be distinct',
  );

/** Input of `agents.create`. */
export const createAgentSchema = z.strictObject({
  /** Optional host-chosen id, e.g. the host's own user id. */
  id: idSchema.optional(),
  name: z.string().trim().min(1).max(200),
  email: emailSchema.nullable().optional(),
  teamIds: z.array(idSchema).max(100).default([]),
  status: agentStatusSchema.default('offline'),
  skills: skillsSchema.default([]),
  /** Seniority on the escalation scale; 1 (frontline) unless given. */
  escalationLevel: z.int().min(1).max(100).default(1),
  languages: z.array(languageSchema).max(50).default([]),
  capacity: agentCapacitySchema.default({ max: DEFAULT_AGENT_CAPACITY, perChannel: {} }),
});

/** Input of `agents.create`. */
export type CreateAgentInput = z.input<typeof createAgentSchema>;

/** Input of `agents.update`. */
export const updateAgentSchema = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  email: emailSchema.nullable().optional(),
  teamIds: z.array(idSchema).max(100).optional(),
  status: agentStatusSchema.optional(),
  active: z.boolean().optional(),
  /** Replaces the skills. */
  skills: skillsSchema.optional(),
  escalationLevel: z.int().min(1).max(100).optional(),
  /** Replaces the languages. */
  languages: z.array(languageSchema).max(50).optional(),
  /** Replaces the capacity. */
  capacity: agentCapacitySchema.optional(),
  expectedVersion: versionSchema.optional(),
});

/** Input of `agents.update`. */
export type UpdateAgentInput = z.input<typeof updateAgentSchema>;

/** Input of `teams.create`. */
export const createTeamSchema = z.strictObject({
  id: idSchema.optional(),
  name: z.string().trim().min(1).max(200),
});

/** Input of `teams.create`. */
export type CreateTeamInput = z.input<typeof createTeamSchema>;

/** Input of `teams.update`. */
export const updateTeamSchema = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  expectedVersion: versionSchema.optional(),
});

/** Input of `teams.update`. */
export type UpdateTeamInput = z.input<typeof updateTeamSchema>;

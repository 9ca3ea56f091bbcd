import { z } from 'zod';
import { emailSchema } from '../customers/customer-schemas';
import { idSchema, versionSchema } from '../internal/schemas';

/** An agent's availability. */
export const agentStatusSchema = z.enum(['online', 'away', 'offline']);

/** Input of `agents.create`. */
export const createAgentSchema = z.strictObject({
  /** Optional host-chosen id, e.g. the host's own user id. */
  id: idSchema.optional(),
  name: z.string().trim().min(1).max(200),
  email: emailSchema.nullable().optional(),
  teamIds: z.array(idSchema).max(100).default([]),
  status: agentStatusSchema.default('offline'),
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

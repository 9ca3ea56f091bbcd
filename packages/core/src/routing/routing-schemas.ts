import { z } from 'zod';
import { idSchema, limitSchema, versionSchema } from '../internal/schemas';

/** Input of `routing.route`. */
export const routeTicketSchema = z.strictObject({
  /** Fails with `VERSION_CONFLICT` when the ticket is no longer at this version. */
  expectedVersion: versionSchema.optional(),
  /** Agents that must not get the ticket (excluded with reason `excluded`). */
  excludeAgentIds: z.array(idSchema).max(100).optional(),
});

/** Input of `routing.route`. */
export type RouteTicketInput = z.input<typeof routeTicketSchema>;

/** Input of `routing.queue`. */
export const listQueueSchema = z.strictObject({
  teamId: idSchema,
  cursor: z.string().max(2048).optional(),
  limit: limitSchema.default(50),
});

/** Input of `routing.queue`. */
export type ListQueueInput = z.input<typeof listQueueSchema>;

/** Input of `routing.processQueue`. */
export const processQueueSchema = z.strictObject({
  /** Only this team's queue; every team's when omitted. */
  teamId: idSchema.optional(),
});

/** Input of `routing.processQueue`. */
export type ProcessQueueInput = z.input<typeof processQueueSchema>;

import { z } from 'zod';
import {
  idempotencyKeySchema,
  jsonObjectSchema,
  limitSchema,
  prioritySchema,
  slugSchema,
  stageCategorySchema,
} from '../internal/schemas';
import { messageBodySchema } from '../tickets/ticket-schemas';

/**
 * The bodies and queries of the customer routes. Each is a strict subset of the desk's own
 * input: a customer can only send what a customer may set, and an unknown field is
 * `VALIDATION_FAILED`. The widget validates its forms with the same schemas.
 */

/** Body of `POST /tickets` for a customer: the new-ticket form. */
export const customerCreateTicketSchema = z.strictObject({
  subject: z.string().trim().min(1).max(500),
  category: slugSchema.nullable().optional(),
  /** Only when the tenant lets customers choose (`customerCanSetPriority`). */
  priority: prioritySchema.optional(),
  /** Only fields the tenant marks `customerEditable`. */
  customFields: jsonObjectSchema.optional(),
  message: z.strictObject({ body: messageBodySchema }),
  /** Lets the widget retry a submission without opening a second ticket. */
  idempotencyKey: idempotencyKeySchema.optional(),
});

/** Body of `POST /tickets` for a customer. */
export type CustomerCreateTicketInput = z.input<typeof customerCreateTicketSchema>;

/** Body of `POST /tickets/:id/replies` for a customer. */
export const customerReplySchema = z.strictObject({ body: messageBodySchema });

/** Body of `POST /tickets/:id/replies` for a customer. */
export type CustomerReplyInput = z.input<typeof customerReplySchema>;

/** Query of `GET /tickets` for a customer. */
export const customerTicketQuerySchema = z.strictObject({
  status: z.union([stageCategorySchema, z.array(stageCategorySchema).min(1).max(6)]).optional(),
  cursor: z.string().max(2048).optional(),
  limit: limitSchema.default(25),
});

/** Query of `GET /credits`: the ledger page, newest entry first. */
export const creditLedgerQuerySchema = z.strictObject({
  cursor: z.string().max(2048).optional(),
  limit: limitSchema.default(20),
});

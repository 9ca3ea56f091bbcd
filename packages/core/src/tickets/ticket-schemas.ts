import { z } from 'zod';
import { requesterLookupSchema } from '../customers/customer-schemas';
import {
  channelSchema,
  idempotencyKeySchema,
  idSchema,
  instantSchema,
  jsonObjectSchema,
  limitSchema,
  prioritySchema,
  slugSchema,
  stageCategorySchema,
  tagSchema,
  versionSchema,
} from '../internal/schemas';

/** File metadata on a message. */
export const attachmentSchema = z.strictObject({
  name: z.string().trim().min(1).max(255),
  contentType: z.string().min(1).max(255),
  size: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
  url: z.url().max(2048).nullable().default(null),
});

/** A message body: plain text, up to 64 KiB, not only whitespace. */
export const messageBodySchema = z
  .string()
  .max(65_536)
  .refine((body) => body.trim().length > 0, 'The message is empty');

/** An inbound message's id in its source system (e.g. an email Message-ID). */
export const externalIdSchema = z.string().min(1).max(512);

/** The first message of a new ticket. */
export const initialMessageSchema = z.strictObject({
  body: messageBodySchema,
  visibility: z.enum(['public', 'internal']).default('public'),
  externalId: externalIdSchema.optional(),
  attachments: z.array(attachmentSchema).max(50).default([]),
});

/** Input of `tickets.create`. */
export const createTicketSchema = z.strictObject({
  subject: z.string().trim().min(1).max(500),
  type: slugSchema.optional(),
  priority: prioritySchema.optional(),
  category: slugSchema.nullable().optional(),
  teamId: idSchema.nullable().optional(),
  assigneeId: idSchema.nullable().optional(),
  tags: z.array(tagSchema).max(100).optional(),
  customFields: jsonObjectSchema.optional(),
  /** Defaults to `web_form` for customers and `api` for staff. */
  channel: channelSchema.optional(),
  channelDetail: jsonObjectSchema.nullable().optional(),
  /** The requester, by id. Staff give this or `requester`; customers are always their own requester. */
  requesterId: idSchema.optional(),
  /** The requester, found by email or identity and created when new. */
  requester: requesterLookupSchema.optional(),
  pipelineId: idSchema.optional(),
  stageId: slugSchema.optional(),
  parentId: idSchema.optional(),
  /** The request itself, as the thread's first message, written by the requester (or the agent creating it). */
  message: initialMessageSchema.optional(),
  /** A replay with the same key returns the ticket the first call created. */
  idempotencyKey: idempotencyKeySchema.optional(),
});

/** Input of `tickets.create`. */
export type CreateTicketInput = z.input<typeof createTicketSchema>;

/** Input of `tickets.update`. Custom field values of `null` remove the field. */
export const updateTicketSchema = z.strictObject({
  subject: z.string().trim().min(1).max(500).optional(),
  type: slugSchema.optional(),
  priority: prioritySchema.optional(),
  category: slugSchema.nullable().optional(),
  /** Replaces all tags. */
  tags: z.array(tagSchema).max(100).optional(),
  addTags: z.array(tagSchema).max(100).optional(),
  removeTags: z.array(tagSchema).max(100).optional(),
  /** Merged into the current custom fields. */
  customFields: jsonObjectSchema.optional(),
  channelDetail: jsonObjectSchema.nullable().optional(),
  expectedVersion: versionSchema.optional(),
});

/** Input of `tickets.update`. */
export type UpdateTicketInput = z.input<typeof updateTicketSchema>;

/** Input of `tickets.assign`. Omitted fields stay; `null` clears. */
export const assignTicketSchema = z
  .strictObject({
    assigneeId: idSchema.nullable().optional(),
    teamId: idSchema.nullable().optional(),
    expectedVersion: versionSchema.optional(),
  })
  .refine((value) => value.assigneeId !== undefined || value.teamId !== undefined, {
    message: 'Give an assigneeId, a teamId, or both',
    path: ['assigneeId'],
  });

/** Input of `tickets.assign`. */
export type AssignTicketInput = z.input<typeof assignTicketSchema>;

/** Input of `tickets.transition`. Giving `pipelineId` moves the ticket to another pipeline. */
export const transitionTicketSchema = z.strictObject({
  stageId: slugSchema,
  pipelineId: idSchema.optional(),
  expectedVersion: versionSchema.optional(),
});

/** Input of `tickets.transition`. */
export type TransitionTicketInput = z.input<typeof transitionTicketSchema>;

/** Input of `tickets.reply`. */
export const replySchema = z.strictObject({
  body: messageBodySchema,
  /** `internal` makes a note only staff can read. Customers can only write `public`. */
  visibility: z.enum(['public', 'internal']).default('public'),
  /** The channel the message came or goes through; defaults to the ticket's. */
  channel: channelSchema.optional(),
  /** Inbound dedup: a second message with the same external id is not stored again. */
  externalId: externalIdSchema.optional(),
  attachments: z.array(attachmentSchema).max(50).default([]),
  /** Staff only: the stage to move to with this message (e.g. a pending stage); the pipeline's allowed transitions apply. */
  moveToStageId: slugSchema.optional(),
  expectedVersion: versionSchema.optional(),
});

/** Input of `tickets.reply`. */
export type ReplyInput = z.input<typeof replySchema>;

/** Input of `tickets.addNote`. */
export const noteSchema = z.strictObject({
  body: messageBodySchema,
  attachments: z.array(attachmentSchema).max(50).default([]),
  expectedVersion: versionSchema.optional(),
});

/** Input of `tickets.addNote`. */
export type NoteInput = z.input<typeof noteSchema>;

const oneOrMany = <T extends z.ZodType>(schema: T) =>
  z
    .union([schema, z.array(schema).min(1).max(100)])
    .transform((value) => (Array.isArray(value) ? value : [value]) as Array<z.output<T>>);

/** Input of `tickets.list`. */
export const listTicketsSchema = z.strictObject({
  pipelineId: idSchema.optional(),
  stageId: oneOrMany(slugSchema).optional(),
  category: oneOrMany(stageCategorySchema).optional(),
  priority: oneOrMany(prioritySchema).optional(),
  /** `null` matches unassigned tickets. */
  assigneeId: oneOrMany(idSchema.nullable()).optional(),
  /** `null` matches tickets without a team. */
  teamId: oneOrMany(idSchema.nullable()).optional(),
  /** Tickets carrying all of these tags. */
  tags: z.array(tagSchema).min(1).max(20).optional(),
  channel: oneOrMany(channelSchema).optional(),
  requesterId: idSchema.optional(),
  type: oneOrMany(slugSchema).optional(),
  parentId: idSchema.optional(),
  /** Created at or after this instant. */
  createdAfter: instantSchema.optional(),
  /** Created strictly before this instant. */
  createdBefore: instantSchema.optional(),
  /** Words that must all occur in the subject (case-insensitive). */
  search: z.string().trim().min(1).max(200).optional(),
  /** Tickets with a running SLA clock due strictly before this instant (the clock's `now` finds the breached ones). */
  slaDueBefore: instantSchema.optional(),
  /** True: tickets whose current SLA cycle is breached; false: all others. */
  slaBreached: z.boolean().optional(),
  /** True: tickets escalated at least once; false: never escalated. */
  escalated: z.boolean().optional(),
  /**
   * `priority` orders by priority, then by age. `slaDueAt` orders by the earliest running SLA
   * due time (ascending: breaching soonest first); tickets without a running clock come last.
   */
  sort: z.enum(['createdAt', 'updatedAt', 'priority', 'slaDueAt']).default('createdAt'),
  /**
   * Defaults to `desc` (newest first) for `createdAt`/`updatedAt`, and to `asc` for
   * `priority` (most urgent first, oldest first within a priority: queue order) and
   * `slaDueAt` (breaching soonest first).
   */
  order: z.enum(['asc', 'desc']).optional(),
  limit: limitSchema.default(25),
  cursor: z.string().max(2048).optional(),
});

/** Input of `tickets.list`. */
export type ListTicketsInput = z.input<typeof listTicketsSchema>;

/** Paging input of thread and history reads. */
export const pageInputSchema = z.strictObject({
  cursor: z.string().max(2048).optional(),
  limit: limitSchema.default(50),
});

/** Paging input of thread and history reads. */
export type PageInput = z.input<typeof pageInputSchema>;

/** Input of `tickets.link`. */
export const linkTicketSchema = z.strictObject({
  type: z.enum(['related', 'duplicate_of', 'caused_by', 'follow_up_of']),
  targetId: idSchema,
});

/** Input of `tickets.link`. */
export type LinkTicketInput = z.input<typeof linkTicketSchema>;

/** Input of `tickets.merge`. */
export const mergeTicketSchema = z.strictObject({
  targetId: idSchema,
  expectedVersion: versionSchema.optional(),
});

/** Input of `tickets.merge`. */
export type MergeTicketInput = z.input<typeof mergeTicketSchema>;

/** Input of `tickets.setParent`. */
export const setParentSchema = z.strictObject({
  parentId: idSchema.nullable(),
  expectedVersion: versionSchema.optional(),
});

/** Input of `tickets.setParent`. */
export type SetParentInput = z.input<typeof setParentSchema>;

/** One child of `tickets.split`. Unset fields are inherited from the parent. */
export const childTicketSchema = z.strictObject({
  subject: z.string().trim().min(1).max(500),
  type: slugSchema.optional(),
  priority: prioritySchema.optional(),
  category: slugSchema.nullable().optional(),
  teamId: idSchema.nullable().optional(),
  assigneeId: idSchema.nullable().optional(),
  tags: z.array(tagSchema).max(100).optional(),
  message: initialMessageSchema.optional(),
});

/** Input of `tickets.split`. */
export const splitTicketSchema = z.strictObject({
  children: z.array(childTicketSchema).min(1).max(50),
});

/** Input of `tickets.split`. */
export type SplitTicketInput = z.input<typeof splitTicketSchema>;

/** Input of `alarms.raise`. */
export const raiseAlarmSchema = z.strictObject({
  /** Identifies the condition; while its ticket is open, a repeat adds an occurrence. */
  dedupKey: z.string().min(1).max(255),
  subject: z.string().trim().min(1).max(500),
  /** What the monitoring system reported; stored as a system message. */
  detail: messageBodySchema.optional(),
  priority: prioritySchema.optional(),
  requesterId: idSchema.optional(),
  requester: requesterLookupSchema.optional(),
  teamId: idSchema.nullable().optional(),
  tags: z.array(tagSchema).max(100).optional(),
  customFields: jsonObjectSchema.optional(),
  channelDetail: jsonObjectSchema.nullable().optional(),
});

/** Input of `alarms.raise`. */
export type RaiseAlarmInput = z.input<typeof raiseAlarmSchema>;

import { z } from 'zod';
import { creditSettingsSchema, DEFAULT_CREDIT_SETTINGS } from '../credits/credit-settings';
import { DEFAULT_ESCALATION_SETTINGS, escalationSettingsSchema } from '../escalation/escalation-settings';
import { prioritySchema, slugSchema } from '../internal/schemas';
import { DEFAULT_ROUTING_SETTINGS, routingSettingsSchema } from '../routing/routing-settings';
import { DEFAULT_SLA_SETTINGS, slaSettingsSchema } from '../sla/sla-settings';

/** The ticket types every tenant starts with. Tenants may replace the list. */
export const DEFAULT_TICKET_TYPES = ['question', 'incident', 'request', 'problem', 'alarm', 'task'] as const;

/** Four days: how long a resolved ticket waits before it closes, unless configured. */
export const DEFAULT_AUTO_CLOSE_SECONDS = 4 * 24 * 60 * 60;

/** Seven days: how long a customer may change a satisfaction rating, unless configured. */
export const DEFAULT_CSAT_CHANGE_WINDOW_SECONDS = 7 * 24 * 60 * 60;

/** A custom ticket field the tenant defines; values on tickets are validated against it. */
export const customFieldDefinitionSchema = z.strictObject({
  key: slugSchema,
  label: z.string().min(1).max(200),
  type: z.enum(['text', 'number', 'boolean', 'date', 'select', 'multiselect']),
  /** Allowed values of `select` and `multiselect` fields. */
  options: z.array(z.string().min(1).max(200)).max(500).optional(),
  /** Whether a ticket must carry a value when it is created. */
  required: z.boolean().default(false),
  /** Whether customers may set the field when they create a ticket. */
  customerEditable: z.boolean().default(false),
});

/** A custom ticket field definition. */
export type CustomFieldDefinition = z.output<typeof customFieldDefinitionSchema>;

/** A ticket category (topic) customers and agents choose from. */
export const categoryDefinitionSchema = z.strictObject({
  id: slugSchema,
  name: z.string().min(1).max(200),
});

/** A ticket category definition. */
export type CategoryDefinition = z.output<typeof categoryDefinitionSchema>;

/** Schema of a tenant's complete settings. */
export const tenantSettingsSchema = z.strictObject({
  /** The pipeline new tickets enter. `default` is the built-in pipeline. */
  defaultPipelineId: z.string().min(1).max(128),
  /** Priority of tickets created without one. */
  defaultPriority: prioritySchema,
  /** Allowed ticket types. */
  ticketTypes: z.array(slugSchema).min(1).max(100),
  /** Allowed categories; an empty list accepts any category slug. */
  categories: z.array(categoryDefinitionSchema).max(500),
  /** Custom field definitions; an empty list accepts any JSON values. */
  customFields: z.array(customFieldDefinitionSchema).max(200),
  /** Seconds a resolved ticket waits before it closes; null never closes automatically. */
  autoCloseAfterSeconds: z
    .int()
    .min(0)
    .max(366 * 24 * 60 * 60)
    .nullable(),
  /** Whether a parent ticket may be resolved or closed while a child is still open. */
  allowResolveWithOpenChildren: z.boolean(),
  /** Whether an agent's public reply on a new or open ticket moves it to the first pending stage. */
  agentReplyMovesToPending: z.boolean(),
  /** Whether customers may choose a priority when they create a ticket. */
  customerCanSetPriority: z.boolean(),
  /** Prepaid credits: rate card, overdraft, holds, ticket billing; replaced as a whole by `settings.update`. */
  credits: creditSettingsSchema,
  /** The scale customers rate resolved tickets on (CSAT). */
  csatScale: z.enum(['five_point', 'seven_point', 'thumbs']),
  /** Seconds after the first rating during which the customer may change it; 0 makes ratings final. */
  csatChangeWindowSeconds: z
    .int()
    .min(0)
    .max(366 * 24 * 60 * 60),
  /** SLA calendars, policies and warning thresholds; replaced as a whole by `settings.update`. */
  sla: slaSettingsSchema,
  /** Escalation levels and policies; replaced as a whole by `settings.update`. */
  escalation: escalationSettingsSchema,
  /** Routing rules and when routing runs; replaced as a whole by `settings.update`. */
  routing: routingSettingsSchema,
});

/** A tenant's effective settings. */
export type TenantSettings = z.output<typeof tenantSettingsSchema>;

/** Schema of a partial settings document: what `settings.update` and `createTicketing({ defaults })` take. */
export const tenantSettingsPatchSchema = tenantSettingsSchema.partial();

/** A partial settings document. */
export type TenantSettingsInput = z.input<typeof tenantSettingsPatchSchema>;

/** The settings of a tenant that changed nothing. */
export const DEFAULT_TENANT_SETTINGS: TenantSettings = {
  defaultPipelineId: 'default',
  defaultPriority: 'medium',
  ticketTypes: [...DEFAULT_TICKET_TYPES],
  categories: [],
  customFields: [],
  autoCloseAfterSeconds: DEFAULT_AUTO_CLOSE_SECONDS,
  allowResolveWithOpenChildren: false,
  agentReplyMovesToPending: false,
  customerCanSetPriority: false,
  credits: DEFAULT_CREDIT_SETTINGS,
  csatScale: 'five_point',
  csatChangeWindowSeconds: DEFAULT_CSAT_CHANGE_WINDOW_SECONDS,
  sla: DEFAULT_SLA_SETTINGS,
  escalation: DEFAULT_ESCALATION_SETTINGS,
  routing: DEFAULT_ROUTING_SETTINGS,
};

/**
 * ticketkit core: the support desk's rules, over a pluggable storage.
 *
 * Start with {@link createTicketing}; every call runs as an {@link Actor}.
 * @packageDocumentation
 */

export { type Actor, type ActorRef, actorSchema, agentActor, customerActor, systemActor } from './actors';
export { type Clock, systemClock } from './clock';
// Credits
export {
  type BlockState,
  type CreditBalance,
  type CreditBlockBalance,
  settledStates,
} from './credits/balances';
export {
  type BalanceOptions,
  balanceOptionsSchema,
  type ChangeExpiryInput,
  type CommitHoldInput,
  type ConsumeCreditsInput,
  changeExpirySchema,
  commitHoldSchema,
  consumeCreditsSchema,
  creditCustomerIdSchema,
  type GrantCreditsInput,
  grantCreditsSchema,
  type LedgerPageInput,
  ledgerPageSchema,
  type RefundCreditsInput,
  type ReserveCreditsInput,
  refundCreditsSchema,
  reserveCreditsSchema,
  type VoidBlockInput,
  type VoidHoldInput,
  voidBlockSchema,
  voidHoldSchema,
} from './credits/credit-schemas';
export {
  type CreditSettings,
  creditCostSchema,
  creditSettingsSchema,
  DEFAULT_CREDIT_SETTINGS,
  DEFAULT_HOLD_TIMEOUT_SECONDS,
  type TicketBillingSettings,
  ticketBillingSchema,
} from './credits/credit-settings';
export { type BlockResult, CreditsApi, type EntriesResult, type HoldResult } from './credits/credits-api';
export { compareDrawOrder } from './credits/draw-order';
export {
  type CreditEntryEffect,
  creditEntryEffect,
  type FoldedBlock,
  foldLedger,
  type LedgerFold,
  postedEffect,
} from './credits/ledger-fold';
export {
  type TicketQuote,
  type TicketQuoteInput,
  ticketQuoteSchema,
} from './credits/ticket-quote';
export { expiryAfterMonths } from './credits/validity';
// Customer satisfaction
export { CsatApi } from './csat/csat-api';
export { CSAT_SCALE_RANGE, isLowCsatScore } from './csat/csat-scale';
export { type SubmitCsatInput, submitCsatSchema } from './csat/csat-schemas';
// Customers
export {
  type CreateCustomerInput,
  createCustomerSchema,
  type IdentityInput,
  identityInputSchema,
  type RequesterLookup,
  requesterLookupSchema,
  type UpdateCustomerInput,
  updateCustomerSchema,
} from './customers/customer-schemas';
export { CustomersApi } from './customers/customers-api';
export { normalizeIdentity } from './customers/identity';
export { createTicketing, type Ticketing, type TicketingOptions } from './desk';
export {
  AlreadyExistsError,
  ForbiddenError,
  HoldExpiredError,
  IdempotencyConflictError,
  InsufficientCreditsError,
  InvalidStateError,
  InvalidTransitionError,
  isTicketkitError,
  NotFoundError,
  ServiceOutOfScopeError,
  StorageFailureError,
  TicketkitError,
  type TicketkitErrorCode,
  type TicketkitErrorDetails,
  ValidationError,
  type ValidationIssue,
  VersionConflictError,
} from './errors';
// Escalation
export {
  EscalationApi,
  type EscalationStats,
  type EscalationStatsInput,
  escalationStatsSchema,
  type ManualEscalationInput,
  manualEscalationSchema,
} from './escalation/escalation-api';
export {
  DEFAULT_ESCALATION_LEVELS,
  DEFAULT_ESCALATION_SETTINGS,
  type EscalationAction,
  type EscalationLevel,
  type EscalationPolicy,
  type EscalationSettings,
  type EscalationSettingsInput,
  type EscalationTrigger,
  escalationActionSchema,
  escalationLevelSchema,
  escalationPolicySchema,
  escalationSettingsSchema,
  escalationTriggerSchema,
} from './escalation/escalation-settings';
export { EventFeed, type EventFeedPage, type ListEventsInput, listEventsSchema } from './event-feed';
export {
  type AnyEventListener,
  type AnyTicketkitEvent,
  consoleLogger,
  EventBus,
  type EventListener,
  type FieldChange,
  type Logger,
  type SlaClockEventData,
  type StagePosition,
  type TicketkitEvent,
  type TicketkitEventMap,
  type TicketkitEventType,
  type TransitionReason,
} from './events';
export { defaultIdGenerator, ID_PREFIXES, type IdGenerator, type IdKind } from './ids';
export type { Page } from './internal/pagination';
export type { JsonObject, JsonValue } from './json';
// Pipelines
export { DEFAULT_PIPELINE_ID, defaultPipeline } from './pipelines/default-pipeline';
export { stagePausesSla } from './pipelines/pipeline-rules';
export {
  type CreatePipelineInput,
  createPipelineSchema,
  stageInputSchema,
  type UpdatePipelineInput,
  updatePipelineSchema,
} from './pipelines/pipeline-schemas';
export { PipelinesApi } from './pipelines/pipelines-api';
// Agents and teams
export { AgentsApi } from './routing/agents-api';
export {
  agentCapacitySchema,
  agentSkillSchema,
  agentStatusSchema,
  type CreateAgentInput,
  type CreateTeamInput,
  createAgentSchema,
  createTeamSchema,
  DEFAULT_AGENT_CAPACITY,
  languageSchema,
  type UpdateAgentInput,
  type UpdateTeamInput,
  updateAgentSchema,
  updateTeamSchema,
} from './routing/directory-schemas';
export {
  type RouteResult,
  RoutingApi,
  type RoutingDecisionEvent,
  type RoutingPreview,
} from './routing/routing-api';
// Routing
export type {
  PassedRule,
  RoutingCandidateReport,
  RoutingDecision,
  RoutingExclusion,
  RoutingFailure,
  RoutingTrigger,
} from './routing/routing-decision';
export {
  type ListQueueInput,
  listQueueSchema,
  type ProcessQueueInput,
  processQueueSchema,
  type RouteTicketInput,
  routeTicketSchema,
} from './routing/routing-schemas';
export {
  type AgentStrategyConfig,
  agentStrategySchema,
  DEFAULT_ROUTING_SETTINGS,
  departmentStrategySchema,
  NO_REQUIREMENTS,
  type RoutingRequirements,
  type RoutingRule,
  type RoutingRuleInput,
  type RoutingSettings,
  type RoutingSettingsInput,
  type RoutingStrategyConfig,
  type RoutingStrategyType,
  routingRequirementsSchema,
  routingRuleSchema,
  routingSettingsSchema,
  routingStrategySchema,
  type SkillRequirement,
  skillRequirementSchema,
} from './routing/routing-settings';
export { TeamsApi } from './routing/teams-api';
// Scheduler
export {
  type RunDueJobsOptions,
  type RunDueJobsResult,
  runDueJobsSchema,
  SchedulerApi,
} from './scheduler/scheduler-api';
// Settings
export { type PublicSettings, SettingsApi, type VersionedSettings } from './settings/settings-api';
export {
  type CategoryDefinition,
  type CustomFieldDefinition,
  categoryDefinitionSchema,
  customFieldDefinitionSchema,
  DEFAULT_AUTO_CLOSE_SECONDS,
  DEFAULT_CSAT_CHANGE_WINDOW_SECONDS,
  DEFAULT_TENANT_SETTINGS,
  DEFAULT_TICKET_TYPES,
  type TenantSettings,
  type TenantSettingsInput,
  tenantSettingsPatchSchema,
  tenantSettingsSchema,
} from './settings/tenant-settings';
// SLA: business calendars and time arithmetic
export { addBusinessTime } from './sla/add-business-time';
export {
  ALWAYS_OPEN_CALENDAR,
  alwaysOpenCalendarSchema,
  type BusinessCalendar,
  type BusinessCalendarInput,
  businessCalendarSchema,
  businessHoursCalendarSchema,
  dateOverrideSchema,
  dayIntervalsSchema,
  localDateSchema,
  localTimeSchema,
  WEEKDAYS,
  type Weekday,
  type WorkingInterval,
  weeklyHoursSchema,
  workingIntervalSchema,
} from './sla/business-calendar';
export {
  type BusinessTimeOptions,
  type BusinessTimePause,
  MAX_BUSINESS_MINUTES,
} from './sla/business-time-arguments';
export { businessTimeBetween } from './sla/business-time-between';
export {
  type DeskStatus,
  type DeskStatusQuery,
  deskStatusQuerySchema,
  type OpeningHours,
} from './sla/desk-status';
export { isWorkingTime } from './sla/is-working-time';
// SLA: policies and clocks
export { SlaApi } from './sla/sla-api';
export { SLA_METRICS, type SlaMetric, slaMetricSchema } from './sla/sla-metrics';
export {
  DEFAULT_SLA_SETTINGS,
  DEFAULT_WARNING_PERCENTS,
  namedCalendarSchema,
  type SlaPolicy,
  type SlaSettings,
  type SlaSettingsInput,
  type SlaTarget,
  slaPolicySchema,
  slaSettingsSchema,
  slaTargetSchema,
  warningPercentsSchema,
} from './sla/sla-settings';
export type { SlaClock, SlaClockStatus, SlaPause, TicketSla } from './sla/ticket-sla';
// Storage port (for adapter authors)
export type {
  AgentLoadRepository,
  AgentRepository,
  AlarmKeyRepository,
  CapacityLimits,
  CreditAccountRepository,
  CreditBlockRepository,
  CreditHoldRepository,
  CreditLedgerRepository,
  CreditWrite,
  CsatRepository,
  CustomerRepository,
  EventListQuery,
  EventPage,
  EventRepository,
  IdempotencyRepository,
  JobRepository,
  Keyset,
  LinkRepository,
  MessageListQuery,
  MessageRepository,
  PipelineRepository,
  ReadMarkerRepository,
  RoundRobinRepository,
  RoutingQueueRepository,
  SettingsRepository,
  StorageCapabilities,
  StoragePort,
  StorageRepositories,
  TeamRepository,
  TicketFilter,
  TicketListQuery,
  TicketRepository,
  TicketSort,
  WriteResult,
} from './storage/port';
export type {
  Agent,
  AgentCapacity,
  AgentLoad,
  AgentSkill,
  AgentStatus,
  AlarmInfo,
  Attachment,
  Channel,
  CreditAccount,
  CreditBlock,
  CreditDraw,
  CreditEntry,
  CreditEntryType,
  CreditHold,
  CsatRating,
  CsatScale,
  Customer,
  CustomerIdentity,
  IdempotencyRecord,
  JobRecord,
  LinkType,
  LoadHolding,
  Message,
  MessageAuthor,
  MessageVisibility,
  Pipeline,
  Priority,
  QueuedTicket,
  ReadMarker,
  RoundRobinState,
  SettingsRecord,
  Stage,
  StageCategory,
  StoredEvent,
  Team,
  Ticket,
  TicketLink,
} from './storage/records';
export {
  compareKeysets,
  matchesTicketFilter,
  messageSortValues,
  NO_SLA_DUE,
  PRIORITY_RANK,
  queuePosition,
  readMarkerPosition,
  ticketSortValues,
} from './storage/ticket-order';
// Tickets
export { AlarmsApi } from './tickets/alarms-api';
export type { TicketRelation } from './tickets/links';
export { MAX_UNREAD_COUNT, type ReadPosition, unreadCountsSchema } from './tickets/read-state';
export type { ReplyResult } from './tickets/reply';
export { type TicketConditions, ticketConditionsSchema } from './tickets/ticket-conditions';
export {
  type AssignTicketInput,
  assignTicketSchema,
  attachmentSchema,
  type CreateTicketInput,
  createTicketSchema,
  type LinkTicketInput,
  type ListTicketsInput,
  linkTicketSchema,
  listTicketsSchema,
  type MergeTicketInput,
  mergeTicketSchema,
  type NoteInput,
  noteSchema,
  type PageInput,
  pageInputSchema,
  type RaiseAlarmInput,
  type ReplyInput,
  raiseAlarmSchema,
  replySchema,
  type SetParentInput,
  type SplitTicketInput,
  setParentSchema,
  splitTicketSchema,
  type TransitionTicketInput,
  transitionTicketSchema,
  type UpdateTicketInput,
  updateTicketSchema,
} from './tickets/ticket-schemas';
export { TicketsApi } from './tickets/tickets-api';
export { validateInput } from './validation';

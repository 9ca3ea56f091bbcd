import { z } from 'zod';
import { type Clock, systemClock } from './clock';
import { registerCreditJobs } from './credits/credit-jobs';
import { CreditsApi } from './credits/credits-api';
import { creditTicketHook } from './credits/ticket-billing';
import { CsatApi } from './csat/csat-api';
import { CustomersApi } from './customers/customers-api';
import { EscalationApi } from './escalation/escalation-api';
import { EscalationEngine, STAGE_TIMER_JOB } from './escalation/escalation-engine';
import { EventFeed } from './event-feed';
import { consoleLogger, type Logger } from './events';
import { defaultIdGenerator, type IdGenerator } from './ids';
import type { DeskContext } from './internal/desk-context';
import { KnownCustomers } from './internal/known-customers';
import { TicketHooks } from './internal/ticket-hooks';
import { TicketNumbers } from './internal/ticket-numbers';
import { PipelineCache } from './pipelines/pipeline-cache';
import { PipelinesApi } from './pipelines/pipelines-api';
import { AgentsApi } from './routing/agents-api';
import { RoutingApi } from './routing/routing-api';
import { routingHook } from './routing/routing-hook';
import { TeamsApi } from './routing/teams-api';
import { JobRegistry } from './scheduler/job-registry';
import { SchedulerApi } from './scheduler/scheduler-api';
import { SettingsApi } from './settings/settings-api';
import { SettingsStore } from './settings/settings-store';
import { type TenantSettingsInput, tenantSettingsPatchSchema } from './settings/tenant-settings';
import { SlaApi } from './sla/sla-api';
import { SLA_TIMER_JOB, SlaEngine } from './sla/sla-engine';
import { StorageGateway } from './storage/gateway';
import type { StoragePort } from './storage/port';
import { AlarmsApi } from './tickets/alarms-api';
import { autoCloseHandler } from './tickets/auto-close';
import { AUTO_CLOSE_JOB } from './tickets/stage-change';
import { TicketsApi } from './tickets/tickets-api';
import { parseInput } from './validation';

/** Options of {@link createTicketing}. */
export interface TicketingOptions {
  /** Where the desk keeps its data: `memoryAdapter()`, `postgresAdapter({ pool })`, or your own port. */
  storage: StoragePort;
  /** The source of "now". Defaults to the system clock; tests pass a controllable one. */
  clock?: Clock;
  /** Makes record ids. Defaults to prefixed random ids (`tkt_...`). */
  generateId?: IdGenerator;
  /** Receives failures that must not fail a command (listener errors, job retries). Defaults to the console. */
  logger?: Logger;
  /** Settings every tenant starts with; each tenant may override them with `settings.update`. */
  defaults?: TenantSettingsInput;
  /**
   * How long (ms, on the desk clock) a tenant's settings and pipelines, once read, serve later
   * commands of this desk without another read. A change made through this desk applies to
   * its next command; a change made through another desk on the same storage (another app
   * instance) applies here at most this long after it was stored (until then this desk's
   * commands validate against what it read, and may still move a ticket into a stage that
   * was just removed). 0 reads settings and pipelines in every command. Default 1000.
   */
  settingsCacheMs?: number;
}

/** A support desk: every engine of ticketkit over one storage. */
export interface Ticketing {
  readonly tickets: TicketsApi;
  readonly customers: CustomersApi;
  readonly agents: AgentsApi;
  readonly teams: TeamsApi;
  /** Routing rules at work: route on demand, queues, decisions, agent loads. */
  readonly routing: RoutingApi;
  readonly pipelines: PipelinesApi;
  readonly alarms: AlarmsApi;
  /** Prepaid support credits: blocks, ledger, holds, balances. */
  readonly credits: CreditsApi;
  readonly settings: SettingsApi;
  /** Customer satisfaction ratings of resolved tickets. */
  readonly csat: CsatApi;
  /** SLA clocks: recompute from history (clocks otherwise run by themselves). */
  readonly sla: SlaApi;
  /** Manual escalation and escalation figures (policies fire by themselves). */
  readonly escalation: EscalationApi;
  /** Live subscriptions (`on`, `onAny`) and the stored feed (`list`). */
  readonly events: EventFeed;
  readonly scheduler: SchedulerApi;
  /** The clock the desk reads. */
  readonly clock: Clock;
  /** The storage the desk writes to. */
  readonly storage: StoragePort;
}

const aFunction = <T>() => z.custom<T>((value) => typeof value === 'function', 'Expected a function');

const storageShape = z.looseObject({
  name: z.string(),
  capabilities: z.looseObject({}),
  transaction: aFunction<StoragePort['transaction']>(),
});

/** The optional collaborators: checked up front, so a bad one fails here and not in a later command. */
const collaboratorsShape = z.looseObject({
  clock: z.looseObject({ now: aFunction<Clock['now']>() }).optional(),
  generateId: aFunction<IdGenerator>().optional(),
  logger: z
    .looseObject({ error: aFunction<Logger['error']>(), warn: aFunction<Logger['warn']>() })
    .optional(),
  settingsCacheMs: z.number().int().min(0).max(3_600_000).optional(),
});

/** Default of {@link TicketingOptions.settingsCacheMs}. */
const DEFAULT_SETTINGS_CACHE_MS = 1000;

/**
 * Creates a desk over a storage adapter.
 *
 * @example
 * ```ts
 * import { createTicketing, systemActor } from '@ticketkit/core';
 * import { memoryAdapter } from '@ticketkit/adapters-memory';
 *
 * const desk = createTicketing({ storage: memoryAdapter() });
 * const ticket = await desk.tickets.create(systemActor('acme'), {
 *   subject: 'Cannot log in',
 *   requester: { email: 'ada@example.com', name: 'Ada' },
 *   channel: 'email',
 * });
 * ```
 */
export function createTicketing(options: TicketingOptions): Ticketing {
  parseInput(storageShape, options?.storage, 'storage');
  parseInput(collaboratorsShape, options);
  const defaults = parseInput(tenantSettingsPatchSchema, options.defaults ?? {}, 'defaults');
  const logger = options.logger ?? consoleLogger;
  const newId = options.generateId ?? defaultIdGenerator;
  const clock = options.clock ?? systemClock;
  const gateway = new StorageGateway(options.storage, logger, (committed) => events.publish(committed));
  const events = new EventFeed(logger, gateway);
  const cache = { clock, maxAgeMs: options.settingsCacheMs ?? DEFAULT_SETTINGS_CACHE_MS };
  const desk: DeskContext = {
    gateway,
    clock,
    newId,
    settings: new SettingsStore(defaults, cache),
    jobs: new JobRegistry(newId),
    ticketHooks: new TicketHooks(),
    knownCustomers: new KnownCustomers(),
    pipelines: new PipelineCache(cache),
    ticketNumbers: new TicketNumbers((tenantId, count) =>
      gateway.read((storage) => storage.tickets.nextNumber(tenantId, count)),
    ),
  };
  desk.jobs.register(AUTO_CLOSE_JOB, autoCloseHandler(desk));
  registerCreditJobs(desk);
  desk.ticketHooks.add(creditTicketHook(desk));
  const sla = new SlaEngine(desk);
  desk.ticketHooks.add(sla.hook);
  desk.jobs.register(SLA_TIMER_JOB, sla.timerHandler);
  const escalation = new EscalationEngine(desk, sla);
  desk.ticketHooks.add(escalation.hook);
  desk.jobs.register(STAGE_TIMER_JOB, escalation.stageTimerHandler);
  // Routing last: it keeps load slots and the queue in step with what the other hooks decided.
  desk.ticketHooks.add(routingHook(desk));
  return {
    tickets: new TicketsApi(desk),
    customers: new CustomersApi(desk),
    agents: new AgentsApi(desk),
    teams: new TeamsApi(desk),
    routing: new RoutingApi(desk),
    pipelines: new PipelinesApi(desk),
    alarms: new AlarmsApi(desk),
    credits: new CreditsApi(desk),
    settings: new SettingsApi(desk),
    csat: new CsatApi(desk),
    sla: new SlaApi(desk, sla),
    escalation: new EscalationApi(desk),
    events,
    scheduler: new SchedulerApi(desk, logger),
    clock,
    storage: options.storage,
  };
}

import mitt, { type Emitter, type Handler, type WildcardHandler } from 'mitt';
import type { ActorRef } from './actors';
import type { JsonObject, JsonValue } from './json';
import type { RoutingDecision, RoutingFailure } from './routing/routing-decision';
import type { SlaMetric } from './sla/sla-metrics';
import type {
  Channel,
  CsatScale,
  LinkType,
  MessageVisibility,
  Priority,
  StageCategory,
  StoredEvent,
} from './storage/records';

/** One changed field of a record, before and after (instants as ISO strings). */
export interface FieldChange {
  field: string;
  from: JsonValue;
  to: JsonValue;
}

/** Where a ticket is in its pipeline. */
export interface StagePosition {
  pipelineId: string;
  stageId: string;
  category: StageCategory;
}

/** Why a ticket changed stage. */
export type TransitionReason =
  | 'manual'
  | 'customer_reply'
  | 'agent_reply'
  | 'auto_close'
  | 'merge'
  | 'pipeline_change'
  /** The ticket's charge could not be reserved; it waits for credits. */
  | 'awaiting_credits'
  /** Credits arrived for a ticket that waited for them. */
  | 'credits_available';

/**
 * The payload (`data`) of every event type ticketkit emits and stores. Payloads are JSON-safe:
 * instants are ISO-8601 strings. New event types may be added in minor versions.
 */
export interface TicketkitEventMap {
  'ticket.created': {
    number: number;
    subject: string;
    type: string;
    priority: Priority;
    channel: Channel;
    requesterId: string;
    position: StagePosition;
    parentId: string | null;
    followUpOf: string | null;
    alarmKey: string | null;
  };
  'ticket.updated': { changes: FieldChange[] };
  'ticket.transitioned': { from: StagePosition; to: StagePosition; reason: TransitionReason };
  'ticket.reopened': { reason: TransitionReason; reopenCount: number };
  'ticket.assigned': {
    assigneeId: { from: string | null; to: string | null };
    teamId: { from: string | null; to: string | null };
    reassignCount: number;
  };
  /** Routing gave the ticket to an agent, or to a team for a person to assign; `ticket.assigned` follows when that changed anything. */
  'ticket.routed': RoutingDecision;
  /** Nobody eligible had room: the ticket waits unassigned in the team's queue. */
  'ticket.queued': RoutingDecision;
  /** Routing could not place the ticket; `failure` says why. */
  'routing.failed': RoutingDecision & { failure: RoutingFailure };
  'ticket.parent_changed': { from: string | null; to: string | null };
  'ticket.child_added': { childId: string };
  'ticket.child_removed': { childId: string };
  'ticket.linked': {
    linkId: string;
    type: LinkType;
    direction: 'outgoing' | 'incoming';
    otherTicketId: string;
  };
  'ticket.unlinked': {
    linkId: string;
    type: LinkType;
    direction: 'outgoing' | 'incoming';
    otherTicketId: string;
  };
  'ticket.merged': { targetId: string };
  'ticket.merge_received': { sourceId: string };
  'ticket.follow_up_created': { followUpId: string };
  'alarm.repeated': { dedupKey: string; occurrences: number; detail: string | null };
  'message.created': {
    messageId: string;
    seq: number;
    visibility: MessageVisibility;
    authorKind: 'customer' | 'agent' | 'system';
    authorId: string | null;
    channel: Channel;
    externalId: string | null;
    body: string;
    attachmentCount: number;
  };
  'customer.created': { name: string | null; email: string | null };
  'customer.updated': { changes: FieldChange[] };
  'agent.created': { name: string; email: string | null };
  'agent.updated': { changes: FieldChange[] };
  'team.created': { name: string };
  'team.updated': { changes: FieldChange[] };
  'pipeline.created': { name: string };
  'pipeline.updated': { changes: FieldChange[] };
  'settings.updated': { changes: FieldChange[] };
  /** A block of credits was granted. Instants are ISO strings; `available` is the customer's balance after. */
  'credits.granted': {
    customerId: string;
    blockId: string;
    amount: number;
    effectiveAt: string;
    expiresAt: string | null;
    externalRef: string | null;
    available: number;
  };
  /** Credits were charged: a consume, or a committed hold (`holdKey` set). One draw per block. */
  'credits.consumed': {
    customerId: string;
    amount: number;
    service: string | null;
    key: string;
    holdKey: string | null;
    draws: Array<{ blockId: string; amount: number }>;
    available: number;
  };
  /** The customer's available credits fell to or below the tenant's threshold. */
  'credits.low': { customerId: string; available: number; threshold: number };
  /** A block's unspent credits expire within the tenant's notice period. */
  'credits.expiring': { customerId: string; blockId: string; amount: number; expiresAt: string };
  /** Credits of a block expired (its unheld remainder, or credits released onto it after it expired). */
  'credits.expired': { customerId: string; blockId: string; amount: number; expiredAt: string };
  /**
   * A customer rated a resolved ticket, or changed their rating. `low` marks a score at the
   * bottom of its scale (see `isLowCsatScore`): what an escalation policy on bad CSAT reads.
   */
  'csat.submitted': {
    customerId: string;
    scale: CsatScale;
    score: number;
    comment: string | null;
    low: boolean;
    /** The score this submission replaced; null for the first rating. */
    previousScore: number | null;
  };
  /** A running SLA clock passed a warning threshold (a percent of its goal). */
  'sla.warning': SlaClockEventData & { percent: number; thresholdAt: string };
  /** An SLA clock's goal ran out before it completed (announced once per clock cycle). */
  'sla.breached': SlaClockEventData & { completedAt: string | null };
  /** An SLA clock completed within its goal. */
  'sla.achieved': SlaClockEventData & { completedAt: string; elapsedMinutes: number };
  /** The ticket was escalated, by a policy or by hand; the escalated-to team reads why here. */
  'escalation.raised': {
    manual: boolean;
    policyId: string | null;
    /** What fired: the policy's trigger (`{ type: 'manual' }` for a manual escalation). */
    trigger: JsonObject;
    /** Why, for humans: the trigger and its context (e.g. "first_response breached"). */
    reason: string;
    /** What the agent tried (manual escalations), else null. */
    note: string | null;
    fromLevel: number;
    toLevel: number;
    levelName: string;
    /** The team and members of the level the ticket is now at. */
    teamId: string | null;
    memberIds: string[];
    /** The actions applied, in order (`raise_level`, `reassign`, `set_priority`, `add_note`). */
    actions: string[];
    /** The ticket as the escalation left it. */
    context: { priority: Priority; stageId: string; assigneeId: string | null; teamId: string | null };
  };
  /** The ticket went back down to a lower level (on resolve, when the tenant configures it). */
  'escalation.lowered': { fromLevel: number; toLevel: number; reason: 'resolved' };
}

/** What every SLA event says about its clock (instants as ISO strings). */
export interface SlaClockEventData {
  metric: SlaMetric;
  cycle: number;
  targetMinutes: number;
  /** The business calendar the goal counts on; null counts 24/7. */
  calendarId: string | null;
  dueAt: string;
  policyId: string | null;
}

/** Every event type name. */
export type TicketkitEventType = keyof TicketkitEventMap;

/** A stored, published event of type `K`. */
export interface TicketkitEvent<K extends TicketkitEventType = TicketkitEventType> {
  tenantId: string;
  id: string;
  type: K;
  occurredAt: Date;
  actor: ActorRef;
  /** The ticket the event belongs to; its history is the list of its events. */
  ticketId: string | null;
  data: TicketkitEventMap[K];
}

/** Any event, discriminated by `type`. */
export type AnyTicketkitEvent = { [K in TicketkitEventType]: TicketkitEvent<K> }[TicketkitEventType];

/** Receives problems that must not fail a command, such as a throwing event listener. */
export interface Logger {
  /** A failure that was isolated, such as a throwing listener or a failed job attempt. */
  error(message: string, context?: Record<string, unknown>): void;
  /** Something unexpected that did not fail anything. */
  warn(message: string, context?: Record<string, unknown>): void;
}

/** Writes to the console. */
export const consoleLogger: Logger = {
  error: (message, context) => console.error(`[ticketkit] ${message}`, context ?? ''),
  warn: (message, context) => console.warn(`[ticketkit] ${message}`, context ?? ''),
};

type EmitterEvents = { [K in TicketkitEventType]: TicketkitEvent<K> };

/** A listener for one event type. May be async; a rejection is logged like a throw. */
export type EventListener<K extends TicketkitEventType> = (event: TicketkitEvent<K>) => void | Promise<void>;

/** A listener for every event. */
export type AnyEventListener = (event: AnyTicketkitEvent) => void | Promise<void>;

/**
 * The in-process event bus. Events are published only after their command committed, in
 * the order the command recorded them. A listener that throws or rejects is logged and
 * isolated: other listeners still run and the command's result is unaffected.
 */
export class EventBus {
  readonly #emitter: Emitter<EmitterEvents> = mitt<EmitterEvents>();
  readonly #logger: Logger;
  /** Each listener's isolating wrapper, per type (`*` for {@link onAny}), so `off` finds it. */
  readonly #wrapped = new WeakMap<object, Map<string, Handler<never> | WildcardHandler<EmitterEvents>>>();

  /** @internal */
  constructor(logger: Logger) {
    this.#logger = logger;
  }

  /** Subscribes to one event type. Returns a function that unsubscribes. */
  on<K extends TicketkitEventType>(type: K, listener: EventListener<K>): () => void {
    const safe = (event: TicketkitEvent<K>) =>
      this.#invoke(listener as AnyEventListener, event as AnyTicketkitEvent);
    this.#remember(listener, type, safe as Handler<never>);
    this.#emitter.on(type, safe as Handler<EmitterEvents[K]>);
    return () => this.off(type, listener);
  }

  /** Subscribes to every event. Returns a function that unsubscribes. */
  onAny(listener: AnyEventListener): () => void {
    const safe: WildcardHandler<EmitterEvents> = (_type, event) =>
      this.#invoke(listener, event as AnyTicketkitEvent);
    this.#remember(listener, '*', safe);
    this.#emitter.on('*', safe);
    return () => this.offAny(listener);
  }

  /** Removes a listener added with {@link on}. */
  off<K extends TicketkitEventType>(type: K, listener: EventListener<K>): void {
    const safe = this.#forget(listener, type);
    if (safe !== undefined) this.#emitter.off(type, safe as Handler<EmitterEvents[K]>);
  }

  /** Removes a listener added with {@link onAny}. */
  offAny(listener: AnyEventListener): void {
    const safe = this.#forget(listener, '*');
    if (safe !== undefined) this.#emitter.off('*', safe as WildcardHandler<EmitterEvents>);
  }

  /** @internal Publishes committed events. */
  publish(events: readonly StoredEvent[]): void {
    for (const event of events) {
      const typed = event as unknown as AnyTicketkitEvent;
      this.#emitter.emit(typed.type, typed as never);
    }
  }

  #remember(listener: object, type: string, safe: Handler<never> | WildcardHandler<EmitterEvents>): void {
    const byType = this.#wrapped.get(listener) ?? new Map();
    byType.set(type, safe);
    this.#wrapped.set(listener, byType);
  }

  #forget(listener: object, type: string): Handler<never> | WildcardHandler<EmitterEvents> | undefined {
    const byType = this.#wrapped.get(listener);
    const safe = byType?.get(type);
    byType?.delete(type);
    return safe;
  }

  #invoke(listener: AnyEventListener, event: AnyTicketkitEvent): void {
    try {
      const result = listener(event);
      if (result !== undefined && typeof (result as Promise<void>).then === 'function') {
        (result as Promise<void>).then(undefined, (error: unknown) => this.#report(error, event));
      }
    } catch (error) {
      this.#report(error, event);
    }
  }

  #report(error: unknown, event: AnyTicketkitEvent): void {
    try {
      this.#logger.error('An event listener failed; the command it follows is unaffected', {
        eventType: event.type,
        eventId: event.id,
        error,
      });
    } catch {
      // A failing logger must not turn a committed command into a failed one.
    }
  }
}

import { memoryAdapter } from '@ticketkit/adapters-memory';
import { type Actor, agentActor, customerActor, systemActor } from '../actors';
import { createTicketing, type Ticketing } from '../desk';
import type { AnyTicketkitEvent } from '../events';
import { ID_PREFIXES, type IdGenerator } from '../ids';
import type { TenantSettingsInput } from '../settings/tenant-settings';
import type { StoragePort } from '../storage/port';
import type { Message, Ticket } from '../storage/records';
import type { CreateTicketInput } from '../tickets/ticket-schemas';
import { TestClock } from './clock';
import { RecordingLogger } from './logger';

/** The tenant every fixture desk is seeded in. */
export const TENANT = 'acme';
/** A second tenant, seeded with nothing: for isolation checks. */
export const OTHER_TENANT = 'globex';

/** Ids of the seeded directory. */
export const TEAM = { support: 'support', billing: 'billing' } as const;
export const AGENT = {
  /** In `support`. */
  ada: 'agt_ada',
  /** In `billing` (first) and `support`. */
  bob: 'agt_bob',
  /** In no team. */
  cyd: 'agt_cyd',
  /** In `support`, deactivated. */
  eve: 'agt_eve',
} as const;

/**
 * Ids in creation order: prefix, underscore, a zero-padded counter shared by all kinds.
 * Lexical order is creation order, which makes id tie-breaks predictable.
 */
export function sequentialIds(): IdGenerator {
  let next = 0;
  return (kind) => `${ID_PREFIXES[kind]}_${String(++next).padStart(6, '0')}`;
}

/** A desk on a fresh memory adapter with a fixed clock and a seeded tenant. */
export interface TestDesk {
  desk: Ticketing;
  storage: StoragePort;
  clock: TestClock;
  logger: RecordingLogger;
  /** Every event published by the live bus since seeding finished, in order. */
  published: AnyTicketkitEvent[];
  system: Actor;
  ada: Actor;
  bob: Actor;
  cyd: Actor;
  /** The requester Carla (carla@example.com). */
  carla: Actor;
  /** The requester Dan (dan@example.com). */
  dan: Actor;
  carlaId: string;
  danId: string;
  /** Opens a ticket as `actor` (system by default) with Carla as requester unless given. */
  open(input?: Partial<CreateTicketInput>, actor?: Actor): Promise<Ticket>;
  /** The ticket as the system reads it now. */
  get(ticketId: string): Promise<Ticket>;
  /** The whole history of a ticket (every page). */
  history(ticketId: string): Promise<AnyTicketkitEvent[]>;
  /** The whole thread of a ticket as `actor` reads it (system by default). */
  thread(ticketId: string, actor?: Actor): Promise<Message[]>;
  /** Stored events of the tenant written after seeding, oldest first. */
  storedEvents(): Promise<AnyTicketkitEvent[]>;
}

export interface TestDeskOptions {
  /** Desk-wide defaults (`createTicketing({ defaults })`). */
  defaults?: TenantSettingsInput;
  /** Tenant settings stored with `settings.update` while seeding. */
  settings?: TenantSettingsInput;
  /** Wraps the memory adapter, e.g. to inject faults. */
  storage?: (memory: StoragePort) => StoragePort;
}

/** Builds a {@link TestDesk}: teams, agents (one inactive) and two customers in {@link TENANT}. */
export async function testDesk(options: TestDeskOptions = {}): Promise<TestDesk> {
  const memory = memoryAdapter();
  const storage = options.storage === undefined ? memory : options.storage(memory);
  const clock = new TestClock();
  const logger = new RecordingLogger();
  const desk = createTicketing({
    storage,
    clock,
    logger,
    generateId: sequentialIds(),
    ...(options.defaults === undefined ? {} : { defaults: options.defaults }),
  });
  const system = systemActor(TENANT);
  await desk.teams.create(system, { id: TEAM.support, name: 'Support' });
  await desk.teams.create(system, { id: TEAM.billing, name: 'Billing' });
  await desk.agents.create(system, { id: AGENT.ada, name: 'Ada', teamIds: [TEAM.support], status: 'online' });
  await desk.agents.create(system, { id: AGENT.bob, name: 'Bob', teamIds: [TEAM.billing, TEAM.support] });
  await desk.agents.create(system, { id: AGENT.cyd, name: 'Cyd' });
  await desk.agents.create(system, { id: AGENT.eve, name: 'Eve', teamIds: [TEAM.support] });
  await desk.agents.update(system, AGENT.eve, { active: false });
  const carla = await desk.customers.create(system, { name: 'Carla', email: 'carla@example.com' });
  const dan = await desk.customers.create(system, { name: 'Dan', email: 'dan@example.com' });
  if (options.settings !== undefined) await desk.settings.update(system, options.settings);
  const seeded = await desk.events.list(system, { limit: 200 });

  const published: AnyTicketkitEvent[] = [];
  desk.events.onAny((event) => {
    published.push(event);
  });

  const history = async (ticketId: string) => {
    const all: AnyTicketkitEvent[] = [];
    let cursor: string | undefined;
    do {
      const page = await desk.tickets.history(system, ticketId, {
        limit: 200,
        ...(cursor ? { cursor } : {}),
      });
      all.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    return all;
  };
  const thread = async (ticketId: string, actor: Actor = system) => {
    const all: Message[] = [];
    let cursor: string | undefined;
    do {
      const page = await desk.tickets.messages(actor, ticketId, {
        limit: 200,
        ...(cursor ? { cursor } : {}),
      });
      all.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    return all;
  };
  const storedEvents = async () => {
    const all: AnyTicketkitEvent[] = [];
    let cursor = seeded.cursor;
    for (;;) {
      const page = await desk.events.list(system, { after: cursor, limit: 200 });
      all.push(...page.events);
      if (page.events.length === 0) return all;
      cursor = page.cursor;
    }
  };

  return {
    desk,
    storage,
    clock,
    logger,
    published,
    system,
    ada: agentActor(TENANT, AGENT.ada),
    bob: agentActor(TENANT, AGENT.bob),
    cyd: agentActor(TENANT, AGENT.cyd),
    carla: customerActor(TENANT, carla.id),
    dan: customerActor(TENANT, dan.id),
    carlaId: carla.id,
    danId: dan.id,
    open: (input = {}, actor = system) =>
      desk.tickets.create(actor, {
        subject: 'Cannot log in',
        ...(actor.kind === 'customer' || input.requester !== undefined || input.requesterId !== undefined
          ? {}
          : { requesterId: carla.id }),
        ...input,
      }),
    get: (ticketId) => desk.tickets.get(system, ticketId),
    history,
    thread,
    storedEvents,
  };
}

/** The event types of a list of events, in order. */
export function typesOf(events: readonly AnyTicketkitEvent[]): string[] {
  return events.map((event) => event.type);
}

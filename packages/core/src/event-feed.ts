import { z } from 'zod';
import { type Actor, parseActor, requireStaff } from './actors';
import { type AnyTicketkitEvent, EventBus, type Logger } from './events';
import { decodePositionCursor, encodePositionCursor } from './internal/pagination';
import { limitSchema } from './internal/schemas';
import type { StorageGateway } from './storage/gateway';
import { parseInput } from './validation';

/** Input of {@link EventFeed.list}. */
export const listEventsSchema = z.strictObject({
  after: z.string().max(2048).nullable().optional(),
  limit: limitSchema.default(100),
  types: z.array(z.string().min(1).max(100)).min(1).max(50).optional(),
});

/** Input of {@link EventFeed.list}. */
export type ListEventsInput = z.input<typeof listEventsSchema>;

/** A page of the stored event feed. */
export interface EventFeedPage {
  events: AnyTicketkitEvent[];
  /** Pass as `after` to read on; it stays valid when there is nothing new yet. */
  cursor: string | null;
}

/**
 * Events, live and stored. Subscribe with `on` / `onAny` to hear events after their command
 * commits; read the stored feed with {@link list} to catch up after downtime: every event is
 * stored in the same transaction as the change it describes, so none is lost.
 */
export class EventFeed extends EventBus {
  readonly #gateway: StorageGateway;

  /** @internal */
  constructor(logger: Logger, gateway: StorageGateway) {
    super(logger);
    this.#gateway = gateway;
  }

  /**
   * The tenant's stored events after a cursor, oldest first (staff). A consumer that keeps
   * passing the returned cursor sees every event exactly once.
   */
  async list(actor: Actor, query: ListEventsInput = {}): Promise<EventFeedPage> {
    const who = parseActor(actor);
    requireStaff(who, 'read the event feed');
    const data = parseInput(listEventsSchema, query);
    const page = await this.#gateway.read((repositories) =>
      repositories.events.list(who.tenantId, {
        after:
          data.after === undefined || data.after === null ? null : decodePositionCursor('events', data.after),
        limit: data.limit,
        ...(data.types === undefined ? {} : { types: data.types }),
      }),
    );
    return {
      events: page.events as unknown as AnyTicketkitEvent[],
      cursor: page.position === null ? null : encodePositionCursor('events', page.position),
    };
  }
}

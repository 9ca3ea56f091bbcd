/** The most numbers one storage call reserves for waiting creates. */
const MAX_BATCH = 256;

/** Creates of one tenant waiting for a number, and whether a reservation is on its way. */
interface TenantQueue {
  reserving: boolean;
  waiting: Array<{ resolve: (number: number) => void; reject: (error: unknown) => void }>;
}

/**
 * Ticket numbers for the create command. A create asks storage for a number at once when no
 * other create of its tenant is waiting for one; while a reservation is on its way, later
 * creates of the tenant wait for it to come back and are then served by one reservation of
 * as many numbers as they are (`reserve(tenantId, count)`), in the order they asked. A burst
 * of concurrent creates thus costs about two storage calls instead of one each, and a lone
 * create waits for exactly one. A failed reservation fails the creates it was for; the
 * next ones try again.
 */
export class TicketNumbers {
  readonly #queues = new Map<string, TenantQueue>();

  /** `reserve` returns the first of `count` consecutive numbers it reserved for the tenant. */
  constructor(private readonly reserve: (tenantId: string, count: number) => Promise<number>) {}

  /** A number of the tenant no other create of any desk gets. */
  next(tenantId: string): Promise<number> {
    let queue = this.#queues.get(tenantId);
    if (queue === undefined) {
      queue = { reserving: false, waiting: [] };
      this.#queues.set(tenantId, queue);
    }
    const tenantQueue = queue;
    return new Promise((resolve, reject) => {
      tenantQueue.waiting.push({ resolve, reject });
      if (!tenantQueue.reserving) this.#reserveFor(tenantId, tenantQueue);
    });
  }

  #reserveFor(tenantId: string, queue: TenantQueue): void {
    const batch = queue.waiting.splice(0, MAX_BATCH);
    queue.reserving = true;
    let reserved: Promise<number>;
    try {
      reserved = this.reserve(tenantId, batch.length);
    } catch (error) {
      reserved = Promise.reject(error);
    }
    const served = reserved.then(
      (first) => {
        batch.forEach((waiter, index) => waiter.resolve(first + index));
      },
      (error: unknown) => {
        for (const waiter of batch) waiter.reject(error);
      },
    );
    void served.then(() => {
      queue.reserving = false;
      if (queue.waiting.length > 0) this.#reserveFor(tenantId, queue);
      else this.#queues.delete(tenantId);
    });
  }
}

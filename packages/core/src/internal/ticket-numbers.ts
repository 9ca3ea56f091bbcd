import { KeyedBatches } from './keyed-batches';

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
  readonly #batches: KeyedBatches<null, number>;

  /** `reserve` returns the first of `count` consecutive numbers it reserved for the tenant. */
  constructor(reserve: (tenantId: string, count: number) => Promise<number>) {
    this.#batches = new KeyedBatches(
      async (tenantId, creates) => {
        const first = await reserve(tenantId, creates.length);
        return creates.map((_, index) => ({ value: first + index }));
      },
      { maxBatch: 256, gatherAnswered: false },
    );
  }

  /** A number of the tenant no other create of any desk gets. */
  next(tenantId: string): Promise<number> {
    return this.#batches.run(tenantId, null);
  }
}

/** How many customers a desk remembers by default. */
const DEFAULT_CAPACITY = 10_000;

/**
 * Customers this desk has read from storage, by tenant and id. The storage port has no way to
 * delete a customer, so a customer read once exists from then on: a command that only needs to
 * know that a customer exists (a ticket's requester) asks here before it reads. Bounded: past
 * `capacity`, the customer remembered longest ago is forgotten (and read again when needed).
 */
export class KnownCustomers {
  readonly #keys = new Set<string>();

  constructor(private readonly capacity = DEFAULT_CAPACITY) {}

  /** Whether the customer was read from storage by this desk (and is still remembered). */
  has(tenantId: string, customerId: string): boolean {
    return this.#keys.has(keyOf(tenantId, customerId));
  }

  /** Remembers a customer just read from storage; only for rows another transaction committed. */
  add(tenantId: string, customerId: string): void {
    const key = keyOf(tenantId, customerId);
    if (this.#keys.has(key)) return;
    this.#keys.add(key);
    if (this.#keys.size > this.capacity) {
      const oldest = this.#keys.values().next().value;
      if (oldest !== undefined) this.#keys.delete(oldest);
    }
  }
}

const keyOf = (tenantId: string, customerId: string) => `${tenantId}\u0000${customerId}`;

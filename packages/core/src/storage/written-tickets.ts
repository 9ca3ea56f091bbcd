import type { StorageRepositories, TicketRepository, WriteResult } from './port';
import type { Ticket } from './records';

/**
 * The tickets one command stored, as the very objects it passed to `insert`/`update`.
 * Reactions (SLA clocks, escalation) change a ticket through {@link save}: on an object the
 * command stored, the change lands on the object the command returns to its caller, and is
 * written over the same version (the command's one version step); on a ticket the command
 * did not store, it is a new version.
 */
export class WrittenTickets {
  readonly #tickets = new Map<string, Ticket>();

  /** The stored object of a ticket this command wrote, if it wrote one. */
  get(tenantId: string, id: string): Ticket | undefined {
    return this.#tickets.get(`${tenantId}\u0000${id}`);
  }

  /** @internal Notes a successful write. */
  remember(ticket: Ticket): void {
    this.#tickets.set(`${ticket.tenantId}\u0000${ticket.id}`, ticket);
  }

  /**
   * The ticket as this command last stored it, or else as stored (read with its write lock);
   * null when it does not exist.
   */
  async latest(tx: StorageRepositories, tenantId: string, id: string): Promise<Ticket | null> {
    return this.get(tenantId, id) ?? (await tx.tickets.getForUpdate(tenantId, id));
  }

  /**
   * Writes a ticket obtained from {@link latest} after changing it: in place when this command
   * already stored it, else as the next version. `stale` (a concurrent writer) is returned
   * for the caller to retry the command.
   */
  async save(tx: StorageRepositories, ticket: Ticket): Promise<WriteResult> {
    if (this.get(ticket.tenantId, ticket.id) === ticket) return tx.tickets.update(ticket, ticket.version);
    ticket.version += 1;
    const result = await tx.tickets.update(ticket, ticket.version - 1);
    if (result === 'ok') this.remember(ticket);
    return result;
  }
}

/** A ticket repository that reports successful writes to a {@link WrittenTickets}. */
class TrackedTickets implements TicketRepository {
  constructor(
    private readonly inner: TicketRepository,
    private readonly written: WrittenTickets,
  ) {}

  get(tenantId: string, id: string) {
    return this.inner.get(tenantId, id);
  }
  getForUpdate(tenantId: string, id: string) {
    return this.inner.getForUpdate(tenantId, id);
  }
  getMany(tenantId: string, ids: string[]) {
    return this.inner.getMany(tenantId, ids);
  }
  async insert(ticket: Ticket): Promise<WriteResult> {
    const result = await this.inner.insert(ticket);
    if (result === 'ok') this.written.remember(ticket);
    return result;
  }
  async update(ticket: Ticket, expectedVersion: number): Promise<WriteResult> {
    const result = await this.inner.update(ticket, expectedVersion);
    if (result === 'ok') this.written.remember(ticket);
    return result;
  }
  list(tenantId: string, query: Parameters<TicketRepository['list']>[1]) {
    return this.inner.list(tenantId, query);
  }
  listChildren(tenantId: string, parentId: string) {
    return this.inner.listChildren(tenantId, parentId);
  }
  nextNumber(tenantId: string) {
    return this.inner.nextNumber(tenantId);
  }
}

/** The transaction's repositories with ticket writes reported to `written`. */
export function trackTicketWrites(tx: StorageRepositories, written: WrittenTickets): StorageRepositories {
  return {
    tickets: new TrackedTickets(tx.tickets, written),
    messages: tx.messages,
    customers: tx.customers,
    agents: tx.agents,
    teams: tx.teams,
    pipelines: tx.pipelines,
    links: tx.links,
    alarmKeys: tx.alarmKeys,
    idempotency: tx.idempotency,
    events: tx.events,
    jobs: tx.jobs,
    settings: tx.settings,
  };
}

import type { Customer, CustomerIdentity, CustomerRepository, WriteResult } from '@ticketkit/core';
import { copyCustomer } from '../deep-copy';
import { key, type MemoryState } from '../memory-state';

const identityKey = (tenantId: string, identity: Pick<CustomerIdentity, 'type' | 'network' | 'value'>) =>
  key(tenantId, identity.type, identity.network, identity.value);

/** Customers in memory, with a unique index over their identities. */
export class MemoryCustomers implements CustomerRepository {
  constructor(private readonly state: MemoryState) {}

  async get(tenantId: string, id: string): Promise<Customer | null> {
    const customer = this.state.customers.get(tenantId, id);
    return customer === undefined ? null : copyCustomer(customer);
  }

  async findByIdentity(
    tenantId: string,
    identity: { type: string; network: string | null; value: string },
  ): Promise<Customer | null> {
    const id = this.state.customerIdentities.get(identityKey(tenantId, identity as CustomerIdentity));
    return id === undefined ? null : this.get(tenantId, id);
  }

  async insert(customer: Customer): Promise<WriteResult> {
    if (this.state.customers.get(customer.tenantId, customer.id) !== undefined) return 'duplicate';
    if (this.#identityTaken(customer)) return 'duplicate';
    this.state.customers.set(customer.tenantId, customer.id, copyCustomer(customer));
    for (const identity of customer.identities)
      this.state.customerIdentities.set(identityKey(customer.tenantId, identity), customer.id);
    return 'ok';
  }

  async update(customer: Customer, expectedVersion: number): Promise<WriteResult> {
    const stored = this.state.customers.get(customer.tenantId, customer.id);
    if (stored === undefined || stored.version !== expectedVersion) return 'stale';
    if (this.#identityTaken(customer)) return 'duplicate';
    for (const identity of stored.identities)
      this.state.customerIdentities.delete(identityKey(customer.tenantId, identity));
    for (const identity of customer.identities)
      this.state.customerIdentities.set(identityKey(customer.tenantId, identity), customer.id);
    this.state.customers.set(customer.tenantId, customer.id, copyCustomer(customer));
    return 'ok';
  }

  async list(tenantId: string, query: { afterId: string | null; limit: number }): Promise<Customer[]> {
    return [...this.state.customers.values(tenantId)]
      .filter((customer) => query.afterId === null || customer.id > query.afterId)
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .slice(0, query.limit)
      .map(copyCustomer);
  }

  #identityTaken(customer: Customer): boolean {
    return customer.identities.some((identity) => {
      const holder = this.state.customerIdentities.get(identityKey(customer.tenantId, identity));
      return holder !== undefined && holder !== customer.id;
    });
  }
}

import { z } from 'zod';
import { type Actor, type ActorRef, actorRef, parseActor, requireStaff } from '../actors';
import { AlreadyExistsError, ForbiddenError, NotFoundError } from '../errors';
import type { FieldChange } from '../events';
import { type DeskContext, newEvent } from '../internal/desk-context';
import { decodeIdCursor, encodeIdCursor, type Page, pageOf } from '../internal/pagination';
import { limitSchema } from '../internal/schemas';
import { versionMismatch } from '../internal/versioning';
import { type CommandContext, RetryCommand } from '../storage/gateway';
import type { StorageRepositories } from '../storage/port';
import type { Customer, CustomerIdentity } from '../storage/records';
import { parseInput } from '../validation';
import {
  type CreateCustomerInput,
  createCustomerSchema,
  customerIdSchema,
  emailSchema,
  type IdentityInput,
  identityInputSchema,
  type RequesterLookup,
  requesterLookupSchema,
  type UpdateCustomerInput,
  updateCustomerSchema,
} from './customer-schemas';
import { identitiesWithEmail, normalizeIdentity } from './identity';

const listCustomersSchema = z.strictObject({
  cursor: z.string().max(512).optional(),
  limit: limitSchema.default(50),
});

/** Fields a customer may change on their own profile. */
const SELF_EDITABLE = new Set(['name', 'timeZone', 'locale', 'expectedVersion']);

/**
 * Customers: the requesters of tickets, recognized across channels by email and by channel
 * identities (an X handle, a phone number...). Each identity belongs to at most one customer
 * of the tenant.
 */
export class CustomersApi {
  readonly #desk: DeskContext;

  /** @internal */
  constructor(desk: DeskContext) {
    this.#desk = desk;
  }

  /** Creates a customer. `ALREADY_EXISTS` when the email or an identity belongs to another customer. */
  async create(actor: Actor, input: CreateCustomerInput): Promise<Customer> {
    const who = parseActor(actor);
    requireStaff(who, 'create customers');
    const data = parseInput(createCustomerSchema, input);
    return this.#desk.gateway.command(async (context) => {
      const now = this.#desk.clock.now();
      const customer: Customer = {
        tenantId: who.tenantId,
        id: this.#desk.newId('customer'),
        name: data.name ?? null,
        email: data.email ?? null,
        identities: identitiesWithEmail(data.email ?? null, (data.identities ?? []).map(normalizeIdentity)),
        timeZone: data.timeZone ?? null,
        locale: data.locale ?? null,
        attributes: data.attributes ?? {},
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      await insertCustomer(this.#desk, context, customer, actorRef(who));
      return customer;
    });
  }

  /**
   * Updates a customer. Staff may change every field; a customer may change their own name,
   * time zone and locale. Giving `email` replaces the primary email; giving `identities`
   * replaces the other identities.
   */
  async update(actor: Actor, id: string, input: UpdateCustomerInput): Promise<Customer> {
    const who = parseActor(actor);
    const customerId = parseInput(customerIdSchema, id, 'id');
    const data = parseInput(updateCustomerSchema, input);
    if (who.kind === 'customer') {
      if (who.customerId !== customerId) throw new NotFoundError('Customer', customerId);
      const forbidden = Object.keys(data).filter((key) => !SELF_EDITABLE.has(key));
      if (forbidden.length > 0)
        throw new ForbiddenError('Customers may only change their name, time zone and locale', {
          fields: forbidden,
        });
    }
    return this.#desk.gateway.command(async ({ tx, record }) => {
      const current = await tx.customers.get(who.tenantId, customerId);
      if (current === null) throw new NotFoundError('Customer', customerId);
      if (data.expectedVersion !== undefined && data.expectedVersion !== current.version) {
        throw versionMismatch('Customer', customerId, data.expectedVersion, current.version);
      }
      const email = data.email === undefined ? current.email : data.email;
      const others =
        data.identities === undefined
          ? current.identities.filter(
              (identity) => !(identity.type === 'email' && identity.value === current.email),
            )
          : data.identities.map(normalizeIdentity);
      const now = this.#desk.clock.now();
      const next: Customer = {
        ...current,
        name: data.name === undefined ? current.name : data.name,
        email,
        identities: identitiesWithEmail(email, others),
        timeZone: data.timeZone === undefined ? current.timeZone : data.timeZone,
        locale: data.locale === undefined ? current.locale : data.locale,
        attributes: data.attributes ?? current.attributes,
        version: current.version + 1,
        updatedAt: now,
      };
      const changes = customerChanges(current, next);
      if (changes.length === 0) return current;
      const taken = await findTakenIdentity(tx, next);
      if (taken !== null) throw identityTaken(taken);
      const result = await tx.customers.update(next, current.version);
      if (result === 'duplicate') throw new RetryCommand('customer identity taken concurrently');
      if (result === 'stale') throw versionMismatch('Customer', customerId, data.expectedVersion, undefined);
      record(newEvent(this.#desk, who.tenantId, actorRef(who), now, 'customer.updated', null, { changes }));
      return next;
    });
  }

  /** A customer by id. Staff see any customer of the tenant; a customer sees only themselves. */
  async get(actor: Actor, id: string): Promise<Customer> {
    const who = parseActor(actor);
    const customerId = parseInput(customerIdSchema, id, 'id');
    if (who.kind === 'customer' && who.customerId !== customerId)
      throw new NotFoundError('Customer', customerId);
    const customer = await this.#desk.gateway.read((repositories) =>
      repositories.customers.get(who.tenantId, customerId),
    );
    if (customer === null) throw new NotFoundError('Customer', customerId);
    return customer;
  }

  /** The customer with this email, or null. Staff only. */
  async findByEmail(actor: Actor, email: string): Promise<Customer | null> {
    const who = parseActor(actor);
    requireStaff(who, 'look up customers');
    const value = parseInput(emailSchema, email, 'email');
    return this.#desk.gateway.read((repositories) =>
      repositories.customers.findByIdentity(who.tenantId, { type: 'email', network: null, value }),
    );
  }

  /** The customer holding a channel identity (e.g. an X handle), or null. Staff only. */
  async findByIdentity(actor: Actor, identity: IdentityInput): Promise<Customer | null> {
    const who = parseActor(actor);
    requireStaff(who, 'look up customers');
    const normalized = normalizeIdentity(parseInput(identityInputSchema, identity, 'identity'));
    return this.#desk.gateway.read((repositories) =>
      repositories.customers.findByIdentity(who.tenantId, normalized),
    );
  }

  /**
   * Finds the customer by email or identity, creating one when none matches: what an
   * inbound channel does with each sender. Staff only.
   */
  async resolve(actor: Actor, lookup: RequesterLookup): Promise<{ customer: Customer; created: boolean }> {
    const who = parseActor(actor);
    requireStaff(who, 'resolve customers');
    const data = parseInput(requesterLookupSchema, lookup);
    return this.#desk.gateway.command((context) =>
      findOrCreateCustomer(this.#desk, context, who.tenantId, data, actorRef(who), this.#desk.clock.now()),
    );
  }

  /** Customers of the tenant, in id order, one page at a time. Staff only. */
  async list(actor: Actor, query: { cursor?: string; limit?: number } = {}): Promise<Page<Customer>> {
    const who = parseActor(actor);
    requireStaff(who, 'list customers');
    const data = parseInput(listCustomersSchema, query);
    const afterId = data.cursor === undefined ? null : decodeIdCursor(data.cursor);
    const rows = await this.#desk.gateway.read((repositories) =>
      repositories.customers.list(who.tenantId, { afterId, limit: data.limit + 1 }),
    );
    return pageOf(rows, data.limit, (last) => encodeIdCursor(last.id));
  }
}

/** Finds a customer by lookup, or creates one in the same transaction. */
export async function findOrCreateCustomer(
  desk: DeskContext,
  context: CommandContext,
  tenantId: string,
  lookup: { email?: string | undefined; identity?: IdentityInput | undefined; name?: string | undefined },
  actor: ActorRef,
  now: Date,
): Promise<{ customer: Customer; created: boolean }> {
  const identity: CustomerIdentity =
    lookup.email !== undefined
      ? { type: 'email', network: null, value: lookup.email }
      : normalizeIdentity(lookup.identity as IdentityInput);
  const existing = await context.tx.customers.findByIdentity(tenantId, identity);
  if (existing !== null) return { customer: existing, created: false };
  const customer: Customer = {
    tenantId,
    id: desk.newId('customer'),
    name: lookup.name ?? null,
    email: lookup.email ?? null,
    identities: identitiesWithEmail(lookup.email ?? null, identity.type === 'email' ? [] : [identity]),
    timeZone: null,
    locale: null,
    attributes: {},
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  // Its identities are the one just looked up (and the same email): if one is taken now, a
  // concurrent command created that customer after the lookup. The insert then answers
  // `duplicate` and the command runs again to find it (each statement reads the latest
  // committed rows), instead of ALREADY_EXISTS; so no second lookup before the insert.
  await insertCustomer(desk, context, customer, actor, 'retry');
  return { customer, created: true };
}

/**
 * Stores a new customer and records `customer.created`. An identity another customer holds
 * is `ALREADY_EXISTS` (`whenTaken: 'fail'`, checked before the insert) or re-runs the command
 * (`'retry'`, from the insert's `duplicate`). A concurrent insert always re-runs it.
 */
async function insertCustomer(
  desk: DeskContext,
  context: CommandContext,
  customer: Customer,
  actor: ActorRef,
  whenTaken: 'fail' | 'retry' = 'fail',
): Promise<void> {
  if (whenTaken === 'fail') {
    const taken = await findTakenIdentity(context.tx, customer);
    if (taken !== null) throw identityTaken(taken);
  }
  const result = await context.tx.customers.insert(customer);
  if (result !== 'ok') throw new RetryCommand('customer identity taken concurrently');
  context.record(
    newEvent(desk, customer.tenantId, actor, customer.createdAt, 'customer.created', null, {
      name: customer.name,
      email: customer.email,
    }),
  );
}

async function findTakenIdentity(
  tx: StorageRepositories,
  customer: Customer,
): Promise<CustomerIdentity | null> {
  for (const identity of customer.identities) {
    const holder = await tx.customers.findByIdentity(customer.tenantId, identity);
    if (holder !== null && holder.id !== customer.id) return identity;
  }
  return null;
}

function identityTaken(identity: CustomerIdentity): AlreadyExistsError {
  return new AlreadyExistsError(`Another customer already has ${identity.type} ${identity.value}`, {
    identity,
  });
}

function customerChanges(before: Customer, after: Customer): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of ['name', 'email', 'timeZone', 'locale'] as const) {
    if (before[field] !== after[field]) changes.push({ field, from: before[field], to: after[field] });
  }
  if (JSON.stringify(before.identities) !== JSON.stringify(after.identities)) {
    changes.push({
      field: 'identities',
      from: before.identities.map((identity) => ({ ...identity })),
      to: after.identities.map((identity) => ({ ...identity })),
    });
  }
  if (JSON.stringify(before.attributes) !== JSON.stringify(after.attributes)) {
    changes.push({ field: 'attributes', from: before.attributes, to: after.attributes });
  }
  return changes;
}

import { describe, expect, it } from 'vitest';
import type { StoragePort, StorageRepositories } from '../storage/port';
import type { Agent, CreditBlock, CreditHold, Customer, JobRecord, Ticket } from '../storage/records';
import type { InspectedRowKind } from './conformance';
import {
  buildAgent,
  buildCreditBlock,
  buildCreditEntry,
  buildCreditHold,
  buildCustomer,
  buildEvent,
  buildIdempotencyRecord,
  buildJob,
  buildLink,
  buildMessage,
  buildPipeline,
  buildQueuedTicket,
  buildSettings,
  buildTeam,
  buildTicket,
  fixtureInstant,
  newId,
  newTenantId,
} from './fixtures';
import {
  capabilitiesOf,
  nextTick,
  type SuiteContext,
  useGroupStorage,
  withFreshStorage,
} from './suite-context';

const ROW_KINDS: InspectedRowKind[] = [
  'tickets',
  'messages',
  'customers',
  'agents',
  'teams',
  'pipelines',
  'links',
  'idempotency',
  'events',
  'jobs',
  'settings',
  'creditAccounts',
  'creditBlocks',
  'creditEntries',
  'creditHolds',
  'loadHoldings',
  'routingQueue',
];

/** An error class of the test's own, to check that the very same error comes back. */
class DeliberateFailure extends Error {
  override readonly name = 'DeliberateFailure';
}

/** One record of every kind in one tenant, committed. */
interface Seed {
  tenantId: string;
  ticket: Ticket;
  customer: Customer;
  job: JobRecord;
  dueJob: JobRecord;
  linkId: string;
  creditBlock: CreditBlock;
  creditHold: CreditHold;
  agent: Agent;
  teamId: string;
}

async function seedTenant(storage: StoragePort, now: Date): Promise<Seed> {
  const tenantId = newTenantId();
  const ticket = buildTicket(tenantId, { alarm: null, parentId: null });
  const customer = buildCustomer(tenantId);
  const job = buildJob(tenantId, { dueAt: new Date(now.getTime() - 1000) });
  const dueJob = buildJob(tenantId, { dueAt: new Date(now.getTime() - 2000) });
  const link = buildLink(tenantId, ticket.id, newId('tkt'));
  const creditBlock = buildCreditBlock(tenantId, customer.id);
  const creditHold = buildCreditHold(tenantId, customer.id);
  const team = buildTeam(tenantId);
  const agent = buildAgent(tenantId, { teamIds: [team.id] });
  await storage.transaction(async (tx) => {
    await tx.teams.insert(team);
    await tx.agents.insert(agent);
    await tx.agentLoads.acquire(
      { tenantId, ticketId: ticket.id, agentId: agent.id, channel: 'email', acquiredAt: now },
      null,
    );
    await tx.routingQueue.put(buildQueuedTicket(tenantId, { teamId: team.id }));
    await tx.roundRobin.put({ tenantId, teamId: team.id, served: [agent.id], updatedAt: now });
    await tx.tickets.insert(ticket);
    await tx.messages.insert(buildMessage(tenantId, ticket.id));
    await tx.customers.insert(customer);
    await tx.agents.insert(buildAgent(tenantId));
    await tx.teams.insert(buildTeam(tenantId));
    await tx.pipelines.insert(buildPipeline(tenantId));
    await tx.links.insert(link);
    await tx.alarmKeys.bind(tenantId, 'seed-alarm', ticket.id);
    await tx.idempotency.insert(buildIdempotencyRecord(tenantId));
    await tx.events.append([buildEvent(tenantId, { ticketId: ticket.id })]);
    await tx.jobs.schedule(job);
    await tx.jobs.schedule(dueJob);
    await tx.settings.put(buildSettings(tenantId), null);
    const account = await tx.creditAccounts.lock(tenantId, customer.id, now);
    await tx.creditLedger.write({
      account: { ...account, lastSeq: 1 },
      newBlocks: [creditBlock],
      changedBlocks: [],
      newHolds: [creditHold],
      changedHolds: [],
      entries: [buildCreditEntry(tenantId, customer.id, 1)],
    });
  });
  return {
    tenantId,
    ticket,
    customer,
    job,
    dueJob,
    linkId: link.id,
    agent,
    teamId: team.id,
    creditBlock,
    creditHold,
  };
}

/** Everything a tenant has, read through the port: what a rollback must leave unchanged. */
async function snapshot(storage: StoragePort, seed: Seed) {
  const { tenantId } = seed;
  const all = { after: null, limit: 1000 } as const;
  return {
    tickets: await storage.tickets.list(tenantId, {
      filter: {},
      sort: 'createdAt',
      direction: 'asc',
      ...all,
    }),
    ticket: await storage.tickets.get(tenantId, seed.ticket.id),
    messages: await storage.messages.list(tenantId, { ticketIds: [seed.ticket.id], ...all }),
    customers: await storage.customers.list(tenantId, { afterId: null, limit: 1000 }),
    identities: await Promise.all(
      seed.customer.identities.map((identity) => storage.customers.findByIdentity(tenantId, identity)),
    ),
    agents: await storage.agents.list(tenantId, { afterId: null, limit: 1000 }),
    teams: await storage.teams.list(tenantId),
    pipelines: await storage.pipelines.list(tenantId),
    links: await storage.links.listForTicket(tenantId, seed.ticket.id),
    alarm: await storage.alarmKeys.find(tenantId, 'seed-alarm'),
    events: await storage.events.list(tenantId, all),
    job: await storage.jobs.get(tenantId, seed.job.key),
    dueJob: await storage.jobs.get(tenantId, seed.dueJob.key),
    settings: await storage.settings.get(tenantId),
    creditAccount: await storage.creditAccounts.get(tenantId, seed.customer.id),
    creditBlocks: await storage.creditBlocks.list(tenantId, seed.customer.id, { afterId: null, limit: 1000 }),
    openCreditBlocks: await storage.creditBlocks.listOpen(tenantId, seed.customer.id),
    creditEntries: await storage.creditLedger.list(tenantId, seed.customer.id, { afterSeq: 0, limit: 1000 }),
    creditHold: await storage.creditHolds.findByKey(tenantId, seed.customer.id, seed.creditHold.key),
    openCreditHolds: await storage.creditHolds.listOpen(tenantId, seed.customer.id),
    members: await storage.agents.listByTeam(tenantId, seed.teamId),
    loads: await storage.agentLoads.list(tenantId, [seed.agent.id]),
    holding: await storage.agentLoads.holding(tenantId, seed.ticket.id),
    queue: await storage.routingQueue.list(tenantId, { teamId: seed.teamId, after: null, limit: 1000 }),
    cycle: await storage.transaction((tx) =>
      tx.roundRobin.getForUpdate(tenantId, seed.teamId, fixtureInstant()),
    ),
  };
}

async function countAll(context: SuiteContext, tenantId: string): Promise<Record<string, number> | null> {
  const inspect = context.options.inspect;
  if (inspect === undefined) return null;
  const counts: Record<string, number> = {};
  for (const kind of ROW_KINDS) counts[kind] = await inspect.countRows(kind, tenantId);
  return counts;
}

/** Writes to every repository of the seeded tenant: inserts, updates, deletes, claims. */
async function writeEverywhere(tx: StorageRepositories, seed: Seed, now: Date): Promise<void> {
  const { tenantId, ticket, customer } = seed;
  const added = buildTicket(tenantId, { parentId: ticket.id });
  expect(await tx.tickets.insert(added)).toBe('ok');
  expect(await tx.tickets.update({ ...ticket, subject: 'changed in a transaction', version: 2 }, 1)).toBe(
    'ok',
  );
  await tx.tickets.nextNumber(tenantId);
  expect(await tx.messages.insert(buildMessage(tenantId, ticket.id, { seq: 2 }))).toBe('ok');
  const newEmail = `${newId('tx')}@example.com`.toLowerCase();
  expect(
    await tx.customers.update(
      {
        ...customer,
        email: newEmail,
        identities: [{ type: 'email', network: null, value: newEmail }],
        version: 2,
      },
      1,
    ),
  ).toBe('ok');
  expect(await tx.customers.insert(buildCustomer(tenantId))).toBe('ok');
  expect(await tx.agents.insert(buildAgent(tenantId))).toBe('ok');
  expect(await tx.teams.insert(buildTeam(tenantId))).toBe('ok');
  expect(await tx.pipelines.insert(buildPipeline(tenantId))).toBe('ok');
  expect(await tx.links.delete(tenantId, seed.linkId)).toBe(true);
  expect(await tx.links.insert(buildLink(tenantId, ticket.id, added.id, { type: 'related' }))).toBe('ok');
  await tx.alarmKeys.release(tenantId, 'seed-alarm', ticket.id);
  expect(await tx.alarmKeys.bind(tenantId, 'seed-alarm', added.id)).toBe('ok');
  expect(await tx.idempotency.insert(buildIdempotencyRecord(tenantId))).toBe('ok');
  await tx.events.append([buildEvent(tenantId, { ticketId: ticket.id }), buildEvent(tenantId)]);
  expect(await tx.jobs.cancel(tenantId, seed.job.key)).toBe(true);
  const claims = await tx.jobs.claimDue({
    now,
    limit: 10,
    claimToken: newId('claim'),
    leaseUntil: new Date(now.getTime() + 60_000),
  });
  expect(claims.map((job) => job.id)).toContain(seed.dueJob.id);
  await tx.jobs.schedule(buildJob(tenantId));
  expect(await tx.settings.put({ ...buildSettings(tenantId), version: 2 }, 1)).toBe('ok');
  const account = await tx.creditAccounts.lock(tenantId, customer.id, now);
  await tx.creditAccounts.lock(tenantId, buildCustomer(tenantId).id, now);
  expect(
    await tx.creditLedger.write({
      account: { ...account, lastSeq: 2, balance: 99 },
      newBlocks: [buildCreditBlock(tenantId, customer.id)],
      changedBlocks: [{ ...seed.creditBlock, remaining: 0, held: 0 }],
      newHolds: [buildCreditHold(tenantId, customer.id)],
      changedHolds: [{ ...seed.creditHold, status: 'voided' }],
      entries: [buildCreditEntry(tenantId, customer.id, 2)],
    }),
  ).toBe('ok');
  expect(await tx.agents.update({ ...seed.agent, teamIds: [], version: 2 }, 1)).toBe('ok');
  const other = buildAgent(tenantId, { teamIds: [seed.teamId] });
  expect(await tx.agents.insert(other)).toBe('ok');
  const moved = {
    tenantId,
    ticketId: ticket.id,
    agentId: other.id,
    channel: 'chat' as const,
    acquiredAt: now,
  };
  expect(await tx.agentLoads.acquire(moved, { max: 5, channelMax: null })).toBe(true);
  for (const entry of await tx.routingQueue.list(tenantId, { teamId: seed.teamId, after: null, limit: 10 })) {
    expect(await tx.routingQueue.remove(tenantId, entry.ticketId)).toBe(true);
  }
  await tx.routingQueue.put(buildQueuedTicket(tenantId, { teamId: seed.teamId, priority: 'urgent' }));
  await tx.roundRobin.put({ tenantId, teamId: seed.teamId, served: [other.id], updatedAt: now });
}

/** Transactions: commit, rollback across repositories, read-your-writes, isolation. */
export function describeTransactions(context: SuiteContext): void {
  describe('transactions', () => {
    const storage = useGroupStorage(context);
    const now = fixtureInstant(86_400_000);

    it('storage - names itself and declares its capabilities', () => {
      expect(typeof storage().name).toBe('string');
      expect(storage().name.length).toBeGreaterThan(0);
      for (const flag of [storage().capabilities.concurrentTransactions, storage().capabilities.durable]) {
        expect(flag === undefined || typeof flag === 'boolean').toBe(true);
      }
    });

    it('transaction - commits every write when run resolves, and returns its value', () =>
      withFreshStorage(context, async (storage) => {
        const seed = await seedTenant(storage, now);
        const before = await snapshot(storage, seed);
        const result = await storage.transaction(async (tx) => {
          await writeEverywhere(tx, seed, now);
          return { done: true };
        });
        expect(result).toEqual({ done: true });
        const after = await snapshot(storage, seed);
        expect(after.ticket?.subject).toBe('changed in a transaction');
        expect(after.tickets).toHaveLength(before.tickets.length + 1);
        expect(after.messages).toHaveLength(before.messages.length + 1);
        expect(after.customers).toHaveLength(before.customers.length + 1);
        expect(after.identities.every((found) => found === null)).toBe(true);
        expect(after.agents).toHaveLength(before.agents.length + 2);
        expect(after.teams).toHaveLength(before.teams.length + 1);
        expect(after.pipelines).toHaveLength(before.pipelines.length + 1);
        expect(after.links.map((link) => link.type)).toEqual(['related']);
        expect(after.alarm).not.toBe(seed.ticket.id);
        expect(after.events.events).toHaveLength(before.events.events.length + 2);
        expect(after.job).toBeNull();
        expect(after.dueJob?.status).toBe('running');
        expect(after.settings?.version).toBe(2);
        expect(after.members.map((agent) => agent.id)).not.toContain(seed.agent.id);
        expect(after.members).toHaveLength(1);
        expect(after.holding?.agentId).toBe(after.members[0]?.id);
        expect(after.loads[0]?.total ?? 0).toBe(0);
        expect(after.queue.map((entry) => entry.priority)).toEqual(['urgent']);
        expect(after.cycle.served).toEqual([after.members[0]?.id]);
      }));

    it('transaction - when run throws, no write to any repository is kept and the error is rethrown unchanged', () =>
      withFreshStorage(context, async (storage) => {
        const seed = await seedTenant(storage, now);
        const before = await snapshot(storage, seed);
        const countsBefore = await countAll(context, seed.tenantId);
        const failure = new DeliberateFailure('the command failed halfway');
        const outcome = await storage
          .transaction(async (tx) => {
            await writeEverywhere(tx, seed, now);
            throw failure;
          })
          .then(
            () => 'resolved',
            (error: unknown) => error,
          );
        expect(outcome).toBe(failure);
        expect(await snapshot(storage, seed)).toEqual(before);
        expect(await countAll(context, seed.tenantId)).toEqual(countsBefore);
        // The undone claim and cancel leave both jobs claimable as before.
        const token = newId('claim');
        const claims = await storage.jobs.claimDue({
          now,
          limit: 10,
          claimToken: token,
          leaseUntil: new Date(now.getTime() + 1),
        });
        expect(claims.map((job) => job.id)).toEqual([seed.dueJob.id, seed.job.id]);
        expect(claims.map((job) => job.attempts)).toEqual([1, 1]);
      }));

    it('transaction - a non-Error thrown value is rethrown unchanged, and nothing is kept', async () => {
      const tenantId = newTenantId();
      const thrown = { reason: 'not an Error' };
      const ticket = buildTicket(tenantId);
      const outcome = await storage()
        .transaction(async (tx) => {
          await tx.tickets.insert(ticket);
          throw thrown;
        })
        .then(
          () => 'resolved',
          (error: unknown) => error,
        );
      expect(outcome).toBe(thrown);
      expect(await storage().tickets.get(tenantId, ticket.id)).toBeNull();
    });

    it("transaction - reads inside see the transaction's own writes; nothing is visible after a rollback", async () => {
      const tenantId = newTenantId();
      const parent = buildTicket(tenantId, { parentId: null });
      const child = buildTicket(tenantId, { parentId: parent.id });
      const message = buildMessage(tenantId, parent.id);
      const customer = buildCustomer(tenantId);
      const agent = buildAgent(tenantId);
      const record = buildIdempotencyRecord(tenantId);
      const event = buildEvent(tenantId, { ticketId: parent.id });
      const job = buildJob(tenantId);
      const link = buildLink(tenantId, parent.id, child.id);
      const settings = buildSettings(tenantId);
      const failure = new DeliberateFailure('rollback');
      await expect(
        storage().transaction(async (tx) => {
          await tx.tickets.insert(parent);
          await tx.tickets.insert(child);
          expect(await tx.tickets.get(tenantId, parent.id)).toEqual(parent);
          const updated = { ...parent, subject: 'read your writes', version: 2 };
          expect(await tx.tickets.update(updated, 1)).toBe('ok');
          expect(await tx.tickets.get(tenantId, parent.id)).toEqual(updated);
          expect((await tx.tickets.getMany(tenantId, [parent.id, child.id])).length).toBe(2);
          expect(await tx.tickets.listChildren(tenantId, parent.id)).toEqual([child]);
          const listed = await tx.tickets.list(tenantId, {
            filter: {},
            sort: 'createdAt',
            direction: 'asc',
            after: null,
            limit: 10,
          });
          expect(listed.map((ticket) => ticket.id).sort()).toEqual([parent.id, child.id].sort());
          await tx.messages.insert(message);
          expect(await tx.messages.findByExternalId(tenantId, message.externalId as string)).toEqual(message);
          expect(
            await tx.messages.list(tenantId, { ticketIds: [parent.id], after: null, limit: 10 }),
          ).toEqual([message]);
          await tx.customers.insert(customer);
          expect(
            await tx.customers.findByIdentity(tenantId, customer.identities[1] as Customer['identities'][0]),
          ).toEqual(customer);
          await tx.agents.insert(agent);
          expect(await tx.agents.get(tenantId, agent.id)).toEqual(agent);
          await tx.idempotency.insert(record);
          expect(await tx.idempotency.find(tenantId, record.scope, record.key)).toEqual(record);
          await tx.events.append([event]);
          expect((await tx.events.list(tenantId, { after: null, limit: 10 })).events).toEqual([event]);
          expect(
            (await tx.events.listForTicket(tenantId, parent.id, { after: null, limit: 10 })).events,
          ).toEqual([event]);
          await tx.jobs.schedule(job);
          expect(await tx.jobs.get(tenantId, job.key)).toEqual(job);
          await tx.links.insert(link);
          expect(await tx.links.listForTicket(tenantId, child.id)).toEqual([link]);
          await tx.alarmKeys.bind(tenantId, 'in-transaction', parent.id);
          expect(await tx.alarmKeys.find(tenantId, 'in-transaction')).toBe(parent.id);
          await tx.settings.put(settings, null);
          expect(await tx.settings.get(tenantId)).toEqual(settings);
          throw failure;
        }),
      ).rejects.toBe(failure);
      expect(await storage().tickets.get(tenantId, parent.id)).toBeNull();
      expect(await storage().tickets.listChildren(tenantId, parent.id)).toEqual([]);
      expect(await storage().messages.findByExternalId(tenantId, message.externalId as string)).toBeNull();
      expect(
        await storage().customers.findByIdentity(
          tenantId,
          customer.identities[1] as Customer['identities'][0],
        ),
      ).toBeNull();
      expect(await storage().agents.get(tenantId, agent.id)).toBeNull();
      expect(await storage().idempotency.find(tenantId, record.scope, record.key)).toBeNull();
      expect(await storage().events.list(tenantId, { after: null, limit: 10 })).toEqual({
        events: [],
        position: null,
      });
      expect(await storage().jobs.get(tenantId, job.key)).toBeNull();
      expect(await storage().links.listForTicket(tenantId, child.id)).toEqual([]);
      expect(await storage().alarmKeys.find(tenantId, 'in-transaction')).toBeNull();
      expect(await storage().settings.get(tenantId)).toBeNull();
      const counts = await countAll(context, tenantId);
      if (counts !== null)
        expect(
          Object.values(counts).every((count) => count === 0),
          JSON.stringify(counts),
        ).toBe(true);
    });

    it('transaction - a duplicate or stale result does not abort the transaction: later writes commit', async () => {
      const tenantId = newTenantId();
      const ticket = buildTicket(tenantId);
      const message = buildMessage(tenantId, ticket.id);
      const customer = buildCustomer(tenantId);
      const agent = buildAgent(tenantId);
      const link = buildLink(tenantId, ticket.id, newId('tkt'));
      const record = buildIdempotencyRecord(tenantId);
      const settings = buildSettings(tenantId);
      await storage().transaction(async (tx) => {
        await tx.tickets.insert(ticket);
        await tx.messages.insert(message);
        await tx.customers.insert(customer);
        await tx.agents.insert(agent);
        await tx.links.insert(link);
        await tx.alarmKeys.bind(tenantId, 'taken', ticket.id);
        await tx.idempotency.insert(record);
        await tx.settings.put(settings, null);
      });
      const later = buildTicket(tenantId);
      const laterMessage = buildMessage(tenantId, later.id);
      await storage().transaction(async (tx) => {
        expect(await tx.tickets.insert({ ...ticket, subject: 'dup' })).toBe('duplicate');
        expect(await tx.tickets.update({ ...ticket, version: 3 }, 2)).toBe('stale');
        expect(
          await tx.messages.insert(buildMessage(tenantId, later.id, { externalId: message.externalId })),
        ).toBe('duplicate');
        expect(
          await tx.customers.insert(buildCustomer(tenantId, { identities: [...customer.identities] })),
        ).toBe('duplicate');
        expect(await tx.agents.insert(buildAgent(tenantId, { email: agent.email }))).toBe('duplicate');
        expect(await tx.links.insert({ ...link, id: newId('lnk') })).toBe('duplicate');
        expect(await tx.alarmKeys.bind(tenantId, 'taken', later.id)).toBe('duplicate');
        expect(await tx.idempotency.insert({ ...record, fingerprint: 'other' })).toBe('duplicate');
        expect(await tx.settings.put(settings, null)).toBe('stale');
        expect(await tx.tickets.insert(later)).toBe('ok');
        expect(await tx.messages.insert(laterMessage)).toBe('ok');
      });
      expect(await storage().tickets.get(tenantId, later.id)).toEqual(later);
      expect(await storage().tickets.get(tenantId, ticket.id)).toEqual(ticket);
      expect(
        await storage().messages.list(tenantId, { ticketIds: [ticket.id, later.id], after: null, limit: 10 }),
      ).toEqual([message, laterMessage].sort((a, b) => (a.id < b.id ? -1 : 1)));
      expect(await storage().idempotency.find(tenantId, record.scope, record.key)).toEqual(record);
    });

    it("transaction - customers.insert with another customer's identity writes nothing, and the transaction goes on", async () => {
      const tenantId = newTenantId();
      const holder = buildCustomer(tenantId);
      await storage().customers.insert(holder);
      const newcomer = buildCustomer(tenantId);
      newcomer.identities.push({ ...(holder.identities[1] as Customer['identities'][0]) });
      const later = buildCustomer(tenantId);
      await storage().transaction(async (tx) => {
        expect(await tx.customers.insert(newcomer)).toBe('duplicate');
        expect(await tx.customers.get(tenantId, newcomer.id)).toBeNull();
        expect(await tx.customers.insert(later)).toBe('ok');
      });
      expect(await storage().customers.get(tenantId, newcomer.id)).toBeNull();
      const ownEmail = newcomer.identities[0] as Customer['identities'][0];
      expect(await storage().customers.findByIdentity(tenantId, ownEmail)).toBeNull();
      expect(
        (
          await storage().customers.findByIdentity(
            tenantId,
            holder.identities[1] as Customer['identities'][0],
          )
        )?.id,
      ).toBe(holder.id);
      expect(await storage().customers.get(tenantId, later.id)).toEqual(later);
    });

    it('transaction - a read outside never sees the writes of a transaction that later fails', async () => {
      const ticket = buildTicket(newTenantId());
      const failure = new DeliberateFailure('late failure');
      let signalInserted: () => void = () => {};
      const inserted = new Promise<void>((resolve) => {
        signalInserted = resolve;
      });
      const failing = storage().transaction(async (tx) => {
        await tx.tickets.insert(ticket);
        signalInserted();
        await nextTick(20);
        throw failure;
      });
      await inserted;
      expect(await storage().tickets.get(ticket.tenantId, ticket.id)).toBeNull();
      await expect(failing).rejects.toBe(failure);
      expect(await storage().tickets.get(ticket.tenantId, ticket.id)).toBeNull();
    });

    it('transaction - concurrency matches capabilities.concurrentTransactions', async () => {
      if (capabilitiesOf(storage()).concurrentTransactions) await checkIsolation(storage());
      else await checkSerialization(storage());
    });

    if (context.options.inspect !== undefined) {
      const inspect = context.options.inspect;
      it('inspect.countRows - counts committed rows of every kind (so rollback checks mean something)', () =>
        withFreshStorage(context, async (storage) => {
          const seed = await seedTenant(storage, now);
          const counts: Record<string, number> = {};
          for (const kind of ROW_KINDS) counts[kind] = await inspect.countRows(kind, seed.tenantId);
          expect(counts).toEqual({
            tickets: 1,
            messages: 1,
            customers: 1,
            agents: 2,
            teams: 2,
            pipelines: 1,
            links: 1,
            idempotency: 1,
            events: 1,
            jobs: 2,
            settings: 1,
            creditAccounts: 1,
            creditBlocks: 1,
            creditEntries: 1,
            creditHolds: 1,
            loadHoldings: 1,
            routingQueue: 1,
          });
          for (const kind of ROW_KINDS) expect(await inspect.countRows(kind, newTenantId())).toBe(0);
        }));
    }
  });
}

/** Two transactions open at once: neither sees the other's uncommitted writes. */
async function checkIsolation(storage: StoragePort): Promise<void> {
  const ticket = buildTicket(newTenantId());
  let signalWritten: () => void = () => {};
  let signalRead: () => void = () => {};
  const written = new Promise<void>((resolve) => {
    signalWritten = resolve;
  });
  const read = new Promise<void>((resolve) => {
    signalRead = resolve;
  });
  const timeout = (label: string) =>
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${label}: transactions did not run concurrently`)), 5000),
    );
  const writer = storage.transaction(async (tx) => {
    await tx.tickets.insert(ticket);
    signalWritten();
    await Promise.race([read, timeout('writer waited for the reader')]);
  });
  await written;
  const seen = await storage.transaction((tx) => tx.tickets.get(ticket.tenantId, ticket.id));
  signalRead();
  await writer;
  expect(seen, 'an open transaction read an uncommitted write').toBeNull();
  expect(await storage.tickets.get(ticket.tenantId, ticket.id)).toEqual(ticket);
}

/** Without concurrent transactions, two transactions' bodies never interleave. */
async function checkSerialization(storage: StoragePort): Promise<void> {
  const log: string[] = [];
  const body = (name: string) => async (tx: StorageRepositories) => {
    log.push(`${name}:start`);
    await tx.tickets.nextNumber(newTenantId());
    await nextTick(5);
    log.push(`${name}:end`);
  };
  await Promise.all([
    storage.transaction(body('a')),
    storage.transaction(body('b')),
    storage.transaction(body('c')),
  ]);
  for (let index = 0; index < log.length; index += 2) {
    const name = (log[index] as string).split(':')[0];
    expect(log[index + 1], log.join(' ')).toBe(`${name}:end`);
  }
}

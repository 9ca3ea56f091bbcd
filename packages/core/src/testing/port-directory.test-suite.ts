import { describe, expect, it } from 'vitest';
import type { Agent, Customer, Pipeline, Team } from '../storage/records';
import {
  buildAgent,
  buildCustomer,
  buildPipeline,
  buildTeam,
  fixtureInstant,
  newId,
  newTenantId,
} from './fixtures';
import { byId, type SuiteContext, useGroupStorage } from './suite-context';

/** A customer with no optional data: nulls and empty collections. */
function sparseCustomer(tenantId: string): Customer {
  return buildCustomer(tenantId, {
    name: null,
    email: null,
    identities: [],
    timeZone: null,
    locale: null,
    attributes: {},
  });
}

/** Customers, agents, teams and pipelines. */
export function describeDirectoryRepositories(context: SuiteContext): void {
  describe('customers', () => {
    const storage = useGroupStorage(context);

    it('customers.insert - stores every field, and get returns it unchanged', async () => {
      const tenantId = newTenantId();
      for (const customer of [buildCustomer(tenantId), sparseCustomer(tenantId)]) {
        expect(await storage().customers.insert(customer)).toBe('ok');
        expect(await storage().customers.get(tenantId, customer.id)).toEqual(customer);
      }
    });

    it("customers.get - returns null for an unknown id and for another tenant's customer; ids are per tenant", async () => {
      const customer = buildCustomer(newTenantId());
      await storage().customers.insert(customer);
      expect(await storage().customers.get(customer.tenantId, newId('cus'))).toBeNull();
      expect(await storage().customers.get(newTenantId(), customer.id)).toBeNull();
      const namesake = buildCustomer(newTenantId(), {
        id: customer.id,
        email: customer.email,
        identities: customer.identities,
      });
      expect(await storage().customers.insert(namesake)).toBe('ok');
      expect(await storage().customers.get(namesake.tenantId, customer.id)).toEqual(namesake);
      expect(await storage().customers.get(customer.tenantId, customer.id)).toEqual(customer);
    });

    it('customers.insert - returns duplicate for a taken id and keeps the stored customer', async () => {
      const customer = buildCustomer(newTenantId());
      await storage().customers.insert(customer);
      const again = buildCustomer(customer.tenantId, { id: customer.id, name: 'Someone else' });
      expect(await storage().customers.insert(again)).toBe('duplicate');
      expect(await storage().customers.get(customer.tenantId, customer.id)).toEqual(customer);
      expect(
        await storage().customers.findByIdentity(
          customer.tenantId,
          again.identities[1] as Customer['identities'][0],
        ),
      ).toBeNull();
    });

    it("customers.insert - returns duplicate when an identity is another customer's, and writes nothing", async () => {
      const tenantId = newTenantId();
      const holder = buildCustomer(tenantId);
      await storage().customers.insert(holder);
      const handle = holder.identities[1] as Customer['identities'][0];
      const newcomer = buildCustomer(tenantId);
      newcomer.identities.push({ ...handle });
      expect(await storage().customers.insert(newcomer)).toBe('duplicate');
      expect(await storage().customers.get(tenantId, newcomer.id)).toBeNull();
      const ownEmail = newcomer.identities[0] as Customer['identities'][0];
      expect(await storage().customers.findByIdentity(tenantId, ownEmail)).toBeNull();
      expect((await storage().customers.findByIdentity(tenantId, handle))?.id).toBe(holder.id);
    });

    it('customers.insert - identities differ by type, network and value; other tenants may hold the same', async () => {
      const tenantId = newTenantId();
      const value = newId('ada').toLowerCase();
      const customers = [
        buildCustomer(tenantId, { email: null, identities: [{ type: 'social', network: 'x', value }] }),
        buildCustomer(tenantId, {
          email: null,
          identities: [{ type: 'social', network: 'mastodon', value }],
        }),
        buildCustomer(tenantId, { email: null, identities: [{ type: 'chat', network: null, value }] }),
        buildCustomer(tenantId, { email: null, identities: [{ type: 'external', network: 'x', value }] }),
        buildCustomer(newTenantId(), { email: null, identities: [{ type: 'social', network: 'x', value }] }),
      ];
      for (const customer of customers) expect(await storage().customers.insert(customer)).toBe('ok');
      for (const customer of customers) {
        const found = await storage().customers.findByIdentity(
          customer.tenantId,
          customer.identities[0] as Customer['identities'][0],
        );
        expect(found).toEqual(customer);
      }
    });

    it('customers.findByIdentity - finds a customer by each identity, and null otherwise', async () => {
      const customer = buildCustomer(newTenantId());
      await storage().customers.insert(customer);
      for (const identity of customer.identities) {
        expect(await storage().customers.findByIdentity(customer.tenantId, identity)).toEqual(customer);
      }
      const [email, social] = customer.identities as [Customer['identities'][0], Customer['identities'][0]];
      expect(
        await storage().customers.findByIdentity(customer.tenantId, {
          ...email,
          value: 'nobody@example.com',
        }),
      ).toBeNull();
      expect(
        await storage().customers.findByIdentity(customer.tenantId, { ...social, network: 'mastodon' }),
      ).toBeNull();
      expect(
        await storage().customers.findByIdentity(customer.tenantId, { ...social, type: 'chat' }),
      ).toBeNull();
      expect(await storage().customers.findByIdentity(newTenantId(), email)).toBeNull();
    });

    it('customers.update - replaces the customer and its identities when the version matches', async () => {
      const customer = buildCustomer(newTenantId());
      await storage().customers.insert(customer);
      const [email, social, phone] = customer.identities as [
        Customer['identities'][0],
        Customer['identities'][0],
        Customer['identities'][0],
      ];
      const newEmail = `${newId('new')}@example.com`.toLowerCase();
      const next: Customer = {
        ...customer,
        name: null,
        email: newEmail,
        identities: [{ type: 'email', network: null, value: newEmail }, social],
        timeZone: 'Asia/Tokyo',
        locale: null,
        attributes: { tier: 'silver' },
        version: 2,
        updatedAt: fixtureInstant(99_000),
      };
      expect(await storage().customers.update(next, 1)).toBe('ok');
      expect(await storage().customers.get(customer.tenantId, customer.id)).toEqual(next);
      expect(await storage().customers.findByIdentity(customer.tenantId, email)).toBeNull();
      expect(await storage().customers.findByIdentity(customer.tenantId, phone)).toBeNull();
      expect(await storage().customers.findByIdentity(customer.tenantId, social)).toEqual(next);
      expect(
        await storage().customers.findByIdentity(customer.tenantId, {
          type: 'email',
          network: null,
          value: newEmail,
        }),
      ).toEqual(next);
      // A released identity is free for another customer.
      expect(
        await storage().customers.insert(
          buildCustomer(customer.tenantId, { email: email.value, identities: [email] }),
        ),
      ).toBe('ok');
    });

    it('customers.update - returns stale for an outdated version or a missing customer, and writes nothing', async () => {
      const customer = buildCustomer(newTenantId());
      await storage().customers.insert(customer);
      expect(await storage().customers.update({ ...customer, name: 'v2', version: 2 }, 1)).toBe('ok');
      expect(await storage().customers.update({ ...customer, name: 'lost', version: 2 }, 1)).toBe('stale');
      expect((await storage().customers.get(customer.tenantId, customer.id))?.name).toBe('v2');
      const missing = buildCustomer(customer.tenantId, { version: 2 });
      expect(await storage().customers.update(missing, 1)).toBe('stale');
      expect(await storage().customers.get(customer.tenantId, missing.id)).toBeNull();
      expect(
        await storage().customers.findByIdentity(
          customer.tenantId,
          missing.identities[0] as Customer['identities'][0],
        ),
      ).toBeNull();
    });

    it("customers.update - returns duplicate when taking another customer's identity, and writes nothing", async () => {
      const tenantId = newTenantId();
      const holder = buildCustomer(tenantId);
      const other = buildCustomer(tenantId);
      await storage().customers.insert(holder);
      await storage().customers.insert(other);
      const taken = holder.identities[1] as Customer['identities'][0];
      const next = { ...other, identities: [...other.identities, taken], name: 'changed', version: 2 };
      expect(await storage().customers.update(next, 1)).toBe('duplicate');
      expect(await storage().customers.get(tenantId, other.id)).toEqual(other);
      expect((await storage().customers.findByIdentity(tenantId, taken))?.id).toBe(holder.id);
      for (const identity of other.identities) {
        expect((await storage().customers.findByIdentity(tenantId, identity))?.id).toBe(other.id);
      }
    });

    it('customers.update - keeping its own identities is not a duplicate', async () => {
      const customer = buildCustomer(newTenantId());
      await storage().customers.insert(customer);
      const next = { ...customer, name: 'Same identities', version: 2 };
      expect(await storage().customers.update(next, 1)).toBe('ok');
      expect(await storage().customers.get(customer.tenantId, customer.id)).toEqual(next);
    });

    it('customers.list - pages through the tenant in id order', async () => {
      const tenantId = newTenantId();
      const customers = byId(Array.from({ length: 7 }, () => buildCustomer(tenantId)));
      for (const customer of [...customers].reverse()) await storage().customers.insert(customer);
      await storage().customers.insert(buildCustomer(newTenantId()));
      expect(await storage().customers.list(tenantId, { afterId: null, limit: 100 })).toEqual(customers);
      expect(await storage().customers.list(tenantId, { afterId: null, limit: 3 })).toEqual(
        customers.slice(0, 3),
      );
      const third = customers[2] as Customer;
      expect(await storage().customers.list(tenantId, { afterId: third.id, limit: 3 })).toEqual(
        customers.slice(3, 6),
      );
      expect(
        await storage().customers.list(tenantId, { afterId: (customers[6] as Customer).id, limit: 3 }),
      ).toEqual([]);
      expect(await storage().customers.list(newTenantId(), { afterId: null, limit: 3 })).toEqual([]);
    });
  });

  describe('agents', () => {
    const storage = useGroupStorage(context);

    it('agents.insert - stores every field, and get returns it unchanged', async () => {
      const tenantId = newTenantId();
      const full = buildAgent(tenantId);
      const sparse = buildAgent(tenantId, { email: null, teamIds: [], status: 'offline', active: false });
      for (const agent of [full, sparse]) {
        expect(await storage().agents.insert(agent)).toBe('ok');
        expect(await storage().agents.get(tenantId, agent.id)).toEqual(agent);
      }
      expect(await storage().agents.get(newTenantId(), full.id)).toBeNull();
      expect(await storage().agents.get(tenantId, newId('agt'))).toBeNull();
    });

    it('agents.insert - returns duplicate for a taken id or email; other tenants and null emails never collide', async () => {
      const tenantId = newTenantId();
      const agent = buildAgent(tenantId);
      expect(await storage().agents.insert(agent)).toBe('ok');
      const sameId = buildAgent(tenantId, { id: agent.id });
      const sameEmail = buildAgent(tenantId, { email: agent.email });
      expect(await storage().agents.insert(sameId)).toBe('duplicate');
      expect(await storage().agents.insert(sameEmail)).toBe('duplicate');
      expect(await storage().agents.get(tenantId, agent.id)).toEqual(agent);
      expect(await storage().agents.get(tenantId, sameEmail.id)).toBeNull();
      expect(
        await storage().agents.insert(buildAgent(newTenantId(), { id: agent.id, email: agent.email })),
      ).toBe('ok');
      expect(await storage().agents.insert(buildAgent(tenantId, { email: null }))).toBe('ok');
      expect(await storage().agents.insert(buildAgent(tenantId, { email: null }))).toBe('ok');
    });

    it('agents.update - versioned replace; taking a used email is duplicate, a freed email is free', async () => {
      const tenantId = newTenantId();
      const first = buildAgent(tenantId);
      const second = buildAgent(tenantId);
      await storage().agents.insert(first);
      await storage().agents.insert(second);
      const grabbing = { ...second, email: first.email, version: 2 };
      expect(await storage().agents.update(grabbing, 1)).toBe('duplicate');
      expect(await storage().agents.get(tenantId, second.id)).toEqual(second);

      const renamed: Agent = {
        ...first,
        email: `${newId('x')}@example.com`.toLowerCase(),
        teamIds: [],
        status: 'online',
        active: false,
        version: 2,
      };
      expect(await storage().agents.update(renamed, 1)).toBe('ok');
      expect(await storage().agents.get(tenantId, first.id)).toEqual(renamed);
      expect(await storage().agents.update({ ...first, name: 'lost', version: 2 }, 1)).toBe('stale');
      expect(await storage().agents.get(tenantId, first.id)).toEqual(renamed);

      expect(await storage().agents.update(grabbing, 1)).toBe('ok');
      expect(await storage().agents.get(tenantId, second.id)).toEqual(grabbing);
      expect(await storage().agents.update(buildAgent(tenantId, { version: 2 }), 1)).toBe('stale');
    });

    it('agents.list - pages through the tenant in id order', async () => {
      const tenantId = newTenantId();
      const agents = byId(Array.from({ length: 5 }, () => buildAgent(tenantId)));
      for (const agent of [...agents].reverse()) await storage().agents.insert(agent);
      await storage().agents.insert(buildAgent(newTenantId()));
      expect(await storage().agents.list(tenantId, { afterId: null, limit: 10 })).toEqual(agents);
      expect(await storage().agents.list(tenantId, { afterId: (agents[1] as Agent).id, limit: 2 })).toEqual(
        agents.slice(2, 4),
      );
      expect(await storage().agents.list(newTenantId(), { afterId: null, limit: 10 })).toEqual([]);
    });
  });

  describe('teams and pipelines', () => {
    const storage = useGroupStorage(context);

    it('teams.insert - stores every field; duplicate id is duplicate; the same id in another tenant is another team', async () => {
      const team = buildTeam(newTenantId());
      expect(await storage().teams.insert(team)).toBe('ok');
      expect(await storage().teams.get(team.tenantId, team.id)).toEqual(team);
      expect(await storage().teams.insert({ ...team, name: 'again' })).toBe('duplicate');
      expect(await storage().teams.get(team.tenantId, team.id)).toEqual(team);
      const foreign = { ...team, tenantId: newTenantId(), name: 'foreign' };
      expect(await storage().teams.insert(foreign)).toBe('ok');
      expect(await storage().teams.get(foreign.tenantId, team.id)).toEqual(foreign);
      expect(await storage().teams.get(team.tenantId, newId('team'))).toBeNull();
    });

    it('teams.update - replaces when the version matches, else stale', async () => {
      const team = buildTeam(newTenantId());
      await storage().teams.insert(team);
      const next: Team = { ...team, name: 'Renamed', version: 2, updatedAt: fixtureInstant(1) };
      expect(await storage().teams.update(next, 1)).toBe('ok');
      expect(await storage().teams.update({ ...team, name: 'lost', version: 2 }, 1)).toBe('stale');
      expect(await storage().teams.update(buildTeam(team.tenantId, { version: 2 }), 1)).toBe('stale');
      expect(await storage().teams.get(team.tenantId, team.id)).toEqual(next);
    });

    it('teams.list - every team of the tenant in id order', async () => {
      const tenantId = newTenantId();
      const teams = byId(Array.from({ length: 4 }, () => buildTeam(tenantId)));
      for (const team of [...teams].reverse()) await storage().teams.insert(team);
      await storage().teams.insert(buildTeam(newTenantId()));
      expect(await storage().teams.list(tenantId)).toEqual(teams);
      expect(await storage().teams.list(newTenantId())).toEqual([]);
    });

    it('pipelines.insert - stores stages with every field; duplicate id is duplicate; tenants are separate', async () => {
      const pipeline = buildPipeline(newTenantId());
      expect(await storage().pipelines.insert(pipeline)).toBe('ok');
      expect(await storage().pipelines.get(pipeline.tenantId, pipeline.id)).toEqual(pipeline);
      expect(await storage().pipelines.insert({ ...pipeline, stages: [] })).toBe('duplicate');
      expect(await storage().pipelines.get(pipeline.tenantId, pipeline.id)).toEqual(pipeline);
      const foreign = { ...pipeline, tenantId: newTenantId(), name: 'foreign', stages: [] };
      expect(await storage().pipelines.insert(foreign)).toBe('ok');
      expect(await storage().pipelines.get(foreign.tenantId, pipeline.id)).toEqual(foreign);
      expect(await storage().pipelines.get(pipeline.tenantId, 'default')).toBeNull();
    });

    it('pipelines.update - replaces the stages when the version matches, else stale', async () => {
      const pipeline = buildPipeline(newTenantId());
      await storage().pipelines.insert(pipeline);
      const next: Pipeline = {
        ...pipeline,
        stages: [...pipeline.stages].reverse().map((stage) => ({ ...stage, transitionsTo: null })),
        version: 2,
      };
      expect(await storage().pipelines.update(next, 1)).toBe('ok');
      expect(await storage().pipelines.update({ ...pipeline, version: 2 }, 1)).toBe('stale');
      expect(await storage().pipelines.get(pipeline.tenantId, pipeline.id)).toEqual(next);
    });

    it('pipelines.list - every stored pipeline of the tenant in id order', async () => {
      const tenantId = newTenantId();
      const pipelines = byId([
        buildPipeline(tenantId),
        buildPipeline(tenantId),
        buildPipeline(tenantId, { id: 'default' }),
      ]);
      for (const pipeline of pipelines) await storage().pipelines.insert(pipeline);
      await storage().pipelines.insert(buildPipeline(newTenantId()));
      expect(await storage().pipelines.list(tenantId)).toEqual(pipelines);
      expect(await storage().pipelines.list(newTenantId())).toEqual([]);
    });
  });
}

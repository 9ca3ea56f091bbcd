import { describe, expect, it } from 'vitest';
import type { StoragePort } from '../storage/port';
import type { AgentLoad, Channel, LoadHolding } from '../storage/records';
import { buildAgent, buildQueuedTicket, fixtureInstant, newId, newTenantId } from './fixtures';
import { byId, type SuiteContext, useGroupStorage } from './suite-context';

function range(count: number): number[] {
  return Array.from({ length: count }, (_, index) => index);
}

/** A holding of a fresh ticket. */
function holdingOf(
  tenantId: string,
  agentId: string,
  channel: Channel = 'email',
  overrides: Partial<LoadHolding> = {},
): LoadHolding {
  return { tenantId, ticketId: newId('tkt'), agentId, channel, acquiredAt: fixtureInstant(), ...overrides };
}

/** An agent's load as stored, with a missing row read as zero. */
async function loadOf(storage: StoragePort, tenantId: string, agentId: string): Promise<AgentLoad> {
  const [load] = await storage.agentLoads.list(tenantId, [agentId]);
  const found = load ?? { tenantId, agentId, total: 0, byChannel: {}, lastAssignedAt: null };
  return { ...found, byChannel: withoutZeros(found.byChannel) };
}

function withoutZeros(byChannel: AgentLoad['byChannel']): AgentLoad['byChannel'] {
  return Object.fromEntries(Object.entries(byChannel).filter(([, count]) => count !== 0));
}

/** Team membership, agent loads and the capacity guard, the routing queue, round-robin cycles. */
export function describeRoutingRepositories(context: SuiteContext): void {
  describe('routing storage', () => {
    const storage = useGroupStorage(context);

    it('agents.listByTeam - members of one team in id order, active or not; follows updates; per tenant', async () => {
      const tenantId = newTenantId();
      const [team, other] = [newId('team'), newId('team')];
      const plain = buildAgent(tenantId, { teamIds: [team] });
      const inactive = buildAgent(tenantId, { teamIds: [other, team], active: false });
      const offline = buildAgent(tenantId, { teamIds: [team], status: 'offline' });
      const outsider = buildAgent(tenantId, { teamIds: [other] });
      for (const agent of byId([plain, inactive, offline, outsider]).reverse())
        await storage().agents.insert(agent);
      await storage().agents.insert(buildAgent(newTenantId(), { teamIds: [team] }));
      expect(await storage().agents.listByTeam(tenantId, team)).toEqual(byId([plain, inactive, offline]));
      expect(await storage().agents.listByTeam(tenantId, newId('team'))).toEqual([]);

      const moved = { ...plain, teamIds: [other], version: 2 };
      expect(await storage().agents.update(moved, 1)).toBe('ok');
      const joined = { ...outsider, teamIds: [other, team], version: 2 };
      expect(await storage().agents.update(joined, 1)).toBe('ok');
      expect(await storage().agents.listByTeam(tenantId, team)).toEqual(byId([inactive, offline, joined]));
      expect(await storage().agents.listByTeam(tenantId, other)).toEqual(byId([moved, inactive, joined]));
    });

    it('agentLoads.acquire - counts the holding, per channel, and stamps lastAssignedAt; holding() returns it', async () => {
      const tenantId = newTenantId();
      const agentId = newId('agt');
      expect(await storage().agentLoads.list(tenantId, [agentId])).toEqual(
        (await storage().agentLoads.list(tenantId, [agentId])).filter((load) => load.total === 0),
      );
      const first = holdingOf(tenantId, agentId, 'email', { acquiredAt: fixtureInstant(1) });
      const second = holdingOf(tenantId, agentId, 'chat', { acquiredAt: fixtureInstant(2) });
      const third = holdingOf(tenantId, agentId, 'email', { acquiredAt: fixtureInstant(3) });
      for (const holding of [first, second, third]) {
        expect(await storage().agentLoads.acquire(holding, { max: 3, channelMax: null })).toBe(true);
      }
      expect(await loadOf(storage(), tenantId, agentId)).toEqual({
        tenantId,
        agentId,
        total: 3,
        byChannel: { email: 2, chat: 1 },
        lastAssignedAt: fixtureInstant(3),
      });
      expect(await storage().agentLoads.holding(tenantId, second.ticketId)).toEqual(second);
      expect(await storage().agentLoads.holding(tenantId, newId('tkt'))).toBeNull();
      expect(await storage().agentLoads.holding(newTenantId(), second.ticketId)).toBeNull();
      expect(await storage().agentLoads.list(newTenantId(), [agentId])).toEqual(
        (await storage().agentLoads.list(newTenantId(), [agentId])).filter((load) => load.total === 0),
      );
    });

    it('agentLoads.acquire - refuses beyond max or channelMax and changes nothing; null limits always take', async () => {
      const tenantId = newTenantId();
      const agentId = newId('agt');
      const taken = [holdingOf(tenantId, agentId, 'chat'), holdingOf(tenantId, agentId, 'chat')];
      for (const holding of taken) {
        expect(await storage().agentLoads.acquire(holding, { max: 5, channelMax: 2 })).toBe(true);
      }
      const before = await loadOf(storage(), tenantId, agentId);
      const overChannel = holdingOf(tenantId, agentId, 'chat', { acquiredAt: fixtureInstant(50) });
      expect(await storage().agentLoads.acquire(overChannel, { max: 5, channelMax: 2 })).toBe(false);
      const overMax = holdingOf(tenantId, agentId, 'email', { acquiredAt: fixtureInstant(60) });
      expect(await storage().agentLoads.acquire(overMax, { max: 2, channelMax: null })).toBe(false);
      expect(await loadOf(storage(), tenantId, agentId)).toEqual(before);
      expect(await storage().agentLoads.holding(tenantId, overChannel.ticketId)).toBeNull();
      expect(await storage().agentLoads.holding(tenantId, overMax.ticketId)).toBeNull();
      // Another channel is only capped by max.
      expect(await storage().agentLoads.acquire(overMax, { max: 3, channelMax: null })).toBe(true);
      // A manual assignment (no limits) counts beyond capacity.
      const manual = holdingOf(tenantId, agentId, 'chat', { acquiredAt: fixtureInstant(70) });
      expect(await storage().agentLoads.acquire(manual, null)).toBe(true);
      expect(await loadOf(storage(), tenantId, agentId)).toEqual({
        tenantId,
        agentId,
        total: 4,
        byChannel: { chat: 3, email: 1 },
        lastAssignedAt: fixtureInstant(70),
      });
      expect(
        await storage().agentLoads.acquire(holdingOf(tenantId, agentId), { max: 0, channelMax: null }),
      ).toBe(false);
    });

    it('agentLoads.acquire - moves a ticket between agents; its own slot does not count against the limits', async () => {
      const tenantId = newTenantId();
      const [ann, ben] = [newId('agt'), newId('agt')];
      const ticketId = newId('tkt');
      const atAnn = holdingOf(tenantId, ann, 'email', { ticketId, acquiredAt: fixtureInstant(1) });
      expect(await storage().agentLoads.acquire(atAnn, { max: 1, channelMax: 1 })).toBe(true);
      // The same slot again: true, nothing changes (not even lastAssignedAt).
      const again = { ...atAnn, acquiredAt: fixtureInstant(2) };
      expect(await storage().agentLoads.acquire(again, { max: 1, channelMax: 1 })).toBe(true);
      expect((await loadOf(storage(), tenantId, ann)).lastAssignedAt).toEqual(fixtureInstant(1));
      expect(await storage().agentLoads.holding(tenantId, ticketId)).toEqual(atAnn);
      // Another channel of the same agent: the ticket's own slot is not counted, so max 1 allows it.
      const onChat = holdingOf(tenantId, ann, 'chat', { ticketId, acquiredAt: fixtureInstant(3) });
      expect(await storage().agentLoads.acquire(onChat, { max: 1, channelMax: 1 })).toBe(true);
      expect(await loadOf(storage(), tenantId, ann)).toMatchObject({ total: 1, byChannel: { chat: 1 } });
      // A full agent refuses the move; the ticket stays where it was.
      const busy = holdingOf(tenantId, ben, 'email');
      await storage().agentLoads.acquire(busy, null);
      const toBen = holdingOf(tenantId, ben, 'chat', { ticketId, acquiredAt: fixtureInstant(4) });
      expect(await storage().agentLoads.acquire(toBen, { max: 1, channelMax: null })).toBe(false);
      expect(await storage().agentLoads.holding(tenantId, ticketId)).toEqual(onChat);
      // With room, the move releases the old slot.
      expect(await storage().agentLoads.acquire(toBen, { max: 2, channelMax: null })).toBe(true);
      expect(await storage().agentLoads.holding(tenantId, ticketId)).toEqual(toBen);
      expect(await loadOf(storage(), tenantId, ann)).toMatchObject({ total: 0, byChannel: {} });
      expect(await loadOf(storage(), tenantId, ben)).toMatchObject({
        total: 2,
        byChannel: { email: 1, chat: 1 },
        lastAssignedAt: fixtureInstant(4),
      });
    });

    it('agentLoads.release - removes and returns the slot and uncounts it; null when none', async () => {
      const tenantId = newTenantId();
      const agentId = newId('agt');
      const [kept, released] = [holdingOf(tenantId, agentId, 'phone'), holdingOf(tenantId, agentId, 'phone')];
      await storage().agentLoads.acquire(kept, null);
      await storage().agentLoads.acquire(released, null);
      expect(await storage().agentLoads.release(tenantId, released.ticketId)).toEqual(released);
      expect(await storage().agentLoads.release(tenantId, released.ticketId)).toBeNull();
      expect(await storage().agentLoads.release(newTenantId(), kept.ticketId)).toBeNull();
      expect(await storage().agentLoads.holding(tenantId, released.ticketId)).toBeNull();
      expect(await loadOf(storage(), tenantId, agentId)).toMatchObject({ total: 1, byChannel: { phone: 1 } });
    });

    it('agentLoads.acquire - 40 concurrent transactions for one agent with max 10: exactly 10 take a slot', async () => {
      const tenantId = newTenantId();
      const agentId = newId('agt');
      const holdings = range(40).map(() => holdingOf(tenantId, agentId, 'chat'));
      const results = await Promise.all(
        holdings.map((holding) =>
          storage().transaction((tx) => tx.agentLoads.acquire(holding, { max: 10, channelMax: null })),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(10);
      expect((await loadOf(storage(), tenantId, agentId)).total).toBe(10);
      const held = await Promise.all(
        holdings.map((holding) => storage().agentLoads.holding(tenantId, holding.ticketId)),
      );
      expect(held.map((holding) => holding !== null)).toEqual(results);
    });

    it('routingQueue - put, get and remove; a put replaces the entry, also in another team', async () => {
      const tenantId = newTenantId();
      const entry = buildQueuedTicket(tenantId);
      await storage().routingQueue.put(entry);
      expect(await storage().routingQueue.get(tenantId, entry.ticketId)).toEqual(entry);
      expect(await storage().routingQueue.get(newTenantId(), entry.ticketId)).toBeNull();
      const moved = { ...entry, teamId: newId('team'), priority: 'low' as const, ruleId: null };
      await storage().routingQueue.put(moved);
      expect(await storage().routingQueue.get(tenantId, entry.ticketId)).toEqual(moved);
      expect(
        await storage().routingQueue.list(tenantId, { teamId: entry.teamId, after: null, limit: 10 }),
      ).toEqual([]);
      expect(
        await storage().routingQueue.list(tenantId, { teamId: moved.teamId, after: null, limit: 10 }),
      ).toEqual([moved]);
      expect(await storage().routingQueue.remove(tenantId, entry.ticketId)).toBe(true);
      expect(await storage().routingQueue.remove(tenantId, entry.ticketId)).toBe(false);
      expect(await storage().routingQueue.get(tenantId, entry.ticketId)).toBeNull();
    });

    it('routingQueue.list - priority rank, then ticket age, then ticket id; pages after a keyset; per team and tenant', async () => {
      const tenantId = newTenantId();
      const teamId = newId('team');
      const at = (offset: number) => fixtureInstant(offset);
      const [idA, idB] = [newId('tkt'), newId('tkt')].sort();
      const entries = [
        buildQueuedTicket(tenantId, { teamId, priority: 'low', ticketCreatedAt: at(-9000) }),
        buildQueuedTicket(tenantId, { teamId, priority: 'urgent', ticketCreatedAt: at(0) }),
        buildQueuedTicket(tenantId, {
          teamId,
          priority: 'medium',
          ticketCreatedAt: at(-5),
          ticketId: idB as string,
        }),
        buildQueuedTicket(tenantId, {
          teamId,
          priority: 'medium',
          ticketCreatedAt: at(-5),
          ticketId: idA as string,
        }),
        buildQueuedTicket(tenantId, { teamId, priority: 'high', ticketCreatedAt: at(-1) }),
        buildQueuedTicket(tenantId, { teamId, priority: 'medium', ticketCreatedAt: at(-7) }),
      ];
      for (const entry of entries) await storage().routingQueue.put(entry);
      await storage().routingQueue.put(buildQueuedTicket(tenantId, { priority: 'urgent' }));
      await storage().routingQueue.put(buildQueuedTicket(newTenantId(), { teamId, priority: 'urgent' }));
      const order = [entries[1], entries[4], entries[5], entries[3], entries[2], entries[0]];
      expect(await storage().routingQueue.list(tenantId, { teamId, after: null, limit: 100 })).toEqual(order);
      const page = await storage().routingQueue.list(tenantId, { teamId, after: null, limit: 2 });
      expect(page).toEqual(order.slice(0, 2));
      const last = page[1];
      if (last === undefined) throw new Error('empty page');
      const after = { values: [1, last.ticketCreatedAt.getTime()], id: last.ticketId };
      expect(await storage().routingQueue.list(tenantId, { teamId, after, limit: 3 })).toEqual(
        order.slice(2, 5),
      );
    });

    it('roundRobin - a team without state gets an empty cycle; put stores it per team and tenant', async () => {
      const tenantId = newTenantId();
      const teamId = newId('team');
      const now = fixtureInstant(5);
      const empty = await storage().transaction((tx) => tx.roundRobin.getForUpdate(tenantId, teamId, now));
      expect(empty).toEqual({ tenantId, teamId, served: [], updatedAt: now });
      const state = { tenantId, teamId, served: ['agt_b', 'agt_a', 'agt_ü'], updatedAt: fixtureInstant(9) };
      await storage().transaction((tx) => tx.roundRobin.put(state));
      expect(await storage().transaction((tx) => tx.roundRobin.getForUpdate(tenantId, teamId, now))).toEqual(
        state,
      );
      expect(
        (await storage().transaction((tx) => tx.roundRobin.getForUpdate(newTenantId(), teamId, now))).served,
      ).toEqual([]);
      expect(
        (await storage().transaction((tx) => tx.roundRobin.getForUpdate(tenantId, newId('team'), now)))
          .served,
      ).toEqual([]);
    });
  });
}

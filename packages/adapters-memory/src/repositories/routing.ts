import {
  type AgentLoad,
  type AgentLoadRepository,
  type CapacityLimits,
  type Channel,
  type Keyset,
  type LoadHolding,
  type QueuedTicket,
  queuePosition,
  type RoundRobinRepository,
  type RoundRobinState,
  type RoutingQueueRepository,
} from '@ticketkit/core';
import { copyHolding, copyLoad, copyQueuedTicket, copyRoundRobin } from '../deep-copy';
import { key, type MemoryState } from '../memory-state';

/**
 * Agent loads in memory. Transactions run one at a time, so the capacity guard is a plain
 * check-then-write: no other transaction can change a load between the two.
 */
export class MemoryAgentLoads implements AgentLoadRepository {
  constructor(private readonly state: MemoryState) {}

  async list(tenantId: string, agentIds: string[]): Promise<AgentLoad[]> {
    const loads: AgentLoad[] = [];
    for (const agentId of agentIds) {
      const load = this.state.agentLoads.get(key(tenantId, agentId));
      if (load !== undefined) loads.push(copyLoad(load));
    }
    return loads;
  }

  async holding(tenantId: string, ticketId: string): Promise<LoadHolding | null> {
    const holding = this.state.loadHoldings.get(key(tenantId, ticketId));
    return holding === undefined ? null : copyHolding(holding);
  }

  async acquire(holding: LoadHolding, limits: CapacityLimits | null): Promise<boolean> {
    const holdingKey = key(holding.tenantId, holding.ticketId);
    const previous = this.state.loadHoldings.get(holdingKey);
    if (
      previous !== undefined &&
      previous.agentId === holding.agentId &&
      previous.channel === holding.channel
    )
      return true;
    const loadKey = key(holding.tenantId, holding.agentId);
    const load = this.state.agentLoads.get(loadKey);
    if (limits !== null) {
      const ownSlot = previous !== undefined && previous.agentId === holding.agentId;
      const total = (load?.total ?? 0) - (ownSlot ? 1 : 0);
      if (total >= limits.max) return false;
      if (limits.channelMax !== null) {
        const sameChannel = ownSlot && previous.channel === holding.channel;
        const onChannel = (load?.byChannel[holding.channel] ?? 0) - (sameChannel ? 1 : 0);
        if (onChannel >= limits.channelMax) return false;
      }
    }
    if (previous !== undefined) this.#uncount(previous);
    const current = this.state.agentLoads.get(loadKey);
    this.state.agentLoads.set(loadKey, {
      tenantId: holding.tenantId,
      agentId: holding.agentId,
      total: (current?.total ?? 0) + 1,
      byChannel: withCount(current?.byChannel ?? {}, holding.channel, 1),
      lastAssignedAt: new Date(holding.acquiredAt.getTime()),
    });
    this.state.loadHoldings.set(holdingKey, copyHolding(holding));
    return true;
  }

  async release(tenantId: string, ticketId: string): Promise<LoadHolding | null> {
    const holdingKey = key(tenantId, ticketId);
    const holding = this.state.loadHoldings.get(holdingKey);
    if (holding === undefined) return null;
    this.state.loadHoldings.delete(holdingKey);
    this.#uncount(holding);
    return copyHolding(holding);
  }

  #uncount(holding: LoadHolding): void {
    const loadKey = key(holding.tenantId, holding.agentId);
    const load = this.state.agentLoads.get(loadKey);
    if (load === undefined) return;
    this.state.agentLoads.set(loadKey, {
      ...load,
      total: Math.max(0, load.total - 1),
      byChannel: withCount(load.byChannel, holding.channel, -1),
    });
  }
}

function withCount(
  byChannel: Partial<Record<Channel, number>>,
  channel: Channel,
  delta: number,
): Partial<Record<Channel, number>> {
  const next = { ...byChannel };
  const count = Math.max(0, (next[channel] ?? 0) + delta);
  if (count === 0) delete next[channel];
  else next[channel] = count;
  return next;
}

/** The routing queue in memory: an entry map, and per team a sorted list of positions. */
export class MemoryRoutingQueue implements RoutingQueueRepository {
  constructor(private readonly state: MemoryState) {}

  async put(entry: QueuedTicket): Promise<void> {
    await this.remove(entry.tenantId, entry.ticketId);
    this.state.queueEntries.set(key(entry.tenantId, entry.ticketId), copyQueuedTicket(entry));
    this.state.teamQueue(key(entry.tenantId, entry.teamId)).insert(queuePosition(entry));
  }

  async get(tenantId: string, ticketId: string): Promise<QueuedTicket | null> {
    const entry = this.state.queueEntries.get(key(tenantId, ticketId));
    return entry === undefined ? null : copyQueuedTicket(entry);
  }

  async remove(tenantId: string, ticketId: string): Promise<boolean> {
    const entryKey = key(tenantId, ticketId);
    const entry = this.state.queueEntries.get(entryKey);
    if (entry === undefined) return false;
    this.state.queueEntries.delete(entryKey);
    this.state.teamQueue(key(tenantId, entry.teamId)).remove(queuePosition(entry));
    return true;
  }

  async list(
    tenantId: string,
    query: { teamId: string; after: Keyset | null; limit: number },
  ): Promise<QueuedTicket[]> {
    const queue = this.state.teamQueues.get(key(tenantId, query.teamId));
    if (queue === undefined) return [];
    const entries: QueuedTicket[] = [];
    for (
      let index = queue.firstAfter(query.after);
      index < queue.items.length && entries.length < query.limit;
      index++
    ) {
      const position = queue.items[index] as Keyset;
      const entry = this.state.queueEntries.get(key(tenantId, position.id));
      if (entry !== undefined) entries.push(copyQueuedTicket(entry));
    }
    return entries;
  }
}

/** Round-robin state in memory; transactions run one at a time, so the lock is implicit. */
export class MemoryRoundRobin implements RoundRobinRepository {
  constructor(private readonly state: MemoryState) {}

  async getForUpdate(tenantId: string, teamId: string, now: Date): Promise<RoundRobinState> {
    const stored = this.state.roundRobin.get(key(tenantId, teamId));
    if (stored !== undefined) return copyRoundRobin(stored);
    return { tenantId, teamId, served: [], updatedAt: new Date(now.getTime()) };
  }

  async put(state: RoundRobinState): Promise<void> {
    this.state.roundRobin.set(key(state.tenantId, state.teamId), copyRoundRobin(state));
  }
}

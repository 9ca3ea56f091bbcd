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
import { copyHolding, copyQueuedTicket, copyRoundRobin } from '../deep-copy';
import { key, type MemoryState } from '../memory-state';

/**
 * Agent loads in memory. Transactions run one at a time, so the capacity guard is a plain
 * check-then-write: no other transaction can change a load between the two. Load rows are
 * frozen and replaced on every change, so `list` (read-only by contract) hands them out as is.
 */
export class MemoryAgentLoads implements AgentLoadRepository {
  constructor(private readonly state: MemoryState) {}

  async list(tenantId: string, agentIds: readonly string[]): Promise<readonly AgentLoad[]> {
    const loads: AgentLoad[] = [];
    for (const agentId of agentIds) {
      const load = this.state.agentLoads.get(tenantId, agentId);
      if (load !== undefined) loads.push(load);
    }
    return loads;
  }

  async holding(tenantId: string, ticketId: string): Promise<LoadHolding | null> {
    const holding = this.state.loadHoldings.get(tenantId, ticketId);
    return holding === undefined ? null : copyHolding(holding);
  }

  async acquire(holding: LoadHolding, limits: CapacityLimits | null): Promise<boolean> {
    const { tenantId, agentId, channel } = holding;
    const previous = this.state.loadHoldings.get(tenantId, holding.ticketId);
    if (previous !== undefined && previous.agentId === agentId && previous.channel === channel) return true;
    if (limits !== null) {
      const load = this.state.agentLoads.get(tenantId, agentId);
      const ownSlot = previous !== undefined && previous.agentId === agentId;
      const total = (load?.total ?? 0) - (ownSlot ? 1 : 0);
      if (total >= limits.max) return false;
      // The ticket's own slot on this agent is on another channel (the same one returned above).
      if (limits.channelMax !== null && (load?.byChannel[channel] ?? 0) >= limits.channelMax) return false;
    }
    if (previous !== undefined) this.#count(previous, -1, null);
    this.#count(holding, 1, holding.acquiredAt);
    this.state.loadHoldings.set(tenantId, holding.ticketId, copyHolding(holding));
    return true;
  }

  async release(tenantId: string, ticketId: string): Promise<LoadHolding | null> {
    const holding = this.state.loadHoldings.get(tenantId, ticketId);
    if (holding === undefined) return null;
    this.state.loadHoldings.delete(tenantId, ticketId);
    this.#count(holding, -1, null);
    return copyHolding(holding);
  }

  /** Replaces the agent's load row with `delta` applied; `assignedAt` stamps `lastAssignedAt`. */
  #count(holding: LoadHolding, delta: 1 | -1, assignedAt: Date | null): void {
    const load = this.state.agentLoads.get(holding.tenantId, holding.agentId);
    const lastAssignedAt =
      assignedAt === null ? (load?.lastAssignedAt ?? null) : new Date(assignedAt.getTime());
    this.state.agentLoads.set(
      holding.tenantId,
      holding.agentId,
      Object.freeze({
        tenantId: holding.tenantId,
        agentId: holding.agentId,
        total: Math.max(0, (load?.total ?? 0) + delta),
        byChannel: Object.freeze(withCount(load?.byChannel ?? {}, holding.channel, delta)),
        lastAssignedAt,
      }),
    );
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

/** The routing queue in memory: an entry table, and per team a sorted list of positions. */
export class MemoryRoutingQueue implements RoutingQueueRepository {
  constructor(private readonly state: MemoryState) {}

  async put(entry: QueuedTicket): Promise<void> {
    await this.remove(entry.tenantId, entry.ticketId);
    this.state.queueEntries.set(entry.tenantId, entry.ticketId, copyQueuedTicket(entry));
    this.state.teamQueue(key(entry.tenantId, entry.teamId)).insert(queuePosition(entry));
  }

  async get(tenantId: string, ticketId: string): Promise<QueuedTicket | null> {
    const entry = this.state.queueEntries.get(tenantId, ticketId);
    return entry === undefined ? null : copyQueuedTicket(entry);
  }

  async remove(tenantId: string, ticketId: string): Promise<boolean> {
    const entry = this.state.queueEntries.get(tenantId, ticketId);
    if (entry === undefined) return false;
    this.state.queueEntries.delete(tenantId, ticketId);
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
      const entry = this.state.queueEntries.get(tenantId, position.id);
      if (entry !== undefined) entries.push(copyQueuedTicket(entry));
    }
    return entries;
  }
}

/** Round-robin state in memory; transactions run one at a time, so the lock is implicit. */
export class MemoryRoundRobin implements RoundRobinRepository {
  constructor(private readonly state: MemoryState) {}

  async getForUpdate(tenantId: string, teamId: string, now: Date): Promise<RoundRobinState> {
    const stored = this.state.roundRobin.get(tenantId, teamId);
    if (stored !== undefined) return copyRoundRobin(stored);
    return { tenantId, teamId, served: [], updatedAt: new Date(now.getTime()) };
  }

  async put(state: RoundRobinState): Promise<void> {
    this.state.roundRobin.set(state.tenantId, state.teamId, copyRoundRobin(state));
  }
}

import type {
  Agent,
  AgentRepository,
  Pipeline,
  PipelineRepository,
  Team,
  TeamRepository,
  WriteResult,
} from '@ticketkit/core';
import { copyAgent, deepCopy } from '../deep-copy';
import { key, type MemoryState } from '../memory-state';
import type { TenantTable } from '../undo-log';

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Versioned records keyed by tenant and id: the shared behaviour of teams and pipelines. */
class VersionedTable<T extends { tenantId: string; id: string; version: number }> {
  constructor(private readonly table: TenantTable<T>) {}

  async get(tenantId: string, id: string): Promise<T | null> {
    const row = this.table.get(tenantId, id);
    return row === undefined ? null : deepCopy(row);
  }

  async insert(row: T): Promise<WriteResult> {
    if (this.table.get(row.tenantId, row.id) !== undefined) return 'duplicate';
    this.table.set(row.tenantId, row.id, deepCopy(row));
    return 'ok';
  }

  async update(row: T, expectedVersion: number): Promise<WriteResult> {
    const stored = this.table.get(row.tenantId, row.id);
    if (stored === undefined || stored.version !== expectedVersion) return 'stale';
    this.table.set(row.tenantId, row.id, deepCopy(row));
    return 'ok';
  }

  async list(tenantId: string): Promise<T[]> {
    return [...this.table.values(tenantId)].sort(byId).map(deepCopy);
  }
}

/** Teams in memory. */
export class MemoryTeams extends VersionedTable<Team> implements TeamRepository {
  constructor(state: MemoryState) {
    super(state.teams);
  }
}

/** Pipelines in memory. */
export class MemoryPipelines extends VersionedTable<Pipeline> implements PipelineRepository {
  constructor(state: MemoryState) {
    super(state.pipelines);
  }
}

/**
 * Agents in memory, with a unique index over their emails and an index of team members.
 * Stored agents are frozen copies: `get` and `list` hand out copies of them, `listByTeam`
 * (read-only by contract, read by every routing decision) the stored objects themselves.
 */
export class MemoryAgents implements AgentRepository {
  constructor(private readonly state: MemoryState) {}

  async get(tenantId: string, id: string): Promise<Agent | null> {
    const agent = this.state.agents.get(tenantId, id);
    return agent === undefined ? null : copyAgent(agent);
  }

  async insert(agent: Agent): Promise<WriteResult> {
    if (this.state.agents.get(agent.tenantId, agent.id) !== undefined) return 'duplicate';
    if (this.#emailTaken(agent)) return 'duplicate';
    const stored = frozenAgent(agent);
    this.state.agents.set(agent.tenantId, agent.id, stored);
    if (agent.email !== null) this.state.agentEmails.set(key(agent.tenantId, agent.email), agent.id);
    this.#indexTeams(stored, []);
    return 'ok';
  }

  async update(agent: Agent, expectedVersion: number): Promise<WriteResult> {
    const previous = this.state.agents.get(agent.tenantId, agent.id);
    if (previous === undefined || previous.version !== expectedVersion) return 'stale';
    if (this.#emailTaken(agent)) return 'duplicate';
    if (previous.email !== null) this.state.agentEmails.delete(key(agent.tenantId, previous.email));
    if (agent.email !== null) this.state.agentEmails.set(key(agent.tenantId, agent.email), agent.id);
    const stored = frozenAgent(agent);
    this.state.agents.set(agent.tenantId, agent.id, stored);
    this.#indexTeams(stored, previous.teamIds);
    return 'ok';
  }

  async list(tenantId: string, query: { afterId: string | null; limit: number }): Promise<Agent[]> {
    return [...this.state.agents.values(tenantId)]
      .filter((agent) => query.afterId === null || agent.id > query.afterId)
      .sort(byId)
      .slice(0, query.limit)
      .map(copyAgent);
  }

  async listByTeam(tenantId: string, teamId: string): Promise<readonly Agent[]> {
    return this.state.teamMembers.get(tenantId, teamId) ?? [];
  }

  /** Replaces the agent in the member lists of its old and new teams. */
  #indexTeams(agent: Agent, previousTeamIds: readonly string[]): void {
    for (const teamId of new Set([...previousTeamIds, ...agent.teamIds])) {
      const members = (this.state.teamMembers.get(agent.tenantId, teamId) ?? []).filter(
        (member) => member.id !== agent.id,
      );
      if (agent.teamIds.includes(teamId)) {
        members.push(agent);
        members.sort(byId);
      }
      this.state.teamMembers.set(agent.tenantId, teamId, members);
    }
  }

  #emailTaken(agent: Agent): boolean {
    if (agent.email === null) return false;
    const holder = this.state.agentEmails.get(key(agent.tenantId, agent.email));
    return holder !== undefined && holder !== agent.id;
  }
}

/** A copy of the agent that nothing can change (dates aside, which nothing sets). */
function frozenAgent(agent: Agent): Agent {
  const copy = copyAgent(agent);
  for (const skill of copy.skills) Object.freeze(skill);
  Object.freeze(copy.skills);
  Object.freeze(copy.teamIds);
  Object.freeze(copy.languages);
  Object.freeze(copy.capacity.perChannel);
  Object.freeze(copy.capacity);
  return Object.freeze(copy);
}

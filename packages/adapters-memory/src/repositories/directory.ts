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

/** Agents in memory, with a unique index over their emails and an index of team members. */
export class MemoryAgents implements AgentRepository {
  constructor(private readonly state: MemoryState) {}

  async get(tenantId: string, id: string): Promise<Agent | null> {
    const agent = this.state.agents.get(tenantId, id);
    return agent === undefined ? null : copyAgent(agent);
  }

  async insert(agent: Agent): Promise<WriteResult> {
    if (this.state.agents.get(agent.tenantId, agent.id) !== undefined) return 'duplicate';
    if (this.#emailTaken(agent)) return 'duplicate';
    this.state.agents.set(agent.tenantId, agent.id, copyAgent(agent));
    if (agent.email !== null) this.state.agentEmails.set(key(agent.tenantId, agent.email), agent.id);
    this.#indexTeams(agent, [], agent.teamIds);
    return 'ok';
  }

  async update(agent: Agent, expectedVersion: number): Promise<WriteResult> {
    const stored = this.state.agents.get(agent.tenantId, agent.id);
    if (stored === undefined || stored.version !== expectedVersion) return 'stale';
    if (this.#emailTaken(agent)) return 'duplicate';
    if (stored.email !== null) this.state.agentEmails.delete(key(agent.tenantId, stored.email));
    if (agent.email !== null) this.state.agentEmails.set(key(agent.tenantId, agent.email), agent.id);
    this.state.agents.set(agent.tenantId, agent.id, copyAgent(agent));
    this.#indexTeams(agent, stored.teamIds, agent.teamIds);
    return 'ok';
  }

  async list(tenantId: string, query: { afterId: string | null; limit: number }): Promise<Agent[]> {
    return [...this.state.agents.values(tenantId)]
      .filter((agent) => query.afterId === null || agent.id > query.afterId)
      .sort(byId)
      .slice(0, query.limit)
      .map(copyAgent);
  }

  async listByTeam(tenantId: string, teamId: string): Promise<Agent[]> {
    const ids = this.state.teamMembers.get(key(tenantId, teamId)) ?? [];
    const agents: Agent[] = [];
    for (const id of ids) {
      const agent = this.state.agents.get(tenantId, id);
      if (agent !== undefined) agents.push(copyAgent(agent));
    }
    return agents;
  }

  #indexTeams(agent: Agent, before: readonly string[], after: readonly string[]): void {
    for (const teamId of new Set([...before, ...after])) {
      const member = after.includes(teamId);
      if (member === before.includes(teamId)) continue;
      const teamKey = key(agent.tenantId, teamId);
      const ids = (this.state.teamMembers.get(teamKey) ?? []).filter((id) => id !== agent.id);
      if (member) {
        ids.push(agent.id);
        ids.sort();
      }
      this.state.teamMembers.set(teamKey, ids);
    }
  }

  #emailTaken(agent: Agent): boolean {
    if (agent.email === null) return false;
    const holder = this.state.agentEmails.get(key(agent.tenantId, agent.email));
    return holder !== undefined && holder !== agent.id;
  }
}

import type {
  Agent,
  AgentRepository,
  Pipeline,
  PipelineRepository,
  Team,
  TeamRepository,
  WriteResult,
} from '@ticketkit/core';
import { deepCopy } from '../deep-copy';
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

/** Agents in memory, with a unique index over their emails. */
export class MemoryAgents implements AgentRepository {
  readonly #rows: VersionedTable<Agent>;

  constructor(private readonly state: MemoryState) {
    this.#rows = new VersionedTable(state.agents);
  }

  get(tenantId: string, id: string): Promise<Agent | null> {
    return this.#rows.get(tenantId, id);
  }

  async insert(agent: Agent): Promise<WriteResult> {
    if (this.#emailTaken(agent)) return 'duplicate';
    const result = await this.#rows.insert(agent);
    if (result === 'ok' && agent.email !== null)
      this.state.agentEmails.set(key(agent.tenantId, agent.email), agent.id);
    return result;
  }

  async update(agent: Agent, expectedVersion: number): Promise<WriteResult> {
    const stored = this.state.agents.get(agent.tenantId, agent.id);
    if (stored === undefined || stored.version !== expectedVersion) return 'stale';
    if (this.#emailTaken(agent)) return 'duplicate';
    if (stored.email !== null) this.state.agentEmails.delete(key(agent.tenantId, stored.email));
    if (agent.email !== null) this.state.agentEmails.set(key(agent.tenantId, agent.email), agent.id);
    return this.#rows.update(agent, expectedVersion);
  }

  async list(tenantId: string, query: { afterId: string | null; limit: number }): Promise<Agent[]> {
    return (await this.#rows.list(tenantId))
      .filter((agent) => query.afterId === null || agent.id > query.afterId)
      .slice(0, query.limit);
  }

  #emailTaken(agent: Agent): boolean {
    if (agent.email === null) return false;
    const holder = this.state.agentEmails.get(key(agent.tenantId, agent.email));
    return holder !== undefined && holder !== agent.id;
  }
}

import { z } from 'zod';
import { type Actor, actorRef, parseActor, requireStaff } from '../actors';
import { AlreadyExistsError, NotFoundError } from '../errors';
import type { FieldChange } from '../events';
import { type DeskContext, newEvent } from '../internal/desk-context';
import { decodeIdCursor, encodeIdCursor, type Page, pageOf } from '../internal/pagination';
import { idSchema, limitSchema } from '../internal/schemas';
import { versionMismatch } from '../internal/versioning';
import type { JsonValue } from '../json';
import type { StorageRepositories } from '../storage/port';
import type { Agent } from '../storage/records';
import { invalidInput, parseInput } from '../validation';
import { reactToAgentChange } from './agent-availability';
import {
  type CreateAgentInput,
  createAgentSchema,
  type UpdateAgentInput,
  updateAgentSchema,
} from './directory-schemas';

const listAgentsSchema = z.strictObject({
  cursor: z.string().max(512).optional(),
  limit: limitSchema.default(50),
});

/** Agents: the people who work tickets. Staff only. */
export class AgentsApi {
  readonly #desk: DeskContext;

  /** @internal */
  constructor(desk: DeskContext) {
    this.#desk = desk;
  }

  /**
   * Creates an agent. Every team must exist; `ALREADY_EXISTS` when the id or email is taken.
   * Defaults: offline, escalation level 1, no skills or languages, capacity 10.
   */
  async create(actor: Actor, input: CreateAgentInput): Promise<Agent> {
    const who = parseActor(actor);
    requireStaff(who, 'manage agents');
    const data = parseInput(createAgentSchema, input);
    return this.#desk.gateway.command(async ({ tx, record }) => {
      await assertTeamsExist(tx, who.tenantId, data.teamIds);
      const now = this.#desk.clock.now();
      const agent: Agent = {
        tenantId: who.tenantId,
        id: data.id ?? this.#desk.newId('agent'),
        name: data.name,
        email: data.email ?? null,
        teamIds: [...new Set(data.teamIds)],
        status: data.status,
        active: true,
        skills: data.skills,
        escalationLevel: data.escalationLevel,
        languages: [...new Set(data.languages)],
        capacity: data.capacity,
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      if ((await tx.agents.insert(agent)) !== 'ok') {
        throw new AlreadyExistsError('An agent with this id or email already exists', {
          id: agent.id,
          email: agent.email,
        });
      }
      record(
        newEvent(this.#desk, who.tenantId, actorRef(who), now, 'agent.created', null, {
          name: agent.name,
          email: agent.email,
        }),
      );
      return agent;
    });
  }

  /**
   * Updates an agent: name, email, teams, availability, active flag, skills, escalation level,
   * languages, capacity (each list or object given replaces the stored one). Routing reacts in
   * the same command: an agent going offline has their open tickets routed again when the
   * tenant's `routing.onAgentOffline` is `reroute`; an agent who can take more work (online,
   * more capacity, new teams or skills) gets queued tickets of their teams.
   */
  async update(actor: Actor, id: string, input: UpdateAgentInput): Promise<Agent> {
    const who = parseActor(actor);
    requireStaff(who, 'manage agents');
    const agentId = parseInput(idSchema, id, 'id');
    const data = parseInput(updateAgentSchema, input);
    return this.#desk.gateway.command(async (context) => {
      const { tx, record } = context;
      const current = await tx.agents.get(who.tenantId, agentId);
      if (current === null) throw new NotFoundError('Agent', agentId);
      if (data.expectedVersion !== undefined && data.expectedVersion !== current.version) {
        throw versionMismatch('Agent', agentId, data.expectedVersion, current.version);
      }
      if (data.teamIds !== undefined) await assertTeamsExist(tx, who.tenantId, data.teamIds);
      const now = this.#desk.clock.now();
      const next: Agent = {
        ...current,
        name: data.name ?? current.name,
        email: data.email === undefined ? current.email : data.email,
        teamIds: data.teamIds === undefined ? current.teamIds : [...new Set(data.teamIds)],
        status: data.status ?? current.status,
        active: data.active ?? current.active,
        skills: data.skills ?? current.skills,
        escalationLevel: data.escalationLevel ?? current.escalationLevel,
        languages: data.languages === undefined ? current.languages : [...new Set(data.languages)],
        capacity: data.capacity ?? current.capacity,
        version: current.version + 1,
        updatedAt: now,
      };
      const changes: FieldChange[] = [];
      for (const field of ['name', 'email', 'status', 'active', 'escalationLevel'] as const) {
        if (current[field] !== next[field]) changes.push({ field, from: current[field], to: next[field] });
      }
      for (const field of ['teamIds', 'skills', 'languages', 'capacity'] as const) {
        if (JSON.stringify(current[field]) !== JSON.stringify(next[field])) {
          changes.push({ field, from: current[field] as JsonValue, to: next[field] as JsonValue });
        }
      }
      if (changes.length === 0) return current;
      const result = await tx.agents.update(next, current.version);
      if (result === 'duplicate')
        throw new AlreadyExistsError('Another agent has this email', { email: next.email });
      if (result === 'stale') throw versionMismatch('Agent', agentId, data.expectedVersion, undefined);
      record(newEvent(this.#desk, who.tenantId, actorRef(who), now, 'agent.updated', null, { changes }));
      await reactToAgentChange(this.#desk, context, current, next, now);
      return next;
    });
  }

  /** An agent by id. */
  async get(actor: Actor, id: string): Promise<Agent> {
    const who = parseActor(actor);
    requireStaff(who, 'read agents');
    const agentId = parseInput(idSchema, id, 'id');
    const agent = await this.#desk.gateway.read((repositories) =>
      repositories.agents.get(who.tenantId, agentId),
    );
    if (agent === null) throw new NotFoundError('Agent', agentId);
    return agent;
  }

  /** Agents of the tenant in id order, one page at a time. */
  async list(actor: Actor, query: { cursor?: string; limit?: number } = {}): Promise<Page<Agent>> {
    const who = parseActor(actor);
    requireStaff(who, 'read agents');
    const data = parseInput(listAgentsSchema, query);
    const afterId = data.cursor === undefined ? null : decodeIdCursor(data.cursor);
    const rows = await this.#desk.gateway.read((repositories) =>
      repositories.agents.list(who.tenantId, { afterId, limit: data.limit + 1 }),
    );
    return pageOf(rows, data.limit, (last) => encodeIdCursor(last.id));
  }
}

async function assertTeamsExist(tx: StorageRepositories, tenantId: string, teamIds: string[]): Promise<void> {
  for (const [index, teamId] of teamIds.entries()) {
    if ((await tx.teams.get(tenantId, teamId)) === null) {
      invalidInput(['teamIds', index], 'unknown_team', `Team ${teamId} does not exist`);
    }
  }
}

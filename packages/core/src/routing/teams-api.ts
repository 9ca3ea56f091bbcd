import { type Actor, actorRef, parseActor, requireStaff } from '../actors';
import { AlreadyExistsError, NotFoundError } from '../errors';
import { type DeskContext, newEvent } from '../internal/desk-context';
import { idSchema } from '../internal/schemas';
import { versionMismatch } from '../internal/versioning';
import type { Agent, Team } from '../storage/records';
import { parseInput } from '../validation';
import {
  type CreateTeamInput,
  createTeamSchema,
  type UpdateTeamInput,
  updateTeamSchema,
} from './directory-schemas';

/** Teams (departments) that tickets are assigned to. Staff only. */
export class TeamsApi {
  readonly #desk: DeskContext;

  /** @internal */
  constructor(desk: DeskContext) {
    this.#desk = desk;
  }

  /** Creates a team. `ALREADY_EXISTS` when a host-chosen id is taken. */
  async create(actor: Actor, input: CreateTeamInput): Promise<Team> {
    const who = parseActor(actor);
    requireStaff(who, 'manage teams');
    const data = parseInput(createTeamSchema, input);
    return this.#desk.gateway.command(async ({ tx, record }) => {
      const now = this.#desk.clock.now();
      const team: Team = {
        tenantId: who.tenantId,
        id: data.id ?? this.#desk.newId('team'),
        name: data.name,
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      if ((await tx.teams.insert(team)) !== 'ok')
        throw new AlreadyExistsError(`Team ${team.id} already exists`, { id: team.id });
      record(
        newEvent(this.#desk, who.tenantId, actorRef(who), now, 'team.created', null, { name: team.name }),
      );
      return team;
    });
  }

  /** Renames a team. */
  async update(actor: Actor, id: string, input: UpdateTeamInput): Promise<Team> {
    const who = parseActor(actor);
    requireStaff(who, 'manage teams');
    const teamId = parseInput(idSchema, id, 'id');
    const data = parseInput(updateTeamSchema, input);
    return this.#desk.gateway.command(async ({ tx, record }) => {
      const current = await tx.teams.get(who.tenantId, teamId);
      if (current === null) throw new NotFoundError('Team', teamId);
      if (data.expectedVersion !== undefined && data.expectedVersion !== current.version) {
        throw versionMismatch('Team', teamId, data.expectedVersion, current.version);
      }
      if (data.name === undefined || data.name === current.name) return current;
      const now = this.#desk.clock.now();
      const next: Team = { ...current, name: data.name, version: current.version + 1, updatedAt: now };
      if ((await tx.teams.update(next, current.version)) !== 'ok') {
        throw versionMismatch('Team', teamId, data.expectedVersion, undefined);
      }
      record(
        newEvent(this.#desk, who.tenantId, actorRef(who), now, 'team.updated', null, {
          changes: [{ field: 'name', from: current.name, to: next.name }],
        }),
      );
      return next;
    });
  }

  /** A team by id. */
  async get(actor: Actor, id: string): Promise<Team> {
    const who = parseActor(actor);
    requireStaff(who, 'read teams');
    const teamId = parseInput(idSchema, id, 'id');
    const team = await this.#desk.gateway.read((repositories) =>
      repositories.teams.get(who.tenantId, teamId),
    );
    if (team === null) throw new NotFoundError('Team', teamId);
    return team;
  }

  /** The team's members (agents whose `teamIds` include it, active or not), in id order. */
  async members(actor: Actor, id: string): Promise<Agent[]> {
    const who = parseActor(actor);
    requireStaff(who, 'read teams');
    const teamId = parseInput(idSchema, id, 'id');
    return this.#desk.gateway.read(async (repositories) => {
      if ((await repositories.teams.get(who.tenantId, teamId)) === null)
        throw new NotFoundError('Team', teamId);
      return structuredClone([...(await repositories.agents.listByTeam(who.tenantId, teamId))]);
    });
  }

  /** Every team of the tenant, in id order. */
  async list(actor: Actor): Promise<Team[]> {
    const who = parseActor(actor);
    requireStaff(who, 'read teams');
    return this.#desk.gateway.read((repositories) => repositories.teams.list(who.tenantId));
  }
}

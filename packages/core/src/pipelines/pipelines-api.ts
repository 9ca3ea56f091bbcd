import { type Actor, actorRef, parseActor, requireStaff } from '../actors';
import { AlreadyExistsError, InvalidStateError } from '../errors';
import type { FieldChange } from '../events';
import { type DeskContext, newEvent } from '../internal/desk-context';
import { idSchema } from '../internal/schemas';
import { versionMismatch } from '../internal/versioning';
import type { StorageRepositories } from '../storage/port';
import type { Pipeline, Stage } from '../storage/records';
import { parseInput } from '../validation';
import { DEFAULT_PIPELINE_ID, defaultPipeline } from './default-pipeline';
import { loadPipeline } from './pipeline-rules';
import {
  type CreatePipelineInput,
  createPipelineSchema,
  type UpdatePipelineInput,
  updatePipelineSchema,
} from './pipeline-schemas';

/**
 * Pipelines: the ordered stages a tenant's tickets move through. Every tenant has the
 * built-in `default` pipeline; tenants add their own or replace `default` by creating a
 * pipeline with that id. Staff only.
 */
export class PipelinesApi {
  readonly #desk: DeskContext;

  /** @internal */
  constructor(desk: DeskContext) {
    this.#desk = desk;
  }

  /**
   * Creates a pipeline. `ALREADY_EXISTS` when the id is taken. Creating `default` replaces
   * the built-in pipeline, so as with {@link update} a built-in stage that holds tickets must
   * stay, in its category (`INVALID_STATE`).
   */
  async create(actor: Actor, input: CreatePipelineInput): Promise<Pipeline> {
    const who = parseActor(actor);
    requireStaff(who, 'manage pipelines');
    const data = parseInput(createPipelineSchema, input);
    const created = await this.#desk.gateway.command(async ({ tx, record }) => {
      const now = this.#desk.clock.now();
      const pipeline: Pipeline = {
        tenantId: who.tenantId,
        id: data.id ?? this.#desk.newId('pipeline'),
        name: data.name,
        stages: data.stages,
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      const result = await tx.pipelines.insert(pipeline);
      if (result !== 'ok')
        throw new AlreadyExistsError(`Pipeline ${pipeline.id} already exists`, { id: pipeline.id });
      if (pipeline.id === DEFAULT_PIPELINE_ID)
        await assertStagesStillFit(tx, who.tenantId, defaultPipeline(who.tenantId), pipeline.stages);
      record(
        newEvent(this.#desk, who.tenantId, actorRef(who), now, 'pipeline.created', null, {
          name: pipeline.name,
        }),
      );
      return pipeline;
    });
    // This desk's next commands use it at once (see PipelineCache).
    this.#desk.pipelines.remember(created);
    return created;
  }

  /**
   * Replaces a pipeline's name and/or stages. A stage that holds tickets can be renamed and
   * re-wired but not removed or moved to another category (`INVALID_STATE`). Updating
   * `default` before it was stored stores a copy of the built-in pipeline first.
   */
  async update(actor: Actor, id: string, input: UpdatePipelineInput): Promise<Pipeline> {
    const who = parseActor(actor);
    requireStaff(who, 'manage pipelines');
    const pipelineId = parseInput(idSchema, id, 'id');
    const data = parseInput(updatePipelineSchema, input);
    const updated = await this.#desk.gateway.command(async ({ tx, record }) => {
      const current = await loadPipeline(tx, who.tenantId, pipelineId);
      if (data.expectedVersion !== undefined && data.expectedVersion !== current.version) {
        throw versionMismatch('Pipeline', pipelineId, data.expectedVersion, current.version);
      }
      const stages = data.stages ?? current.stages;
      await assertStagesStillFit(tx, who.tenantId, current, stages);
      const now = this.#desk.clock.now();
      const next: Pipeline = {
        ...current,
        name: data.name ?? current.name,
        stages,
        version: current.version + 1,
        updatedAt: now,
      };
      const changes: FieldChange[] = [];
      if (next.name !== current.name) changes.push({ field: 'name', from: current.name, to: next.name });
      if (JSON.stringify(next.stages) !== JSON.stringify(current.stages)) {
        changes.push({
          field: 'stages',
          from: current.stages.map((s) => s.id),
          to: next.stages.map((s) => s.id),
        });
      }
      if (changes.length === 0) return current;
      const result =
        current.version === 0
          ? await tx.pipelines.insert({ ...next, createdAt: now })
          : await tx.pipelines.update(next, current.version);
      if (result !== 'ok') throw versionMismatch('Pipeline', pipelineId, data.expectedVersion, undefined);
      record(newEvent(this.#desk, who.tenantId, actorRef(who), now, 'pipeline.updated', null, { changes }));
      return current.version === 0 ? { ...next, createdAt: now } : next;
    });
    this.#desk.pipelines.remember(updated);
    return updated;
  }

  /** A pipeline by id (`default` is always present). */
  async get(actor: Actor, id: string): Promise<Pipeline> {
    const who = parseActor(actor);
    requireStaff(who, 'read pipelines');
    const pipelineId = parseInput(idSchema, id, 'id');
    return this.#desk.gateway.read((repositories) => loadPipeline(repositories, who.tenantId, pipelineId));
  }

  /** Every pipeline of the tenant, the effective `default` first. */
  async list(actor: Actor): Promise<Pipeline[]> {
    const who = parseActor(actor);
    requireStaff(who, 'read pipelines');
    return this.#desk.gateway.read(async (repositories) => {
      const stored = await repositories.pipelines.list(who.tenantId);
      const storedDefault = stored.find((pipeline) => pipeline.id === DEFAULT_PIPELINE_ID);
      const others = stored.filter((pipeline) => pipeline.id !== DEFAULT_PIPELINE_ID);
      return [
        storedDefault ?? (await loadPipeline(repositories, who.tenantId, DEFAULT_PIPELINE_ID)),
        ...others,
      ];
    });
  }
}

async function assertStagesStillFit(
  tx: StorageRepositories,
  tenantId: string,
  current: Pipeline,
  next: Stage[],
): Promise<void> {
  for (const stage of current.stages) {
    const replacement = next.find((candidate) => candidate.id === stage.id);
    if (replacement !== undefined && replacement.category === stage.category) continue;
    const inUse = await tx.tickets.list(tenantId, {
      filter: { pipelineId: current.id, stageIds: [stage.id] },
      sort: 'createdAt',
      direction: 'asc',
      after: null,
      limit: 1,
    });
    if (inUse.length > 0) {
      throw new InvalidStateError(
        replacement === undefined
          ? `Stage ${stage.id} still holds tickets and cannot be removed`
          : `Stage ${stage.id} still holds tickets and cannot change category`,
        { pipelineId: current.id, stageId: stage.id },
      );
    }
  }
}

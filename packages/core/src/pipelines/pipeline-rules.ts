import { InvalidStateError, InvalidTransitionError, NotFoundError } from '../errors';
import type { DeskContext } from '../internal/desk-context';
import type { CommandContext, CommandMemo } from '../storage/gateway';
import type { StorageRepositories } from '../storage/port';
import type { Pipeline, Stage, StageCategory } from '../storage/records';
import { invalidInput } from '../validation';
import { DEFAULT_PIPELINE_ID, defaultPipeline } from './default-pipeline';

/** Categories in which a ticket counts as open work (not resolved, not closed). */
export const ACTIVE_CATEGORIES: readonly StageCategory[] = ['new', 'open', 'pending', 'on_hold'];

/** Whether a stage category is resolved or closed. */
export function isDone(category: StageCategory): boolean {
  return category === 'resolved' || category === 'closed';
}

/** Whether SLA clocks pause in a stage: its own flag, else pending and on_hold pause. */
export function stagePausesSla(stage: Stage): boolean {
  return stage.pausesSla ?? (stage.category === 'pending' || stage.category === 'on_hold');
}

/** A pipeline of the tenant (`default` falls back to the built-in one), or null when there is none. */
async function findPipeline(
  repositories: StorageRepositories,
  tenantId: string,
  id: string,
): Promise<Pipeline | null> {
  const stored = await repositories.pipelines.get(tenantId, id);
  return stored ?? (id === DEFAULT_PIPELINE_ID ? defaultPipeline(tenantId) : null);
}

/** The pipeline, or `NOT_FOUND`. */
function pipelineOrNotFound(pipeline: Pipeline | null, id: string): Pipeline {
  if (pipeline === null) throw new NotFoundError('Pipeline', id);
  return pipeline;
}

/** The pipeline, or `VALIDATION_FAILED` at `path` (it was named in a caller's input). */
function pipelineOrInvalid(pipeline: Pipeline | null, id: string, path: Array<string | number>): Pipeline {
  if (pipeline === null) return invalidInput(path, 'unknown_pipeline', `Pipeline ${id} does not exist`);
  return pipeline;
}

/** Loads a pipeline of the tenant; `default` falls back to the built-in one. */
export async function loadPipeline(
  repositories: StorageRepositories,
  tenantId: string,
  id: string,
): Promise<Pipeline> {
  return pipelineOrNotFound(await findPipeline(repositories, tenantId, id), id);
}

/** The pipelines a command run has read, by tenant and id (null: none with that id). */
const COMMAND_PIPELINES: CommandMemo<Map<string, Promise<Pipeline | null>>> = { create: () => new Map() };

/** What a command needs to find a pipeline without a read: the desk's cache and clock. */
export type PipelineReader = Pick<DeskContext, 'pipelines' | 'clock'>;

/**
 * A pipeline of the tenant as this command run first got it (`default` falls back to the
 * built-in one; null when there is none): from the desk's pipeline cache when young,
 * else read; the ticket command and the engines its hooks run share
 * it. Not for commands that change pipelines.
 */
function commandPipelineOrNull(
  desk: PipelineReader,
  context: CommandContext,
  tenantId: string,
  id: string,
): Promise<Pipeline | null> {
  const pipelines = context.memo(COMMAND_PIPELINES);
  const key = `${tenantId}\u0000${id}`;
  let pipeline = pipelines.get(key);
  if (pipeline === undefined) {
    const cached = desk.pipelines.get(tenantId, id, desk.clock.now().getTime());
    pipeline =
      cached !== undefined
        ? Promise.resolve(cached)
        : findPipeline(context.tx, tenantId, id).then((found) => {
            if (found !== null) desk.pipelines.remember(found);
            return found;
          });
    pipelines.set(key, pipeline);
  }
  return pipeline;
}

/** {@link loadPipeline}, read once per command run (see {@link commandPipelineOrNull}). */
export async function commandPipeline(
  desk: PipelineReader,
  context: CommandContext,
  tenantId: string,
  id: string,
): Promise<Pipeline> {
  return pipelineOrNotFound(await commandPipelineOrNull(desk, context, tenantId, id), id);
}

/** {@link pipelineFromInput}, read once per command run (see {@link commandPipelineOrNull}). */
export async function commandPipelineFromInput(
  desk: PipelineReader,
  context: CommandContext,
  tenantId: string,
  id: string,
  path: Array<string | number>,
): Promise<Pipeline> {
  return pipelineOrInvalid(await commandPipelineOrNull(desk, context, tenantId, id), id, path);
}

/** The stage with this id, or `NOT_FOUND`. */
export function findStage(pipeline: Pipeline, stageId: string): Stage {
  const stage = pipeline.stages.find((candidate) => candidate.id === stageId);
  if (stage === undefined) throw new NotFoundError('Stage', `${pipeline.id}/${stageId}`);
  return stage;
}

/** A pipeline named in a caller's input; unknown is `VALIDATION_FAILED` at `path`. */
export async function pipelineFromInput(
  repositories: StorageRepositories,
  tenantId: string,
  id: string,
  path: Array<string | number>,
): Promise<Pipeline> {
  return pipelineOrInvalid(await findPipeline(repositories, tenantId, id), id, path);
}

/** A stage named in a caller's input; unknown is `VALIDATION_FAILED` at `path`. */
export function stageFromInput(pipeline: Pipeline, stageId: string, path: Array<string | number>): Stage {
  const stage = pipeline.stages.find((candidate) => candidate.id === stageId);
  if (stage === undefined)
    invalidInput(path, 'unknown_stage', `Pipeline ${pipeline.id} has no stage ${stageId}`);
  return stage;
}

/** The first stage of a category, if the pipeline has one. */
export function firstStageOf(pipeline: Pipeline, category: StageCategory): Stage | undefined {
  return pipeline.stages.find((stage) => stage.category === category);
}

/** Where new tickets start: the first `new` stage, else the first stage. */
export function entryStage(pipeline: Pipeline): Stage {
  return firstStageOf(pipeline, 'new') ?? (pipeline.stages[0] as Stage);
}

/** Where a reopened ticket goes: the first `open` stage, else the entry stage. */
export function reopenStage(pipeline: Pipeline): Stage {
  return firstStageOf(pipeline, 'open') ?? entryStage(pipeline);
}

/** Where a finished ticket goes for good; `INVALID_STATE` when the pipeline has no closed stage. */
export function closedStage(pipeline: Pipeline): Stage {
  const stage = firstStageOf(pipeline, 'closed');
  if (stage === undefined) {
    throw new InvalidStateError(`Pipeline ${pipeline.id} has no closed stage`, { pipelineId: pipeline.id });
  }
  return stage;
}

/**
 * Checks a stage change within one pipeline. Closed is final whatever the configuration;
 * otherwise the current stage's `transitionsTo` decides (null allows every stage).
 */
export function assertTransitionAllowed(pipeline: Pipeline, from: Stage, to: Stage): void {
  if (from.category === 'closed') {
    throw new InvalidTransitionError('Closed tickets are final', { from: from.id, to: to.id });
  }
  if (from.transitionsTo !== null && !from.transitionsTo.includes(to.id)) {
    throw new InvalidTransitionError(`Pipeline ${pipeline.id} does not allow ${from.id} -> ${to.id}`, {
      pipelineId: pipeline.id,
      from: from.id,
      to: to.id,
      allowed: from.transitionsTo,
    });
  }
}

import { z } from 'zod';
import { idSchema, slugSchema, stageCategorySchema, uniqueIds, versionSchema } from '../internal/schemas';

/** A stage as given to `pipelines.create` / `pipelines.update`. */
export const stageInputSchema = z.strictObject({
  id: slugSchema,
  name: z.string().trim().min(1).max(200),
  category: stageCategorySchema,
  /** Whether SLA clocks pause here; omitted or null follows the category. */
  pausesSla: z.boolean().nullable().default(null),
  /** Stage ids this stage may move to; omitted or null allows all. Closed stages are final regardless. */
  transitionsTo: z.array(slugSchema).max(100).nullable().default(null),
});

const stagesSchema = z
  .array(stageInputSchema)
  .min(1)
  .max(50)
  .superRefine((stages, context) => {
    const ids = uniqueIds(stages, [], 'stage', context);
    stages.forEach((stage, index) => {
      stage.transitionsTo?.forEach((target, targetIndex) => {
        if (!ids.has(target)) {
          context.addIssue({
            code: 'custom',
            path: [index, 'transitionsTo', targetIndex],
            message: `Unknown stage "${target}"`,
          });
        }
      });
    });
  });

/** Input of `pipelines.create`. */
export const createPipelineSchema = z.strictObject({
  /** Optional host-chosen id (e.g. `billing`, or `default` to replace the built-in pipeline). */
  id: idSchema.optional(),
  name: z.string().trim().min(1).max(200),
  stages: stagesSchema,
});

/** Input of `pipelines.create`. */
export type CreatePipelineInput = z.input<typeof createPipelineSchema>;

/** Input of `pipelines.update`: replaces name and/or stages. */
export const updatePipelineSchema = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  stages: stagesSchema.optional(),
  expectedVersion: versionSchema.optional(),
});

/** Input of `pipelines.update`. */
export type UpdatePipelineInput = z.input<typeof updatePipelineSchema>;

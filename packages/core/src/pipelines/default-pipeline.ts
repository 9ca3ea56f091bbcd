import type { Pipeline } from '../storage/records';

/** Id of the built-in pipeline every tenant has until it stores its own `default`. */
export const DEFAULT_PIPELINE_ID = 'default';

/**
 * The built-in pipeline, after HubSpot's: New -> Waiting on us / Waiting on customer ->
 * Resolved -> Closed. Closed is final. A tenant customizes it by storing a pipeline with the
 * id `default`.
 */
export function defaultPipeline(tenantId: string): Pipeline {
  // Field by field: a spread of the frozen template takes a slow generic path.
  const template = DEFAULT_PIPELINE_TEMPLATE;
  return {
    tenantId,
    id: template.id,
    name: template.name,
    stages: template.stages,
    version: template.version,
    createdAt: template.createdAt,
    updatedAt: template.updatedAt,
  };
}

/** Deep-frozen: every tenant's built-in pipeline shares these stages. */
const DEFAULT_PIPELINE_TEMPLATE: Pipeline = deepFreeze({
  tenantId: '',
  id: DEFAULT_PIPELINE_ID,
  name: 'Support',
  stages: [
    {
      id: 'new',
      name: 'New',
      category: 'new',
      pausesSla: null,
      transitionsTo: ['waiting_on_us', 'waiting_on_customer', 'resolved', 'closed'],
    },
    {
      id: 'waiting_on_us',
      name: 'Waiting on us',
      category: 'open',
      pausesSla: null,
      transitionsTo: ['waiting_on_customer', 'resolved', 'closed'],
    },
    {
      id: 'waiting_on_customer',
      name: 'Waiting on customer',
      category: 'pending',
      pausesSla: null,
      transitionsTo: ['waiting_on_us', 'resolved', 'closed'],
    },
    {
      id: 'resolved',
      name: 'Resolved',
      category: 'resolved',
      pausesSla: null,
      transitionsTo: ['waiting_on_us', 'waiting_on_customer', 'closed'],
    },
    { id: 'closed', name: 'Closed', category: 'closed', pausesSla: null, transitionsTo: [] },
  ],
  version: 0,
  createdAt: new Date(0),
  updatedAt: new Date(0),
});

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    for (const member of Object.values(value)) deepFreeze(member);
    Object.freeze(value);
  }
  return value;
}

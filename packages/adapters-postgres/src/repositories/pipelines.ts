import type { Pipeline, PipelineRepository, Stage, WriteResult } from '@ticketkit/core';
import type { SqlRow } from '../driver/sql-driver';
import { jsonParam, toDate, toJsonValue, toNumber } from '../row-values';
import type { SqlContext } from '../sql-context';

const COLUMNS = 'tenant_id, id, name, stages, version, created_at, updated_at';

function pipelineFromRow(row: SqlRow): Pipeline {
  return {
    tenantId: String(row.tenant_id),
    id: String(row.id),
    name: String(row.name),
    stages: toJsonValue(row.stages) as unknown as Stage[],
    version: toNumber(row.version),
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
  };
}

function pipelineParams(pipeline: Pipeline): unknown[] {
  return [
    pipeline.tenantId,
    pipeline.id,
    pipeline.name,
    jsonParam(pipeline.stages),
    pipeline.version,
    pipeline.createdAt,
    pipeline.updatedAt,
  ];
}

/** Custom pipelines in `pipelines`, stages as one jsonb array (read and written whole). */
export class PgPipelines implements PipelineRepository {
  constructor(private readonly context: SqlContext) {}

  get #table(): string {
    return this.context.tables.table('pipelines');
  }

  async get(tenantId: string, id: string): Promise<Pipeline | null> {
    const rows = await this.context.sql.query(
      `SELECT ${COLUMNS} FROM ${this.#table} WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
    return rows[0] === undefined ? null : pipelineFromRow(rows[0]);
  }

  async list(tenantId: string): Promise<Pipeline[]> {
    const rows = await this.context.sql.query(
      `SELECT ${COLUMNS} FROM ${this.#table} WHERE tenant_id = $1 ORDER BY id`,
      [tenantId],
    );
    return rows.map(pipelineFromRow);
  }

  async insert(pipeline: Pipeline): Promise<WriteResult> {
    const rows = await this.context.sql.query(
      `INSERT INTO ${this.#table} (${COLUMNS})
       VALUES ($1, $2, $3, $4::text::jsonb, $5::integer, $6::timestamptz, $7::timestamptz)
       ON CONFLICT DO NOTHING RETURNING 1 AS inserted`,
      pipelineParams(pipeline),
    );
    return rows.length === 1 ? 'ok' : 'duplicate';
  }

  async update(pipeline: Pipeline, expectedVersion: number): Promise<WriteResult> {
    const rows = await this.context.sql.query(
      `UPDATE ${this.#table} SET name = $3, stages = $4::text::jsonb, version = $5::integer,
         created_at = $6::timestamptz, updated_at = $7::timestamptz
       WHERE tenant_id = $1 AND id = $2 AND version = $8::integer RETURNING 1 AS updated`,
      [...pipelineParams(pipeline), expectedVersion],
    );
    return rows.length === 1 ? 'ok' : 'stale';
  }
}

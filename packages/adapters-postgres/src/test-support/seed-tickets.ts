/**
 * Bulk ticket seeding for the scale test and the benchmark: one `INSERT ... SELECT` over
 * `generate_series`, so the rows are made by the server (no round trip per ticket and no
 * desk). Every value is a deterministic function of the row number, so two runs seed the
 * same data. Rows of all tenants interleave, and `created_at` grows with the row number, as
 * in a table filled over time.
 */

/** What to seed. */
export interface TicketSeed {
  /** Tenants `seed_000`, `seed_001`, ...; row `n` belongs to tenant `n % tenants`. */
  readonly tenants: number;
  /** Total tickets over all tenants. */
  readonly tickets: number;
  /** Agents per tenant (`agt_0`...); 20% of tickets are unassigned. */
  readonly agents: number;
  /** Teams per tenant (`team_0`...); 10% of tickets have none. */
  readonly teams: number;
  /** Requesters per tenant (`cus_0`...). */
  readonly requesters: number;
  /** The first ticket's `created_at`; the last one's is a year later. */
  readonly start: Date;
}

/** The id of seeded tenant `index`. */
export function seedTenantId(index: number): string {
  return `seed_${String(index).padStart(3, '0')}`;
}

/** Subjects of seeded tickets (then ` #<row>`); search terms in tests come from these. */
export const SEED_SUBJECTS = [
  'Cannot log in',
  'Refund request',
  'Invoice is wrong',
  'Delivery delayed',
  'Password reset link expired',
  'Feature request: dark mode',
  'App crashes on start',
  'Billing question',
  'Change my plan',
  'Shipping address update',
  'Two-factor code not arriving',
  'Export to CSV fails',
] as const;

/** Share of tickets per stage (percent): open work is half of the table, as in a live desk. */
const STAGES = [
  { stage: 'new', category: 'new', upTo: 10 },
  { stage: 'waiting_on_us', category: 'open', upTo: 35 },
  { stage: 'waiting_on_customer', category: 'pending', upTo: 47 },
  { stage: 'on_hold', category: 'on_hold', upTo: 50 },
  { stage: 'resolved', category: 'resolved', upTo: 65 },
  { stage: 'closed', category: 'closed', upTo: 100 },
] as const;

/**
 * The statement that seeds rows `from` to `to - 1` of `seed` into `table` (a quoted,
 * qualified name). Run it in slices for progress; `ANALYZE` the table afterwards.
 */
export function seedTicketsSql(table: string, seed: TicketSeed, from: number, to: number): string {
  const yearMs = 365 * 24 * 3600 * 1000;
  const stepMs = Math.max(1, Math.floor(yearMs / Math.max(1, seed.tickets)));
  const subjects = `ARRAY[${SEED_SUBJECTS.map((subject) => `'${subject.replace(/'/g, "''")}'`).join(', ')}]`;
  const stageCase = (field: 'stage' | 'category') =>
    `CASE ${STAGES.map((entry) => `WHEN r.stage_roll < ${entry.upTo} THEN '${entry[field]}'`).join(' ')} END`;
  return `
    INSERT INTO ${table} (
      tenant_id, id, number, subject, subject_search, type, priority, priority_rank, category,
      team_id, assignee_id, tags, custom_fields, channel, channel_detail, requester_id,
      pipeline_id, stage_id, status_category, escalation_level, parent_id, merged_into_id,
      merged_ticket_ids, alarm_dedup_key, alarm_occurrences, alarm_first_at, alarm_last_at,
      message_count, version, created_at, updated_at, first_responded_at, resolved_at,
      closed_at, reopen_count, reassign_count)
    SELECT
      'seed_' || lpad((r.g % ${seed.tenants})::text, 3, '0'),
      'tkt_' || substr(r.h, 1, 20),
      r.g / ${seed.tenants} + 1,
      r.subject,
      lower(r.subject),
      (ARRAY['question', 'incident', 'request', 'problem', 'task'])[1 + r.b2 % 5],
      (ARRAY['urgent', 'high', 'medium', 'low'])[1 + r.rank],
      r.rank,
      NULL,
      CASE WHEN r.b3 % 10 = 0 THEN NULL ELSE 'team_' || (r.b3 % ${seed.teams}) END,
      CASE WHEN r.b4 % 5 = 0 THEN NULL ELSE 'agt_' || (r.b5 % ${seed.agents}) END,
      '{}'::text[],
      '{}'::jsonb,
      (ARRAY['email', 'web_form', 'chat', 'phone', 'api'])[1 + r.b6 % 5],
      NULL,
      'cus_' || (r.b7 * 256 + r.b8) % ${seed.requesters},
      'default',
      ${stageCase('stage')},
      ${stageCase('category')},
      1, NULL, NULL, '{}'::text[], NULL, NULL, NULL, NULL,
      1, 1,
      r.created_at,
      r.created_at + (r.b9 * interval '7 minutes'),
      NULL, NULL, NULL, 0, 0
    FROM (
      SELECT s.g, s.h,
        (${subjects})[1 + get_byte(s.d, 11) % ${SEED_SUBJECTS.length}] || ' #' || s.g AS subject,
        get_byte(s.d, 0) % 100 AS stage_roll,
        CASE WHEN get_byte(s.d, 1) % 100 < 5 THEN 0 WHEN get_byte(s.d, 1) % 100 < 25 THEN 1
             WHEN get_byte(s.d, 1) % 100 < 75 THEN 2 ELSE 3 END AS rank,
        get_byte(s.d, 2) AS b2, get_byte(s.d, 3) AS b3, get_byte(s.d, 4) AS b4,
        get_byte(s.d, 5) * 256 + get_byte(s.d, 6) AS b5, get_byte(s.d, 7) AS b6,
        get_byte(s.d, 8) AS b7, get_byte(s.d, 9) AS b8, get_byte(s.d, 10) AS b9,
        s.created_at
      FROM (
        SELECT g, md5(g::text) AS h, decode(md5(g::text), 'hex') AS d,
          timestamptz '${seed.start.toISOString()}' + g * interval '${stepMs} milliseconds' AS created_at
        FROM generate_series(${from}, ${to - 1}) AS g
      ) AS s
    ) AS r`;
}

/** A `pg` client or pool: what {@link seedTickets} runs statements on. */
export interface SeedConnection {
  query(text: string): Promise<{ rows: Array<Record<string, unknown>> }>;
}

/**
 * Seeds `seed.tickets` tickets into `<schema>.tickets` as fast as the server allows: drops the
 * table's secondary indexes, inserts in slices of `slice` rows, rebuilds the indexes from
 * their exact definitions, then `ANALYZE`s. Run it on one connection (a client, not a
 * pool): `maintenance_work_mem` is raised for the rebuild and the statistics target for the
 * `ANALYZE`. `progress` hears each step.
 */
export async function seedTickets(
  connection: SeedConnection,
  schema: string,
  seed: TicketSeed,
  options: { slice?: number; progress?: (step: string) => void } = {},
): Promise<void> {
  const quotedSchema = `"${schema.replace(/"/g, '""')}"`;
  const table = `${quotedSchema}."tickets"`;
  const literal = `'${schema.replace(/'/g, "''")}'`;
  const { rows } = await connection.query(
    `SELECT indexname, indexdef FROM pg_indexes
     WHERE schemaname = ${literal} AND tablename = 'tickets' AND indexname <> 'tickets_pkey'`,
  );
  for (const row of rows) await connection.query(`DROP INDEX ${quotedSchema}."${String(row.indexname)}"`);
  const slice = options.slice ?? 100_000;
  for (let from = 0; from < seed.tickets; from += slice) {
    const to = Math.min(seed.tickets, from + slice);
    await connection.query(seedTicketsSql(table, seed, from, to));
    options.progress?.(`inserted ${to.toLocaleString('en-US')} tickets`);
  }
  await connection.query(`SET maintenance_work_mem = '256MB'`);
  for (const row of rows) await connection.query(String(row.indexdef));
  await connection.query('RESET maintenance_work_mem');
  options.progress?.(`rebuilt ${rows.length} indexes`);
  // Statistics from a sample of 300,000 rows (the whole table up to that size), so that the
  // plans a test checks do not depend on which rows a smaller sample happened to pick.
  await connection.query('SET default_statistics_target = 1000');
  await connection.query(`ANALYZE ${table}`);
  await connection.query('RESET default_statistics_target');
}

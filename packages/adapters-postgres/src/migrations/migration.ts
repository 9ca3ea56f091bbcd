/** A versioned schema change: one SQL file of `migrations/`, run once per schema. */
export interface Migration {
  /** The file's number (`0001_initial.sql` is 1); migrations run in ascending order. */
  readonly version: number;
  /** The file's name without number and extension, e.g. `initial`. */
  readonly name: string;
  /** The SQL script; it runs with `search_path` set to the target schema. */
  readonly sql: string;
}

/** What `migrate()` did. */
export interface MigrationReport {
  /** The schema migrated. */
  schema: string;
  /** Versions applied by this call, in order (empty when the schema was up to date). */
  applied: number[];
  /** The schema's version after the call. */
  version: number;
}

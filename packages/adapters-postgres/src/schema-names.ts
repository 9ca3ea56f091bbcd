/**
 * Quoted, schema-qualified names of the adapter's tables. Names are quoted identifiers, so
 * any schema name works; SQL text never contains a value, only these names and `$n`
 * parameters.
 */
export interface SchemaNames {
  /** The quoted schema name, e.g. `"ticketkit"`. */
  readonly schema: string;
  /** The quoted, qualified name of a table of the schema, e.g. `"ticketkit"."tickets"`. */
  table(name: string): string;
}

/** The default schema of the adapter's tables. */
export const DEFAULT_SCHEMA = 'ticketkit';

/** Quotes an SQL identifier (`"` doubled). */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Checks a schema name: 1 to 63 bytes of UTF-8 (Postgres truncates longer identifiers,
 * which would silently name another schema) and no NUL.
 */
export function assertSchemaName(name: string): void {
  const bytes = new TextEncoder().encode(name).length;
  if (bytes === 0 || bytes > 63 || name.includes('\u0000')) {
    throw new TypeError(`Invalid schema name ${JSON.stringify(name)}: 1 to 63 bytes, no NUL`);
  }
}

/** The names of the tables in `schema`. */
export function schemaNames(schema: string): SchemaNames {
  assertSchemaName(schema);
  const quoted = quoteIdentifier(schema);
  const cache = new Map<string, string>();
  return {
    schema: quoted,
    table(name) {
      let qualified = cache.get(name);
      if (qualified === undefined) {
        qualified = `${quoted}.${quoteIdentifier(name)}`;
        cache.set(name, qualified);
      }
      return qualified;
    },
  };
}

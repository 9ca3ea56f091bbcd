import type { Keyset } from '@ticketkit/core';

/** A column of a keyset order and the range of values it can hold. */
export interface KeysetColumn {
  /** The SQL expression (a column name). */
  readonly sql: string;
  /** How a keyset value becomes a parameter: `instant` (epoch ms, as a Date) or `integer`. */
  readonly kind: 'instant' | 'integer';
}

/** An SQL condition and its parameters, numbered from a given `$n`. */
export interface SqlCondition {
  sql: string;
  params: unknown[];
}

/** Instants the adapter stores and compares: years 1 to 9999 (UTC), as Postgres and ISO-8601 agree there. */
const INSTANT_RANGE: readonly [number, number] = [-62_135_596_800_000, 253_402_300_799_999];
const INTEGER_RANGE: readonly [number, number] = [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER];

/**
 * The condition "row strictly after `after`" of a keyset order `(columns..., id)` in
 * `direction`, as one row comparison (which a btree index on those columns serves).
 *
 * Keysets come from cursors, which callers can forge: a value that is not an integer, or an
 * instant outside the storable range, cannot equal any stored value, so the comparison stops
 * at that column (rounded or clamped to the same meaning) and ignores the rest. NaN compares
 * with nothing (as in core's `compareKeysets`): only rows strictly after the columns before
 * it are after the keyset (none when it is the first).
 */
export function keysetCondition(
  columns: readonly KeysetColumn[],
  idColumn: string,
  after: Keyset,
  direction: 'asc' | 'desc',
  firstParam: number,
): SqlCondition {
  const left: string[] = [];
  const right: string[] = [];
  const params: unknown[] = [];
  const push = (column: KeysetColumn, value: number) => {
    left.push(column.sql);
    params.push(column.kind === 'instant' ? new Date(value) : value);
    right.push(
      `$${firstParam + params.length - 1}${column.kind === 'instant' ? '::timestamptz' : '::bigint'}`,
    );
  };
  const ascending = direction === 'asc';
  for (let index = 0; index < columns.length; index++) {
    const column = columns[index] as KeysetColumn;
    const value = after.values[index] ?? 0;
    const [low, high] = column.kind === 'instant' ? INSTANT_RANGE : INTEGER_RANGE;
    if (Number.isNaN(value)) {
      // NaN equals nothing: rows equal on the columns before it are not after it, the others
      // are decided by those columns (as core's compareKeysets does).
      return left.length === 0
        ? { sql: 'false', params: [] }
        : condition(left, right, ascending ? '>' : '<', params);
    }
    if (value > high) {
      // Every stored value is below: after it (asc) means strictly after the prefix.
      push(column, high);
      return condition(left, right, ascending ? '>' : '<=', params);
    }
    if (value < low) {
      push(column, low);
      return condition(left, right, ascending ? '>=' : '<', params);
    }
    if (!Number.isInteger(value)) {
      // No stored value equals it: > v is >= ceil(v), and < v is < ceil(v).
      push(column, Math.ceil(value));
      return condition(left, right, ascending ? '>=' : '<', params);
    }
    push(column, value);
  }
  left.push(idColumn);
  params.push(after.id);
  right.push(`$${firstParam + params.length - 1}::text`);
  return condition(left, right, ascending ? '>' : '<', params);
}

function condition(left: string[], right: string[], operator: string, params: unknown[]): SqlCondition {
  return left.length === 1
    ? { sql: `${left[0]} ${operator} ${right[0]}`, params }
    : { sql: `(${left.join(', ')}) ${operator} (${right.join(', ')})`, params };
}

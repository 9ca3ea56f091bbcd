/** A write a transaction holds back until its next statement or its commit (see `SqlQueryable.deferred`). */
export interface HeldWrite {
  readonly text: string;
  readonly params: readonly unknown[];
}

/** The table a held write inserts into, or null when its text is not a plain `INSERT INTO`. */
const insertTarget = (text: string): string | null => /^\s*INSERT\s+INTO\s+(\S+)/i.exec(text)?.[1] ?? null;

/**
 * The statements that send `held`, in order. Consecutive single-row inserts of one text
 * become one multi-row insert (rows are inserted, and get identity values, in list order);
 * then consecutive inserts into different tables become one statement (`WITH held_1 AS
 * (INSERT ...), ... INSERT ...`), placeholders renumbered. Sibling statements of a WITH run
 * in no set order, so two inserts into one table never share one: rows get identity values
 * (event positions) in the order they were written. A write that is not a plain
 * `INSERT INTO` goes alone. Held texts use `$n` only as placeholders.
 */
export function combineWrites(held: readonly HeldWrite[]): HeldWrite[] {
  const writes = mergeRows(held);
  const statements: HeldWrite[] = [];
  let group: HeldWrite[] = [];
  let tables = new Set<string>();
  const close = () => {
    if (group.length > 0) statements.push(combined(group));
    group = [];
    tables = new Set();
  };
  for (const write of writes) {
    const table = insertTarget(write.text);
    if (table === null) {
      close();
      statements.push(write);
      continue;
    }
    if (tables.has(table)) close();
    group.push(write);
    tables.add(table);
  }
  close();
  return statements;
}

/**
 * `statement` (a `WITH ...`) with `held` as its leading CTEs, or null when they cannot all
 * travel in it: one of them is not a plain insert, or two insert into one table.
 */
export function carryWrites(held: readonly HeldWrite[], statement: HeldWrite): HeldWrite | null {
  const writes = mergeRows(held);
  const tables = new Set(writes.map((write) => insertTarget(write.text)));
  if (tables.has(null) || tables.size !== writes.length) return null;
  const body = /^\s*WITH\s+([\s\S]*)$/i.exec(statement.text)?.[1];
  if (body === undefined) return null;
  const { texts, params } = concatenate([...writes, { text: body, params: statement.params }]);
  const main = texts.pop() as string;
  return { text: `WITH ${asCtes(texts)}, ${main}`, params };
}

/** One statement running every insert of `group` (inserts into distinct tables). */
function combined(group: readonly HeldWrite[]): HeldWrite {
  if (group.length === 1) return group[0] as HeldWrite;
  const { texts, params } = concatenate(group);
  const last = texts.pop() as string;
  return { text: `WITH ${asCtes(texts)} ${last}`, params };
}

/** `held_1 AS (...), held_2 AS (...)` of statement texts. */
const asCtes = (texts: readonly string[]) =>
  texts.map((text, index) => `held_${index + 1} AS (${text})`).join(', ');

/** The texts of `parts`, each renumbered to follow the parameters of the ones before it, and all parameters in order. */
function concatenate(parts: readonly HeldWrite[]): { texts: string[]; params: unknown[] } {
  const params: unknown[] = [];
  const texts = parts.map((part) => {
    const offset = params.length;
    params.push(...part.params);
    return renumber(part.text, offset);
  });
  return { texts, params };
}

/** A single-row `INSERT ... VALUES (...)` that ends with its row. */
const SINGLE_ROW = /^(\s*INSERT\s+INTO\s+\S+\s*\([^)]*\)\s*VALUES\s*)(\(.*\))\s*$/s;

/** Merges runs of consecutive single-row inserts with one text into multi-row inserts. */
function mergeRows(writes: readonly HeldWrite[]): HeldWrite[] {
  const merged: HeldWrite[] = [];
  for (let index = 0; index < writes.length; ) {
    const write = writes[index] as HeldWrite;
    let end = index + 1;
    while (end < writes.length && (writes[end] as HeldWrite).text === write.text) end++;
    const row = end - index > 1 ? SINGLE_ROW.exec(write.text) : null;
    if (row === null) {
      merged.push(...writes.slice(index, end));
    } else {
      const { texts, params } = concatenate(
        writes.slice(index, end).map((each) => ({ text: row[2] as string, params: each.params })),
      );
      merged.push({ text: `${row[1]}${texts.join(', ')}`, params });
    }
    index = end;
  }
  return merged;
}

/** `text` with every placeholder `$n` moved up by `offset`. */
function renumber(text: string, offset: number): string {
  return offset === 0 ? text : text.replace(/\$(\d+)/g, (_, index: string) => `$${Number(index) + offset}`);
}

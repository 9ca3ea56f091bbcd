/** A write a transaction holds back until its next statement or its commit (see `SqlQueryable.deferred`). */
export interface HeldWrite {
  readonly text: string;
  readonly params: readonly unknown[];
}

/** The table a held write inserts into, or null when its text is not a plain `INSERT INTO`. */
const insertTarget = (text: string): string | null => /^\s*INSERT\s+INTO\s+(\S+)/i.exec(text)?.[1] ?? null;

/**
 * The statements that send `writes`, in order: consecutive inserts into different tables
 * become one statement (`WITH held_1 AS (INSERT ...), ... INSERT ...`), with their
 * placeholders renumbered. Two inserts into one table stay in separate statements, so rows
 * get identity values (event positions) in the order they were written; a write that is not
 * a plain `INSERT INTO` goes alone. Held texts use `$n` only as placeholders.
 */
export function combineWrites(writes: readonly HeldWrite[]): HeldWrite[] {
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

/** One statement running every insert of `group` (inserts into distinct tables). */
function combined(group: readonly HeldWrite[]): HeldWrite {
  if (group.length === 1) return group[0] as HeldWrite;
  const params: unknown[] = [];
  const texts = group.map((write) => {
    const offset = params.length;
    params.push(...write.params);
    return offset === 0
      ? write.text
      : write.text.replace(/\$(\d+)/g, (_, index: string) => `$${Number(index) + offset}`);
  });
  const last = texts.pop() as string;
  return {
    text: `WITH ${texts.map((text, index) => `held_${index + 1} AS (${text})`).join(', ')} ${last}`,
    params,
  };
}

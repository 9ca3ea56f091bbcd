/**
 * The inverse operations of a running transaction, replayed newest-first on rollback so that
 * a failed transaction leaves no trace.
 */
export class UndoLog {
  /**
   * The steps, four slots each, oldest first: `(map, key, had, previous)` restores a map
   * entry; `(array)` pops the array's last item; `(callback)` calls it. Flat, so logging a
   * write allocates nothing once the array has grown.
   */
  readonly #steps: unknown[] = [];

  /** Remembers how to revert one change. */
  push(step: () => void): void {
    this.#steps.push(step, undefined, false, undefined);
  }

  /** Remembers a map entry's previous state (cheaper than a closure on hot paths). */
  pushMapStep(map: Map<unknown, unknown>, key: unknown, had: boolean, previous: unknown): void {
    this.#steps.push(map, key, had, previous);
  }

  /** Remembers that `items` got one more item at its end. */
  pushAppendStep(items: unknown[]): void {
    this.#steps.push(items, undefined, false, undefined);
  }

  /** Reverts every change since the log was opened. */
  rollback(): void {
    const steps = this.#steps;
    for (let index = steps.length - 4; index >= 0; index -= 4) {
      const target = steps[index];
      if (target instanceof Map) {
        if (steps[index + 2] === true) target.set(steps[index + 1], steps[index + 3]);
        else target.delete(steps[index + 1]);
      } else if (Array.isArray(target)) target.pop();
      else (target as () => void)();
    }
    this.clear();
  }

  /** Forgets the steps: the transaction committed. */
  clear(): void {
    if (this.#steps.length > 0) this.#steps.length = 0;
  }
}

/** A map whose writes are recorded in an undo log. */
export class UndoableMap<K, V> {
  readonly #map = new Map<K, V>();
  readonly #log: UndoLog;

  constructor(log: UndoLog) {
    this.#log = log;
  }

  get(key: K): V | undefined {
    return this.#map.get(key);
  }

  has(key: K): boolean {
    return this.#map.has(key);
  }

  values(): IterableIterator<V> {
    return this.#map.values();
  }

  get size(): number {
    return this.#map.size;
  }

  /** Adds an entry the caller knows is absent (it just checked): one map write, no lookup. */
  add(key: K, value: V): void {
    this.#map.set(key, value);
    this.#log.pushMapStep(this.#map as Map<unknown, unknown>, key, false, undefined);
  }

  set(key: K, value: V): void {
    const previous = this.#map.get(key);
    const had = previous !== undefined || this.#map.has(key);
    this.#map.set(key, value);
    this.#log.pushMapStep(this.#map as Map<unknown, unknown>, key, had, previous);
  }

  delete(key: K): boolean {
    if (!this.#map.has(key)) return false;
    const previous = this.#map.get(key) as V;
    this.#map.delete(key);
    this.#log.pushMapStep(this.#map as Map<unknown, unknown>, key, true, previous);
    return true;
  }
}

/** Records keyed by tenant, then id; listing a tenant never touches another tenant's rows. */
export class TenantTable<V> {
  readonly #tenants = new Map<string, UndoableMap<string, V>>();
  readonly #log: UndoLog;

  constructor(log: UndoLog) {
    this.#log = log;
  }

  get(tenantId: string, id: string): V | undefined {
    return this.#tenants.get(tenantId)?.get(id);
  }

  has(tenantId: string, id: string): boolean {
    return this.#tenants.get(tenantId)?.has(id) ?? false;
  }

  set(tenantId: string, id: string, value: V): void {
    this.#rows(tenantId).set(id, value);
  }

  /** Adds a row the caller knows is absent (see {@link UndoableMap.add}). */
  add(tenantId: string, id: string, value: V): void {
    this.#rows(tenantId).add(id, value);
  }

  #rows(tenantId: string): UndoableMap<string, V> {
    let rows = this.#tenants.get(tenantId);
    if (rows === undefined) {
      rows = new UndoableMap(this.#log);
      this.#tenants.set(tenantId, rows);
    }
    return rows;
  }

  delete(tenantId: string, id: string): boolean {
    return this.#tenants.get(tenantId)?.delete(id) ?? false;
  }

  /** The tenant's rows in insertion order. */
  values(tenantId: string): Iterable<V> {
    return this.#tenants.get(tenantId)?.values() ?? [];
  }
}

/** An append-only list whose appends are undone on rollback. */
export class UndoableList<V> {
  readonly items: V[] = [];
  readonly #log: UndoLog;

  constructor(log: UndoLog) {
    this.#log = log;
  }

  push(value: V): void {
    this.items.push(value);
    this.#log.pushAppendStep(this.items);
  }
}

/**
 * Append-only lists keyed by tenant, then id (e.g. each ticket's event positions or
 * messages). Most lists hold one item, so a list of one is stored as the item itself: no
 * array until a second one. Items must not be arrays.
 */
export class TenantLists<V> {
  readonly #table: TenantTable<V | V[]>;
  readonly #log: UndoLog;

  constructor(log: UndoLog) {
    this.#log = log;
    this.#table = new TenantTable(log);
  }

  /** The list under `id`, oldest first (empty when none). Read-only for the caller. */
  get(tenantId: string, id: string): readonly V[] {
    const stored = this.#table.get(tenantId, id);
    return stored === undefined ? [] : Array.isArray(stored) ? stored : [stored];
  }

  /** Every item of the tenant's lists, list by list. */
  *values(tenantId: string): Iterable<V> {
    for (const stored of this.#table.values(tenantId)) {
      if (Array.isArray(stored)) yield* stored;
      else yield stored;
    }
  }

  /** Appends `value` to the list under `id`. */
  append(tenantId: string, id: string, value: V): void {
    const stored = this.#table.get(tenantId, id);
    if (stored === undefined) this.#table.add(tenantId, id, value);
    else if (!Array.isArray(stored)) this.#table.set(tenantId, id, [stored, value]);
    else {
      stored.push(value);
      this.#log.pushAppendStep(stored);
    }
  }
}

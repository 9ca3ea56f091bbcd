/**
 * The inverse operations of a running transaction, replayed newest-first on rollback so that
 * a failed transaction leaves no trace.
 */
export class UndoLog {
  #mapSteps: Array<MapStep> = [];
  /** Order of all steps: a map step is `undefined` here, a callback step is the callback. */
  #order: Array<(() => void) | undefined> = [];

  /** Remembers how to revert one change. */
  push(step: () => void): void {
    this.#order.push(step);
  }

  /** Remembers a map entry's previous state (cheaper than a closure on hot paths). */
  pushMapStep(map: Map<unknown, unknown>, key: unknown, had: boolean, previous: unknown): void {
    this.#mapSteps.push({ map, key, had, previous });
    this.#order.push(undefined);
  }

  /** Reverts every change since the log was opened. */
  rollback(): void {
    let mapIndex = this.#mapSteps.length - 1;
    for (let index = this.#order.length - 1; index >= 0; index--) {
      const step = this.#order[index];
      if (step !== undefined) {
        step();
        continue;
      }
      const entry = this.#mapSteps[mapIndex--] as MapStep;
      if (entry.had) entry.map.set(entry.key, entry.previous);
      else entry.map.delete(entry.key);
    }
    this.clear();
  }

  /** Forgets the steps: the transaction committed. */
  clear(): void {
    if (this.#order.length === 0) return;
    this.#mapSteps = [];
    this.#order = [];
  }
}

interface MapStep {
  map: Map<unknown, unknown>;
  key: unknown;
  had: boolean;
  previous: unknown;
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

  set(tenantId: string, id: string, value: V): void {
    let rows = this.#tenants.get(tenantId);
    if (rows === undefined) {
      rows = new UndoableMap(this.#log);
      this.#tenants.set(tenantId, rows);
    }
    rows.set(id, value);
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
    this.#log.push(() => {
      this.items.pop();
    });
  }
}

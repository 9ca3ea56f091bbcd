/** An entry of the due-job heap: a job's row and the instant (ms) at which it may be claimed. */
export interface DueEntry {
  at: number;
  /** The job's key in `MemoryState.jobs`: `key(tenantId, id)`. */
  row: string;
}

/**
 * A binary min-heap of due instants. Entries are never removed eagerly: a job that was
 * rescheduled or deleted leaves a stale entry that the claimer skips, so every operation is
 * O(log n) and claiming k due jobs costs O(k log n), however many are scheduled.
 */
export class DueHeap {
  readonly #entries: DueEntry[] = [];

  get size(): number {
    return this.#entries.length;
  }

  push(entry: DueEntry): void {
    const entries = this.#entries;
    entries.push(entry);
    let index = entries.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if ((entries[parent] as DueEntry).at <= entry.at) break;
      entries[index] = entries[parent] as DueEntry;
      index = parent;
    }
    entries[index] = entry;
  }

  peek(): DueEntry | undefined {
    return this.#entries[0];
  }

  pop(): DueEntry | undefined {
    const entries = this.#entries;
    const top = entries[0];
    const last = entries.pop();
    if (top === undefined || last === undefined || entries.length === 0) return top;
    let index = 0;
    for (;;) {
      const left = index * 2 + 1;
      if (left >= entries.length) break;
      const right = left + 1;
      const child =
        right < entries.length && (entries[right] as DueEntry).at < (entries[left] as DueEntry).at
          ? right
          : left;
      if ((entries[child] as DueEntry).at >= last.at) break;
      entries[index] = entries[child] as DueEntry;
      index = child;
    }
    entries[index] = last;
    return top;
  }
}

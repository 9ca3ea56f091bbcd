/** At most this many entries are kept by default; the least recently read go first. */
const DEFAULT_CAPACITY = 10_000;

/**
 * What a desk read from storage, by key, with when it read it: an entry serves without a
 * read while younger than `maxAgeMs`, and never goes back to an older version (versions
 * only grow, so a slow read must not replace what this desk wrote meanwhile). Bounded: past
 * `capacity`, the entry read longest ago is forgotten.
 */
export class VersionedCache<V extends { readonly version: number }> {
  readonly #entries = new Map<string, { value: V; readAt: number }>();

  constructor(
    private readonly maxAgeMs: number,
    private readonly capacity = DEFAULT_CAPACITY,
  ) {}

  /** The entry, young or old. */
  get(key: string): V | undefined {
    return this.#entries.get(key)?.value;
  }

  /** The entry while it is younger than `maxAgeMs` at `now` (ms); a clock moved backwards makes it old. */
  young(key: string, now: number): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    const age = now - entry.readAt;
    return age >= 0 && age < this.maxAgeMs ? entry.value : undefined;
  }

  /** Remembers `value` as read at `now`, unless a newer version is held; returns what the cache holds. */
  remember(key: string, value: V, now: number): V {
    const known = this.#entries.get(key);
    if (known !== undefined && known.value.version > value.version) return known.value;
    // Re-inserting keeps the map in least-recently-read order.
    this.#entries.delete(key);
    this.#entries.set(key, { value, readAt: now });
    if (this.#entries.size > this.capacity) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    return value;
  }
}

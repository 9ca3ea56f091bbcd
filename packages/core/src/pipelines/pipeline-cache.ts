import type { SettingsCacheOptions } from '../settings/settings-store';
import type { Pipeline } from '../storage/records';

/** At most this many pipelines are kept; the least recently read go first. */
const MAX_CACHED_PIPELINES = 10_000;

interface CachedPipeline {
  pipeline: Pipeline;
  /** When storage was last read for this entry (ms on the clock). */
  readAt: number;
}

/**
 * Pipelines this desk has read, by tenant and id, reused by later ticket commands for as long
 * as settings are (`settingsCacheMs`), so a command usually pays no read for its pipeline. What
 * that allows, as for settings: a pipeline changed through this desk applies to its next
 * command; one changed through another desk on the same storage applies here at most
 * `maxAgeMs` after it was stored, and until then a command of this desk may still move a
 * ticket into a stage that was removed meanwhile. An entry never goes back to an older
 * version (versions only grow). Pipelines that do not exist are not remembered.
 */
export class PipelineCache {
  readonly #entries = new Map<string, CachedPipeline>();

  constructor(private readonly options: SettingsCacheOptions) {}

  /** The pipeline if this desk read or wrote it less than `maxAgeMs` ago; else undefined. */
  get(tenantId: string, id: string, now: number): Pipeline | undefined {
    const entry = this.#entries.get(keyOf(tenantId, id));
    if (entry === undefined) return undefined;
    const age = now - entry.readAt;
    // A clock moved backwards makes the entry old: read again.
    return age >= 0 && age < this.options.maxAgeMs ? entry.pipeline : undefined;
  }

  /** Remembers a pipeline read from storage (committed) or just committed by this desk. */
  remember(pipeline: Pipeline): void {
    if (this.options.maxAgeMs === 0) return;
    const key = keyOf(pipeline.tenantId, pipeline.id);
    const known = this.#entries.get(key);
    if (known !== undefined && known.pipeline.version > pipeline.version) return;
    // Re-inserting keeps the map in least-recently-read order.
    this.#entries.delete(key);
    this.#entries.set(key, { pipeline, readAt: this.options.clock.now().getTime() });
    if (this.#entries.size > MAX_CACHED_PIPELINES) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }
}

const keyOf = (tenantId: string, id: string) => `${tenantId}\u0000${id}`;

import { VersionedCache } from '../internal/versioned-cache';
import type { SettingsCacheOptions } from '../settings/settings-store';
import type { Pipeline } from '../storage/records';

/**
 * Pipelines this desk has read, by tenant and id, reused by later ticket commands for as long
 * as settings are (`settingsCacheMs`), so a command usually pays no read for its pipeline. What
 * that allows, as for settings: a pipeline changed through this desk applies to its next
 * command; one changed through another desk on the same storage applies here at most
 * `maxAgeMs` after it was stored, and until then a command of this desk may still move a
 * ticket into a stage that was removed meanwhile. An entry never goes back to an older
 * version. Pipelines that do not exist are not remembered.
 */
export class PipelineCache {
  readonly #entries: VersionedCache<Pipeline>;

  constructor(private readonly options: SettingsCacheOptions) {
    this.#entries = new VersionedCache(options.maxAgeMs);
  }

  /** The pipeline if this desk read or wrote it less than `maxAgeMs` ago; else undefined. */
  get(tenantId: string, id: string, now: number): Pipeline | undefined {
    return this.#entries.young(keyOf(tenantId, id), now);
  }

  /** Remembers a pipeline read from storage (committed) or just committed by this desk. */
  remember(pipeline: Pipeline): void {
    if (this.options.maxAgeMs === 0) return;
    this.#entries.remember(
      keyOf(pipeline.tenantId, pipeline.id),
      pipeline,
      this.options.clock.now().getTime(),
    );
  }
}

const keyOf = (tenantId: string, id: string) => `${tenantId}\u0000${id}`;

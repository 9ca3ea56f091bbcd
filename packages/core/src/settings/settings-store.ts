import type { Clock } from '../clock';
import { VersionedCache } from '../internal/versioned-cache';
import type { CommandContext, CommandMemo } from '../storage/gateway';
import type { StorageRepositories } from '../storage/port';
import {
  DEFAULT_TENANT_SETTINGS,
  type TenantSettings,
  type TenantSettingsInput,
  tenantSettingsSchema,
} from './tenant-settings';

/** A tenant's effective settings, its stored overrides, and the stored document's version (0 if none). */
export interface LoadedSettings {
  settings: TenantSettings;
  overrides: TenantSettingsInput;
  version: number;
}

/** How {@link SettingsStore} reuses what it read. */
export interface SettingsCacheOptions {
  /** Where "now" comes from (the desk clock). */
  clock: Clock;
  /**
   * How long (ms on `clock`) settings read from storage serve later commands without a
   * read. 0 reads them in every command.
   */
  maxAgeMs: number;
}

/**
 * Loads a tenant's effective settings: the desk's defaults overlaid with the tenant's stored
 * document.
 *
 * Commands read settings through {@link load}, which reuses what this desk read or wrote for
 * up to `maxAgeMs`, so a command usually pays no read for them. What that allows:
 * - a change made through this desk (`settings.update`) is used by its next command;
 * - a change made through another desk on the same storage (another app instance) is used
 *   at most `maxAgeMs` after it was stored: until then, commands of this desk validate
 *   against the previous version, as if they had run a little earlier;
 * - a cached entry never goes back to an older version (versions only grow), so a slow read
 *   that raced a newer write cannot replace it.
 * `load(..., { fresh: true })` always reads (what `settings.get` and `settings.update` use).
 * An entry that is too old is checked with one keyed read of the stored version, and the
 * document is read and parsed again only when that version changed.
 */
export class SettingsStore {
  readonly #defaultSettings: TenantSettings;
  readonly #cache: SettingsCacheOptions;
  readonly #entries: VersionedCache<LoadedSettings>;
  /** Per command run: each tenant's settings once known, or the read in flight. */
  readonly #perCommand: CommandMemo<Map<string, LoadedSettings | Promise<LoadedSettings>>> = {
    create: () => new Map(),
  };

  /** `defaults` must already be validated against the patch schema. */
  constructor(defaults: TenantSettingsInput, cache: SettingsCacheOptions) {
    this.#defaultSettings = tenantSettingsSchema.parse({ ...DEFAULT_TENANT_SETTINGS, ...defaults });
    this.#cache = cache;
    this.#entries = new VersionedCache(cache.maxAgeMs);
  }

  /** The desk-wide defaults (before any tenant override). */
  get defaults(): TenantSettings {
    return this.#defaultSettings;
  }

  /**
   * The effective settings of a tenant and the stored document's version (0 if none):
   * reused from this desk's cache while younger than `maxAgeMs` (see the class comment),
   * read from `repositories` otherwise or when `fresh`.
   */
  async load(
    repositories: StorageRepositories,
    tenantId: string,
    options: { fresh?: boolean } = {},
  ): Promise<LoadedSettings> {
    const now = this.#cache.clock.now().getTime();
    const cached = this.#entries.get(tenantId);
    if (options.fresh !== true && cached !== undefined) {
      if (this.#entries.young(tenantId, now) !== undefined) return cached;
      const storedVersion = (await repositories.settings.getVersion(tenantId)) ?? 0;
      // Unchanged, or older than what this desk wrote meanwhile: the entry is still current.
      if (storedVersion <= cached.version) return this.#entries.remember(tenantId, cached, now);
    }
    const stored = await repositories.settings.get(tenantId);
    const version = stored?.version ?? 0;
    if (cached !== undefined && cached.version > version) {
      // A newer version is known (written here meanwhile): the read was older than it.
      return cached;
    }
    const overrides = (stored?.settings ?? {}) as TenantSettingsInput;
    const settings =
      cached !== undefined && cached.version === version
        ? cached.settings
        : stored === null
          ? this.#defaultSettings
          : this.merge(overrides);
    return this.#entries.remember(tenantId, { settings, overrides, version }, now);
  }

  /**
   * Records settings this desk has just committed (after `settings.update`), so its next
   * commands use them without a read.
   */
  written(tenantId: string, loaded: LoadedSettings): void {
    this.#entries.remember(tenantId, loaded, this.#cache.clock.now().getTime());
  }

  /**
   * {@link load} once per command run: the engines that follow every ticket write of a command
   * (SLA clocks, escalation, routing) share one read. Only for commands that do not change settings.
   * Returns the settings themselves (no promise) when this run already has them or this desk's
   * cache entry is young, so callers can decide without waiting. `now`: the command's instant
   * on the desk clock, when the caller has it (else the clock is read).
   */
  loadForCommand(
    context: CommandContext,
    tenantId: string,
    now?: Date,
  ): LoadedSettings | Promise<LoadedSettings> {
    const byTenant = context.memo(this.#perCommand);
    const known = byTenant.get(tenantId);
    if (known !== undefined) return known;
    const cached = this.#entries.young(tenantId, (now ?? this.#cache.clock.now()).getTime());
    if (cached !== undefined) {
      byTenant.set(tenantId, cached);
      return cached;
    }
    const loading = this.load(context.tx, tenantId).then((loaded) => {
      byTenant.set(tenantId, loaded);
      return loaded;
    });
    byTenant.set(tenantId, loading);
    return loading;
  }

  /** Effective settings for a set of overrides (stored overrides were validated when written). */
  merge(overrides: TenantSettingsInput): TenantSettings {
    return tenantSettingsSchema.parse({ ...this.#defaultSettings, ...overrides });
  }
}

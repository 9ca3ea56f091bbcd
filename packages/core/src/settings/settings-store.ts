import type { CommandContext } from '../storage/gateway';
import type { StorageRepositories } from '../storage/port';
import {
  DEFAULT_TENANT_SETTINGS,
  type TenantSettings,
  type TenantSettingsInput,
  tenantSettingsSchema,
} from './tenant-settings';

/**
 * Loads a tenant's effective settings: the desk's defaults overlaid with the tenant's stored
 * document. Parsed documents are cached by version, so a command pays one keyed read of the
 * version while the document is unchanged. Results are shared: callers never mutate them.
 */
export class SettingsStore {
  readonly #defaultSettings: TenantSettings;
  readonly #parsed = new Map<
    string,
    { version: number; settings: TenantSettings; overrides: TenantSettingsInput }
  >();
  readonly #perCommand = new WeakMap<CommandContext, Map<string, ReturnType<SettingsStore['load']>>>();

  /** `defaults` must already be validated against the patch schema. */
  constructor(defaults: TenantSettingsInput) {
    this.#defaultSettings = tenantSettingsSchema.parse({ ...DEFAULT_TENANT_SETTINGS, ...defaults });
  }

  /** The desk-wide defaults (before any tenant override). */
  get defaults(): TenantSettings {
    return this.#defaultSettings;
  }

  /** The effective settings of a tenant and the stored document's version (0 if none). */
  async load(
    repositories: StorageRepositories,
    tenantId: string,
  ): Promise<{ settings: TenantSettings; overrides: TenantSettingsInput; version: number }> {
    const cached = this.#parsed.get(tenantId);
    if (cached !== undefined && (await repositories.settings.getVersion(tenantId)) === cached.version) {
      return { settings: cached.settings, overrides: cached.overrides, version: cached.version };
    }
    const stored = await repositories.settings.get(tenantId);
    if (stored === null) return { settings: this.#defaultSettings, overrides: {}, version: 0 };
    const overrides = stored.settings as TenantSettingsInput;
    const settings = this.merge(overrides);
    this.#parsed.set(tenantId, { version: stored.version, settings, overrides });
    return { settings, overrides, version: stored.version };
  }

  /**
   * {@link load} once per command run: the engines that follow every ticket write of a command
   * (SLA clocks, escalation, routing) share one read. Only for commands that do not change settings.
   */
  loadForCommand(context: CommandContext, tenantId: string): ReturnType<SettingsStore['load']> {
    let byTenant = this.#perCommand.get(context);
    if (byTenant === undefined) {
      byTenant = new Map();
      this.#perCommand.set(context, byTenant);
    }
    let loaded = byTenant.get(tenantId);
    if (loaded === undefined) {
      loaded = this.load(context.tx, tenantId);
      byTenant.set(tenantId, loaded);
    }
    return loaded;
  }

  /** Effective settings for a set of overrides (stored overrides were validated when written). */
  merge(overrides: TenantSettingsInput): TenantSettings {
    return tenantSettingsSchema.parse({ ...this.#defaultSettings, ...overrides });
  }
}

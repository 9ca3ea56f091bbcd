import { z } from 'zod';
import { type Actor, actorRef, parseActor, requireStaff } from '../actors';
import { awaitingCreditsStageOf } from '../credits/awaiting-tickets';
import type { FieldChange } from '../events';
import { type DeskContext, newEvent } from '../internal/desk-context';
import { versionSchema } from '../internal/schemas';
import { versionMismatch } from '../internal/versioning';
import type { JsonObject, JsonValue } from '../json';
import { pipelineFromInput } from '../pipelines/pipeline-rules';
import type { StorageRepositories } from '../storage/port';
import { invalidInput, parseInput } from '../validation';
import type { LoadedSettings } from './settings-store';
import {
  type CategoryDefinition,
  type CustomFieldDefinition,
  type TenantSettings,
  type TenantSettingsInput,
  tenantSettingsPatchSchema,
} from './tenant-settings';

/** A tenant's effective settings and the version of its stored document (0 when it has none). */
export interface VersionedSettings {
  settings: TenantSettings;
  version: number;
}

/**
 * What any actor of the tenant, customers included, may know of its settings: what a
 * new-ticket form and a rating prompt need. Custom fields are only those customers may set.
 */
export interface PublicSettings {
  categories: CategoryDefinition[];
  customFields: CustomFieldDefinition[];
  /** Whether customers may choose a priority when they create a ticket. */
  customerCanSetPriority: boolean;
  defaultPriority: TenantSettings['defaultPriority'];
  csatScale: TenantSettings['csatScale'];
  csatChangeWindowSeconds: number;
  /**
   * The stage in which a customer's ticket waits for credits (the tenant parks tickets whose
   * requester is short of credits); null when the tenant does not park them.
   */
  awaitingCreditsStageId: string | null;
}

/** Per-tenant configuration: ticket types, categories, custom fields, pipeline defaults, timers. Staff only, except {@link SettingsApi.publicView}. */
export class SettingsApi {
  readonly #desk: DeskContext;

  /** @internal */
  constructor(desk: DeskContext) {
    this.#desk = desk;
  }

  /** The tenant's effective settings: the desk defaults overlaid with the tenant's own. */
  async get(actor: Actor): Promise<VersionedSettings> {
    const who = parseActor(actor);
    requireStaff(who, 'read settings');
    const { settings, version } = await this.#desk.gateway.read((repositories) =>
      this.#desk.settings.load(repositories, who.tenantId, { fresh: true }),
    );
    return { settings, version };
  }

  /** The settings a customer-facing form needs (any actor); see {@link PublicSettings}. */
  async publicView(actor: Actor): Promise<PublicSettings> {
    const who = parseActor(actor);
    const { settings } = await this.#desk.gateway.read((repositories) =>
      this.#desk.settings.load(repositories, who.tenantId),
    );
    return {
      categories: settings.categories,
      customFields: settings.customFields.filter((field) => field.customerEditable),
      customerCanSetPriority: settings.customerCanSetPriority,
      defaultPriority: settings.defaultPriority,
      csatScale: settings.csatScale,
      csatChangeWindowSeconds: settings.csatChangeWindowSeconds,
      awaitingCreditsStageId: awaitingCreditsStageOf(settings),
    };
  }

  /**
   * Changes some settings; omitted ones keep their value (`sla` and `escalation` are each
   * replaced as a whole). `defaultPipelineId` must name an existing pipeline, escalation
   * levels existing teams and agents. With `expectedVersion`, a concurrent change is `VERSION_CONFLICT`.
   */
  async update(
    actor: Actor,
    patch: TenantSettingsInput,
    options: { expectedVersion?: number } = {},
  ): Promise<VersionedSettings> {
    const who = parseActor(actor);
    requireStaff(who, 'change settings');
    const data = withoutUndefined(parseInput(tenantSettingsPatchSchema, patch));
    const { expectedVersion } = parseInput(
      z.strictObject({ expectedVersion: z.union([versionSchema, z.literal(0)]).optional() }),
      options,
    );
    let written: LoadedSettings | undefined;
    const result = await this.#desk.gateway.command(async ({ tx, record }) => {
      written = undefined;
      const current = await this.#desk.settings.load(tx, who.tenantId, { fresh: true });
      if (expectedVersion !== undefined && expectedVersion !== current.version) {
        throw versionMismatch('Settings', who.tenantId, expectedVersion, current.version);
      }
      const overrides = { ...current.overrides, ...data };
      const next = this.#desk.settings.merge(overrides);
      if (data.defaultPipelineId !== undefined) {
        await pipelineFromInput(tx, who.tenantId, data.defaultPipelineId, ['defaultPipelineId']);
      }
      if (data.escalation !== undefined) await assertLevelsExist(tx, who.tenantId, next.escalation);
      const changes: FieldChange[] = Object.keys(data)
        .filter(
          (key) =>
            JSON.stringify(current.settings[key as keyof TenantSettings]) !==
            JSON.stringify(next[key as keyof TenantSettings]),
        )
        .map((key) => ({
          field: key,
          from: current.settings[key as keyof TenantSettings] as JsonValue,
          to: next[key as keyof TenantSettings] as JsonValue,
        }));
      if (changes.length === 0) return { settings: current.settings, version: current.version };
      const now = this.#desk.clock.now();
      const version = current.version + 1;
      const stored = await tx.settings.put(
        { tenantId: who.tenantId, settings: overrides as JsonObject, version, updatedAt: now },
        current.version === 0 ? null : current.version,
      );
      if (stored !== 'ok') throw versionMismatch('Settings', who.tenantId, expectedVersion, undefined);
      record(newEvent(this.#desk, who.tenantId, actorRef(who), now, 'settings.updated', null, { changes }));
      written = { settings: next, overrides, version };
      return { settings: next, version };
    });
    // Committed: this desk's next commands use the new settings without reading them.
    if (written !== undefined) this.#desk.settings.written(who.tenantId, written);
    return result;
  }
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined)) as Partial<T>;
}

/** `VALIDATION_FAILED` unless every team and member an escalation level names exists. */
async function assertLevelsExist(
  tx: StorageRepositories,
  tenantId: string,
  escalation: TenantSettings['escalation'],
): Promise<void> {
  for (const [index, level] of escalation.levels.entries()) {
    if (level.teamId !== null && (await tx.teams.get(tenantId, level.teamId)) === null) {
      invalidInput(
        ['escalation', 'levels', index, 'teamId'],
        'unknown_team',
        `Team ${level.teamId} does not exist`,
      );
    }
    for (const [memberIndex, agentId] of level.memberIds.entries()) {
      if ((await tx.agents.get(tenantId, agentId)) === null) {
        invalidInput(
          ['escalation', 'levels', index, 'memberIds', memberIndex],
          'unknown_agent',
          `Agent ${agentId} does not exist`,
        );
      }
    }
  }
}

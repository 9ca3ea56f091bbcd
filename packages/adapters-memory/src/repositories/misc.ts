import type {
  AlarmKeyRepository,
  IdempotencyRecord,
  IdempotencyRepository,
  LinkRepository,
  SettingsRecord,
  SettingsRepository,
  TicketLink,
  WriteResult,
} from '@ticketkit/core';
import { deepCopy } from '../deep-copy';
import { key, type MemoryState } from '../memory-state';

/** Ticket links in memory. */
export class MemoryLinks implements LinkRepository {
  constructor(private readonly state: MemoryState) {}

  async insert(link: TicketLink): Promise<WriteResult> {
    if (this.state.links.get(link.tenantId, link.id) !== undefined) return 'duplicate';
    for (const existing of this.state.links.values(link.tenantId)) {
      if (existing.type !== link.type) continue;
      const same = existing.sourceId === link.sourceId && existing.targetId === link.targetId;
      const reversed =
        link.type === 'related' && existing.sourceId === link.targetId && existing.targetId === link.sourceId;
      if (same || reversed) return 'duplicate';
    }
    this.state.links.set(link.tenantId, link.id, deepCopy(link));
    return 'ok';
  }

  async delete(tenantId: string, id: string): Promise<boolean> {
    return this.state.links.delete(tenantId, id);
  }

  async listForTicket(tenantId: string, ticketId: string): Promise<TicketLink[]> {
    return [...this.state.links.values(tenantId)]
      .filter((link) => link.sourceId === ticketId || link.targetId === ticketId)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
      .map(deepCopy);
  }
}

/** Alarm dedup keys in memory. */
export class MemoryAlarmKeys implements AlarmKeyRepository {
  constructor(private readonly state: MemoryState) {}

  async find(tenantId: string, dedupKey: string): Promise<string | null> {
    return this.state.alarmKeys.get(key(tenantId, dedupKey)) ?? null;
  }

  async bind(tenantId: string, dedupKey: string, ticketId: string): Promise<WriteResult> {
    const bound = this.state.alarmKeys.get(key(tenantId, dedupKey));
    if (bound !== undefined && bound !== ticketId) return 'duplicate';
    this.state.alarmKeys.set(key(tenantId, dedupKey), ticketId);
    return 'ok';
  }

  async release(tenantId: string, dedupKey: string, ticketId: string): Promise<void> {
    if (this.state.alarmKeys.get(key(tenantId, dedupKey)) === ticketId)
      this.state.alarmKeys.delete(key(tenantId, dedupKey));
  }
}

/** Idempotency keys in memory. */
export class MemoryIdempotency implements IdempotencyRepository {
  constructor(private readonly state: MemoryState) {}

  async find(tenantId: string, scope: string, idempotencyKey: string): Promise<IdempotencyRecord | null> {
    const record = this.state.idempotency.get(key(tenantId, scope, idempotencyKey));
    return record === undefined ? null : deepCopy(record);
  }

  async findMany(
    tenantId: string,
    keys: ReadonlyArray<{ scope: string; key: string }>,
  ): Promise<IdempotencyRecord[]> {
    const found: IdempotencyRecord[] = [];
    for (const { scope, key: idempotencyKey } of keys) {
      const record = this.state.idempotency.get(key(tenantId, scope, idempotencyKey));
      if (record !== undefined && !found.includes(record)) found.push(record);
    }
    return found.map((record) => deepCopy(record));
  }

  async insert(record: IdempotencyRecord): Promise<WriteResult> {
    const recordKey = key(record.tenantId, record.scope, record.key);
    if (this.state.idempotency.has(recordKey)) return 'duplicate';
    this.state.idempotency.set(recordKey, deepCopy(record));
    return 'ok';
  }

  /** Writes at once; transactions run one at a time here, so a key found absent is still free. */
  async insertNew(record: IdempotencyRecord): Promise<void> {
    if ((await this.insert(record)) !== 'ok') {
      throw new Error(`Idempotency key ${record.scope}/${record.key} is already taken`);
    }
  }
}

/** Settings documents in memory. */
export class MemorySettings implements SettingsRepository {
  constructor(private readonly state: MemoryState) {}

  async get(tenantId: string): Promise<SettingsRecord | null> {
    const record = this.state.settings.get(tenantId);
    return record === undefined ? null : deepCopy(record);
  }

  async getVersion(tenantId: string): Promise<number | null> {
    return this.state.settings.get(tenantId)?.version ?? null;
  }

  async put(record: SettingsRecord, expectedVersion: number | null): Promise<WriteResult> {
    const stored = this.state.settings.get(record.tenantId);
    if ((stored?.version ?? null) !== expectedVersion) return 'stale';
    this.state.settings.set(record.tenantId, deepCopy(record));
    return 'ok';
  }
}

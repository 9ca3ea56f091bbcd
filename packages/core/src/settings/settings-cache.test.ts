import { memoryAdapter } from '@ticketkit/adapters-memory';
import { describe, expect, it } from 'vitest';
import { systemActor } from '../actors';
import { createTicketing } from '../desk';
import { type CommandContext, StorageGateway } from '../storage/gateway';
import type { StorageRepositories } from '../storage/port';
import type { SettingsRecord } from '../storage/records';
import { expectError, instrumentedStorage, RecordingLogger, TestClock } from '../test-support';
import { type LoadedSettings, SettingsStore } from './settings-store';

const system = systemActor('acme');
const requester = { email: 'ada@example.com' };

/** Two desks (two app instances) over one storage and one clock; settings reads (document or version) are counted. */
function twoDesks(settingsCacheMs?: number) {
  const clock = new TestClock();
  const reads = { count: 0 };
  const storage = instrumentedStorage(memoryAdapter(), {
    beforeCall: ({ repository, method }) => {
      if (repository === 'settings' && (method === 'get' || method === 'getVersion')) reads.count += 1;
    },
  });
  const options = { storage, clock, ...(settingsCacheMs === undefined ? {} : { settingsCacheMs }) };
  return { clock, reads, here: createTicketing(options), there: createTicketing(options) };
}

describe('settings cache', () => {
  it('commands - read a tenant settings once per second by default, not once per command', async () => {
    const { clock, reads, here } = twoDesks();
    for (let index = 0; index < 3; index++) await here.tickets.create(system, { subject: 'A', requester });
    expect(reads.count).toBe(1);
    clock.advance({ ms: 999 });
    await here.tickets.create(system, { subject: 'B', requester });
    expect(reads.count).toBe(1);
    clock.advance({ ms: 1 });
    await here.tickets.create(system, { subject: 'C', requester });
    expect(reads.count).toBe(2);
  });

  it('commands - a change made through the same desk applies to its next command', async () => {
    const { here } = twoDesks(60_000);
    await here.tickets.create(system, { subject: 'A', requester });
    await here.settings.update(system, { ticketTypes: ['bug'] });
    expect((await here.tickets.create(system, { subject: 'B', requester, type: 'bug' })).type).toBe('bug');
    await expectError(
      here.tickets.create(system, { subject: 'C', requester, type: 'question' }),
      'VALIDATION_FAILED',
    );
  });

  it('commands - a change made through another desk applies within settingsCacheMs', async () => {
    const { clock, here, there } = twoDesks(5_000);
    await here.tickets.create(system, { subject: 'A', requester });
    await there.settings.update(system, { defaultPriority: 'urgent' });
    // Until this desk's entry is 5 s old, it creates with the settings it read.
    clock.advance({ ms: 4_999 });
    expect((await here.tickets.create(system, { subject: 'B', requester })).priority).toBe('medium');
    clock.advance({ ms: 1 });
    expect((await here.tickets.create(system, { subject: 'C', requester })).priority).toBe('urgent');
  });

  it('commands - settingsCacheMs 0 reads settings in every command', async () => {
    const { reads, here, there } = twoDesks(0);
    await here.tickets.create(system, { subject: 'A', requester });
    await there.settings.update(system, { defaultPriority: 'urgent' });
    expect((await here.tickets.create(system, { subject: 'B', requester })).priority).toBe('urgent');
    // One read per create (the second finds a new version: version, then document), plus the update's own read.
    expect(reads.count).toBe(4);
  });

  it('settings.get and settings.update - always read the stored version', async () => {
    const { here, there } = twoDesks(60_000);
    await here.tickets.create(system, { subject: 'A', requester });
    await there.settings.update(system, { defaultPriority: 'urgent' });
    expect(await here.settings.get(system)).toMatchObject({
      version: 1,
      settings: { defaultPriority: 'urgent' },
    });
    // An update states the version it read: it is built on the stored document, not a cached one.
    expect(await here.settings.update(system, { ticketTypes: ['bug'] })).toMatchObject({
      version: 2,
      settings: { defaultPriority: 'urgent', ticketTypes: ['bug'] },
    });
    expect((await here.tickets.create(system, { subject: 'B', requester, type: 'bug' })).priority).toBe(
      'urgent',
    );
  });

  it('SettingsStore.load - a read older than a version this desk wrote does not replace it', async () => {
    const clock = new TestClock();
    const store = new SettingsStore({}, { clock, maxAgeMs: 0 });
    const stored: SettingsRecord = {
      tenantId: 'acme',
      settings: { defaultPriority: 'low' },
      version: 1,
      updatedAt: clock.now(),
    };
    const repositories = {
      settings: { get: async () => stored, getVersion: async () => stored.version },
    } as unknown as StorageRepositories;
    store.written('acme', {
      settings: store.merge({ defaultPriority: 'high' }),
      overrides: { defaultPriority: 'high' },
      version: 2,
    });
    expect(await store.load(repositories, 'acme')).toMatchObject({
      version: 2,
      settings: { defaultPriority: 'high' },
    });
    // Once storage has caught up, the stored version is what loads.
    stored.version = 3;
    stored.settings = { defaultPriority: 'urgent' };
    expect(await store.load(repositories, 'acme')).toMatchObject({
      version: 3,
      settings: { defaultPriority: 'urgent' },
    });
  });

  it('SettingsStore.loadForCommand - settings at hand come without a promise, and one command run keeps one version', async () => {
    const clock = new TestClock();
    const storage = memoryAdapter();
    const gateway = new StorageGateway(storage, new RecordingLogger(), () => {});
    const store = new SettingsStore({}, { clock, maxAgeMs: 1_000 });
    const inCommand = <T>(body: (context: CommandContext) => Promise<T>) => gateway.command(body);

    // Nothing cached yet: the first command waits for a read, then reuses its answer.
    const first = await inCommand(async (context) => {
      const loading = store.loadForCommand(context, 'acme');
      expect(loading).toBeInstanceOf(Promise);
      const loaded = await loading;
      expect(store.loadForCommand(context, 'acme')).toBe(loaded);
      return loaded;
    });
    expect(first.settings.defaultPriority).toBe('medium');

    const written = await storage.settings.put(
      { tenantId: 'acme', version: 1, settings: { defaultPriority: 'urgent' }, updatedAt: clock.now() },
      null,
    );
    expect(written).toBe('ok');
    // A young entry serves the next command at once; a change written meanwhile by another
    // desk does not switch settings in the middle of a command.
    await inCommand(async (context) => {
      const young = store.loadForCommand(context, 'acme');
      expect(young).not.toBeInstanceOf(Promise);
      expect((young as LoadedSettings).settings.defaultPriority).toBe('medium');
      clock.advance({ ms: 1_000 });
      expect(store.loadForCommand(context, 'acme')).toBe(young);
    });
    // Once the entry is old, the next command reads again and sees the change.
    const later = await inCommand(async (context) => {
      const loading = store.loadForCommand(context, 'acme');
      expect(loading).toBeInstanceOf(Promise);
      return loading;
    });
    expect(later.settings.defaultPriority).toBe('urgent');
    expect(later.version).toBe(1);
  });
});

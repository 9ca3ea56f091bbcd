import { memoryAdapter } from '@ticketkit/adapters-memory';
import { describe, expect, it } from 'vitest';
import { systemActor } from './actors';
import { createTicketing } from './desk';
import { expectError, issuePaths, RecordingLogger, TestClock } from './test-support';

const system = systemActor('acme');

describe('createTicketing', () => {
  it('createTicketing - a desk over the memory adapter runs a ticket end to end', async () => {
    const clock = new TestClock();
    const desk = createTicketing({ storage: memoryAdapter(), clock });
    const ticket = await desk.tickets.create(system, { subject: 'Hi', requester: { email: 'a@b.test' } });
    expect(ticket).toMatchObject({
      id: expect.stringMatching(/^tkt_[0-9A-Za-z]{20}$/),
      createdAt: clock.now(),
    });
    expect(desk.clock).toBe(clock);
    expect(await desk.tickets.get(system, ticket.id)).toEqual(ticket);
  });

  it('createTicketing - defaults apply to every tenant until it overrides them', async () => {
    const desk = createTicketing({
      storage: memoryAdapter(),
      defaults: { defaultPriority: 'low', ticketTypes: ['case'] },
    });
    const first = await desk.tickets.create(system, { subject: 'A', requester: { email: 'a@b.test' } });
    expect(first).toMatchObject({ priority: 'low', type: 'case' });
    await desk.settings.update(system, { defaultPriority: 'high' });
    const second = await desk.tickets.create(system, { subject: 'B', requester: { email: 'a@b.test' } });
    expect(second).toMatchObject({ priority: 'high', type: 'case' });
    const elsewhere = await desk.tickets.create(systemActor('other'), {
      subject: 'C',
      requester: { email: 'a@b.test' },
    });
    expect(elsewhere.priority).toBe('low');
  });

  it('createTicketing - a missing or malformed storage is VALIDATION_FAILED', async () => {
    for (const options of [
      undefined,
      null,
      {},
      { storage: {} },
      { storage: { name: 'x', capabilities: {} } },
    ]) {
      const error = await expectError(() => createTicketing(options as never), 'VALIDATION_FAILED');
      expect(issuePaths(error).every((path) => path.startsWith('storage'))).toBe(true);
    }
  });

  it('createTicketing - malformed defaults are VALIDATION_FAILED', async () => {
    const error = await expectError(
      () => createTicketing({ storage: memoryAdapter(), defaults: { defaultPriority: 'asap' } as never }),
      'VALIDATION_FAILED',
    );
    expect(issuePaths(error)).toEqual(['defaults.defaultPriority']);
  });

  it('createTicketing - a malformed clock, id generator or logger is VALIDATION_FAILED', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ clock: 5 }, 'clock'],
      [{ clock: { now: 'today' } }, 'clock'],
      [{ generateId: 'tkt' }, 'generateId'],
      [{ logger: 5 }, 'logger'],
      [{ logger: { error: () => {} } }, 'logger'],
      [{ settingsCacheMs: -1 }, 'settingsCacheMs'],
      [{ settingsCacheMs: 1.5 }, 'settingsCacheMs'],
      [{ settingsCacheMs: '1000' }, 'settingsCacheMs'],
    ];
    for (const [options, path] of cases) {
      const error = await expectError(
        () => createTicketing({ storage: memoryAdapter(), ...options } as never),
        'VALIDATION_FAILED',
      );
      expect(issuePaths(error).every((issuePath) => issuePath.startsWith(path))).toBe(true);
    }
    const logger = new RecordingLogger();
    expect(() => createTicketing({ storage: memoryAdapter(), logger, clock: new TestClock() })).not.toThrow();
    expect(() => createTicketing({ storage: memoryAdapter(), settingsCacheMs: 0 })).not.toThrow();
  });
});

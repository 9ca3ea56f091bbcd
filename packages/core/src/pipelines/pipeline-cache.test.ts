import { memoryAdapter } from '@ticketkit/adapters-memory';
import { describe, expect, it } from 'vitest';
import { systemActor } from '../actors';
import { createTicketing } from '../desk';
import { instrumentedStorage, TestClock } from '../test-support';

const system = systemActor('acme');
const requester = { email: 'ada@example.com' };
const triage = { id: 'triage', name: 'Triage', category: 'new' as const };
const stages = [
  { id: 'new', name: 'New', category: 'new' as const },
  { id: 'done', name: 'Done', category: 'resolved' as const },
];

/** Two desks (two app instances) over one storage and one clock; pipeline reads are counted. */
function twoDesks(settingsCacheMs?: number) {
  const clock = new TestClock();
  const reads = { count: 0 };
  const storage = instrumentedStorage(memoryAdapter(), {
    beforeCall: ({ repository, method }) => {
      if (repository === 'pipelines' && method === 'get') reads.count += 1;
    },
  });
  const options = { storage, clock, ...(settingsCacheMs === undefined ? {} : { settingsCacheMs }) };
  return { clock, reads, here: createTicketing(options), there: createTicketing(options) };
}

describe('pipeline cache', () => {
  it('commands - read a pipeline once per settingsCacheMs, not once per command', async () => {
    const { clock, reads, here } = twoDesks();
    const first = await here.tickets.create(system, { subject: 'A', requester });
    await here.tickets.transition(system, first.id, {
      stageId: 'waiting_on_us',
      expectedVersion: first.version,
    });
    await here.tickets.create(system, { subject: 'B', requester });
    expect(reads.count).toBe(1);
    clock.advance({ ms: 1_000 });
    await here.tickets.create(system, { subject: 'C', requester });
    expect(reads.count).toBe(2);
  });

  it('commands - a pipeline created or changed through the same desk applies to its next command', async () => {
    const { here } = twoDesks(60_000);
    await here.tickets.create(system, { subject: 'A', requester });
    await here.pipelines.create(system, { id: 'billing', name: 'Billing', stages });
    expect(
      (await here.tickets.create(system, { subject: 'B', requester, pipelineId: 'billing' })).stageId,
    ).toBe('new');
    await here.pipelines.update(system, 'billing', { stages: [triage, ...stages] });
    expect(
      (await here.tickets.create(system, { subject: 'C', requester, pipelineId: 'billing' })).stageId,
    ).toBe('triage');
  });

  it('commands - a change made through another desk applies within settingsCacheMs', async () => {
    const { clock, here, there } = twoDesks(5_000);
    await there.pipelines.create(system, { id: 'billing', name: 'Billing', stages });
    const input = { subject: 'A', requester, pipelineId: 'billing' };
    expect((await here.tickets.create(system, input)).stageId).toBe('new');
    await there.pipelines.update(system, 'billing', { stages: [triage, ...stages] });
    clock.advance({ ms: 4_999 });
    expect((await here.tickets.create(system, input)).stageId).toBe('new');
    clock.advance({ ms: 1 });
    expect((await here.tickets.create(system, input)).stageId).toBe('triage');
  });

  it('commands - settingsCacheMs 0 reads the pipeline in every command', async () => {
    const { reads, here, there } = twoDesks(0);
    await there.pipelines.create(system, { id: 'billing', name: 'Billing', stages });
    const input = { subject: 'A', requester, pipelineId: 'billing' };
    await here.tickets.create(system, input);
    await there.pipelines.update(system, 'billing', { stages: [triage, ...stages] });
    expect((await here.tickets.create(system, input)).stageId).toBe('triage');
    // One read per create, plus the update's own.
    expect(reads.count).toBe(3);
  });

  it('commands - an unknown pipeline is read again each time (not remembered as missing)', async () => {
    const { reads, here, there } = twoDesks(60_000);
    const input = { subject: 'A', requester, pipelineId: 'billing' };
    await expect(here.tickets.create(system, input)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await there.pipelines.create(system, { id: 'billing', name: 'Billing', stages });
    expect((await here.tickets.create(system, input)).pipelineId).toBe('billing');
    expect(reads.count).toBe(2);
  });
});

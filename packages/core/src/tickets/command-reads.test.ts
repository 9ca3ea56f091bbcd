import { describe, expect, it } from 'vitest';
import { KnownCustomers } from '../internal/known-customers';
import { expectError, instrumentedStorage, TEAM, type TestDeskOptions, testDesk } from '../test-support';

/** A test desk whose repository reads are counted by `repository.method`. */
async function countingDesk(options: Omit<TestDeskOptions, 'storage'> = {}) {
  const calls = new Map<string, number>();
  const t = await testDesk({
    ...options,
    storage: (memory) =>
      instrumentedStorage(memory, {
        beforeCall: ({ repository, method }) => {
          const key = `${repository}.${method}`;
          calls.set(key, (calls.get(key) ?? 0) + 1);
        },
      }),
  });
  const count = async (run: () => Promise<unknown>, key: string) => {
    calls.clear();
    await run();
    return calls.get(key) ?? 0;
  };
  return { t, count };
}

describe('reads per command', () => {
  it('tickets.create - a requester read once is not read again by later creates', async () => {
    const { t, count } = await countingDesk();
    const create = () => t.desk.tickets.create(t.system, { subject: 'Printer', requesterId: t.danId });
    expect(await count(create, 'customers.get')).toBe(1);
    expect(await count(create, 'customers.get')).toBe(0);
    // A customer creating their own ticket is known the same way.
    expect(await count(() => t.desk.tickets.create(t.carla, { subject: 'Login' }), 'customers.get')).toBe(1);
    expect(await count(() => t.desk.tickets.create(t.carla, { subject: 'Login' }), 'customers.get')).toBe(0);
  });

  it('tickets.create - an unknown requester is read (and refused) every time', async () => {
    const { t, count } = await countingDesk();
    const create = () => t.desk.tickets.create(t.system, { subject: 'Printer', requesterId: 'cus_nobody' });
    for (let attempt = 0; attempt < 2; attempt++) {
      expect(
        await count(
          () =>
            expectError(create(), 'VALIDATION_FAILED', {
              issues: [expect.objectContaining({ path: ['requesterId'] })],
            }),
          'customers.get',
        ),
      ).toBe(1);
    }
  });

  it('tickets.create - SLA policies and routing rules on requester attributes share one read of the requester', async () => {
    const vip = { requesterAttributes: { tier: 'gold' } };
    const { t, count } = await countingDesk({
      settings: {
        sla: {
          policies: [
            {
              id: 'vip',
              name: 'VIP',
              conditions: vip,
              targets: { fallback: { firstResponseMinutes: 30, hours: '24x7' } },
            },
          ],
        },
        routing: {
          rules: [{ id: 'vip', conditions: vip, teamId: TEAM.support, strategy: { type: 'least_loaded' } }],
        },
      },
    });
    await t.desk.customers.update(t.system, t.danId, { attributes: { tier: 'gold' } });
    // A first create makes Dan known to the desk; in the next, only the rules read him, once.
    await t.desk.tickets.create(t.system, { subject: 'Earlier', requesterId: t.danId });
    let created: { sla: { policyId: string | null } | null; teamId: string | null } | undefined;
    const reads = await count(async () => {
      created = await t.desk.tickets.create(t.system, { subject: 'Printer', requesterId: t.danId });
    }, 'customers.get');
    expect(created?.sla?.policyId).toBe('vip');
    expect(created?.teamId).toBe(TEAM.support);
    expect(reads).toBe(1);
  });

  it('tickets.create - the ticket command and the routing hook read the pipeline once', async () => {
    const { t, count } = await countingDesk({
      settings: {
        routing: { rules: [{ id: 'all', teamId: TEAM.support, strategy: { type: 'least_loaded' } }] },
      },
    });
    let routed: { assigneeId: string | null } | undefined;
    const reads = await count(async () => {
      routed = await t.desk.tickets.create(t.system, { subject: 'Printer', requesterId: t.danId });
    }, 'pipelines.get');
    expect(routed?.assigneeId).not.toBeNull();
    expect(reads).toBe(1);
  });

  it('KnownCustomers - forgets the customer remembered longest ago past its capacity', () => {
    const known = new KnownCustomers(2);
    known.add('acme', 'cus_1');
    known.add('acme', 'cus_2');
    known.add('acme', 'cus_1');
    known.add('globex', 'cus_1');
    expect([known.has('acme', 'cus_1'), known.has('acme', 'cus_2'), known.has('globex', 'cus_1')]).toEqual([
      false,
      true,
      true,
    ]);
  });
});

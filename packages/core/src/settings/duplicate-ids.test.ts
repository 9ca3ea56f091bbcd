import { describe, expect, it } from 'vitest';
import { expectError, issuePaths, testDesk } from '../test-support';

const office = {
  id: 'office',
  name: 'Office',
  calendar: { mode: 'always_open' as const },
};
const policy = (id: string) => ({
  id,
  name: id,
  targets: { fallback: { firstResponseMinutes: 30, hours: '24x7' as const } },
});
const escalationPolicy = (id: string) => ({
  id,
  name: id,
  trigger: { type: 'manual' as const },
  actions: [{ type: 'raise_level' as const }],
});

describe('settings ids', () => {
  it('settings.update - a repeated calendar, SLA policy, escalation level or escalation policy id is VALIDATION_FAILED at the repeat', async () => {
    const t = await testDesk();
    const paths = async (settings: Parameters<typeof t.desk.settings.update>[1]) =>
      issuePaths(await expectError(t.desk.settings.update(t.system, settings), 'VALIDATION_FAILED'));
    expect(
      await paths({
        sla: { calendars: [office, office], policies: [policy('a'), policy('b'), policy('a')] },
      }),
    ).toEqual(['sla.calendars.1.id', 'sla.policies.2.id']);
    expect(
      await paths({
        escalation: {
          levels: [
            { id: 'l1', name: 'A' },
            { id: 'l2', name: 'B' },
            { id: 'l1', name: 'C' },
          ],
          policies: [escalationPolicy('p'), escalationPolicy('p')],
        },
      }),
    ).toEqual(['escalation.levels.2.id', 'escalation.policies.1.id']);
    expect((await t.desk.settings.get(t.system)).version).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { expectError, testDesk } from '../test-support';
import type { SlaSettingsInput } from './sla-settings';

const weekdays = (start: string, end: string) =>
  Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => [day, [{ start, end }]]));

async function slaDesk(sla: SlaSettingsInput) {
  return testDesk({ settings: { sla } });
}

describe('sla.deskStatus', () => {
  it('sla.deskStatus - null when the tenant has no calendar and no first-response goal', async () => {
    const t = await testDesk();
    expect(await t.desk.sla.deskStatus(t.carla)).toBeNull();
  });

  it('sla.deskStatus - a 24/7 goal without a calendar: always open, reply due after the goal', async () => {
    const t = await slaDesk({
      policies: [
        { id: 'all', name: 'All', targets: { fallback: { firstResponseMinutes: 30, hours: '24x7' } } },
      ],
    });
    expect(await t.desk.sla.deskStatus(t.carla)).toEqual({
      open: true,
      timeZone: null,
      hours: [],
      nextChangeAt: null,
      firstResponseMinutes: 30,
      expectedReplyBy: new Date('2025-03-03T09:30:00.000Z'),
    });
  });

  it('sla.deskStatus - a holiday is closed; the next opening skips to the next working day', async () => {
    const t = await slaDesk({
      calendars: [
        {
          id: 'office',
          name: 'Office',
          calendar: {
            mode: 'business_hours',
            timeZone: 'UTC',
            weekly: weekdays('08:00', '16:00'),
            holidays: ['2025-03-03'],
          },
        },
      ],
      policies: [
        { id: 'all', name: 'All', calendarId: 'office', targets: { fallback: { firstResponseMinutes: 60 } } },
      ],
    });
    // START is Monday 2025-03-03 09:00 UTC: inside the weekly hours, but a holiday.
    expect(await t.desk.sla.deskStatus(t.carla)).toMatchObject({
      open: false,
      timeZone: 'UTC',
      nextChangeAt: new Date('2025-03-04T08:00:00.000Z'),
      expectedReplyBy: new Date('2025-03-04T09:00:00.000Z'),
    });
  });

  it('sla.deskStatus - open: the next change is the end of the working stretch, across touching days', async () => {
    const t = await slaDesk({
      calendars: [
        {
          id: 'long',
          name: 'Long days',
          calendar: {
            mode: 'business_hours',
            timeZone: 'UTC',
            weekly: { mon: [{ start: '06:00', end: '24:00' }], tue: [{ start: '00:00', end: '12:00' }] },
          },
        },
      ],
    });
    expect(await t.desk.sla.deskStatus(t.carla)).toEqual({
      open: true,
      timeZone: 'UTC',
      hours: [
        { weekday: 1, from: '06:00', to: '24:00' },
        { weekday: 2, from: '00:00', to: '12:00' },
      ],
      nextChangeAt: new Date('2025-03-04T12:00:00.000Z'),
      firstResponseMinutes: null,
      expectedReplyBy: null,
    });
  });

  it('sla.deskStatus - the policy of the new ticket decides: priority and requester attributes; unknown customers are NOT_FOUND', async () => {
    const t = await slaDesk({
      policies: [
        {
          id: 'vip',
          name: 'VIP',
          conditions: { requesterAttributes: { plan: 'vip' } },
          targets: { fallback: { firstResponseMinutes: 15, hours: '24x7' } },
        },
        {
          id: 'all',
          name: 'All',
          targets: {
            urgent: { firstResponseMinutes: 60, hours: '24x7' },
            fallback: { firstResponseMinutes: 240, hours: '24x7' },
          },
        },
      ],
    });
    await t.desk.customers.update(t.system, t.danId, { attributes: { plan: 'vip' } });
    expect((await t.desk.sla.deskStatus(t.carla))?.firstResponseMinutes).toBe(240);
    expect((await t.desk.sla.deskStatus(t.carla, { priority: 'urgent' }))?.firstResponseMinutes).toBe(60);
    expect((await t.desk.sla.deskStatus(t.dan))?.firstResponseMinutes).toBe(15);
    expect((await t.desk.sla.deskStatus(t.ada, { customerId: t.danId }))?.firstResponseMinutes).toBe(15);
    // A customer always asks for themself.
    expect((await t.desk.sla.deskStatus(t.carla, { customerId: t.danId }))?.firstResponseMinutes).toBe(240);
    await expectError(t.desk.sla.deskStatus(t.ada, { customerId: 'cus_missing' }), 'NOT_FOUND');
    await expectError(t.desk.sla.deskStatus(t.ada, { channel: 'fax' as never }), 'VALIDATION_FAILED');
  });
});

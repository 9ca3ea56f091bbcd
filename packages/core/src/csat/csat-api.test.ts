import { describe, expect, it } from 'vitest';
import { expectError, issueCodes, testDesk, typesOf } from '../test-support';

async function resolvedTicket(options: Parameters<typeof testDesk>[0] = {}) {
  const t = await testDesk(options);
  const ticket = await t.open({ message: { body: 'Help' } });
  await t.desk.tickets.transition(t.system, ticket.id, { stageId: 'resolved' });
  return { ...t, ticket };
}

describe('csat.submit', () => {
  it('csat.submit - the requester rates a resolved ticket; the rating is stored and csat.submitted emitted', async () => {
    const t = await resolvedTicket();
    const rating = await t.desk.csat.submit(t.carla, t.ticket.id, { score: 4, comment: '  Quick help  ' });
    expect(rating).toMatchObject({
      ticketId: t.ticket.id,
      customerId: t.carlaId,
      scale: 'five_point',
      score: 4,
    });
    expect(rating.comment).toBe('Quick help');
    expect(await t.desk.csat.get(t.ada, t.ticket.id)).toEqual(rating);
    const event = t.published.find((e) => e.type === 'csat.submitted');
    expect(event?.data).toEqual({
      customerId: t.carlaId,
      scale: 'five_point',
      score: 4,
      comment: 'Quick help',
      low: false,
      previousScore: null,
    });
    expect(typesOf(await t.history(t.ticket.id))).toContain('csat.submitted');
  });

  it('csat.submit - a low score is marked low on every scale', async () => {
    const five = await resolvedTicket();
    await five.desk.csat.submit(five.carla, five.ticket.id, { score: 2 });
    expect(five.published.find((e) => e.type === 'csat.submitted')?.data).toMatchObject({ low: true });
    const seven = await resolvedTicket({ settings: { csatScale: 'seven_point' } });
    await seven.desk.csat.submit(seven.carla, seven.ticket.id, { score: 4 });
    expect(seven.published.find((e) => e.type === 'csat.submitted')?.data).toMatchObject({
      low: false,
      score: 4,
    });
    const thumbs = await resolvedTicket({ settings: { csatScale: 'thumbs' } });
    await thumbs.desk.csat.submit(thumbs.carla, thumbs.ticket.id, { score: 0 });
    expect(thumbs.published.find((e) => e.type === 'csat.submitted')?.data).toMatchObject({
      low: true,
      scale: 'thumbs',
    });
  });

  it('csat.submit - a score off the tenant scale is VALIDATION_FAILED and stores nothing', async () => {
    const t = await resolvedTicket({ settings: { csatScale: 'thumbs' } });
    const error = await expectError(
      t.desk.csat.submit(t.carla, t.ticket.id, { score: 3 }),
      'VALIDATION_FAILED',
    );
    expect(issueCodes(error)).toEqual(['off_scale']);
    await expectError(t.desk.csat.submit(t.carla, t.ticket.id, { score: 1.5 }), 'VALIDATION_FAILED');
    await expectError(
      t.desk.csat.submit(t.carla, t.ticket.id, { score: 1, extra: true } as never),
      'VALIDATION_FAILED',
    );
    const five = await resolvedTicket();
    await expectError(five.desk.csat.submit(five.carla, five.ticket.id, { score: 0 }), 'VALIDATION_FAILED');
    expect(await t.desk.csat.get(t.system, t.ticket.id)).toBeNull();
  });

  it('csat.submit - an unresolved ticket is INVALID_STATE', async () => {
    const t = await testDesk();
    const ticket = await t.open();
    await expectError(t.desk.csat.submit(t.carla, ticket.id, { score: 5 }), 'INVALID_STATE', {
      statusCategory: 'new',
    });
    expect(await t.desk.csat.get(t.carla, ticket.id)).toBeNull();
  });

  it("csat.submit - another customer's ticket is NOT_FOUND; an agent is FORBIDDEN", async () => {
    const t = await resolvedTicket();
    await expectError(t.desk.csat.submit(t.dan, t.ticket.id, { score: 5 }), 'NOT_FOUND');
    await expectError(t.desk.csat.get(t.dan, t.ticket.id), 'NOT_FOUND');
    await expectError(t.desk.csat.submit(t.ada, t.ticket.id, { score: 5 }), 'FORBIDDEN');
    expect(await t.desk.csat.get(t.system, t.ticket.id)).toBeNull();
  });

  it('csat.submit - the system may rate for the requester (e.g. an email survey)', async () => {
    const t = await resolvedTicket();
    const rating = await t.desk.csat.submit(t.system, t.ticket.id, { score: 5 });
    expect(rating.customerId).toBe(t.carlaId);
  });

  it('csat.submit - a change within the window replaces the rating and keeps its first instant', async () => {
    const t = await resolvedTicket();
    const first = await t.desk.csat.submit(t.carla, t.ticket.id, { score: 2, comment: 'Slow' });
    t.clock.advance({ hours: 1 });
    const changed = await t.desk.csat.submit(t.carla, t.ticket.id, { score: 5 });
    expect(changed).toMatchObject({ score: 5, comment: null, version: 2, createdAt: first.createdAt });
    expect(changed.updatedAt.getTime()).toBe(first.createdAt.getTime() + 60 * 60 * 1000);
    const events = t.published.filter((e) => e.type === 'csat.submitted');
    expect(events.map((e) => e.data)).toMatchObject([
      { previousScore: null },
      { previousScore: 2, score: 5 },
    ]);
  });

  it('csat.submit - the same rating again changes nothing and emits nothing', async () => {
    const t = await resolvedTicket();
    const first = await t.desk.csat.submit(t.carla, t.ticket.id, { score: 3, comment: 'ok' });
    expect(await t.desk.csat.submit(t.carla, t.ticket.id, { score: 3, comment: 'ok' })).toEqual(first);
    expect(t.published.filter((e) => e.type === 'csat.submitted')).toHaveLength(1);
  });

  it('csat.submit - after the change window the rating is final: INVALID_STATE', async () => {
    const t = await resolvedTicket({ settings: { csatChangeWindowSeconds: 3600 } });
    await t.desk.csat.submit(t.carla, t.ticket.id, { score: 1 });
    t.clock.advance({ seconds: 3600 });
    await expectError(t.desk.csat.submit(t.carla, t.ticket.id, { score: 5 }), 'INVALID_STATE', {
      reason: 'change_window_closed',
    });
    expect((await t.desk.csat.get(t.carla, t.ticket.id))?.score).toBe(1);
  });

  it('csat.submit - a scale change later keeps the scale of the first rating', async () => {
    const t = await resolvedTicket();
    await t.desk.csat.submit(t.carla, t.ticket.id, { score: 5 });
    await t.desk.settings.update(t.system, { csatScale: 'thumbs' });
    const changed = await t.desk.csat.submit(t.carla, t.ticket.id, { score: 4 });
    expect(changed).toMatchObject({ scale: 'five_point', score: 4 });
  });

  it('csat.submit - a merged ticket is INVALID_STATE', async () => {
    const t = await testDesk();
    const source = await t.open();
    const target = await t.open();
    await t.desk.tickets.merge(t.system, source.id, { targetId: target.id });
    await expectError(t.desk.csat.submit(t.carla, source.id, { score: 5 }), 'INVALID_STATE', {
      mergedIntoId: target.id,
    });
  });
});

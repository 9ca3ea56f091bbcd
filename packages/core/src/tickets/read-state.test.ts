import { describe, expect, it } from 'vitest';
import { expectError, testDesk } from '../test-support';

describe('read state', () => {
  it('tickets.unreadCounts - counts public messages from others after the read position', async () => {
    const t = await testDesk();
    const ticket = await t.open({ message: { body: 'Help' } }, t.carla);
    expect(await t.desk.tickets.unreadCounts(t.carla, [ticket.id])).toEqual({ [ticket.id]: 0 });
    await t.desk.tickets.reply(t.ada, ticket.id, { body: 'On it' });
    await t.desk.tickets.addNote(t.ada, ticket.id, { body: 'internal' });
    t.clock.advance({ seconds: 1 });
    await t.desk.tickets.reply(t.ada, ticket.id, { body: 'Fixed' });
    expect(await t.desk.tickets.unreadCounts(t.carla, [ticket.id])).toEqual({ [ticket.id]: 2 });
    // The agent sees the customer's message and no own messages as unread; the note is Ada's own.
    expect(await t.desk.tickets.unreadCounts(t.ada, [ticket.id])).toEqual({ [ticket.id]: 1 });
    expect(await t.desk.tickets.unreadCounts(t.bob, [ticket.id])).toEqual({ [ticket.id]: 4 });
  });

  it('tickets.markRead - clears the count up to the last message; later messages count again', async () => {
    const t = await testDesk();
    const ticket = await t.open({ message: { body: 'Help' } }, t.carla);
    const reply = await t.desk.tickets.reply(t.ada, ticket.id, { body: 'On it' });
    const position = await t.desk.tickets.markRead(t.carla, ticket.id);
    expect(position).toEqual({ ticketId: ticket.id, lastMessageId: reply.message.id });
    expect(await t.desk.tickets.unreadCounts(t.carla, [ticket.id])).toEqual({ [ticket.id]: 0 });
    await t.desk.tickets.addNote(t.ada, ticket.id, { body: 'internal' });
    expect(await t.desk.tickets.unreadCounts(t.carla, [ticket.id])).toEqual({ [ticket.id]: 0 });
    await t.desk.tickets.reply(t.ada, ticket.id, { body: 'More' });
    expect(await t.desk.tickets.unreadCounts(t.carla, [ticket.id])).toEqual({ [ticket.id]: 1 });
    // Marking again with nothing new keeps the position.
    await t.desk.tickets.markRead(t.carla, ticket.id);
    expect(await t.desk.tickets.markRead(t.carla, ticket.id)).toMatchObject({ ticketId: ticket.id });
    expect(await t.desk.tickets.unreadCounts(t.carla, [ticket.id])).toEqual({ [ticket.id]: 0 });
  });

  it("tickets.unreadCounts - leaves out tickets the customer cannot see; another's markRead is NOT_FOUND", async () => {
    const t = await testDesk();
    const carlas = await t.open({ message: { body: 'Help' } }, t.carla);
    const dans = await t.open({ message: { body: 'Help' } }, t.dan);
    expect(await t.desk.tickets.unreadCounts(t.carla, [carlas.id, dans.id, 'tkt_missing'])).toEqual({
      [carlas.id]: 0,
    });
    await expectError(t.desk.tickets.markRead(t.carla, dans.id), 'NOT_FOUND');
  });

  it('tickets.markRead - the system has no read state: FORBIDDEN; bad ids are VALIDATION_FAILED', async () => {
    const t = await testDesk();
    const ticket = await t.open();
    await expectError(t.desk.tickets.markRead(t.system, ticket.id), 'FORBIDDEN');
    await expectError(t.desk.tickets.unreadCounts(t.system, [ticket.id]), 'FORBIDDEN');
    await expectError(t.desk.tickets.unreadCounts(t.carla, 'x' as never), 'VALIDATION_FAILED');
    await expectError(t.desk.tickets.unreadCounts(t.carla, new Array(101).fill('x')), 'VALIDATION_FAILED');
  });

  it('tickets.unreadCounts - stops counting at MAX_UNREAD_COUNT', async () => {
    const t = await testDesk();
    const ticket = await t.open({}, t.carla);
    for (let index = 0; index < 105; index++)
      await t.desk.tickets.reply(t.ada, ticket.id, { body: `m${index}` });
    expect(await t.desk.tickets.unreadCounts(t.carla, [ticket.id])).toEqual({ [ticket.id]: 100 });
  });
});

import { memoryAdapter } from '@ticketkit/adapters-memory';
import { describe, expect, it } from 'vitest';
import { RecordingLogger } from '../test-support';
import { buildEvent, buildTicket } from '../testing/fixtures';
import { StorageGateway } from './gateway';
import type { StoredEvent } from './records';

function gateway() {
  const storage = memoryAdapter();
  const published: StoredEvent[][] = [];
  const gate = new StorageGateway(storage, new RecordingLogger(), (events) => published.push([...events]));
  return { storage, gate, published };
}

describe('StorageGateway reactions', () => {
  it('command - reactions see the body events, then the events of the previous pass', async () => {
    const { gate, published } = gateway();
    const seen: string[][] = [];
    gate.addReaction(async (context, events) => {
      seen.push(events.map((event) => event.type));
      if (events.some((event) => event.type === 'first'))
        context.record(buildEvent('t1', { type: 'second' }));
    });
    await gate.command(async ({ record }) => {
      record(buildEvent('t1', { type: 'first' }));
    });
    expect(seen).toEqual([['first'], ['second']]);
    expect(published[0]?.map((event) => event.type)).toEqual(['first', 'second']);
  });

  it('command - a command without events runs no reaction', async () => {
    const { gate } = gateway();
    let calls = 0;
    gate.addReaction(async () => {
      calls++;
    });
    await gate.command(async () => 'nothing');
    expect(calls).toBe(0);
  });

  it('command - a reaction changes the ticket object the command stored, over the same version', async () => {
    const { gate, storage } = gateway();
    gate.addReaction(async (context, events) => {
      for (const event of events) {
        const ticket = await context.writtenTickets.latest(context.tx, 't1', event.ticketId as string);
        if (ticket === null) continue;
        ticket.escalationCount = 7;
        expect(await context.writtenTickets.save(context.tx, ticket)).toBe('ok');
      }
    });
    const ticket = buildTicket('t1', { version: 1 });
    const returned = await gate.command(async ({ tx, record }) => {
      await tx.tickets.insert(ticket);
      record(buildEvent('t1', { ticketId: ticket.id }));
      return ticket;
    });
    expect(returned.escalationCount).toBe(7);
    expect(await storage.tickets.get('t1', ticket.id)).toEqual({ ...ticket, escalationCount: 7, version: 1 });
  });

  it('command - a reaction on a ticket the command did not store writes its next version', async () => {
    const { gate, storage } = gateway();
    const ticket = buildTicket('t1', { version: 4, escalationCount: 0 });
    await storage.tickets.insert(ticket);
    gate.addReaction(async (context) => {
      const latest = await context.writtenTickets.latest(context.tx, 't1', ticket.id);
      if (latest === null || latest.escalationCount > 0) return;
      latest.escalationCount = 1;
      expect(await context.writtenTickets.save(context.tx, latest)).toBe('ok');
    });
    await gate.command(async ({ record }) => record(buildEvent('t1', { ticketId: ticket.id })));
    expect(await storage.tickets.get('t1', ticket.id)).toEqual({ ...ticket, escalationCount: 1, version: 5 });
  });

  it('command - a failing reaction rolls the whole command back', async () => {
    const { gate, storage } = gateway();
    gate.addReaction(async () => {
      throw new Error('reaction failed');
    });
    const ticket = buildTicket('t1');
    await expect(
      gate.command(async ({ tx, record }) => {
        await tx.tickets.insert(ticket);
        record(buildEvent('t1', { ticketId: ticket.id }));
      }),
    ).rejects.toMatchObject({ code: 'STORAGE_FAILURE' });
    expect(await storage.tickets.get('t1', ticket.id)).toBeNull();
    expect((await storage.events.list('t1', { after: null, limit: 10 })).events).toEqual([]);
  });

  it('command - the fixed now of a command reaches its reactions', async () => {
    const { gate } = gateway();
    const now = new Date('2030-01-01T00:00:00Z');
    let seen: Date | undefined;
    gate.addReaction(async (context) => {
      seen = context.now;
    });
    await gate.command(async ({ record }) => record(buildEvent('t1')), { now });
    expect(seen).toEqual(now);
  });
});

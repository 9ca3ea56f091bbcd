import { memoryAdapter } from '@ticketkit/adapters-memory';
import { describe, expect, it } from 'vitest';
import { type CommandContext, StorageGateway } from '../storage/gateway';
import type { StoredEvent, Ticket } from '../storage/records';
import { RecordingLogger } from '../test-support';
import { type TicketChange, type TicketHook, TicketHooks } from './ticket-hooks';

const SYSTEM = { kind: 'system', id: null } as const;

function event(id: string, ticketId: string): StoredEvent {
  return {
    tenantId: 'acme',
    id,
    type: 'ticket.updated',
    occurredAt: new Date(0),
    actor: SYSTEM,
    ticketId,
    data: {},
  };
}

/** Runs `body` with a real command context (a memory transaction) that has recorded `evt_1` for `tkt_1` and `evt_other` for another ticket. */
async function inCommand<T>(
  body: (context: CommandContext, change: Omit<TicketChange, 'events'>) => Promise<T>,
) {
  const gateway = new StorageGateway(memoryAdapter(), new RecordingLogger(), () => {});
  return gateway.command(async (context) => {
    context.record(event('evt_1', 'tkt_1'));
    context.record(event('evt_other', 'tkt_2'));
    const after = { id: 'tkt_1', tenantId: 'acme' } as Ticket;
    return body(context, { context, actor: SYSTEM, now: new Date(0), before: null, after });
  });
}

const idsOf = (change: TicketChange) => change.events.map((recorded) => recorded.id);

describe('ticket hooks', () => {
  it('run - hooks with nothing to do leave nothing to wait for, and each sees the ticket events recorded before it', async () => {
    const seen: string[][] = [];
    const hooks = new TicketHooks();
    hooks.add((change) => {
      seen.push(idsOf(change));
      change.context.record(event('evt_2', 'tkt_1'));
      return undefined;
    });
    hooks.add((change) => {
      // Recorded after this hook started: not among its events, even when read afterwards.
      change.context.record(event('evt_3', 'tkt_1'));
      seen.push(idsOf(change));
      return undefined;
    });
    hooks.add((change) => {
      seen.push(idsOf(change));
      return undefined;
    });
    const pending = await inCommand(async (_context, change) => hooks.run(change));
    expect(pending).toBeUndefined();
    expect(seen).toEqual([['evt_1'], ['evt_1', 'evt_2'], ['evt_1', 'evt_2', 'evt_3']]);
  });

  it('run - hooks after one that waits run in order once it settled, with its events', async () => {
    const order: string[] = [];
    const hooks = new TicketHooks();
    const waits: TicketHook = async (change) => {
      await Promise.resolve();
      order.push('waits');
      change.context.record(event('evt_2', 'tkt_1'));
    };
    hooks.add(() => {
      order.push('first');
      return undefined;
    });
    hooks.add(waits);
    hooks.add((change) => {
      order.push(`last saw ${idsOf(change).join(',')}`);
      return undefined;
    });
    await inCommand(async (_context, change) => {
      const pending = hooks.run(change);
      expect(pending).toBeInstanceOf(Promise);
      expect(order).toEqual(['first']);
      await pending;
    });
    expect(order).toEqual(['first', 'waits', 'last saw evt_1,evt_2']);
  });

  it('run - a hook that rejects stops the hooks after it and fails the command', async () => {
    const order: string[] = [];
    const hooks = new TicketHooks();
    hooks.add(async () => {
      throw new Error('refused');
    });
    hooks.add(() => {
      order.push('after');
      return undefined;
    });
    await expect(inCommand(async (_context, change) => hooks.run(change))).rejects.toMatchObject({
      code: 'STORAGE_FAILURE',
    });
    expect(order).toEqual([]);
  });
});

import type { Actor } from '../actors';
import type { Ticketing } from '../desk';
import { isTicketkitError } from '../errors';
import type { AnyTicketkitEvent } from '../events';
import { customerNotice } from './customer-views';

/** A notice on the live stream: what changed, never the data itself (clients re-read it). */
export interface LiveNotice {
  type: string;
  ticketId: string | null;
}

const encoder = new TextEncoder();

/** The server-sent `change` message carrying one notice. */
function changeMessage(notice: LiveNotice): string {
  return `event: change\ndata: ${JSON.stringify(notice)}\n\n`;
}

/**
 * A server-sent event stream of one actor's notices. The first message is always `sync`: the
 * client re-reads everything it shows, so a reconnect after a dropped stream misses nothing.
 * Then `change` messages follow, one per relevant committed event: for staff every event of
 * their tenant (type and ticket id); for a customer only events on their own tickets that a
 * customer may know of (see `customerNotice`). A comment line every `heartbeatMs` keeps proxies
 * from closing an idle stream. The stream ends when the request is aborted or the reader cancels.
 */
export function liveUpdatesResponse(
  desk: Ticketing,
  actor: Actor,
  signal: AbortSignal,
  heartbeatMs: number,
): Response {
  let stop: () => void = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      const send = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          stop();
        }
      };
      const ownTickets = new Map<string, boolean>();
      const visibleToCustomer = async (ticketId: string): Promise<boolean> => {
        const known = ownTickets.get(ticketId);
        if (known !== undefined) return known;
        try {
          await desk.tickets.get(actor, ticketId);
          ownTickets.set(ticketId, true);
          return true;
        } catch (error) {
          if (isTicketkitError(error, 'NOT_FOUND')) ownTickets.set(ticketId, false);
          return false;
        }
      };
      // Notices go out in event order, also when a customer's visibility check is async.
      let queue: Promise<void> = Promise.resolve();
      const unsubscribe = desk.events.onAny((event: AnyTicketkitEvent) => {
        if (event.tenantId !== actor.tenantId) return;
        if (actor.kind !== 'customer') {
          send(changeMessage({ type: event.type, ticketId: event.ticketId }));
          return;
        }
        const notice = customerNotice(event, actor.customerId);
        if (notice === null) return;
        queue = queue.then(async () => {
          if (notice.ticketId === null || (await visibleToCustomer(notice.ticketId)))
            send(changeMessage(notice));
        });
      });
      const heartbeat = setInterval(() => send(': keep-alive\n\n'), heartbeatMs);
      stop = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        unsubscribe();
        signal.removeEventListener('abort', stop);
        try {
          controller.close();
        } catch {
          // Already closed by the reader.
        }
      };
      signal.addEventListener('abort', stop);
      send('retry: 3000\n\nevent: sync\ndata: {}\n\n');
      if (signal.aborted) stop();
    },
    cancel() {
      stop();
    },
  });
  return new Response(stream, {
    status: 200,
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
    },
  });
}

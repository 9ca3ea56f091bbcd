import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TicketkitHandler } from './handler';

/**
 * Adapts a Fetch-API handler to `node:http` and Express: `(req, res) => void`. The request
 * body is streamed to the handler (its size limit applies while reading), the response is
 * streamed back (live-update streams included), and a client that disconnects aborts the
 * request's `signal`. Under Express, mount it with `app.use(toNodeListener(handler))` or at a
 * path; the full `originalUrl` is used, so keep `basePath` equal to the mount path.
 */
export function toNodeListener(
  handler: TicketkitHandler,
): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    void serve(handler, request, response);
  };
}

async function serve(handler: TicketkitHandler, request: IncomingMessage, response: ServerResponse) {
  const aborter = new AbortController();
  response.on('close', () => aborter.abort());
  try {
    const host = request.headers.host ?? 'localhost';
    const path = (request as IncomingMessage & { originalUrl?: string }).originalUrl ?? request.url ?? '/';
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (value === undefined) continue;
      for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
    }
    const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
    const init: RequestInit & { duplex?: 'half' } = {
      method: request.method ?? 'GET',
      headers,
      signal: aborter.signal,
    };
    if (hasBody) {
      init.body = bodyStream(request);
      init.duplex = 'half';
    }
    const result = await handler(new Request(`http://${host}${path}`, init));
    const outgoing: Record<string, string | string[]> = {};
    result.headers.forEach((value, name) => {
      outgoing[name] = value;
    });
    response.writeHead(result.status, outgoing);
    if (result.body === null) {
      response.end();
      return;
    }
    response.flushHeaders();
    const reader = result.body.getReader();
    aborter.signal.addEventListener('abort', () => void reader.cancel().catch(() => {}));
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      response.write(value);
    }
    response.end();
  } catch {
    if (!response.headersSent) {
      response.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
      response.end(
        JSON.stringify({
          error: { code: 'INTERNAL_ERROR', message: 'Something went wrong on the server', details: {} },
        }),
      );
    } else {
      response.destroy();
    }
  }
}

/** The request body as a web stream, without a runtime import of `node:stream` (keeps this module browser-safe to import). */
function bodyStream(request: IncomingMessage): ReadableStream<Uint8Array> {
  const chunks = request[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await chunks.next();
      if (done) controller.close();
      else
        controller.enqueue(
          typeof value === 'string' ? new TextEncoder().encode(value) : new Uint8Array(value),
        );
    },
    async cancel() {
      await chunks.return?.();
    },
  });
}

/** One message of a server-sent event stream. */
export interface StreamMessage {
  event: string;
  data: string;
}

/** Parses SSE text as it arrives; returns complete messages and keeps the rest buffered. */
export class EventStreamParser {
  #buffer = '';

  /** Adds a chunk; returns the messages it completed. */
  push(chunk: string): StreamMessage[] {
    this.#buffer += chunk.replace(/\r\n?/g, '\n');
    const messages: StreamMessage[] = [];
    let end = this.#buffer.indexOf('\n\n');
    while (end !== -1) {
      const block = this.#buffer.slice(0, end);
      this.#buffer = this.#buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
      }
      if (data.length > 0) messages.push({ event, data: data.join('\n') });
      end = this.#buffer.indexOf('\n\n');
    }
    return messages;
  }
}

/** How {@link openLiveStream} reaches the server and reports. */
export interface LiveStreamOptions {
  /** Opens the stream (a `fetch` with the caller's headers); resolves to the response. */
  open(signal: AbortSignal): Promise<Response>;
  /** Receives each message, in order. */
  onMessage(message: StreamMessage): void;
  /** Receives the stream's state: connecting, open, or reconnecting after a drop. */
  onStatus(status: 'connecting' | 'open' | 'reconnecting'): void;
  /** Waits before each reconnect: 1 s, 2 s, 4 s ... up to 30 s, reset once a stream opened. */
  delay?: (attempt: number) => number;
}

/**
 * Keeps a server-sent event stream open over `fetch` (so it can carry an `Authorization`
 * header, unlike `EventSource`), reconnecting with backoff whenever it drops. Returns a
 * function that closes it for good.
 */
export function openLiveStream(options: LiveStreamOptions): () => void {
  const aborter = new AbortController();
  const delay = options.delay ?? ((attempt: number) => Math.min(30_000, 1000 * 2 ** attempt));
  let attempt = 0;
  const run = async () => {
    while (!aborter.signal.aborted) {
      options.onStatus(attempt === 0 ? 'connecting' : 'reconnecting');
      try {
        const response = await options.open(aborter.signal);
        if (response.ok && response.body !== null) {
          attempt = 0;
          options.onStatus('open');
          const reader = response.body.getReader();
          const decoder = new TextDecoder();
          const parser = new EventStreamParser();
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            for (const message of parser.push(decoder.decode(value, { stream: true })))
              options.onMessage(message);
          }
        }
      } catch {
        // A dropped or refused stream: retry below.
      }
      if (aborter.signal.aborted) return;
      await new Promise((resolve) => setTimeout(resolve, delay(attempt)));
      attempt++;
    }
  };
  void run();
  return () => aborter.abort();
}

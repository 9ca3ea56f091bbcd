import { HttpError } from './http-errors';

/**
 * Reads a JSON request body of at most `limit` bytes. An absent or empty body is `{}`.
 * Refuses a non-JSON content type (415), a body over the limit (413, checked on the declared
 * length and again while reading, so a lying or missing length cannot get past it) and
 * malformed JSON (400).
 */
export async function readJsonBody(request: Request, limit: number): Promise<unknown> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > limit) throw tooLarge(limit);
  if (request.body === null) return {};
  const bytes = await readLimited(request.body, limit);
  if (bytes.length === 0) return {};
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type.trim())) {
    throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json', {
      contentType: type,
    });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new HttpError(400, 'MALFORMED_JSON', 'The body is not valid UTF-8');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'MALFORMED_JSON', 'The body is not valid JSON');
  }
}

async function readLimited(body: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function tooLarge(limit: number): HttpError {
  return new HttpError(413, 'PAYLOAD_TOO_LARGE', `The body is larger than ${limit} bytes`, { limit });
}

/** Query keys the desk's schemas take as lists only. */
const ALWAYS_LISTS = new Set(['tags']);

/**
 * The query string as an object for the desk's schemas: repeated keys (and `tags`) become arrays, `limit`
 * becomes a number when it is one, and the word `null` is null (e.g. `assigneeId=null` for
 * unassigned tickets).
 */
export function queryObject(url: URL): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key).map((value): unknown => {
      if (key === 'limit' && /^\d{1,6}$/.test(value)) return Number(value);
      if (value === 'null') return null;
      return value;
    });
    result[key] = values.length === 1 && !ALWAYS_LISTS.has(key) ? values[0] : values;
  }
  return result;
}

import { z } from 'zod';
import { type Actor, customerActor } from '../actors';
import { invalidInput, parseInput } from '../validation';

/**
 * A signing key for widget tokens. `id` goes into every token it signs, so keys can rotate:
 * add the new key, mint with it, keep the old one until its last token expired, remove it.
 * A key with `tenantId` verifies only tokens of that tenant (one key per tenant means a leaked
 * key cannot speak for another tenant).
 */
export interface WidgetTokenKey {
  /** Key id, 1-64 characters of `[A-Za-z0-9_-]`. */
  id: string;
  /** The shared secret: at least 32 characters; keep it on the server. */
  secret: string;
  /** When set, the key signs and verifies tokens of this tenant only. */
  tenantId?: string;
}

/** What a widget token says: a customer of a tenant, until an instant. */
export interface WidgetTokenClaims {
  tenantId: string;
  customerId: string;
  /** When the token was minted. */
  issuedAt: Date;
  /** The first instant at which the token is no longer accepted. */
  expiresAt: Date;
  /** The id of the key that signed it. */
  keyId: string;
}

/** Input of {@link createWidgetToken}. */
export const widgetTokenRequestSchema = z.strictObject({
  tenantId: z.string().min(1).max(128),
  customerId: z.string().min(1).max(128),
  /** Lifetime in seconds: 1 second to 24 hours. Keep it short (minutes) and mint again. */
  expiresIn: z
    .int()
    .min(1)
    .max(24 * 60 * 60),
  /** Defaults to the system clock; pass the desk clock's `now()` for deterministic tokens. */
  now: z.date().optional(),
});

/** Input of {@link createWidgetToken}. */
export type WidgetTokenRequest = z.input<typeof widgetTokenRequestSchema>;

const keySchema = z.strictObject({
  id: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/),
  secret: z.string().min(32).max(4096),
  tenantId: z.string().min(1).max(128).optional(),
});

const payloadSchema = z.strictObject({
  v: z.literal(1),
  kid: z.string().min(1).max(64),
  tid: z.string().min(1).max(128),
  cid: z.string().min(1).max(128),
  iat: z.int().min(0),
  exp: z.int().min(0),
});

const PREFIX = 'tkw1';
/** Tokens minted slightly in the future (clock skew between servers) are still accepted. */
const ALLOWED_SKEW_SECONDS = 60;
const encoder = new TextEncoder();

/** Why a widget token was refused. */
export type WidgetTokenFailure = 'TOKEN_INVALID' | 'TOKEN_EXPIRED';

/** The outcome of {@link verifyWidgetToken}. */
export type WidgetTokenVerification =
  | { ok: true; claims: WidgetTokenClaims; actor: Actor }
  | { ok: false; reason: WidgetTokenFailure };

/**
 * Mints a widget token for a signed-in customer, on the host's backend (never in the browser):
 * `tkw1.<payload>.<signature>`, HMAC-SHA256 over the payload with the key (Web Crypto, so it
 * runs on Node, Deno, Bun and edge runtimes). The widget sends it as `Authorization: Bearer`.
 * Invalid input is `VALIDATION_FAILED`; a key bound to another tenant is `VALIDATION_FAILED`.
 *
 * @example
 * ```ts
 * const token = await createWidgetToken(
 *   { tenantId: 'acme', customerId: session.customerId, expiresIn: 600 },
 *   { id: 'k2025', secret: process.env.WIDGET_SECRET! },
 * );
 * ```
 */
export async function createWidgetToken(request: WidgetTokenRequest, key: WidgetTokenKey): Promise<string> {
  const data = parseInput(widgetTokenRequestSchema, request);
  const signing = parseInput(keySchema, key, 'key');
  if (signing.tenantId !== undefined && signing.tenantId !== data.tenantId) {
    invalidInput(
      ['tenantId'],
      'key_tenant_mismatch',
      `Key ${signing.id} signs tokens of another tenant only`,
    );
  }
  const issuedAt = Math.floor((data.now ?? new Date()).getTime() / 1000);
  const payload = base64UrlEncode(
    encoder.encode(
      JSON.stringify({
        v: 1,
        kid: signing.id,
        tid: data.tenantId,
        cid: data.customerId,
        iat: issuedAt,
        exp: issuedAt + data.expiresIn,
      }),
    ),
  );
  const signature = await sign(signing.secret, `${PREFIX}.${payload}`);
  return `${PREFIX}.${payload}.${base64UrlEncode(signature)}`;
}

/**
 * Checks a widget token against the keys: the key id must name one of `keys`, the signature
 * must match (compared in constant time), a tenant-bound key must match the token's tenant,
 * and `now` must be before the expiry. Returns the customer actor, or why it was refused
 * (`TOKEN_EXPIRED` only for a genuine token past its expiry). Never throws on any input.
 */
export async function verifyWidgetToken(
  token: string,
  keys: readonly WidgetTokenKey[],
  now: Date,
): Promise<WidgetTokenVerification> {
  const invalid = { ok: false, reason: 'TOKEN_INVALID' } as const;
  if (typeof token !== 'string' || token.length > 4096) return invalid;
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== PREFIX) return invalid;
  const [, encodedPayload, encodedSignature] = parts as [string, string, string];
  let payload: z.output<typeof payloadSchema>;
  let signature: Uint8Array;
  try {
    const decoded = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(base64UrlDecode(encodedPayload)),
    );
    const parsed = payloadSchema.safeParse(decoded);
    if (!parsed.success) return invalid;
    payload = parsed.data;
    signature = base64UrlDecode(encodedSignature);
  } catch {
    return invalid;
  }
  const key = keys.find((candidate) => candidate.id === payload.kid);
  if (key === undefined) return invalid;
  const expected = await sign(key.secret, `${PREFIX}.${encodedPayload}`);
  if (!constantTimeEqual(expected, signature)) return invalid;
  if (key.tenantId !== undefined && key.tenantId !== payload.tid) return invalid;
  const nowSeconds = now.getTime() / 1000;
  if (payload.iat > nowSeconds + ALLOWED_SKEW_SECONDS || payload.exp <= payload.iat) return invalid;
  if (nowSeconds >= payload.exp) return { ok: false, reason: 'TOKEN_EXPIRED' };
  return {
    ok: true,
    claims: {
      tenantId: payload.tid,
      customerId: payload.cid,
      issuedAt: new Date(payload.iat * 1000),
      expiresAt: new Date(payload.exp * 1000),
      keyId: payload.kid,
    },
    actor: customerActor(payload.tid, payload.cid),
  };
}

async function sign(secret: string, message: string): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(message)));
}

/** Compares two byte strings in time that depends only on their lengths. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  let difference = a.length ^ b.length;
  const length = Math.max(a.length, b.length);
  for (let index = 0; index < length; index++) difference |= (a[index] ?? 0) ^ (b[index] ?? 0);
  return difference === 0;
}

function base64UrlEncode(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function base64UrlDecode(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('not base64url');
  const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

import { describe, expect, it } from 'vitest';
import { expectError } from '../test-support';
import { constantTimeEqual, createWidgetToken, verifyWidgetToken, type WidgetTokenKey } from './widget-token';

const KEY: WidgetTokenKey = { id: 'k1', secret: 'a'.repeat(32) };
const NOW = new Date('2025-01-06T09:00:00.000Z');
const later = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);

describe('widget tokens', () => {
  it('createWidgetToken - verifies as the customer of the tenant until it expires', async () => {
    const token = await createWidgetToken(
      { tenantId: 'acme', customerId: 'cus_1', expiresIn: 600, now: NOW },
      KEY,
    );
    expect(token).toMatch(/^tkw1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const verified = await verifyWidgetToken(token, [KEY], later(599));
    expect(verified).toEqual({
      ok: true,
      actor: { kind: 'customer', tenantId: 'acme', customerId: 'cus_1' },
      claims: { tenantId: 'acme', customerId: 'cus_1', keyId: 'k1', issuedAt: NOW, expiresAt: later(600) },
    });
    expect(await verifyWidgetToken(token, [KEY], later(600))).toEqual({ ok: false, reason: 'TOKEN_EXPIRED' });
  });

  it('verifyWidgetToken - a token signed with another secret, or a tampered payload, is TOKEN_INVALID', async () => {
    const token = await createWidgetToken(
      { tenantId: 'acme', customerId: 'cus_1', expiresIn: 600, now: NOW },
      KEY,
    );
    const forged = await createWidgetToken(
      { tenantId: 'acme', customerId: 'cus_1', expiresIn: 600, now: NOW },
      { id: 'k1', secret: 'b'.repeat(32) },
    );
    expect(await verifyWidgetToken(forged, [KEY], NOW)).toEqual({ ok: false, reason: 'TOKEN_INVALID' });
    const [prefix, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const swapped = Buffer.from(JSON.stringify({ ...claims, cid: 'cus_2' })).toString('base64url');
    expect(await verifyWidgetToken(`${prefix}.${swapped}.${signature}`, [KEY], NOW)).toMatchObject({
      ok: false,
    });
    const expiredForever = Buffer.from(JSON.stringify({ ...claims, exp: claims.exp + 10_000 })).toString(
      'base64url',
    );
    expect(await verifyWidgetToken(`${prefix}.${expiredForever}.${signature}`, [KEY], NOW)).toMatchObject({
      reason: 'TOKEN_INVALID',
    });
    for (const garbage of [
      '',
      'tkw1',
      'tkw1..',
      'x.y.z',
      `tkw2.${payload}.${signature}`,
      `${token}x`,
      'tkw1.!!.!!',
    ]) {
      expect(await verifyWidgetToken(garbage, [KEY], NOW), garbage).toEqual({
        ok: false,
        reason: 'TOKEN_INVALID',
      });
    }
  });

  it('verifyWidgetToken - an unknown key id is TOKEN_INVALID; rotation keeps old tokens valid while the key stays', async () => {
    const old = await createWidgetToken(
      { tenantId: 'acme', customerId: 'cus_1', expiresIn: 600, now: NOW },
      KEY,
    );
    const next: WidgetTokenKey = { id: 'k2', secret: 'c'.repeat(40) };
    const fresh = await createWidgetToken(
      { tenantId: 'acme', customerId: 'cus_1', expiresIn: 600, now: NOW },
      next,
    );
    expect((await verifyWidgetToken(old, [next, KEY], NOW)).ok).toBe(true);
    expect((await verifyWidgetToken(fresh, [next, KEY], NOW)).ok).toBe(true);
    expect(await verifyWidgetToken(old, [next], NOW)).toEqual({ ok: false, reason: 'TOKEN_INVALID' });
  });

  it('verifyWidgetToken - a tenant-bound key refuses tokens claiming another tenant', async () => {
    const shared: WidgetTokenKey = { id: 'k1', secret: 'a'.repeat(32) };
    const bound: WidgetTokenKey = { ...shared, tenantId: 'globex' };
    // Minted with the raw secret for tenant acme, verified where the key belongs to globex only.
    const token = await createWidgetToken(
      { tenantId: 'acme', customerId: 'cus_1', expiresIn: 600, now: NOW },
      shared,
    );
    expect(await verifyWidgetToken(token, [bound], NOW)).toEqual({ ok: false, reason: 'TOKEN_INVALID' });
    await expectError(
      createWidgetToken({ tenantId: 'acme', customerId: 'cus_1', expiresIn: 600, now: NOW }, bound),
      'VALIDATION_FAILED',
    );
  });

  it('verifyWidgetToken - a token issued in the future beyond the allowed skew is TOKEN_INVALID', async () => {
    const token = await createWidgetToken(
      { tenantId: 'acme', customerId: 'cus_1', expiresIn: 600, now: later(120) },
      KEY,
    );
    expect(await verifyWidgetToken(token, [KEY], NOW)).toEqual({ ok: false, reason: 'TOKEN_INVALID' });
    expect((await verifyWidgetToken(token, [KEY], later(61))).ok).toBe(true);
  });

  it('createWidgetToken - bad input is VALIDATION_FAILED: short secret, zero or day-long lifetime, unknown fields', async () => {
    const good = { tenantId: 'acme', customerId: 'cus_1', expiresIn: 600 };
    await expectError(createWidgetToken(good, { id: 'k1', secret: 'short' }), 'VALIDATION_FAILED');
    await expectError(createWidgetToken(good, { id: 'k 1', secret: 'a'.repeat(32) }), 'VALIDATION_FAILED');
    await expectError(createWidgetToken({ ...good, expiresIn: 0 }, KEY), 'VALIDATION_FAILED');
    await expectError(createWidgetToken({ ...good, expiresIn: 86_401 }, KEY), 'VALIDATION_FAILED');
    await expectError(createWidgetToken({ ...good, admin: true } as never, KEY), 'VALIDATION_FAILED');
    await expectError(createWidgetToken({ ...good, customerId: '' }, KEY), 'VALIDATION_FAILED');
  });

  it('constantTimeEqual - equal only for the same bytes and length', () => {
    expect(constantTimeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 3]))).toBe(true);
    expect(constantTimeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 4]))).toBe(false);
    expect(constantTimeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 3, 0]))).toBe(false);
    expect(constantTimeEqual(new Uint8Array([]), new Uint8Array([0]))).toBe(false);
  });
});

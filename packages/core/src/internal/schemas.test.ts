import { describe, expect, it } from 'vitest';
import { expectError, issueCodes, issuePaths, testDesk } from '../test-support';
import { jsonValueSchema, MAX_JSON_DEPTH } from './schemas';

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let level = 0; level < depth; level++) value = level % 2 === 0 ? { next: value } : [value];
  return value;
}

describe('jsonValueSchema', () => {
  const read = (value: unknown) => jsonValueSchema.safeParse(value);

  it('parse - accepts JSON up to the depth limit and returns a fresh copy', () => {
    const input = { a: 1, b: { c: [1, 'two', { d: null, e: true }] } };
    const result = read(input);
    expect(result.success && result.data).toEqual(input);
    expect(result.success && result.data).not.toBe(input);
    expect(read(nested(MAX_JSON_DEPTH)).success).toBe(true);
    expect(read(nested(MAX_JSON_DEPTH + 1)).success).toBe(false);
  });

  it('parse - a cycle fails, shared branches pass, and huge shared fan-out stops at the value budget', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(read(cycle).success).toBe(false);
    const shared = { x: [1, 2] };
    expect(read({ a: shared, b: [shared, shared] }).success).toBe(true);
    let fanOut: unknown = 1;
    for (let level = 0; level < 30; level++) fanOut = { left: fanOut, right: fanOut };
    expect(read(fanOut).success).toBe(false);
  });

  it('parse - rejects what JSON cannot hold', () => {
    for (const bad of [
      Number.NaN,
      Number.POSITIVE_INFINITY,
      undefined,
      () => 1,
      new Date(0),
      new Map(),
      10n,
    ]) {
      expect(read({ bad }).success).toBe(false);
    }
    expect(read(JSON.parse('{"__proto__": {"polluted": true}}')).success).toBe(false);
    expect(read({ text: 'x'.repeat(10_001) }).success).toBe(false);
    expect(read(Array.from({ length: 1_001 }, () => 0)).success).toBe(false);
  });
});

describe('JSON inputs', () => {
  it('create - custom fields nested too deeply or cyclic are VALIDATION_FAILED', async () => {
    const t = await testDesk();
    const ok = await t.open({ customFields: { value: nested(MAX_JSON_DEPTH - 1) as never } });
    expect((await t.get(ok.id)).customFields).toEqual({ value: nested(MAX_JSON_DEPTH - 1) });
    const deep = await expectError(
      t.open({ customFields: { value: nested(5_000) as never } }),
      'VALIDATION_FAILED',
    );
    expect(issuePaths(deep)[0]?.startsWith('customFields')).toBe(true);
    expect(issueCodes(deep)).toEqual(['custom']);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    await expectError(t.open({ channelDetail: cycle as never }), 'VALIDATION_FAILED');
    await expectError(t.desk.customers.create(t.system, { attributes: cycle as never }), 'VALIDATION_FAILED');
    expect((await t.desk.tickets.list(t.system)).items).toHaveLength(1);
    expect(t.logger.errors).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { expectError, issueCodes, issuePaths, testDesk } from '../test-support';
import { MAX_JSON_DEPTH, nestsWithin } from './schemas';

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let level = 0; level < depth; level++) value = level % 2 === 0 ? { next: value } : [value];
  return value;
}

describe('nestsWithin', () => {
  it('nestsWithin - counts object and array levels', () => {
    expect(nestsWithin('text', 0)).toBe(true);
    expect(nestsWithin({}, 1)).toBe(true);
    expect(nestsWithin({}, 0)).toBe(false);
    expect(nestsWithin(nested(3), 3)).toBe(true);
    expect(nestsWithin(nested(4), 3)).toBe(false);
    expect(nestsWithin({ a: 1, b: { c: [1, 2, { d: null }] } }, 4)).toBe(true);
    expect(nestsWithin({ a: 1, b: { c: [1, 2, { d: {} }] } }, 4)).toBe(false);
  });

  it('nestsWithin - a cycle is never within bounds, and shared branches are fine', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(nestsWithin(cycle, 1000)).toBe(false);
    const shared = { leaf: true };
    expect(nestsWithin({ a: shared, b: [shared, shared] }, 3)).toBe(true);
    // Wide sharing stays linear: 40 levels of 10 references each to the next level.
    let level: unknown = {};
    for (let index = 0; index < 40; index++) level = Array.from({ length: 10 }, () => level);
    expect(nestsWithin(level, 100)).toBe(true);
    expect(nestsWithin(level, 20)).toBe(false);
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
    expect(issuePaths(deep)).toEqual(['customFields']);
    expect(issueCodes(deep)).toEqual(['custom']);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    await expectError(t.open({ channelDetail: cycle as never }), 'VALIDATION_FAILED');
    await expectError(t.desk.customers.create(t.system, { attributes: cycle as never }), 'VALIDATION_FAILED');
    expect((await t.desk.tickets.list(t.system)).items).toHaveLength(1);
    expect(t.logger.errors).toEqual([]);
  });
});

import { memoryAdapter } from '@ticketkit/adapters-memory';
import { describe, expect, it } from 'vitest';
import { createTicketing } from './desk';
import { expectError, issueCodes, issuePaths, testDesk } from './test-support';

describe('input validation', () => {
  it('parseInput - text holding U+0000 is VALIDATION_FAILED with its path', async () => {
    const t = await testDesk();
    const subject = await expectError(t.open({ subject: 'Nul\u0000byte' }), 'VALIDATION_FAILED');
    expect(issueCodes(subject)).toEqual(['unstorable_text']);
    expect(issuePaths(subject)).toEqual(['subject']);
    const nested = await expectError(
      t.open({ customFields: { notes: ['ok', 'bad\u0000'] } }),
      'VALIDATION_FAILED',
    );
    expect(issuePaths(nested)).toEqual(['customFields.notes.1']);
    const key = await expectError(t.open({ customFields: { 'k\u0000': 1 } }), 'VALIDATION_FAILED');
    expect(issueCodes(key)).toEqual(['unstorable_text']);
    expect((await t.desk.tickets.list(t.system)).items).toEqual([]);
  });

  it('parseInput - unstorable text deep in nested objects and arrays is reported with its whole path', async () => {
    const t = await testDesk();
    const key = await expectError(
      t.open({ customFields: { outer: { list: [{ ok: 'fine', 'bad\u0000key': 1 }] } } }),
      'VALIDATION_FAILED',
    );
    expect(issuePaths(key)).toEqual(['customFields.outer.list.0.bad\u0000key']);
    const value = await expectError(
      t.open({
        subject: 'fine',
        customFields: {
          a: [
            [0, 'x'],
            [1, 'lone \uDC00'],
          ],
        },
      }),
      'VALIDATION_FAILED',
    );
    expect(issuePaths(value)).toEqual(['customFields.a.1.1']);
    expect((await t.desk.tickets.list(t.system)).items).toEqual([]);
  });

  it('parseInput - unpaired UTF-16 surrogates are VALIDATION_FAILED, paired ones (emoji) are fine', async () => {
    const t = await testDesk();
    for (const subject of ['high \uD83D alone', 'low \uDE00 alone', 'reversed \uDE00\uD83D']) {
      const error = await expectError(t.open({ subject }), 'VALIDATION_FAILED');
      expect(issueCodes(error)).toEqual(['unstorable_text']);
    }
    const fine = await t.open({ subject: 'Broken \uD83D\uDE00 emoji' });
    expect((await t.get(fine.id)).subject).toBe('Broken \u{1F600} emoji');
  });

  it('createTicketing - cyclic or deeply nested extra options neither overflow nor fail', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    let deep: unknown = 'bottom';
    for (let level = 0; level < 10_000; level++) deep = { deep };
    for (const extra of [{ plugin: cyclic }, { plugin: deep }]) {
      const desk = createTicketing({ storage: memoryAdapter(), ...extra } as never);
      expect(typeof desk.tickets.create).toBe('function');
    }
  });
});

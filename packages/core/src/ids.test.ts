import { describe, expect, it } from 'vitest';
import { defaultIdGenerator, ID_PREFIXES, type IdKind, prefixedRandomId } from './ids';

describe('ids', () => {
  it('defaultIdGenerator - every kind gets its prefix, an underscore and 20 base-62 characters, never twice', () => {
    const seen = new Set<string>();
    for (const kind of Object.keys(ID_PREFIXES) as IdKind[]) {
      for (let index = 0; index < 200; index++) {
        const id = defaultIdGenerator(kind);
        expect(id).toMatch(new RegExp(`^${ID_PREFIXES[kind]}_[0-9A-Za-z]{20}$`));
        seen.add(id);
      }
    }
    expect(seen.size).toBe(Object.keys(ID_PREFIXES).length * 200);
  });

  it('prefixedRandomId - any prefix, and the random part uses the whole alphabet', () => {
    const characters = new Set<string>();
    for (let index = 0; index < 500; index++) {
      const id = prefixedRandomId('custom');
      expect(id).toMatch(/^custom_[0-9A-Za-z]{20}$/);
      for (const character of id.slice('custom_'.length)) characters.add(character);
    }
    // 10,000 draws from 62 characters: every one shows up (missing one has odds below 1e-60).
    expect(characters.size).toBe(62);
  });
});

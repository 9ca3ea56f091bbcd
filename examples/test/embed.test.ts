import { describe, expect, it } from 'vitest';
import { codeBlocks, expectedOutput, snippetText, syncMarkdown } from '../src/embed';

const source = [
  "import { a } from 'a';",
  '',
  '// #region first',
  'const x = 1;',
  '// #endregion',
  '',
  'if (x) {',
  '  // #region inner',
  '  console.log(x);',
  '  // -> 1',
  '  // #endregion',
  '}',
  '',
].join('\n');

const markdown = [
  '# Doc',
  '',
  '<!-- embed: examples/snippets/x.ts#inner -->',
  '```ts',
  'old code',
  '```',
  '',
  '```bash',
  'pnpm demo',
  '```',
  '',
].join('\n');

describe('embed', () => {
  it('snippetText - whole file without region markers, or one region dedented', () => {
    expect(snippetText(source, null)).not.toContain('#region');
    expect(snippetText(source, 'first')).toBe('const x = 1;');
    expect(snippetText(source, 'inner')).toBe('console.log(x);\n// -> 1');
    expect(() => snippetText(source, 'missing')).toThrow('No region');
  });

  it('codeBlocks - finds fences, their language and their embed marker', () => {
    const blocks = codeBlocks(markdown);
    expect(blocks.map((block) => [block.lang, block.line, block.embed])).toEqual([
      ['ts', 4, { file: 'examples/snippets/x.ts', region: 'inner' }],
      ['bash', 8, null],
    ]);
  });

  it('syncMarkdown - rewrites embedded blocks and leaves the rest', () => {
    const synced = syncMarkdown(markdown, () => source);
    expect(synced).toBe(markdown.replace('old code', 'console.log(x);\n// -> 1'));
    expect(syncMarkdown(synced, () => source)).toBe(synced);
  });

  it('expectedOutput - the `// ->` lines in order', () => {
    expect(expectedOutput(source)).toEqual(['1']);
  });
});

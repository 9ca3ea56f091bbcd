import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import {
  codeBlocks,
  documentedFiles,
  expectedOutput,
  readSnippet,
  repoRoot,
  snippetText,
} from '../src/embed';

const docs = documentedFiles().map((file) => ({
  file,
  blocks: codeBlocks(readFileSync(join(repoRoot, file), 'utf8')),
}));

describe.each(docs)('$file', ({ file, blocks }) => {
  it('code blocks - every TypeScript block is embedded from a snippet file', () => {
    const loose = blocks.filter((block) => ['ts', 'typescript', 'tsx'].includes(block.lang) && !block.embed);
    expect(loose.map((block) => `${file}:${block.line}`)).toEqual([]);
  });

  it('code blocks - match their snippet files (pnpm docs:sync rewrites them)', () => {
    for (const block of blocks) {
      if (block.embed === null) continue;
      const expected = snippetText(readSnippet(block.embed.file), block.embed.region);
      expect(block.code, `${file}:${block.line} vs ${block.embed.file}`).toBe(expected);
    }
  });
});

it('README - its first TypeScript block is the tested usage example', () => {
  const readme = docs.find((doc) => doc.file === 'README.md');
  const first = readme?.blocks.find((block) => block.lang === 'ts');
  expect(first?.embed).toEqual({ file: 'examples/snippets/readme.ts', region: null });
});

const snippets = [
  ...new Set(docs.flatMap(({ blocks }) => blocks.flatMap((block) => block.embed?.file ?? []))),
];

describe.each(snippets)('%s', (file) => {
  it('snippet - runs and prints what its `// ->` comments say', async () => {
    const printed: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      printed.push(format(...args));
    });
    try {
      await import(join(repoRoot, file));
    } finally {
      log.mockRestore();
    }
    const expected = expectedOutput(readSnippet(file));
    expect(expected.length).toBeGreaterThan(0);
    expect(printed).toEqual(expected);
  });
});

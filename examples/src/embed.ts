/**
 * Code in the docs is code we run. A TypeScript block in README.md or docs/*.md is a copy of
 * a snippet file under `examples/snippets/` (or of one `// #region` of it), announced by a
 * marker on the line before the fence:
 *
 *     <!-- embed: examples/snippets/getting-started.ts#tickets -->
 *     ```ts
 *     ...
 *     ```
 *
 * The snippet files are type-checked, linted and executed by `examples/test/docs.test.ts`,
 * which also fails when a block no longer matches its file. `pnpm docs:sync` rewrites the
 * blocks from the files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The repository root (paths in embed markers are relative to it). */
export const repoRoot = join(import.meta.dirname, '..', '..');

/** The markdown files whose code blocks are checked: README.md and the guides in docs/. */
export function documentedFiles(): string[] {
  const guides = readdirSync(join(repoRoot, 'docs')).filter((name) => name.endsWith('.md'));
  return ['README.md', ...guides.sort().map((name) => `docs/${name}`)];
}

/** A fenced code block of a markdown file. */
export interface CodeBlock {
  /** The fence's language tag (`ts`, `bash`, ...). */
  lang: string;
  /** The code between the fences, without a trailing newline. */
  code: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** Index of the first code line in the file's lines. */
  start: number;
  /** Index of the closing fence in the file's lines. */
  end: number;
  /** The embed marker right before the fence: a snippet file and an optional region. */
  embed: { file: string; region: string | null } | null;
}

const EMBED = /^<!--\s*embed:\s*([^#\s]+)(?:#([\w-]+))?\s*-->\s*$/;
const FENCE = /^```(\w*)\s*$/;

/** Every fenced code block of a markdown text, in order. */
export function codeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split('\n');
  const blocks: CodeBlock[] = [];
  for (let index = 0; index < lines.length; index++) {
    const open = FENCE.exec(lines[index] ?? '');
    if (open === null) continue;
    const close = lines.findIndex((line, at) => at > index && line.trimEnd() === '```');
    if (close === -1) throw new Error(`Unclosed code fence at line ${index + 1}`);
    const marker = EMBED.exec(lines[index - 1] ?? '');
    blocks.push({
      lang: open[1] ?? '',
      code: lines.slice(index + 1, close).join('\n'),
      line: index + 1,
      start: index + 1,
      end: close,
      embed: marker === null ? null : { file: marker[1] ?? '', region: marker[2] ?? null },
    });
    index = close;
  }
  return blocks;
}

const REGION_START = /^\s*\/\/ #region ([\w-]+)\s*$/;
const REGION_END = /^\s*\/\/ #endregion\b/;

/**
 * The part of a snippet that a doc shows: the whole file, or the lines of one region
 * (dedented). Marker lines of nested regions never show.
 */
export function snippetText(source: string, region: string | null): string {
  const lines = source.replace(/\n+$/, '').split('\n');
  let shown: string[];
  if (region === null) {
    shown = lines;
  } else {
    const start = lines.findIndex((line) => REGION_START.exec(line)?.[1] === region);
    if (start === -1) throw new Error(`No region "${region}"`);
    const end = lines.findIndex((line, at) => at > start && REGION_END.test(line));
    if (end === -1) throw new Error(`Region "${region}" has no #endregion`);
    shown = lines.slice(start + 1, end);
  }
  shown = shown.filter((line) => !REGION_START.test(line) && !REGION_END.test(line));
  const indent = Math.min(
    ...shown.filter((line) => line.trim() !== '').map((line) => line.length - line.trimStart().length),
  );
  return shown.map((line) => line.slice(Number.isFinite(indent) ? indent : 0)).join('\n');
}

/** Reads a snippet file (path relative to the repository root). */
export function readSnippet(file: string): string {
  return readFileSync(join(repoRoot, file), 'utf8');
}

/** The markdown with every embedded block replaced by its snippet's current text. */
export function syncMarkdown(markdown: string, read: (file: string) => string = readSnippet): string {
  const lines = markdown.split('\n');
  for (const block of codeBlocks(markdown).reverse()) {
    if (block.embed === null) continue;
    const text = snippetText(read(block.embed.file), block.embed.region);
    lines.splice(block.start, block.end - block.start, ...text.split('\n'));
  }
  return lines.join('\n');
}

/**
 * The output checks of a snippet: each `// -> text` comment states what the
 * `console.log` before it prints, in order.
 */
export function expectedOutput(source: string): string[] {
  return source
    .split('\n')
    .map((line) => /^\s*\/\/ -> (.*)$/.exec(line)?.[1])
    .filter((line): line is string => line !== undefined);
}

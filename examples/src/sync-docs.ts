/**
 * Rewrites the embedded code blocks of README.md and docs/*.md from their snippet files
 * (`pnpm docs:sync`). See ./embed.ts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { documentedFiles, repoRoot, syncMarkdown } from './embed';

for (const file of documentedFiles()) {
  const path = join(repoRoot, file);
  const before = readFileSync(path, 'utf8');
  const after = syncMarkdown(before);
  if (after !== before) {
    writeFileSync(path, after);
    console.log(`updated ${file}`);
  }
}

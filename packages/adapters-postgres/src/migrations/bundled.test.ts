import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script without type declarations
import { bundledMigrationsSource } from '../../scripts/bundle-migrations.mjs';
import { BUNDLED_MIGRATIONS } from './bundled';

describe('bundled migrations', () => {
  it('bundled.ts - matches migrations/*.sql (run `pnpm --filter @ticketkit/adapters-postgres migrations:bundle`)', async () => {
    const { readFileSync } = await import('node:fs');
    const current = readFileSync(new URL('./bundled.ts', import.meta.url), 'utf8');
    expect(current).toBe(bundledMigrationsSource());
  });

  it('BUNDLED_MIGRATIONS - versions start at 1 and have no gaps', () => {
    expect(BUNDLED_MIGRATIONS.map((migration) => migration.version)).toEqual(
      BUNDLED_MIGRATIONS.map((_, index) => index + 1),
    );
  });
});

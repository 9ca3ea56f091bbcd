import { defineConfig } from 'vitest/config';

/**
 * One vitest run for the whole workspace. Packages resolve each other through the
 * `dev-source` export condition, so tests run on sources without a build.
 */
export default defineConfig({
  resolve: { conditions: ['dev-source'] },
  ssr: { resolve: { conditions: ['dev-source'] } },
  test: {
    projects: ['packages/*', 'examples'],
  },
});

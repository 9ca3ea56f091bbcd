import { defineProject } from 'vitest/config';

/** The browser end-to-end test: real Chromium against the running demo (`pnpm --filter @ticketkit/examples e2e`). */
export default defineProject({
  resolve: { conditions: ['dev-source'] },
  ssr: { resolve: { conditions: ['dev-source'] } },
  test: { name: 'e2e', include: ['e2e/**/*.e2e.test.ts'], testTimeout: 120_000, hookTimeout: 120_000 },
});

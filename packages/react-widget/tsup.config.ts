import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', 'client/index': 'src/client/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  // No rollup tree-shaking pass: it drops the 'use client' banner (esbuild already drops unused code).
  treeshake: false,
  target: 'es2022',
  external: ['react', 'react-dom', '@ticketkit/core'],
  // Keeps the 'use client' directive at the top of every entry (React Server Components).
  banner: { js: "'use client';" },
});

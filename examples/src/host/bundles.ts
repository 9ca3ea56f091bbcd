import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** A built browser file, served from memory. */
export interface Asset {
  contentType: string;
  body: Uint8Array;
}

/**
 * Bundles the demo's two pages (the host app with the widget, and the agent console) for the
 * browser, in memory, once at startup. The widget and core resolve to their sources
 * (`dev-source`), so the demo needs no build step.
 */
export async function buildPageBundles(): Promise<Map<string, Asset>> {
  const web = (name: string) => fileURLToPath(new URL(`../../web/${name}`, import.meta.url));
  const result = await build({
    entryPoints: { app: web('app-page.tsx'), console: web('console-page.tsx') },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outdir: '/assets',
    write: false,
    minify: true,
    jsx: 'automatic',
    conditions: ['dev-source'],
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'error',
  });
  const assets = new Map<string, Asset>();
  for (const file of result.outputFiles) {
    const path = file.path.slice(file.path.indexOf('/assets/'));
    assets.set(path, { contentType: 'text/javascript; charset=utf-8', body: file.contents });
  }
  return assets;
}

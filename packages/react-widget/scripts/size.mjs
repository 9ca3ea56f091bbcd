/**
 * Prints the size of the widget entry as a host app ships it: `src/index.ts` bundled for the
 * browser with everything it imports (the support client, the components, the texts), except
 * React and React DOM, minified, then gzipped. The zod schema the new-ticket form validates
 * with is loaded on demand (a separate chunk, printed too). Fails when the entry is over budget.
 *
 *   pnpm --filter @ticketkit/react-widget size
 */
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const BUDGET_BYTES = 25 * 1024;

const result = await build({
  entryPoints: { widget: new URL('../src/index.ts', import.meta.url).pathname },
  bundle: true,
  splitting: true,
  outdir: 'virtual',
  absWorkingDir: '/',
  minify: true,
  write: false,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  conditions: ['dev-source'],
  jsx: 'automatic',
  external: ['react', 'react-dom', 'react/jsx-runtime', 'react-dom/client'],
  define: { 'process.env.NODE_ENV': '"production"' },
  legalComments: 'none',
  metafile: true,
  logLevel: 'error',
});
const kB = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;
const sizes = (file) => {
  const contents = file.contents;
  return { min: contents.length, gzip: gzipSync(contents, { level: 9 }).length };
};
// The entry and every chunk it imports statically (what loads before the widget renders).
const outputs = result.metafile.outputs;
const byPath = new Map(
  result.outputFiles.map((file) => [file.path.slice(file.path.indexOf('virtual/')), file]),
);
const entryPath = Object.keys(outputs).find((path) => outputs[path].entryPoint !== undefined);
const eager = new Set();
const visit = (path) => {
  if (eager.has(path)) return;
  eager.add(path);
  for (const imported of outputs[path].imports)
    if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
};
visit(entryPath);
let eagerMin = 0;
let eagerGzip = 0;
for (const path of eager) {
  const size = sizes(byPath.get(path));
  eagerMin += size.min;
  eagerGzip += size.gzip;
}
let lazyMin = 0;
let lazyGzip = 0;
for (const [path, file] of byPath) {
  if (eager.has(path)) continue;
  const size = sizes(file);
  lazyMin += size.min;
  lazyGzip += size.gzip;
}
console.log(
  `widget entry (@ticketkit/react-widget, React excluded): ${kB(eagerMin)} min, ${kB(eagerGzip)} min+gzip (budget ${kB(BUDGET_BYTES)})`,
);
console.log(
  `form schema chunk, loaded when the new-request form opens: ${kB(lazyMin)} min, ${kB(lazyGzip)} min+gzip`,
);
if (eagerGzip > BUDGET_BYTES) {
  console.error(`Over budget by ${kB(eagerGzip - BUDGET_BYTES)}`);
  process.exit(1);
}

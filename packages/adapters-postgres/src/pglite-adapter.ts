import type { PGlite } from '@electric-sql/pglite';
import { pgliteDriver } from './driver/pglite-driver';
import { createPostgresStorage, type PostgresStorage } from './postgres-storage';

/** Options of {@link pgliteAdapter}: a PGlite database of yours, or a folder for one the adapter opens. */
export type PgliteAdapterOptions =
  | {
      /**
       * Your PGlite database; the adapter never closes it. Load pg_trgm into it
       * (`extensions: { pg_trgm }`) before `migrate()` for indexed subject search.
       */
      db: PGlite;
      /** The schema of ticketkit's tables; default `ticketkit`. */
      schema?: string;
    }
  | {
      /**
       * Where the adapter opens its own PGlite database (on first use): a folder path (kept
       * across restarts; `capabilities.durable` is true; missing parent folders are created),
       * or `memory://` (the default) for a database that lives as long as the process.
       * `close()` closes it.
       */
      dataDir?: string;
      /** The schema of ticketkit's tables; default `ticketkit`. */
      schema?: string;
    };

/**
 * ticketkit storage on PGlite (`@electric-sql/pglite`): embedded Postgres in WebAssembly,
 * zero setup, for demos, tests and single-process apps. The same SQL as
 * {@link postgresAdapter}; PGlite has one connection, so transactions run one at a time.
 * Call `migrate()` once at startup.
 *
 * @example
 * ```ts
 * const storage = pgliteAdapter({ dataDir: './.data/ticketkit' });
 * await storage.migrate();
 * const desk = createTicketing({ storage });
 * ```
 */
export function pgliteAdapter(options: PgliteAdapterOptions = {}): PostgresStorage {
  if ('db' in options) {
    const { db } = options;
    const driver = pgliteDriver(async () => db, false);
    return createPostgresStorage(driver, options.schema, isOnDisk(db.dataDir));
  }
  const { dataDir } = options;
  const driver = pgliteDriver(() => openPglite(dataDir), true);
  return createPostgresStorage(driver, options.schema, isOnDisk(dataDir));
}

/** Whether a PGlite data directory keeps data across restarts (not `memory://`, not unset). */
function isOnDisk(dataDir: string | undefined): boolean {
  return dataDir !== undefined && dataDir !== '' && !dataDir.startsWith('memory://');
}

async function openPglite(dataDir: string | undefined): Promise<PGlite> {
  const [{ PGlite }, { pg_trgm }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite/contrib/pg_trgm'),
  ]);
  const folder = folderOf(dataDir);
  // PGlite creates the data folder itself, but not the folders above it.
  if (folder !== null) {
    const [{ mkdir }, { dirname }] = await Promise.all([import('node:fs/promises'), import('node:path')]);
    await mkdir(dirname(folder), { recursive: true });
  }
  return PGlite.create(dataDir ?? 'memory://', { extensions: { pg_trgm } });
}

/** The file-system folder of a data directory (a path or `file://` URL); null for `memory://`, `idb://` and the like. */
function folderOf(dataDir: string | undefined): string | null {
  if (dataDir === undefined || dataDir === '') return null;
  if (dataDir.startsWith('file://')) return dataDir.slice('file://'.length);
  return dataDir.includes('://') ? null : dataDir;
}

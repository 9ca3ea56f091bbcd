import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A throwaway PostgreSQL server for the tests: Debian's PostgreSQL binaries, a cluster
 * initialized in a temp folder, listening on 127.0.0.1 on a free port, removed by `stop`.
 * When the binaries are missing and we run as root with apt-get, it installs Debian's
 * `postgresql` package first (what CI and a fresh machine need).
 */
export interface TestServer {
  /** A connection string for the `postgres` superuser. */
  readonly url: string;
  /** Stops the server and deletes its folder. */
  stop(): void;
}

const PACKAGE_ROOT = '/usr/lib/postgresql';

/** The bin folder of the newest installed Debian PostgreSQL, or null. */
export function findPostgresBin(): string | null {
  if (!existsSync(PACKAGE_ROOT)) return null;
  const versions = readdirSync(PACKAGE_ROOT)
    .filter((name) => /^\d+$/.test(name) && existsSync(join(PACKAGE_ROOT, name, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? null : join(PACKAGE_ROOT, versions[0], 'bin');
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** Installs Debian's postgresql package with apt-get (root only). */
function installPostgres(): void {
  if (!isRoot() || spawnSync('apt-get', ['--version']).status !== 0) {
    throw new Error(
      "PostgreSQL is not installed: set DATABASE_URL to a server for the tests, or install Debian's " +
        '`postgresql` package (apt-get install postgresql); as root, the tests install it themselves.',
    );
  }
  console.log('[postgres tests] installing Debian postgresql with apt-get (first run only)...');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'postgresql'], {
    stdio: 'inherit',
    env,
  });
}

/** A TCP port nobody listens on right now. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Runs a PostgreSQL binary, as the `postgres` user when we are root (initdb refuses root). */
function runAs(bin: string, program: string, args: string[]): void {
  const command = join(bin, program);
  const result = isRoot()
    ? spawnSync('runuser', ['-u', 'postgres', '--', command, ...args], { encoding: 'utf8' })
    : spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`${program} failed (${result.status}): ${result.stderr || result.stdout}`);
  }
}

/**
 * Starts a fresh server; installs PostgreSQL first when needed and allowed. `durable: true`
 * keeps PostgreSQL's default durability (fsync, synchronous commit), for benchmarks; tests
 * turn it off (the folder is thrown away).
 */
export async function startTestServer(options: { durable?: boolean } = {}): Promise<TestServer> {
  let bin = findPostgresBin();
  if (bin === null) {
    installPostgres();
    bin = findPostgresBin();
    if (bin === null)
      throw new Error('PostgreSQL binaries not found after installing the postgresql package');
  }
  const folder = mkdtempSync(join(tmpdir(), 'ticketkit-pg-'));
  const data = join(folder, 'data');
  if (isRoot()) {
    chownSync(folder, uidOf('postgres'), gidOf('postgres'));
  }
  chmodSync(folder, 0o700);
  const passwordFile = join(folder, 'pw');
  writeFileSync(passwordFile, 'ticketkit\n');
  if (isRoot()) chownSync(passwordFile, uidOf('postgres'), gidOf('postgres'));
  runAs(bin, 'initdb', [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=scram-sha-256',
    `--pwfile=${passwordFile}`,
    '--encoding=UTF8',
    '--locale=C.UTF-8',
    ...(options.durable === true ? [] : ['--no-sync']),
  ]);
  const port = await freePort();
  // Test settings: durability off (the folder is thrown away), room for several pools.
  const serverOptions = [
    `-p ${port}`,
    `-k ${folder}`,
    "-c listen_addresses='127.0.0.1'",
    ...(options.durable === true
      ? []
      : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
    '-c max_connections=200',
  ].join(' ');
  runAs(bin, 'pg_ctl', [
    '-D',
    data,
    '-l',
    join(folder, 'server.log'),
    '-o',
    serverOptions,
    '-w',
    '-t',
    '60',
    'start',
  ]);
  let stopped = false;
  return {
    url: `postgres://postgres:ticketkit@127.0.0.1:${port}/postgres`,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        runAs(bin, 'pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    },
  };
}

function uidOf(user: string): number {
  return Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
}

function gidOf(user: string): number {
  return Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());
}

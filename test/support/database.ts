/**
 * A fresh database per test file on a real Postgres: the server in
 * `DATABASE_URL` (CI and developer machines), or an embedded one when that
 * is unset. The database is dropped when the test file ends.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { PROJECT_ROOT } from '../../src/bootstrap.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/db/embedded.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createPool } from '../../src/db/pool.ts';
import { createLogger } from '../../src/logger.ts';

export interface TestDatabase {
  url: string;
  pool: pg.Pool;
  drop(): Promise<void>;
}

let embedded: { server: Promise<EmbeddedDatabase>; users: number } | null = null;

/** Starts the embedded server once per test process; the last user stops it, so the process can exit. */
async function serverUrlFor(): Promise<{ url: string; release: () => Promise<void> }> {
  if (process.env.DATABASE_URL) {
    return { url: process.env.DATABASE_URL, release: async () => {} };
  }

  embedded ??= { server: startEmbeddedPostgres(path.join(PROJECT_ROOT, '.data'), createLogger('silent')), users: 0 };
  embedded.users += 1;
  const current = embedded;
  const server = await current.server;

  return {
    url: server.url,
    async release() {
      current.users -= 1;
      if (current.users === 0 && embedded === current) {
        embedded = null;
        await server.stop();
      }
    },
  };
}

export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const logger = createLogger('silent');
  const { url: serverUrl, release } = await serverUrlFor();
  const name = `gulema_test_${randomBytes(6).toString('hex')}`;

  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();

  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const pool = createPool({ connectionString: url.toString(), ssl: false, max: 10 });
  // Tests that cut or terminate connections on purpose must not end the test process.
  pool.on('error', () => {});
  if (options.migrate !== false) {
    await migrate(pool, logger);
  }

  return {
    url: url.toString(),
    pool,
    async drop() {
      await pool.end();
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      // Pools being closed elsewhere (pg-boss, the app's) get a moment to hang up: FORCE would terminate
      // their idle connections, and a pool without an error listener turns that into an uncaught error.
      for (let attempt = 0; attempt < 40; attempt += 1) {
        const open = await cleanup.query<{ count: string }>('SELECT count(*) FROM pg_stat_activity WHERE datname = $1', [name]);
        if (open.rows[0]?.count === '0') break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
      await release();
    },
  };
}

/**
 * A fresh, migrated database `gulema_bench_<random>` on the Postgres in
 * DATABASE_URL, dropped when the benchmark ends, plus the queries the
 * benchmark uses to watch the outbox drain.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate } from '../../src/db/migrate.ts';
import { createPool } from '../../src/db/pool.ts';
import { createLogger } from '../../src/logger.ts';

export const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchDatabase {
  name: string;
  url: string;
  pool: pg.Pool;
  serverVersion: string;
  drop(): Promise<void>;
}

export async function createBenchDatabase(serverUrl: string): Promise<BenchDatabase> {
  const host = new URL(serverUrl).hostname;
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '[::1]') {
    throw new Error(`DATABASE_URL points at ${host}; the benchmark only runs against a Postgres on this machine`);
  }

  const name = `gulema_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const version = await admin.query<{ server_version: string }>('SHOW server_version');
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();

  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const pool = createPool({ connectionString: url.toString(), ssl: false, max: 4 });
  await migrate(pool, createLogger('silent'));

  return {
    name,
    url: url.toString(),
    pool,
    serverVersion: version.rows[0]?.server_version ?? 'unknown',
    async drop() {
      await pool.end();
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}

export interface OutboxCounts {
  pending: number;
  sent: number;
  failed: number;
  reply: number;
  push: number;
}

export async function countOutbox(pool: pg.Pool): Promise<OutboxCounts> {
  const result = await pool.query<{ status: string; sent_via: string | null; count: string }>(
    'SELECT status, sent_via, count(*) AS count FROM outbox GROUP BY status, sent_via',
  );
  const counts: OutboxCounts = { pending: 0, sent: 0, failed: 0, reply: 0, push: 0 };
  for (const row of result.rows) {
    const count = Number(row.count);
    if (row.status === 'pending' || row.status === 'sent' || row.status === 'failed') {
      counts[row.status] += count;
    }
    if (row.sent_via === 'reply' || row.sent_via === 'push') {
      counts[row.sent_via] += count;
    }
  }
  return counts;
}

/** Polls until no outbox row is pending or `timeoutMs` passes; returns the time it took. */
export async function waitForOutboxDrain(pool: pg.Pool, timeoutMs: number): Promise<{ drainedMs: number; counts: OutboxCounts }> {
  const started = performance.now();
  for (;;) {
    const counts = await countOutbox(pool);
    if (counts.pending === 0 || performance.now() - started > timeoutMs) {
      return { drainedMs: performance.now() - started, counts };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

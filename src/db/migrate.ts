/**
 * Versioned SQL migrations: `migrations/NNNN_name.sql`, applied in order,
 * each in its own transaction and recorded in `schema_migrations`. An
 * advisory lock keeps two processes starting at once from racing.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import type { Logger } from '../logger.ts';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Arbitrary constant shared by every gulema process. */
const MIGRATION_LOCK_KEY = 7_420_001;

interface Migration {
  version: number;
  name: string;
  file: string;
}

export async function listMigrations(): Promise<Migration[]> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((file) => file.endsWith('.sql')).sort();

  return files.map((file) => {
    const match = /^(\d{4})_([a-z0-9_]+)\.sql$/.exec(file);
    if (!match) {
      throw new Error(`migration file name ${file} must look like 0001_name.sql`);
    }
    return { version: Number(match[1]), name: match[2]!, file: path.join(MIGRATIONS_DIR, file) };
  });
}

/** Applies pending migrations; returns the versions applied. */
export async function migrate(pool: pg.Pool, logger: Logger): Promise<number[]> {
  const client = await pool.connect();
  const applied: number[] = [];

  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);

    const done = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((row) => row.version));

    for (const migration of await listMigrations()) {
      if (done.has(migration.version)) {
        continue;
      }

      const sql = await readFile(migration.file, 'utf8');
      await client.query('BEGIN');
      try {
        await client.query(sql);
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${path.basename(migration.file)} failed: ${(error as Error).message}`, { cause: error });
      }

      logger.info({ version: migration.version, name: migration.name }, 'migration applied');
      applied.push(migration.version);
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
    client.release();
  }

  return applied;
}

/**
 * The database-only reference: pgbench running a transaction of the same
 * shape as gulema's per-event one (src/conversation/runtime.ts): BEGIN,
 * claim the event id and lock the chat row in one statement, store the
 * snapshot and insert the outbox row in one statement, COMMIT. The
 * snapshot and intents are copied from rows the gulema run just wrote, so
 * the JSON sizes match.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type pg from 'pg';

const run = promisify(execFile);

export interface PgbenchResult {
  tps: number;
  latencyAverageMs: number;
  transactions: number;
  command: string;
}

export interface PgbenchOptions {
  databaseUrl: string;
  pool: pg.Pool;
  workDir: string;
  clients: number;
  threads: number;
  seconds: number;
  userCount: number;
}

export async function runPgbench(options: PgbenchOptions): Promise<PgbenchResult> {
  const sample = await sampleRows(options.pool);
  const scriptFile = path.join(options.workDir, 'event-transaction.sql');
  writeFileSync(scriptFile, buildScript(sample, options.userCount));

  const args = ['-n', '-c', String(options.clients), '-j', String(options.threads), '-T', String(options.seconds), '-f', scriptFile, options.databaseUrl];
  const { stdout } = await run('pgbench', args, { timeout: (options.seconds + 30) * 1000 });

  const number = (pattern: RegExp) => Number(pattern.exec(stdout)?.[1] ?? Number.NaN);
  return {
    tps: number(/^tps = ([\d.]+)/m),
    latencyAverageMs: number(/^latency average = ([\d.]+) ms/m),
    transactions: number(/^number of transactions actually processed: (\d+)/m),
    // The script lives in the run's temporary folder, which is deleted afterwards, so the page names the file alone.
    command: `pgbench ${args.slice(0, -2).join(' ')} ${path.basename(scriptFile)} <bench database>`,
  };
}

interface SampleRows {
  snapshot: string;
  preferences: string;
  intents: string;
}

/** A dialogue snapshot and a quote card's intents as gulema stored them. */
async function sampleRows(pool: pg.Pool): Promise<SampleRows> {
  const chat = await pool.query<{ snapshot: string; preferences: string }>(
    'SELECT snapshot::text AS snapshot, preferences::text AS preferences FROM chats WHERE snapshot IS NOT NULL LIMIT 1',
  );
  const outbox = await pool.query<{ intents: string }>(
    'SELECT intents::text AS intents FROM outbox ORDER BY length(intents::text) DESC LIMIT 1',
  );
  return {
    snapshot: chat.rows[0]?.snapshot ?? '{}',
    preferences: chat.rows[0]?.preferences ?? '{}',
    intents: outbox.rows[0]?.intents ?? '[]',
  };
}

function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * pgbench sends each statement as its own round trip, so the four lines
 * below are the same four round trips gulema makes per event.
 */
function buildScript(sample: SampleRows, userCount: number): string {
  return `\\set uid random(1, ${userCount})
BEGIN;
WITH claim AS (
  INSERT INTO processed_events (event_id, chat_id) VALUES (gen_random_uuid()::text, 'Upgbench' || :uid)
  ON CONFLICT (event_id) DO NOTHING RETURNING 1
)
INSERT INTO chats (chat_id, chat_type) SELECT 'Upgbench' || :uid, 'user' WHERE EXISTS (SELECT 1 FROM claim)
ON CONFLICT (chat_id) DO UPDATE SET chat_id = EXCLUDED.chat_id
RETURNING machine_id, machine_version, snapshot, dialogue_at, last_event_at, followed, preferences;
WITH saved AS (
  UPDATE chats SET machine_id = 'quote', machine_version = 1, snapshot = ${literal(sample.snapshot)}::jsonb,
    dialogue_at = now(), last_event_at = GREATEST(last_event_at, now()), followed = true,
    unfollowed_at = NULL, preferences = ${literal(sample.preferences)}::jsonb,
    revision = revision + 1, updated_at = now()
  WHERE chat_id = 'Upgbench' || :uid
)
INSERT INTO outbox (chat_id, chat_type, event_id, reply_token, received_at, intents, retry_key)
SELECT 'Upgbench' || :uid, 'user', gen_random_uuid()::text, md5(random()::text), now(), ${literal(sample.intents)}::jsonb, gen_random_uuid()
RETURNING id;
COMMIT;
`;
}

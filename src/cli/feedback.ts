/**
 * `npm run feedback [-- --limit N]`: prints stored 意見回饋 for the
 * operator, newest first. Uses `DATABASE_URL`, or the embedded Postgres of
 * local mode when it is unset.
 */
import path from 'node:path';
import { PROJECT_ROOT } from '../bootstrap.ts';
import { startEmbeddedPostgres } from '../db/embedded.ts';
import { createPool } from '../db/pool.ts';
import { createLogger } from '../logger.ts';

interface FeedbackRow {
  id: string;
  user_hash: string;
  chat_type: string;
  text: string;
  created_at: Date;
}

function parseLimit(argv: string[]): number {
  const index = argv.indexOf('--limit');
  if (index === -1) {
    return 50;
  }
  const value = Number(argv[index + 1]);
  if (!Number.isInteger(value) || value < 1 || value > 10_000) {
    console.error('feedback: --limit must be an integer from 1 to 10000');
    process.exit(2);
  }
  return value;
}

const limit = parseLimit(process.argv.slice(2));
const logger = createLogger('warn');
// An embedded Postgres started here is stopped at the end; one that a running server owns is left alone.
const embedded = process.env.DATABASE_URL
  ? null
  : await startEmbeddedPostgres(path.join(PROJECT_ROOT, '.data'), logger).catch((error: unknown) => {
      console.error(`feedback: ${(error as Error).message}`);
      process.exit(1);
    });
const databaseUrl = process.env.DATABASE_URL || embedded!.url;
const pool = createPool({ connectionString: databaseUrl, ssl: /sslmode=require/.test(databaseUrl) || process.env.DYNO !== undefined, max: 1 });

try {
  const result = await pool.query<FeedbackRow>('SELECT id, user_hash, chat_type, text, created_at FROM feedback ORDER BY created_at DESC, id DESC LIMIT $1', [limit]);
  if (result.rows.length === 0) {
    console.log('No feedback stored yet.');
  }
  for (const row of result.rows) {
    const when = row.created_at.toLocaleString('sv-SE', { timeZone: 'Asia/Taipei' });
    console.log(`#${row.id}  ${when} (Asia/Taipei)  user ${row.user_hash.slice(0, 12)}  chat type ${row.chat_type}\n${row.text}\n`);
  }
} catch (error) {
  console.error(`feedback: could not read feedback: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await pool.end();
  await embedded?.stop();
}

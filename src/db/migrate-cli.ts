/**
 * `npm run migrate`: applies pending migrations and exits. Heroku runs it in
 * the release phase, before new dynos start.
 */
import path from 'node:path';
import { PROJECT_ROOT } from '../bootstrap.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { createLogger } from '../logger.ts';
import { startEmbeddedPostgres } from './embedded.ts';
import { migrate } from './migrate.ts';
import { createPool } from './pool.ts';

let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`gulema: configuration error: ${error.message}`);
    process.exit(1);
  }
  throw error;
}

const logger = createLogger(config.logLevel);
const embedded = config.databaseUrl === null ? await startEmbeddedPostgres(path.join(PROJECT_ROOT, '.data'), logger) : null;
const pool = createPool({ connectionString: config.databaseUrl ?? embedded!.url, ssl: config.databaseSsl, max: 1 });

try {
  const applied = await migrate(pool, logger);
  logger.info({ applied }, applied.length > 0 ? 'migrations applied' : 'database already up to date');
} catch (error) {
  logger.fatal({ err: error }, 'migration failed');
  process.exitCode = 1;
} finally {
  await pool.end();
  await embedded?.stop();
}

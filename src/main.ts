/**
 * Entry point. `node src/main.ts` runs the web server and the job worker
 * in one process; `--web` or `--worker` runs one role, as Heroku's
 * Procfile does.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT, startGulema } from './bootstrap.ts';
import { ConfigError, loadConfig } from './config.ts';
import { isTransientDatabaseError } from './db/pool.ts';
import { createLogger } from './logger.ts';

/** Heroku sends SIGKILL 30 s after SIGTERM. */
const SHUTDOWN_LIMIT_MS = 25_000;

const args = new Set(process.argv.slice(2));
const roles = args.has('--web') || args.has('--worker') ? { web: args.has('--web'), worker: args.has('--worker') } : { web: true, worker: true };

let config;
try {
  const besideCheckout = path.resolve(PROJECT_ROOT, '..', 'shared', 'market-data');
  config = loadConfig(process.env, { localMarketDataDir: existsSync(besideCheckout) ? besideCheckout : null });
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`gulema: configuration error: ${error.message}`);
    process.exit(1);
  }
  throw error;
}

const logger = createLogger(config.logLevel);

// Local mode's fake LINE API lives inside one process: a worker started on its own would push chart and
// forecast replies into a fake that no chat reads, and a web role alone would queue jobs that nothing runs.
if (config.localMode && roles.web !== roles.worker) {
  console.error('gulema: --web and --worker need LINE credentials (LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN); in local mode run both roles in one process with `npm start`');
  process.exit(1);
}

if (config.localMode) {
  logger.warn('no LINE credentials set: running in local mode with a fake Messaging API on this machine only');
}

const gulema = await startGulema(config, roles, logger).catch((error: unknown) => {
  logger.fatal({ err: error }, 'start-up failed');
  if (config.localMode) {
    // Someone at a terminal reads this more easily than the JSON log line.
    console.error(`gulema: start-up failed: ${(error as Error).message}`);
  }
  if ((error as { code?: unknown }).code === 'EADDRINUSE') {
    console.error(`gulema: port ${config.port} is already in use; stop the other server or set PORT to a free port (PORT=0 picks any)`);
  }
  process.exit(1);
});

if (gulema.url && config.localMode) {
  console.log(`\ngulema is running in local mode at ${gulema.url}\nOpen the LINE simulator in a browser: ${gulema.url}/simulator\nOr talk to it from another terminal: npm run chat\n`);
}

let stopping = false;

// A terminal's Ctrl-C also reaches the embedded Postgres, which may close connections before the pools
// do; a pg client then emits an 'error' that has no listener. While stopping, that is expected, not a crash.
process.on('uncaughtException', (error) => {
  if (stopping && isTransientDatabaseError(error)) {
    logger.debug({ err: error }, 'database connection closed during shutdown');
    return;
  }
  logger.fatal({ err: error }, 'uncaught exception; exiting');
  process.exit(1);
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) {
      return;
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS).unref();
    const startedAt = Date.now();
    void gulema.stop().then(
      () => {
        logger.info({ ms: Date.now() - startedAt }, 'gulema stopped');
        if (config.localMode) {
          // As at start-up, the person at the terminal gets a plain line whatever LOG_LEVEL lets through.
          console.log('gulema stopped');
        }
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}

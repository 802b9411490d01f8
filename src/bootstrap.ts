/**
 * Starts gulema's parts from a validated configuration: database (embedded
 * when no `DATABASE_URL`), migrations, market data, the webhook server and
 * the job worker. `npm start` runs both roles in one process; Heroku runs
 * them as separate dynos.
 */
import { once } from 'node:events';
import type { Server } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { createApp } from './app.ts';
import { FAKE_LINE_PATH, type Config } from './config.ts';
import type { EnqueueJob } from './conversation/effects.ts';
import { createRuntime } from './conversation/runtime.ts';
import { migrate } from './db/migrate.ts';
import { createPool } from './db/pool.ts';
import { createDeliverer } from './delivery/outbox.ts';
import { createPushQuota } from './delivery/push-quota.ts';
import { CHART_RETRY_LIMIT, FORECAST_RETRY_LIMIT, QUEUES, startBoss } from './jobs/boss.ts';
import { createLineClient } from './line/client.ts';
import type { FakeLineApi } from './line/fake-api.ts';
import { renderIntents } from './line/render.ts';
import type { Logger } from './logger.ts';
import { hasHolidayList, taipeiDate } from './market/calendar.ts';
import { holdTradingCalendar } from './market/calendar-holder.ts';
import { createHttpClient } from './market/live/http.ts';
import { createMarketData } from './market/provider.ts';
import { startInspectorFromEnv } from './inspect/hook.ts';
import { holdDirectory } from './market/directory-holder.ts';
import { createNewsProvider } from './news/provider.ts';

/** How often the worker looks for outbox rows that a crash or a LINE outage left behind. */
const SWEEP_INTERVAL_MS = 5000;

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface Roles {
  web: boolean;
  worker: boolean;
}

export interface Gulema {
  /** The server's origin, when the web role runs. */
  url: string | null;
  fakeLine: FakeLineApi | null;
  deliverer: ReturnType<typeof createDeliverer>;
  pool: ReturnType<typeof createPool>;
  stop(): Promise<void>;
}

export async function startGulema(config: Config, roles: Roles, logger: Logger): Promise<Gulema> {
  const startedAt = Date.now();
  const stops: (() => Promise<void>)[] = [];
  let stopping = false;

  let databaseUrl = config.databaseUrl;
  // Modules that only one mode or role needs are imported when needed: a web process stays smaller without them.
  if (databaseUrl === null) {
    const { startEmbeddedPostgres } = await import('./db/embedded.ts');
    const embedded = await startEmbeddedPostgres(path.join(PROJECT_ROOT, '.data'), logger);
    stops.push(() => embedded.stop());
    databaseUrl = embedded.url;
  }

  const pool = createPool({ connectionString: databaseUrl, ssl: config.databaseSsl, max: config.databasePoolMax ?? defaultPoolMax(roles) });
  pool.on('error', (error) => {
    if (stopping) {
      logger.debug({ err: error }, 'idle database connection closed during shutdown');
      return;
    }
    logger.warn({ err: error }, 'idle database connection failed');
  });
  stops.push(() => pool.end());

  await migrate(pool, logger);

  // Before anything reads the trading calendar, so every process uses the stored holiday schedule.
  const calendar = await holdTradingCalendar(pool, logger);
  stops.push(async () => calendar.stop());

  const market = await createMarketData(config, logger, pool);
  const directory = await holdDirectory(market, logger);
  stops.push(async () => directory.stop());

  const news = createNewsProvider(config, logger, pool);

  const fakeLine = config.localMode ? (await import('./line/fake-api.ts')).createFakeLineApi({ channelAccessToken: config.lineChannelAccessToken, allowInsecureImageUrls: true }) : null;
  let apiBaseUrl = config.lineApiBaseUrl;
  if (apiBaseUrl === null && fakeLine) {
    // The SDK drops any path in its base URL, so the fake needs a server of its own.
    const fakeServer = await listenOnLoopback(fakeLine.router);
    stops.push(fakeServer.close);
    apiBaseUrl = fakeServer.url;
  }
  if (apiBaseUrl === null) {
    throw new Error('no LINE API base URL outside local mode');
  }
  const line = createLineClient({ channelAccessToken: config.lineChannelAccessToken, apiBaseUrl });
  stops.push(async () => line.close());
  let url: string | null = null;
  const publicUrl = () => config.baseUrl ?? url ?? `http://127.0.0.1:${config.port}`;
  if (!config.localMode && !config.baseUrl?.startsWith('https://')) {
    logger.warn({ baseUrl: config.baseUrl }, 'BASE_URL is not an https origin: LINE will reject chart images');
  }

  const deliverer = createDeliverer({
    quota: createPushQuota(pool, config.pushMonthlyLimit, logger),
    pool,
    line,
    logger,
    render: (intents) => renderIntents(intents, { market, news, now: Date.now(), logger, allowInsecureUrls: isLoopback(publicUrl()) }),
  });
  stops.push(() => deliverer.idle());

  // Web processes send chart jobs in their own transactions; only workers run handlers and cron.
  const boss = await startBoss({ connectionString: databaseUrl, ssl: config.databaseSsl, logger, schedule: roles.worker, max: roles.worker ? 4 : 2, stopping: () => stopping });
  stops.push(() => boss.stop({ graceful: true, timeout: 10_000 }));

  if (roles.worker) {
    const [{ startWorker }, { createChartWorker }, { createAlertChecker }, { createDigestSender }, { createForecastWorker }] = await Promise.all([
      import('./jobs/worker.ts'),
      import('./jobs/chart.ts'),
      import('./jobs/alerts.ts'),
      import('./jobs/digest.ts'),
      import('./jobs/forecast.ts'),
    ]);
    // Recorded market data runs offline, so only live data refreshes the holiday schedule.
    const refreshHolidays =
      config.marketData === 'live'
        ? (await import('./jobs/holidays.ts')).createHolidayRefresher({
            pool,
            http: createHttpClient({ logger: logger.child({ component: 'market' }), timeoutMs: config.marketHttpTimeoutMs ?? undefined }),
            twseBaseUrl: config.marketBaseUrls.twse,
            logger,
            reload: calendar.reload,
          })
        : undefined;
    await startWorker({
      boss,
      pool,
      deliverer,
      logger,
      refreshDirectory: directory.reload,
      refreshHolidays,
      handleChart: createChartWorker({ pool, market, deliverer, logger, publicUrl, retryLimit: CHART_RETRY_LIMIT }),
      checkAlerts: createAlertChecker({ pool, market, deliverer, logger }),
      sendDigests: createDigestSender({ pool, deliverer, logger }),
      handleForecast: createForecastWorker({ pool, market, deliverer, logger, publicUrl, retryLimit: FORECAST_RETRY_LIMIT, lstmEpochs: config.forecastLstmEpochs ?? undefined }),
    });

    // pg-boss cron runs at most once a minute; a reply token lasts about one, so the worker also polls.
    const sweepTimer = setInterval(() => {
      void deliverer.sweep().catch((error: unknown) => logger.error({ err: error }, 'outbox sweep failed'));
    }, SWEEP_INTERVAL_MS);
    sweepTimer.unref();
    stops.push(async () => clearInterval(sweepTimer));
    void deliverer.sweep().catch((error: unknown) => logger.error({ err: error }, 'start-up outbox sweep failed'));

    // Without this year's schedule the calendar takes holidays for trading days, so a refresh need not wait for the daily cron.
    if (refreshHolidays !== undefined && !hasHolidayList(Number(taipeiDate(Date.now()).slice(0, 4)))) {
      await boss.send(QUEUES.holidays, null);
    }
  }

  if (roles.web) {
    const enqueueJob: EnqueueJob = async (client, job) => {
      await boss.send(QUEUES[job.queue], job.data, { db: { executeSql: (text, values) => client.query(text, values) } });
    };
    const inspector = await startInspectorFromEnv(process.env, logger);
    if (inspector) {
      stops.push(() => inspector.close());
    }
    const runtime = createRuntime({
      pool,
      resolveStock: directory.resolve,
      logger,
      enqueueJob,
      feedbackHashKey: config.lineChannelSecret,
      feedbackFormUrl: config.feedbackFormUrl,
      inspector: inspector ?? undefined,
      referencePrice: async (code) => {
        const quote = await market.getQuote(code);
        return quote.price ?? quote.previousClose;
      },
    });
    const app = createApp({
      pool,
      runtime,
      deliverer,
      logger,
      channelSecret: config.lineChannelSecret,
      fakeLine: fakeLine ? { path: FAKE_LINE_PATH, router: fakeLine.router, api: fakeLine } : undefined,
    });

    // Local mode has no signature from LINE to trust and a fake API anyone could read, so it stays on loopback.
    const host = config.localMode ? '127.0.0.1' : '0.0.0.0';
    const server: Server = app.listen(config.port, host);
    await once(server, 'listening');
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    url = `http://127.0.0.1:${port}`;
    stops.push(() => closeServer(server));
    if (fakeLine) {
      // Ends the fake's long polls, which would otherwise hold the server open.
      stops.push(async () => fakeLine.dispose());
    }
  }

  logger.info({ roles, localMode: config.localMode, marketData: config.marketData, startMs: Date.now() - startedAt }, 'gulema started');

  return {
    url,
    fakeLine,
    deliverer,
    pool,
    async stop() {
      stopping = true;
      // Stop in reverse start order: server first, database last.
      for (const stop of stops.reverse()) {
        await stop().catch((error: unknown) => logger.warn({ err: error }, 'error while stopping'));
      }
    },
  };
}

function isLoopback(origin: string): boolean {
  const host = new URL(origin).hostname;
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
}

/**
 * Connections of the process's own pool. One web and one worker dyno then
 * open at most 8 + 2 and 4 + 4 with pg-boss's pools, which leaves two of
 * Heroku Essential-0's 20 connections for the release phase and
 * `heroku run`. The web role's batches use two connections at a time.
 */
function defaultPoolMax(roles: Roles): number {
  if (roles.web && roles.worker) {
    return 10;
  }
  return roles.web ? 8 : 4;
}

async function listenOnLoopback(router: express.Router): Promise<{ url: string; close: () => Promise<void> }> {
  const app = express();
  app.use(router);
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, close: () => closeServer(server) };
}

async function closeServer(server: Server): Promise<void> {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}

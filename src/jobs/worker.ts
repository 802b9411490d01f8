/** Registers the worker's job handlers with pg-boss. */
import type pg from 'pg';
import type { PgBoss } from 'pg-boss';
import type { ChartJobData, ForecastJobData } from '../conversation/effects.ts';
import type { Deliverer } from '../delivery/outbox.ts';
import { pruneFiles } from '../files/store.ts';
import type { Logger } from '../logger.ts';
import { QUEUES } from './boss.ts';
import type { ChartJob } from './chart.ts';
import type { ForecastJob } from './forecast.ts';
import type { HolidayRefreshResult } from './holidays.ts';

/**
 * How long the state and settings of a user who blocked the bot (or a group
 * that removed it) are kept, so an accidental block can be undone.
 */
export const UNFOLLOWED_RETENTION_DAYS = 30;

export interface WorkerOptions {
  boss: PgBoss;
  pool: pg.Pool;
  deliverer: Deliverer;
  logger: Logger;
  handleChart: (job: ChartJob) => Promise<void>;
  handleForecast: (job: ForecastJob) => Promise<void>;
  checkAlerts: (now: number) => Promise<{ checked: number; triggered: number }>;
  sendDigests: (now: number) => Promise<number>;
  /** Loads the securities directory from its source, refreshing the shared cache. */
  refreshDirectory: () => Promise<number>;
  /** Fetches and stores TWSE's holiday schedule; absent with recorded market data, which must not reach the network. */
  refreshHolidays?: () => Promise<HolidayRefreshResult>;
}

export async function startWorker(options: WorkerOptions): Promise<void> {
  const { boss, pool, deliverer, logger } = options;

  await boss.work(QUEUES.outboxSweep, async ([job]) => {
    const sent = await deliverer.sweep();
    if (sent > 0) {
      logger.info({ jobId: job?.id, sent }, 'outbox sweep delivered pending messages');
    }
  });

  await boss.work(QUEUES.prune, async ([job]) => {
    const events = await pool.query("DELETE FROM processed_events WHERE processed_at < now() - interval '7 days'");
    const rows = await pool.query("DELETE FROM outbox WHERE status <> 'pending' AND created_at < now() - interval '7 days'");
    const files = await pruneFiles(pool);
    const chats = await pool.query(`DELETE FROM chats WHERE NOT followed AND unfollowed_at < now() - make_interval(days => $1)`, [UNFOLLOWED_RETENTION_DAYS]);
    logger.info({ jobId: job?.id, events: events.rowCount, outbox: rows.rowCount, files, chats: chats.rowCount }, 'pruned old event ids, messages, files and unfollowed chats');
  });

  await boss.work(QUEUES.alertCheck, async ([job]) => {
    const result = await options.checkAlerts(Date.now());
    if (result.triggered > 0) {
      logger.info({ jobId: job?.id, ...result }, 'alerts checked');
    }
  });

  await boss.work(QUEUES.digest, async () => {
    await options.sendDigests(Date.now());
  });

  await boss.work(QUEUES.directory, async ([job]) => {
    const securities = await options.refreshDirectory();
    logger.info({ jobId: job?.id, securities }, 'securities directory refreshed');
  });

  await boss.work(QUEUES.holidays, async ([job]) => {
    if (options.refreshHolidays === undefined) {
      logger.debug({ jobId: job?.id }, 'holiday refresh skipped: recorded market data');
      return;
    }

    const result = await options.refreshHolidays();
    logger.info({ jobId: job?.id, ...result }, 'holiday schedule refresh finished');
  });

  // One chart at a time per worker: rendering is CPU-bound, and two would only share the same core.
  // pg-boss waits a full polling interval after a batch of one, so a short interval drains a backlog.
  await boss.work<ChartJobData>(QUEUES.chart, { batchSize: 1, localConcurrency: 1, pollingIntervalSeconds: 1, notifyPollingIntervalSeconds: 1 }, async ([job]) => {
    if (job) {
      await options.handleChart({ id: job.id, data: job.data, retryCount: job.retryCount });
    }
  });

  // One forecast at a time per worker process: training takes a whole core and up to ~400 MB.
  await boss.work<ForecastJobData>(QUEUES.forecast, { batchSize: 1, localConcurrency: 1, pollingIntervalSeconds: 1, notifyPollingIntervalSeconds: 1 }, async ([job]) => {
    if (job) {
      await options.handleForecast({ id: job.id, data: job.data, retryCount: job.retryCount });
    }
  });
}

/**
 * pg-boss set-up: the queues, their policies, and the cron schedules. The
 * worker process (or `npm start`, which runs web and worker together)
 * registers the handlers.
 */
import { PgBoss } from 'pg-boss';
import { isTransientDatabaseError } from '../db/pool.ts';
import type { Logger } from '../logger.ts';

export const QUEUES = {
  /** Delivers outbox rows that a crash or a LINE outage left pending. */
  outboxSweep: 'outbox-sweep',
  /** Deletes old processed-event ids, delivered outbox rows and expired files. */
  prune: 'prune',
  /** Reloads the securities directory from the exchanges' listings once a day. */
  directory: 'directory-refresh',
  /** Fetches TWSE's holiday schedule of this year and the next once a day. */
  holidays: 'holiday-refresh',
  /** Renders 技術分析 and 歷史資料 charts; a user waits on it, so workers are woken by NOTIFY. */
  chart: 'chart',
  /** Checks 到價提醒 every minute of the trading session. */
  alertCheck: 'alert-check',
  /** Pushes 每日收盤摘要 after the close. */
  digest: 'digest',
  /** Trains and runs 機器學習預測 models; a user waits on it too. */
  forecast: 'forecast',
} as const;

/** Retries of a forecast job before the user gets an apology; training is deterministic, so one retry is enough. */
export const FORECAST_RETRY_LIMIT = 1;

/** Retries of a chart job before the user gets an apology. */
export const CHART_RETRY_LIMIT = 2;

export interface BossOptions {
  connectionString: string;
  ssl: boolean;
  logger: Logger;
  /** Worker processes run cron schedules and maintenance; web processes only send jobs. */
  schedule: boolean;
  /** Connections of pg-boss's own pool; 4 when unset. */
  max?: number;
  /** True once the process has begun to stop. */
  stopping?: () => boolean;
}

export async function startBoss(options: BossOptions): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: options.connectionString,
    ssl: options.ssl ? { rejectUnauthorized: false } : undefined,
    schema: 'pgboss',
    useListenNotify: true,
    schedule: options.schedule,
    supervise: options.schedule,
    // Expired jobs of a dead worker are found within seconds, not the default minute.
    superviseIntervalSeconds: 5,
    monitorIntervalSeconds: 5,
    max: options.max ?? 4,
  });

  boss.on('error', (error) => {
    // Connections closing while the process stops are expected, not failures.
    if (options.stopping?.() && isTransientDatabaseError(error)) {
      options.logger.debug({ err: error }, 'pg-boss connection closed during shutdown');
      return;
    }
    options.logger.error({ err: error }, 'pg-boss error');
  });
  boss.on('warning', (warning) => options.logger.warn({ warning }, 'pg-boss warning'));

  await boss.start();

  await boss.createQueue(QUEUES.outboxSweep, { policy: 'singleton', expireInSeconds: 120, retryLimit: 0 });
  await boss.createQueue(QUEUES.prune, { policy: 'singleton', expireInSeconds: 300, retryLimit: 2 });
  // A check that overran its minute is dropped rather than queued behind the next one.
  await boss.createQueue(QUEUES.alertCheck, { policy: 'singleton', expireInSeconds: 55, retryLimit: 0 });
  await boss.createQueue(QUEUES.digest, { policy: 'singleton', expireInSeconds: 600, retryLimit: 2, retryDelay: 60 });
  await boss.createQueue(QUEUES.directory, { policy: 'singleton', expireInSeconds: 300, retryLimit: 3, retryDelay: 60 });
  await boss.createQueue(QUEUES.holidays, { policy: 'singleton', expireInSeconds: 120, retryLimit: 2, retryDelay: 300 });
  // The LSTM needs up to about 30 s on two loaded cores; past two minutes something is wrong.
  // Heartbeats let a dead worker's job go to another worker after 10 s (pg-boss's minimum) instead of at expiry.
  const forecastQueue = { notify: true, expireInSeconds: 120, heartbeatSeconds: 10, retryLimit: FORECAST_RETRY_LIMIT, retryDelay: 1, retentionSeconds: 3600 };
  const chartQueue = { notify: true, expireInSeconds: 60, heartbeatSeconds: 10, retryLimit: CHART_RETRY_LIMIT, retryDelay: 1, retentionSeconds: 3600 };
  await boss.createQueue(QUEUES.forecast, forecastQueue);
  await boss.createQueue(QUEUES.chart, chartQueue);
  // createQueue leaves an existing queue as it was; databases made by an older release need the new settings.
  await boss.updateQueue(QUEUES.forecast, forecastQueue);
  await boss.updateQueue(QUEUES.chart, chartQueue);

  if (options.schedule) {
    await boss.schedule(QUEUES.outboxSweep, '* * * * *', null, { tz: 'Asia/Taipei' });
    await boss.schedule(QUEUES.prune, '17 4 * * *', null, { tz: 'Asia/Taipei' });
    // 09:00–13:59 on weekdays; the job itself skips holidays and the minutes after 13:30.
    await boss.schedule(QUEUES.alertCheck, '* 9-13 * * 1-5', null, { tz: 'Asia/Taipei' });
    await boss.schedule(QUEUES.digest, '5 14 * * 1-5', null, { tz: 'Asia/Taipei' });
    // Before the 09:00 open, after the exchanges publish the previous day's listings.
    await boss.schedule(QUEUES.directory, '30 7 * * *', null, { tz: 'Asia/Taipei' });
    await boss.schedule(QUEUES.holidays, '45 7 * * *', null, { tz: 'Asia/Taipei' });
  }

  return boss;
}

/**
 * The forecast job: load about four years of daily bars, train and
 * backtest the chosen model, and answer with the forecast, the backtest
 * next to the naive forecast, charts and a disclaimer. Results are cached
 * until the next close; a second request for the same stock, model and
 * data waits for the running one (an advisory lock) and reads its result.
 */
import type pg from 'pg';
import type { Intent, Shortcut } from '../../machines/intents.ts';
import type { ForecastJobData } from '../conversation/effects.ts';
import type { Deliverer } from '../delivery/outbox.ts';
import { saveImage } from '../files/store.ts';
import type { ForecastResult } from '../forecast/index.ts';
import type { Logger } from '../logger.ts';
import { nextClose, taipeiDate } from '../market/calendar.ts';
import { MarketDataError, type Bar, type MarketData } from '../market/types.ts';
import { queueJobAnswer } from './answer.ts';
import { loadDailyBars, shiftMonths } from './chart-data.ts';
import { forecastChart, forecastText, lossChart } from './forecast-content.ts';

export interface ForecastJob {
  id: string;
  data: ForecastJobData;
  retryCount: number;
}

export interface ForecastWorkerOptions {
  pool: pg.Pool;
  market: MarketData;
  deliverer: Deliverer;
  logger: Logger;
  publicUrl: () => string;
  retryLimit: number;
  /** Caps LSTM epochs; tests set it low to stay fast. */
  lstmEpochs?: number;
  /** A forecast still training after this long is abandoned with an apology. */
  timeLimitMs?: number;
  now?: () => number;
}

/** The random forest uses about three years; four leave room for indicator warm-up. */
const HISTORY_MONTHS = 48;

export const FORECAST_FAILED_TEXT = '預測失敗，請稍後再試。';
export const FORECAST_TIMEOUT_TEXT = '預測花費的時間超過上限，已經停止。請稍後再試，或改用隨機森林。';

class ForecastTimeout extends Error {}

export function createForecastWorker(options: ForecastWorkerOptions) {
  const now = options.now ?? Date.now;
  const timeLimitMs = options.timeLimitMs ?? 90_000;

  return async function handleForecastJob(job: ForecastJob): Promise<void> {
    const { data } = job;
    const { stock, model } = data.forecast;
    const log = options.logger.child({ jobId: job.id, chatId: data.chatId, eventId: data.eventId });
    const startedAt = now();

    let intents: Intent[];
    try {
      intents = await answer(data, log);
    } catch (error) {
      const final = error instanceof MarketDataError || error instanceof ForecastTimeout || job.retryCount >= options.retryLimit;
      if (!final) {
        log.warn({ err: error, attempt: job.retryCount + 1 }, 'forecast job failed; pg-boss will retry');
        throw error;
      }
      log.error({ err: error, attempt: job.retryCount + 1 }, 'forecast job failed; apologising to the user');
      intents = [{ type: 'say', text: failureText(error, data), shortcuts: shortcutsFor(data) }];
    }

    const outboxId = await queueJobAnswer(options.pool, job.id, data, intents);
    log.info({ model, code: stock.code, ms: now() - startedAt }, 'forecast job finished; reply queued');
    await options.deliverer.deliver(outboxId);
  };

  async function answer(data: ForecastJobData, log: Logger): Promise<Intent[]> {
    const { stock, model } = data.forecast;
    const today = taipeiDate(now());
    const series = await loadDailyBars(options.market, stock.code, shiftMonths(today, -HISTORY_MONTHS), today);
    const bars = series.bars.slice(-Math.round(HISTORY_MONTHS * 21));
    if (bars.length < 120) {
      throw new MarketDataError('notFound', `only ${bars.length} daily bars for ${stock.code}`);
    }

    const key = `forecast:v1:${model}:${stock.code}:${bars.at(-1)!.date}:${options.lstmEpochs ?? 'default'}`;
    const result = await withLock(key, async () => (await readCached(key)) ?? (await compute(key, bars, model, log)));

    const base = options.publicUrl();
    const charts = [forecastChart(stock, result, bars.map((bar) => bar.date), bars.map((bar) => bar.close))];
    if (result.trainingLoss && result.trainingLoss.length > 1) {
      charts.push(lossChart(stock, result.trainingLoss));
    }

    const intents: Intent[] = [];
    const { renderLineChartPng } = await import('../charts/render.ts');
    for (const chart of charts) {
      const image = await renderLineChartPng(chart);
      const id = await saveImage(options.pool, image.png, image.preview);
      intents.push({ type: 'image', url: `${base}/charts/${id}.png`, previewUrl: `${base}/charts/${id}/preview.png` });
    }
    intents.push({ type: 'say', text: forecastText(stock, result), shortcuts: shortcutsFor(data) });
    return intents;
  }

  async function compute(key: string, bars: Bar[], model: 'lstm' | 'rf', log: Logger): Promise<ForecastResult> {
    // Loaded here, so web processes never load TensorFlow.js.
    const { runForecast } = await import('../forecast/index.ts');
    const deadline = now() + timeLimitMs;
    const result = await runForecast(bars, model, {
      epochs: options.lstmEpochs,
      onProgress: () => {
        // Training awaits between epochs and trees, so throwing here stops it.
        if (now() > deadline) throw new ForecastTimeout(`forecast exceeded ${timeLimitMs} ms`);
      },
    });
    log.info({ model, ms: result.durationMs, betterThanNaive: result.betterThanNaive }, 'forecast computed');

    await options.pool.query(
      `INSERT INTO market_cache (key, value, fetched_at, expires_at) VALUES ($1, $2, now(), $3)
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, fetched_at = EXCLUDED.fetched_at, expires_at = EXCLUDED.expires_at`,
      [key, JSON.stringify(result), nextClose(now())],
    );
    return result;
  }

  async function readCached(key: string): Promise<ForecastResult | null> {
    const cached = await options.pool.query<{ value: ForecastResult }>('SELECT value FROM market_cache WHERE key = $1 AND expires_at > now()', [key]);
    return cached.rows[0]?.value ?? null;
  }

  async function withLock<T>(key: string, work: () => Promise<T>): Promise<T> {
    const client = await options.pool.connect();
    // Held for the whole training; a dropped connection must not become an unhandled 'error'.
    let lost: Error | undefined;
    const onError = (error: Error) => {
      lost ??= error;
    };
    client.on('error', onError);
    try {
      await client.query('SELECT pg_advisory_lock(hashtext($1))', [key]);
      return await work();
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [key]).catch(() => {});
      client.off('error', onError);
      client.release(lost);
    }
  }
}

function failureText(error: unknown, data: ForecastJobData): string {
  if (error instanceof ForecastTimeout) {
    return FORECAST_TIMEOUT_TEXT;
  }
  if (error instanceof MarketDataError && error.code === 'notFound') {
    return `「${data.forecast.stock.name} ${data.forecast.stock.code}」的歷史資料不足，無法預測。`;
  }
  if (error instanceof MarketDataError) {
    return '資料來源暫時無法連線，請稍後再試。';
  }
  return FORECAST_FAILED_TEXT;
}

function shortcutsFor(data: ForecastJobData): Shortcut[] {
  const code = data.forecast.stock.code;
  return [
    { label: '即時報價', command: `quote:${code}` },
    { label: '技術分析', command: `technical:${code}` },
    { label: '換個模型', command: `forecast:${code}` },
  ];
}

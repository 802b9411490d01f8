/**
 * The chart job: load bars, draw the chart, store it, and queue the reply
 * in the outbox with the reply token of the event that asked for it.
 */
import type pg from 'pg';
import type { Intent, Shortcut } from '../../machines/intents.ts';
import { barsToCsv } from '../analysis/csv.ts';
import type { ChartJobData } from '../conversation/effects.ts';
import { withTransaction } from '../db/pool.ts';
import type { Deliverer } from '../delivery/outbox.ts';
import { saveDownload, saveImage } from '../files/store.ts';
import type { Logger } from '../logger.ts';
import { MarketDataError, type MarketData } from '../market/types.ts';
import { queueJobAnswer } from './answer.ts';
import { loadChartData } from './chart-data.ts';
import { buildChartContent, chartTitle } from './chart-content.ts';

export interface ChartJob {
  id: string;
  data: ChartJobData;
  retryCount: number;
}

export interface ChartWorkerOptions {
  pool: pg.Pool;
  market: MarketData;
  deliverer: Deliverer;
  logger: Logger;
  /** Public origin for image and download links. */
  publicUrl: () => string;
  /** Retries pg-boss makes before the job fails for good. */
  retryLimit: number;
  now?: () => number;
}

export const CHART_FAILED_TEXT = '圖表產生失敗，請稍後再試。';
export const SOURCE_UNAVAILABLE_TEXT = '資料來源暫時無法連線，請稍後再試。';

export function createChartWorker(options: ChartWorkerOptions) {
  const now = options.now ?? Date.now;

  return async function handleChartJob(job: ChartJob): Promise<void> {
    const { data } = job;
    const log = options.logger.child({ jobId: job.id, chatId: data.chatId, eventId: data.eventId });
    const startedAt = now();

    let intents: Intent[];
    try {
      intents = await render(data);
    } catch (error) {
      const known = error instanceof MarketDataError;
      if (!known && job.retryCount < options.retryLimit) {
        log.warn({ err: error, attempt: job.retryCount + 1 }, 'chart job failed; pg-boss will retry');
        throw error;
      }
      if (error instanceof MarketDataError && error.code === 'notFound') {
        // Missing history for a stock is an expected outcome, not a fault, so it logs no stack trace at error level.
        log.info({ reason: error.message }, 'no history to chart; telling the user');
      } else {
        log.error({ err: error, attempt: job.retryCount + 1 }, 'chart job failed; apologising to the user');
      }
      intents = [{ type: 'say', text: failureText(error, data), shortcuts: shortcutsFor(data) }];
    }

    const outboxId = await queueJobAnswer(options.pool, job.id, job.data, intents);
    log.info({ kind: data.request.kind, code: data.request.stock.code, ms: now() - startedAt }, 'chart job finished; reply queued');
    await options.deliverer.deliver(outboxId);
  };

  async function render(data: ChartJobData): Promise<Intent[]> {
    const request = data.request;
    const chartData = await loadChartData(options.market, request, taipeiDate(now()));
    if (chartData.bars.length - chartData.start < 2) {
      throw new MarketDataError('notFound', `not enough bars for ${request.stock.code}`);
    }

    const content = buildChartContent(request, chartData);
    // Loaded on first use, so web processes never load ECharts and resvg.
    const { renderChartPng } = await import('../charts/render.ts');
    const image = await renderChartPng(content.input);
    const base = options.publicUrl();

    return withTransaction(options.pool, async (client) => {
      const imageId = await saveImage(client, image.png, image.preview);
      let text = content.text;
      if (request.kind === 'history') {
        const csv = barsToCsv(chartData.bars.slice(chartData.start));
        const downloadId = await saveDownload(client, `${chartTitle(request).replace(/\s+/g, '_')}.csv`, 'text/csv; charset=utf-8', csv);
        text += `\n\n下載 CSV（7 天內有效）：\n${base}/downloads/${downloadId}.csv`;
      }
      return [
        { type: 'image', url: `${base}/charts/${imageId}.png`, previewUrl: `${base}/charts/${imageId}/preview.png` },
        { type: 'say', text, shortcuts: shortcutsFor(data) },
      ];
    });
  }


}

function failureText(error: unknown, data: ChartJobData): string {
  if (error instanceof MarketDataError && error.code === 'notFound') {
    return `查無「${data.request.stock.name} ${data.request.stock.code}」足夠的歷史資料，無法畫圖。`;
  }
  if (error instanceof MarketDataError) {
    return SOURCE_UNAVAILABLE_TEXT;
  }
  return CHART_FAILED_TEXT;
}

function shortcutsFor(data: ChartJobData): Shortcut[] {
  const code = data.request.stock.code;
  return [
    { label: '即時報價', command: `quote:${code}` },
    { label: '技術分析', command: `technical:${code}` },
    { label: '歷史資料', command: `history:${code}` },
  ];
}

/** Today's date in Asia/Taipei (UTC+8, no daylight saving). */
function taipeiDate(epochMs: number): string {
  return new Date(epochMs + 8 * 3600_000).toISOString().slice(0, 10);
}

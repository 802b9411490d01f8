/**
 * Times `runForecast` from src/forecast for each model on the recorded
 * 2330 daily bars, once per model with the default options, and prints one
 * JSON line: `{"rf": "<ms>; RMSE …", "lstm": …}` with the time, the backtest
 * against the naive forecast and the process's peak RSS so far (a model
 * that throws is reported as its error message). Run as a child process by the benchmark so that
 * TensorFlow.js memory stays out of the other measurements.
 *
 * Usage: node scripts/bench/forecast.ts [rf] [lstm]   (default: both)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseYahooCsv } from '../../src/market/parse/yahoo-csv.ts';
import { marketDataDir } from '../../test/market/data-dir.ts';

const forecast = (await import('../../src/forecast/index.ts')) as Partial<typeof import('../../src/forecast/index.ts')>;
if (typeof forecast.runForecast !== 'function') {
  console.log(JSON.stringify({ unavailable: 'src/forecast exports no runForecast' }));
  process.exit(0);
}

const text = readFileSync(join(marketDataDir(), 'yahoo-download-2330.TW-1d-2000-2023.csv'), 'utf8');
const bars = parseYahooCsv(text, '2330').bars;
const models = process.argv.slice(2).filter((model) => model === 'rf' || model === 'lstm');
const results: Record<string, number | string> = {};

for (const model of models.length > 0 ? models : (['rf', 'lstm'] as const)) {
  const started = performance.now();
  try {
    const result = await forecast.runForecast(bars, model);
    const elapsed = performance.now() - started;
    const { model: fit, naiveMetrics: naive } = result.backtest;
    const peakMb = Math.round(process.resourceUsage().maxRSS / 1024);
    results[model] =
      `${(elapsed / 1000).toFixed(1)} s; backtest RMSE ${fit.rmse.toFixed(2)} vs naive ${naive.rmse.toFixed(2)}, ` +
      `MAE ${fit.mae.toFixed(2)} vs ${naive.mae.toFixed(2)}, MAPE ${fit.mape.toFixed(2)} % vs ${naive.mape.toFixed(2)} %, ` +
      `direction ${(fit.directionAccuracy * 100).toFixed(1)} %; peak RSS ${peakMb} MB`;
  } catch (error) {
    results[model] = `failed: ${(error as Error).message}`;
  }
}

console.log(JSON.stringify(results));

/**
 * Measures both forecast models on the recorded 2330 daily bars: wall time
 * of training plus prediction, peak RSS, and backtest metrics against the
 * naive forecast. Each configuration runs in its own child process so that
 * its peak RSS is its own.
 *
 * Usage: node scripts/bench-forecast.ts [--original]
 *   --original also runs the original bot's settings: LSTM 100 units × 2
 *   layers for 100 epochs without early stopping (about 3–4 minutes on two
 *   cores), and a 1,000-tree forest.
 * Reads the recorded Yahoo CSV from MARKET_DATA_DIR or shared/market-data.
 */
import { spawnSync } from 'node:child_process';

import { runForecast, type ForecastModel, type ForecastOptions, type Metrics } from '../src/forecast/index.ts';
import { load2330Bars } from '../test/forecast/support.ts';

const MEGABYTE = 1024;

interface Configuration {
  label: string;
  model: ForecastModel;
  options: ForecastOptions;
}

const defaults: Configuration[] = [
  { label: 'LSTM default', model: 'lstm', options: {} },
  { label: 'RF default', model: 'rf', options: {} },
];

const original: Configuration[] = [
  { label: 'LSTM original (100 units, 100 epochs)', model: 'lstm', options: { units: 100, epochs: 100, earlyStopping: false } },
  { label: 'RF original (1,000 trees)', model: 'rf', options: { trees: 1000 } },
];

function formatMetrics(name: string, values: Metrics): string {
  return [
    `  ${name.padEnd(6)}`,
    `RMSE ${values.rmse.toFixed(2)}`,
    `MAE ${values.mae.toFixed(2)}`,
    `MAPE ${values.mape.toFixed(2)} %`,
    `direction ${(values.directionAccuracy * 100).toFixed(1)} %`,
    `(${values.count} days)`,
  ].join('  ');
}

/** Runs one configuration in this process and prints its figures. */
async function measure(configuration: Configuration): Promise<void> {
  const result = await runForecast(load2330Bars(), configuration.model, configuration.options);
  const peakMegabytes = process.resourceUsage().maxRSS / MEGABYTE;

  console.log(`${configuration.label}`);
  console.log(
    `  time ${(result.durationMs / 1000).toFixed(1)} s  peak RSS ${peakMegabytes.toFixed(0)} MB` +
      (result.trainingLoss === undefined ? '' : `  final-model epochs ${result.trainingLoss.length}`),
  );
  console.log(`  next close ${result.nextClose.toFixed(2)} for ${result.forDate} (last ${result.lastClose} on ${result.lastDate})`);
  console.log(formatMetrics('model', result.backtest.model));
  console.log(formatMetrics('naive', result.backtest.naiveMetrics));
  console.log(`  better than naive: ${result.betterThanNaive}`);
}

const child = process.env['BENCH_FORECAST_CONFIGURATION'];
if (child !== undefined) {
  await measure(JSON.parse(child) as Configuration);
} else {
  const configurations = process.argv.includes('--original') ? [...defaults, ...original] : defaults;
  for (const configuration of configurations) {
    const run = spawnSync(process.execPath, [import.meta.filename], {
      env: { ...process.env, BENCH_FORECAST_CONFIGURATION: JSON.stringify(configuration) },
      stdio: 'inherit',
    });
    if (run.status !== 0) {
      process.exitCode = 1;
    }
  }
}

/**
 * The CPU-bound figures: the chart render median, taken from
 * scripts/bench-charts.ts, and the forecast times from forecast.ts. Both
 * run as child processes, one after the other, after the load tests, so
 * they neither compete with the load nor leave memory behind in it.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from './paths.ts';
import { NODE_BINARY } from './processes.ts';

const run = promisify(execFile);

export interface ChartTiming {
  medianMs: number;
  line: string;
  /** Image sizes, such as `1200x900, 136.1 KiB; preview 51.8 KiB; svg 163.1 KiB`. */
  sizes: string;
  /** Peak RSS and heap of the rendering process. */
  memory: string;
}

/** Renders the 1-year 2330 MACD chart `iterations` times (at least 10) after warm-up. */
export async function measureChartRender(iterations: number): Promise<ChartTiming> {
  const { stdout } = await run(NODE_BINARY, [path.join(PROJECT_ROOT, 'scripts', 'bench-charts.ts'), String(iterations)], {
    cwd: PROJECT_ROOT,
    timeout: 120_000,
  });
  const line = stdout.split('\n').find((text) => text.startsWith('renderChartPng:')) ?? '';
  const median = /median ([\d.]+) ms/.exec(line)?.[1];
  if (median === undefined) {
    throw new Error(`bench-charts.ts printed no renderChartPng median:\n${stdout}`);
  }
  const after = (prefix: string) => stdout.split('\n').find((text) => text.startsWith(prefix))?.slice(prefix.length).trim() ?? 'not printed';
  return { medianMs: Number(median), line: line.replace('renderChartPng: ', ''), sizes: after('png:'), memory: after('memory:') };
}

/** Milliseconds per model, an error text, or `unavailable` when src/forecast has no runForecast. */
export type ForecastTimings = Record<string, number | string>;

export async function measureForecasts(): Promise<ForecastTimings> {
  try {
    const { stdout } = await run(NODE_BINARY, [path.join(PROJECT_ROOT, 'scripts', 'bench', 'forecast.ts')], {
      cwd: PROJECT_ROOT,
      timeout: 180_000,
    });
    const last = stdout.trim().split('\n').at(-1) ?? '{}';
    return JSON.parse(last) as ForecastTimings;
  } catch (error) {
    return { unavailable: `forecast run failed: ${(error as Error).message.split('\n')[0]}` };
  }
}

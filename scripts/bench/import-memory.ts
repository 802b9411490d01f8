/**
 * Memory that each top-level import of src/bootstrap.ts costs on its own:
 * one fresh Node process per module, RSS and V8 heap after a full GC, minus
 * a process that imported nothing. With `--directory`, also the heap of the
 * in-memory securities directory loaded from the recorded market data.
 *
 * Usage: node --expose-gc scripts/bench/import-memory.ts [--directory]
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from './paths.ts';
import { NODE_BINARY } from './processes.ts';

const MODULES = [
  'express', 'pg', 'pino', 'xstate', '@line/bot-sdk', 'pg-boss', 'echarts', '@resvg/resvg-js', '@tensorflow/tfjs',
  './src/app.ts', './src/conversation/runtime.ts', './src/delivery/outbox.ts', './src/jobs/boss.ts', './src/jobs/chart.ts',
  './src/jobs/forecast.ts', './src/jobs/worker.ts', './src/line/render.ts', './src/market/provider.ts', './src/news/provider.ts',
  './src/line/fake-api.ts', './src/inspect/hook.ts', './src/db/embedded.ts', './src/bootstrap.ts',
];

const probe = (specifier: string | null): { rss: number; heap: number } => {
  const load = specifier === null ? '' : `await import(${JSON.stringify(specifier.startsWith('.') ? path.join(PROJECT_ROOT, specifier) : specifier)});`;
  const code = `${load} globalThis.gc(); const m = process.memoryUsage(); console.log(JSON.stringify({ rss: m.rss, heap: m.heapUsed }));`;
  const out = execFileSync(NODE_BINARY, ['--expose-gc', '--input-type=module', '-e', code], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').at(-1)!) as { rss: number; heap: number };
};

const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const empty = probe(null);
console.log(`| module | RSS MiB over empty | heap MiB over empty |\n| --- | ---: | ---: |\n| (empty node, absolute) | ${mib(empty.rss)} | ${mib(empty.heap)} |`);
for (const specifier of MODULES) {
  const used = probe(specifier);
  console.log(`| ${specifier} | ${mib(used.rss - empty.rss)} | ${mib(used.heap - empty.heap)} |`);
}

/**
 * Turns the benchmark's measurements into the console table and the
 * docs/benchmarks.md page, with pass or fail against each target.
 */
import type { OutboxCounts } from './database.ts';
import type { ForecastTimings, ChartTiming } from './compute.ts';
import type { CpuShares } from './cpu.ts';
import { percentile, type LoadResult } from './load.ts';
import type { MachineInfo } from './machine.ts';
import type { PgbenchResult } from './pgbench.ts';

export interface BenchResults {
  machine: MachineInfo;
  profile: {
    users: number;
    concurrency: number;
    durationMs: number;
    fixedRate: number;
    warmUpRequests: number;
    pgbench: { clients: number; threads: number; seconds: number };
    chartIterations: number;
  };
  /** Node flags of the web role, from package.json's `web` script. */
  webNodeArgs: string[];
  webStartMs: number;
  workerStartMs: number;
  gulema: {
    warmUp: LoadResult;
    closed: LoadResult;
    fixed: LoadResult;
    /** Outbox after the warm-up's replies were delivered, before the throughput run. */
    drainBefore: { drainedMs: number; counts: OutboxCounts };
    /** Outbox once the throughput run's replies were delivered. */
    drain: { drainedMs: number; counts: OutboxCounts };
  };
  finalOutbox: OutboxCounts;
  echoBot: { warmUp: LoadResult; closed: LoadResult; fixed: LoadResult };
  /** CPU per event of every process on the machine during each throughput run. */
  cpu: { gulema: CpuShares; echoBot: CpuShares };
  memory: Record<'web' | 'worker' | 'echoBot', { maxRssMiB: number; hwmMiB: number }>;
  /** VmRSS of the web process 1 s after /healthz first returned 200, before any webhook. */
  webIdleRssMiB: number;
  pgbench: PgbenchResult;
  chart: ChartTiming;
  forecasts: ForecastTimings;
}

/** Targets set for gulema; the table marks each figure pass or FAIL against them. */
const TARGETS = {
  eventsPerSecond: 1000,
  p99AtFixedRateMs: 50,
  /** 200 MB (decimal), the figure the target is set in, as MiB. */
  webRssMiB: (200 * 1000 ** 2) / 1024 ** 2,
  startMs: 3000,
  chartMedianMs: 250,
};

interface Row {
  figure: string;
  value: string;
  target: string;
  result: 'pass' | 'FAIL' | '';
}

export function formatReport(results: BenchResults): { table: string; markdown: string } {
  const rows = buildRows(results);
  return { table: consoleTable(rows), markdown: markdownPage(results, rows) };
}

function rate(load: LoadResult): number {
  return (load.ok / load.elapsedMs) * 1000;
}

function latency(load: LoadResult): string {
  const sorted = load.latenciesMs;
  return `p50 ${ms(percentile(sorted, 0.5))}, p99 ${ms(percentile(sorted, 0.99))}, max ${ms(sorted.at(-1) ?? Number.NaN)}`;
}

function failures(load: LoadResult): string {
  const entries = Object.entries(load.failures);
  return entries.length === 0 ? '' : ` (failed: ${entries.map(([key, count]) => `${count}× ${key}`).join(', ')})`;
}

function ms(value: number): string {
  return value >= 100 ? `${value.toFixed(0)} ms` : `${value.toFixed(1)} ms`;
}

function cpuLine(shares: CpuShares): string {
  const parts = [...shares.msPerEvent].sort((a, b) => b[1] - a[1]).map(([name, perEvent]) => `${name} ${perEvent.toFixed(2)}`);
  return `${parts.join(', ')}; total ${shares.totalMsPerEvent.toFixed(2)} ms per event, machine ${(shares.machineBusy * 100).toFixed(0)} % busy`;
}

/**
 * Computes the web role's CPU per event that would let gulema run at the
 * echo bot's rate. At that rate the machine's cores give `cores / rate` of
 * CPU per event, and one Node process can use one core. The other processes
 * keep their measured share, which assumes it does not shrink at a higher rate.
 */
function parity(results: BenchResults) {
  const ours = results.cpu.gulema;
  const echoRate = rate(results.echoBot.closed);
  const web = ours.msPerEvent.get('web') ?? Number.NaN;
  const others = ours.totalMsPerEvent - web;
  const machineBudget = (results.machine.cores * 1000) / echoRate - others;
  const oneCore = 1000 / echoRate;
  return { echoRate, web, others, machineBudget, oneCore, budget: Math.min(machineBudget, oneCore), echoOwn: results.cpu.echoBot.msPerEvent.get('echo-bot') ?? Number.NaN };
}

function parityBudget(results: BenchResults): string {
  const { web, budget, echoOwn } = parity(results);
  return `${budget.toFixed(2)} ms per event or less (measured ${web.toFixed(2)} ms; the echo-bot process itself used ${echoOwn.toFixed(2)} ms)`;
}

function parityNote(results: BenchResults): string {
  const { echoRate, web, others, machineBudget, oneCore, budget, echoOwn } = parity(results);
  const cores = results.machine.cores;
  const lines = [
    `The CPU rows explain the echo-bot ratio. At the echo bot's ${echoRate.toFixed(0)} events/s, ${cores} cores give ${((cores * 1000) / echoRate).toFixed(2)} ms of CPU per event.`,
    `gulema's other processes (Postgres, the fake LINE API, the generator and the worker) used ${others.toFixed(2)} ms per event, which leaves ${machineBudget.toFixed(2)} ms for the web role. A Node process runs its JavaScript on one thread, so that thread can spend at most ${oneCore.toFixed(2)} ms per event at that rate, with garbage collection helpers on other threads besides.`,
    `The web role used ${web.toFixed(2)} ms.`,
  ];
  if (budget < echoOwn) {
    lines.push(`The budget of ${budget.toFixed(2)} ms is less than the ${echoOwn.toFixed(2)} ms that the echo-bot process spends per event on express, the signature check and one reply through the SDK's client. gulema's web role does the same three steps, with a cheaper reply client, before its dialogue step, rendering and database work. On this machine, parity would therefore need gulema's web role to cost less than the whole echo-bot process, while it does that process's work and more.`);
  }
  return wrap(lines.join(' '));
}

/** Wraps prose at about 76 columns, as the rest of the page is. */
function wrap(text: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + word.length + 1 > 76) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  lines.push(line);
  return lines.join('\n');
}

function verdict(ok: boolean): 'pass' | 'FAIL' {
  return ok ? 'pass' : 'FAIL';
}

function buildRows(results: BenchResults): Row[] {
  const { gulema, echoBot, memory, pgbench, profile } = results;
  const ours = rate(gulema.closed);
  const echo = rate(echoBot.closed);
  const fixedP99 = percentile(gulema.fixed.latenciesMs, 0.99);
  const fixedComplete = gulema.fixed.ok === gulema.fixed.sent;
  const drain = gulema.drain;
  const before = gulema.drainBefore.counts;
  const replies = drain.counts.reply - before.reply;
  const pushes = drain.counts.push - before.push;
  const failed = drain.counts.failed - before.failed;

  const rows: Row[] = [
    { figure: `gulema webhook, ${profile.concurrency} in flight`, value: `${ours.toFixed(0)} events/s${failures(gulema.closed)}`, target: `≥ ${TARGETS.eventsPerSecond} events/s`, result: verdict(ours >= TARGETS.eventsPerSecond) },
    { figure: 'echo-bot reference, same load', value: `${echo.toFixed(0)} events/s${failures(echoBot.closed)}`, target: '', result: '' },
    { figure: 'gulema ÷ echo-bot', value: `${((ours / echo) * 100).toFixed(0)} %`, target: '≥ 100 %', result: verdict(ours >= echo) },
    { figure: 'CPU per event in ms, gulema throughput run', value: cpuLine(results.cpu.gulema), target: '', result: '' },
    { figure: 'CPU per event in ms, echo-bot throughput run', value: cpuLine(results.cpu.echoBot), target: '', result: '' },
    { figure: 'web role CPU that echo-bot parity allows', value: parityBudget(results), target: '', result: '' },
    { figure: `pgbench, same transaction, ${profile.pgbench.clients} clients`, value: `${pgbench.tps.toFixed(0)} transactions/s (avg ${ms(pgbench.latencyAverageMs)})`, target: '', result: '' },
    { figure: 'gulema ÷ pgbench', value: `${((ours / pgbench.tps) * 100).toFixed(0)} %`, target: '', result: '' },
    { figure: `gulema latency at ${profile.concurrency} in flight`, value: latency(gulema.closed), target: '', result: '' },
    { figure: `gulema latency at ${profile.fixedRate} events/s`, value: `${latency(gulema.fixed)}${failures(gulema.fixed)}`, target: `p99 ≤ ${TARGETS.p99AtFixedRateMs} ms`, result: verdict(fixedComplete && fixedP99 <= TARGETS.p99AtFixedRateMs) },
    { figure: `echo-bot latency at ${profile.fixedRate} events/s`, value: `${latency(echoBot.fixed)}${failures(echoBot.fixed)}`, target: '', result: '' },
    { figure: 'gulema replies after the throughput run', value: `${replies + pushes} delivered for ${gulema.closed.ok} events (${replies} reply, ${pushes} push, ${failed} failed); backlog cleared ${ms(drain.drainedMs)} after the load ended`, target: '', result: '' },
    { figure: 'web RSS under load (peak VmHWM)', value: `${memory.web.hwmMiB.toFixed(0)} MiB = ${((memory.web.hwmMiB * 1024 ** 2) / 1000 ** 2).toFixed(0)} MB (max sampled VmRSS ${memory.web.maxRssMiB.toFixed(0)} MiB)`, target: `≤ 200 MB (${TARGETS.webRssMiB.toFixed(1)} MiB)`, result: verdict(memory.web.hwmMiB <= TARGETS.webRssMiB) },
    { figure: 'web RSS idle, 1 s after start', value: `${results.webIdleRssMiB.toFixed(0)} MiB`, target: '', result: '' },
    { figure: 'worker RSS under load (peak VmHWM)', value: `${memory.worker.hwmMiB.toFixed(0)} MiB`, target: '', result: '' },
    { figure: 'echo-bot RSS under load (peak VmHWM)', value: `${memory.echoBot.hwmMiB.toFixed(0)} MiB`, target: '', result: '' },
    { figure: 'web cold start: spawn to first 200 on /healthz', value: ms(results.webStartMs), target: `≤ ${TARGETS.startMs / 1000} s`, result: verdict(results.webStartMs <= TARGETS.startMs) },
    { figure: 'worker start: spawn to "gulema started" log line', value: ms(results.workerStartMs), target: '', result: '' },
    { figure: `chart render (1-year 2330 daily, MACD), ${profile.chartIterations} runs`, value: results.chart.line, target: `median ≤ ${TARGETS.chartMedianMs} ms`, result: verdict(results.chart.medianMs <= TARGETS.chartMedianMs) },
    { figure: 'chart PNG sizes', value: results.chart.sizes, target: '', result: '' },
    { figure: 'chart renderer memory', value: results.chart.memory, target: '', result: '' },
  ];

  if ('unavailable' in results.forecasts) {
    rows.push({ figure: 'forecast', value: `not available: ${results.forecasts.unavailable}`, target: '', result: '' });
  } else {
    for (const [model, time] of Object.entries(results.forecasts)) {
      const limitSeconds = model === 'lstm' ? 30 : 5;
      const seconds = typeof time === 'string' ? Number(/^([\d.]+) s;/.exec(time)?.[1]) : time / 1000;
      const result = Number.isFinite(seconds) ? verdict(seconds <= limitSeconds) : '';
      rows.push({ figure: `forecast ${model}, 2330 daily, default options, one run`, value: typeof time === 'number' ? ms(time) : time, target: `≤ ${limitSeconds} s`, result });
    }
  }
  return rows;
}

function consoleTable(rows: Row[]): string {
  const width = Math.max(...rows.map((row) => row.figure.length));
  return rows.map((row) => `${row.figure.padEnd(width)}  ${row.value}${row.target ? `  [target ${row.target}: ${row.result}]` : ''}`).join('\n');
}

function markdownPage(results: BenchResults, rows: Row[]): string {
  const { machine, profile, gulema } = results;
  const table = rows.map((row) => `| ${row.figure} | ${row.value} | ${row.target} | ${row.result} |`).join('\n');

  return `# Benchmarks

Measured by \`npm run bench\` (\`scripts/bench/index.ts\`) on ${machine.date}. Rerun it to
replace this page; the numbers below are from one run on the machine described
here, not from Heroku.

## Machine

| | |
| --- | --- |
| CPU | ${machine.cpuModel}, ${machine.cores} logical cores |
| RAM | ${machine.memoryGiB.toFixed(1)} GiB |
| Node.js | ${machine.node} |
| PostgreSQL | ${machine.postgres} (same machine, loopback) |
| Kernel | ${machine.kernel} |
| V8 heap limit | ${machine.heapLimitMiB.toFixed(0)} MiB (default for this machine's RAM; the worker and the references run with it) |
| Web role | \`node ${results.webNodeArgs.join(' ')} src/main.mjs --web\` (package.json's \`web\` script, as in \`Procfile\`) |

Everything runs on this one machine at once: Postgres, the fake LINE API,
gulema's web and worker processes, the reference bot and the load generator.
On a machine shared with other work, the figures vary from run to run.

## Results

| Figure | Value | Target | Result |
| --- | --- | --- | --- |
${table}

## What was measured

- **Webhook throughput.** Each request is one signed webhook with one text
  event from one of ${profile.users} simulated users, who type \`即時查詢\` and
  \`2330\` in turn, so every second event finishes a dialogue with a quote
  card. Every event has a new \`webhookEventId\` and reply token. The
  generator keeps ${profile.concurrency} requests in flight for ${profile.durationMs / 1000} s over a
  keep-alive \`http.Agent\` after ${profile.warmUpRequests} warm-up requests. An event counts when
  gulema answers 200, which it does after the event's transaction commits
  (signature check, claim, lock, dialogue step, snapshot, outbox row). The
  reply to the fake LINE API goes out after that answer, in the web process,
  so the page also reports how long the reply backlog took to clear.
- **Latency** at a fixed ${profile.fixedRate} events/s for ${profile.durationMs / 1000} s, timed from when each
  request was due, so a stalled server cannot hide behind a slowed-down
  generator. ${gulema.fixed.sent} requests were due.
- **Memory**: \`VmHWM\` (peak resident set) and \`VmRSS\` from \`/proc/<pid>/status\`,
  sampled every 250 ms during the warm-up, throughput and latency runs.
- **Cold start**: from spawning the web role against an
  already-migrated database (as after Heroku's release phase) to the first
  200 on \`/healthz\`, polled every 10 ms.
- **Echo-bot reference** (\`scripts/bench/echo-bot.ts\`): express,
  \`@line/bot-sdk\`'s \`middleware\` and one \`replyMessage\` per event to the
  same fake LINE API, no database, same generator and load. It answers
  after its reply returns.
- **pgbench reference**: \`${results.pgbench.command}\` with a script of
  gulema's per-event transaction (BEGIN; claim + lock; snapshot update +
  outbox insert; COMMIT), written by \`buildScript\` in
  \`scripts/bench/pgbench.ts\` with a snapshot and intents copied from rows the
  gulema run wrote. ${results.pgbench.transactions} transactions.
- **Chart render**: \`scripts/bench-charts.ts ${profile.chartIterations}\`, median of \`renderChartPng\`.
- **Forecast**: \`runForecast\` from \`src/forecast\` once per model on the
  recorded 2330 daily history (\`scripts/bench/forecast.ts\`), training included.

## Where the time and memory go

The webhook path applies events in batches. Events that arrive while
earlier transactions run share the next one (\`src/conversation/batcher.ts\`).
One transaction of four round trips (BEGIN, claim + lock of every chat,
snapshots + outbox rows, COMMIT) and one WAL flush then carry many events.
The outbox rows are leased to the web process and marked as reply-started
at insert, so delivery needs no round trip before calling LINE. Sent marks
share one UPDATE per batch. pgbench's figure above is for one event per
transaction, which is what gulema did before batching.

A CPU profile of the web process under this load (\`scripts/bench/profile-web.ts\`,
summarised with \`scripts/bench/summarize-profile.ts\`) puts most of the
remaining time in garbage collection, socket writes and the dialogue step
with its rendering. Each webhook response and each reply to LINE is one
write, and a loopback write costs tens of microseconds of system time on
this machine. Reply and push go to LINE over a keep-alive \`node:http\`
client (\`src/line/transport.ts\`), because the SDK's fetch-based client
cost the web role about 0.35 ms of CPU per event here.

${parityNote(results)}

Memory: the web process's RSS is made of about 60 MiB of the Node binary's
own pages, the module graph, the securities directory that the stock
resolver keeps in memory, and V8's heap. The module graph includes pg-boss,
express, the bot SDK and the market parsers. The chart renderer,
TensorFlow.js, the embedded Postgres and the fake LINE API load only where
they are used. The roles run the JavaScript copies that \`npm run build\`
writes, because Node's TypeScript stripper alone costs a process about
17 MiB. Under load V8 lets garbage grow toward its heap limit before a full
collection, so the web role starts with a bounded young and old generation
(the flags above). Without them, a 10-second run of
\`scripts/bench/profile-web.ts\` peaked at 351 MiB RSS and used 0.30 ms of
web CPU per event, against ${(results.cpu.gulema.msPerEvent.get('web') ?? Number.NaN).toFixed(2)} ms with them in this run. The bound
trades that CPU for memory.
`;
}

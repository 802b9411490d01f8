/**
 * `npm run bench`: measures gulema end to end on this machine and writes
 * docs/benchmarks.md. It creates a database `gulema_bench_<random>` on the
 * Postgres in DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).
 * It starts the fake LINE API and gulema's worker and web roles as separate
 * processes on 127.0.0.1 and loads the webhook with its own generator. Then
 * it runs the same load against an echo bot, runs pgbench with a
 * transaction of the same shape, and drops the database at the end. A run
 * takes about 2 minutes.
 *
 * Usage: node scripts/bench/index.ts [--no-write]
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { marketDataDir } from '../../test/market/data-dir.ts';
import { measureChartRender, measureForecasts } from './compute.ts';
import { createBenchDatabase, DEFAULT_SERVER_URL, waitForOutboxDrain } from './database.ts';
import { runClosedLoop, runFixedRate, type LoadResult, type NextRequest } from './load.ts';
import { describeMachine } from './machine.ts';
import { PROJECT_ROOT } from './paths.ts';
import { runPgbench } from './pgbench.ts';
import { answers200, freePort, readMemory, sampleMemory, spawnBenchProcess, type BenchProcess } from './processes.ts';
import { formatReport, type BenchResults } from './report.ts';
import { build } from '../build.ts';
import { startCpuAccount, type CpuShares } from './cpu.ts';
import { roleCommand } from './role-command.ts';
import { createUserRotation } from './users.ts';

const SECRET = 'bench-channel-secret';
const TOKEN = 'bench-channel-access-token';

/** The load profile; docs/benchmarks.md repeats these numbers. */
export const PROFILE = {
  users: 500,
  warmUpRequests: 1000,
  concurrency: 64,
  durationMs: 10_000,
  maxRequests: 50_000,
  fixedRate: 300,
  maxInFlight: 256,
  drainTimeoutMs: 60_000,
  pgbench: { clients: 8, threads: 2, seconds: 10 },
  chartIterations: 10,
};

const write = !process.argv.includes('--no-write');
// The roles start with package.json's (and so the Procfile's) Node flags, which bound the web's heap.
// The Procfile runs the .mjs copies, so the benchmark builds them first.
build();
const webCommand = roleCommand('web');
const workerCommand = roleCommand('worker');
const workDir = mkdtempSync(path.join(os.tmpdir(), 'gulema-bench-'));
const database = await createBenchDatabase(process.env.DATABASE_URL || DEFAULT_SERVER_URL);
const started: BenchProcess[] = [];
let succeeded = false;

console.log(`bench: database ${database.name}, logs in ${workDir}`);

try {
  const fakeLine = await spawnBenchProcess({
    name: 'fake-line',
    script: path.join(PROJECT_ROOT, 'scripts', 'bench', 'fake-line.ts'),
    env: { BENCH_LINE_TOKEN: TOKEN },
    logDir: workDir,
    ready: async (output) => /^listening /m.test(output()),
  });
  started.push(fakeLine);
  const lineBaseUrl = /^listening (\S+)/m.exec(readFileSync(fakeLine.logFile, 'utf8'))![1]!;

  const gulemaEnv = (port: number): Record<string, string> => ({
    PORT: String(port),
    DATABASE_URL: database.url,
    LINE_CHANNEL_SECRET: SECRET,
    LINE_CHANNEL_ACCESS_TOKEN: TOKEN,
    LINE_API_BASE_URL: lineBaseUrl,
    LINE_DATA_API_BASE_URL: lineBaseUrl,
    MARKET_DATA: 'recorded',
    MARKET_DATA_DIR: marketDataDir(),
    LOG_LEVEL: 'info',
    NODE_ENV: 'production',
  });

  const worker = await spawnBenchProcess({
    name: 'worker',
    script: path.join(PROJECT_ROOT, workerCommand.script),
    nodeArgs: workerCommand.nodeArgs,
    args: workerCommand.args,
    env: gulemaEnv(0),
    logDir: workDir,
    ready: async (output) => output().includes('"gulema started"'),
  });
  started.push(worker);

  const webPort = await freePort();
  const webUrl = `http://127.0.0.1:${webPort}`;
  const web = await spawnBenchProcess({
    name: 'web',
    script: path.join(PROJECT_ROOT, webCommand.script),
    nodeArgs: webCommand.nodeArgs,
    args: webCommand.args,
    env: gulemaEnv(webPort),
    logDir: workDir,
    ready: () => answers200(`${webUrl}/healthz`),
  });
  started.push(web);
  console.log(`bench: web returned 200 on /healthz ${web.startMs.toFixed(0)} ms after spawn`);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const webIdle = readMemory(web.pid);

  const gulemaUsers = createUserRotation(PROFILE.users, SECRET, 'gulema');
  const webMemory = sampleMemory(web.pid);
  const workerMemory = sampleMemory(worker.pid);

  const gulema = await measureTarget('gulema', `${webUrl}/callback`, gulemaUsers, [fakeLine, worker, web], async () => {
    const drain = await waitForOutboxDrain(database.pool, PROFILE.drainTimeoutMs);
    console.log(`bench: outbox drained ${drain.drainedMs.toFixed(0)} ms after the load (${JSON.stringify(drain.counts)})`);
    return drain;
  });

  const webPeak = webMemory.stop();
  const workerPeak = workerMemory.stop();
  const finalDrain = await waitForOutboxDrain(database.pool, PROFILE.drainTimeoutMs);

  await web.stop();
  await worker.stop();

  const echoPort = await freePort();
  const echo = await spawnBenchProcess({
    name: 'echo-bot',
    script: path.join(PROJECT_ROOT, 'scripts', 'bench', 'echo-bot.ts'),
    env: { PORT: String(echoPort), LINE_CHANNEL_SECRET: SECRET, LINE_CHANNEL_ACCESS_TOKEN: TOKEN, LINE_API_BASE_URL: lineBaseUrl },
    logDir: workDir,
    ready: async (output) => /^listening /m.test(output()),
  });
  started.push(echo);
  const echoMemory = sampleMemory(echo.pid);
  const echoBot = await measureTarget('echo-bot', `http://127.0.0.1:${echoPort}/callback`, createUserRotation(PROFILE.users, SECRET, 'echo'), [fakeLine, echo], null);
  const echoPeak = echoMemory.stop();
  await echo.stop();

  console.log('bench: pgbench');
  const pgbench = await runPgbench({ databaseUrl: database.url, pool: database.pool, workDir, userCount: PROFILE.users, ...PROFILE.pgbench });

  console.log('bench: chart render');
  const chart = await measureChartRender(PROFILE.chartIterations);

  console.log('bench: forecasts');
  const forecasts = await measureForecasts();

  const results: BenchResults = {
    machine: describeMachine(database.serverVersion),
    profile: PROFILE,
    webNodeArgs: webCommand.nodeArgs,
    webStartMs: web.startMs,
    workerStartMs: worker.startMs,
    gulema: { ...gulema.load, drain: gulema.drain ?? finalDrain, drainBefore: gulema.drainBefore ?? finalDrain },
    finalOutbox: finalDrain.counts,
    echoBot: echoBot.load,
    cpu: { gulema: gulema.cpu, echoBot: echoBot.cpu },
    memory: { web: webPeak, worker: workerPeak, echoBot: echoPeak },
    webIdleRssMiB: webIdle?.rssMiB ?? Number.NaN,
    pgbench,
    chart,
    forecasts,
  };

  const report = formatReport(results);
  console.log(`\n${report.table}`);
  if (write) {
    writeFileSync(path.join(PROJECT_ROOT, 'docs', 'benchmarks.md'), report.markdown);
    console.log('bench: wrote docs/benchmarks.md');
  }
  succeeded = true;
} finally {
  for (const child of started.reverse()) {
    await child.stop().catch(() => {});
  }
  await database.drop();
  if (succeeded) {
    rmSync(workDir, { recursive: true, force: true });
  } else {
    console.error(`bench: failed; process logs kept in ${workDir}`);
  }
}

interface TargetLoad {
  warmUp: LoadResult;
  closed: LoadResult;
  fixed: LoadResult;
}

/**
 * Warm-up, throughput at max concurrency, then latency at the fixed rate, all through `url`.
 * The CPU of `processes`, Postgres and the generator is counted over the throughput run.
 */
async function measureTarget<Drain>(
  name: string,
  url: string,
  next: NextRequest,
  processes: BenchProcess[],
  afterClosed: (() => Promise<Drain>) | null,
): Promise<{ load: TargetLoad; cpu: CpuShares; drainBefore: Drain | null; drain: Drain | null }> {
  console.log(`bench: ${name}: warm-up, ${PROFILE.warmUpRequests} requests`);
  const warmUp = await runClosedLoop({ url, next, concurrency: 16, durationMs: 30_000, maxRequests: PROFILE.warmUpRequests });
  const warmUpDrain = afterClosed ? await afterClosed() : null;

  console.log(`bench: ${name}: ${PROFILE.concurrency} in flight for ${PROFILE.durationMs / 1000} s`);
  const account = startCpuAccount(processes);
  const closed = await runClosedLoop({ url, next, concurrency: PROFILE.concurrency, durationMs: PROFILE.durationMs, maxRequests: PROFILE.maxRequests });
  const cpu = account.stop(closed.ok);
  console.log(`bench: ${name}: ${((closed.ok / closed.elapsedMs) * 1000).toFixed(0)} events/s, failures ${JSON.stringify(closed.failures)}`);
  const drain = afterClosed ? await afterClosed() : warmUpDrain;

  console.log(`bench: ${name}: ${PROFILE.fixedRate} events/s for ${PROFILE.durationMs / 1000} s`);
  const fixed = await runFixedRate({ url, next, ratePerSecond: PROFILE.fixedRate, durationMs: PROFILE.durationMs, maxInFlight: PROFILE.maxInFlight });

  return { load: { warmUp, closed, fixed }, cpu, drainBefore: warmUpDrain, drain };
}

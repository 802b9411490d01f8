/**
 * A shorter webhook benchmark for profiling: a fresh `gulema_prof_<random>`
 * database, the fake LINE API, the worker and the web role (optionally under
 * `--cpu-prof`), a warm-up and one closed-loop run, then the throughput, the
 * outbox drain and the web process's memory. Everything stays on 127.0.0.1.
 *
 * Usage: node scripts/bench/profile-web.ts
 * Env: PROF_SECONDS (20), PROF_CONCURRENCY (64), PROF_CPU_DIR (unset: no
 * profile), PROF_WORKER (1: start a worker process), PROF_LOG_LEVEL (info),
 * PROF_NODE_ARGS (node flags for the web process, space-separated; default:
 * those of package.json's `web` script).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { marketDataDir } from '../../test/market/data-dir.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createLogger } from '../../src/logger.ts';
import { DEFAULT_SERVER_URL, waitForOutboxDrain } from './database.ts';
import { runClosedLoop } from './load.ts';
import { PROJECT_ROOT } from './paths.ts';
import { answers200, freePort, readMemory, sampleMemory, spawnBenchProcess, type BenchProcess } from './processes.ts';
import { build } from '../build.ts';
import { startCpuAccount } from './cpu.ts';
import { roleCommand } from './role-command.ts';
import { createUserRotation } from './users.ts';

const SECRET = 'bench-channel-secret';
const TOKEN = 'bench-channel-access-token';
const seconds = Number(process.env.PROF_SECONDS ?? 20);
const concurrency = Number(process.env.PROF_CONCURRENCY ?? 64);
const cpuDir = process.env.PROF_CPU_DIR;
const withWorker = process.env.PROF_WORKER !== '0';
build();
const nodeArgs = process.env.PROF_NODE_ARGS === undefined ? roleCommand('web').nodeArgs : process.env.PROF_NODE_ARGS.split(' ').filter(Boolean);

const serverUrl = process.env.DATABASE_URL || DEFAULT_SERVER_URL;
const name = `gulema_prof_${randomBytes(6).toString('hex')}`;
const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${name}`);
await admin.end();
const url = new URL(serverUrl);
url.pathname = `/${name}`;
const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
await migrate(pool, createLogger('silent'));

const workDir = mkdtempSync(path.join(os.tmpdir(), 'gulema-prof-'));
const started: BenchProcess[] = [];
console.log(`prof: root ${PROJECT_ROOT}, database ${name}, logs in ${workDir}`);

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

  const env = (port: number): Record<string, string> => ({
    PORT: String(port),
    DATABASE_URL: url.toString(),
    LINE_CHANNEL_SECRET: SECRET,
    LINE_CHANNEL_ACCESS_TOKEN: TOKEN,
    LINE_API_BASE_URL: lineBaseUrl,
    LINE_DATA_API_BASE_URL: lineBaseUrl,
    MARKET_DATA: 'recorded',
    MARKET_DATA_DIR: marketDataDir(),
    LOG_LEVEL: process.env.PROF_LOG_LEVEL ?? 'info',
    NODE_ENV: 'production',
    // EXP_* switches are for experiments in throwaway copies of the tree.
    ...Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[0].startsWith('EXP_') && entry[1] !== undefined)),
  });

  if (withWorker) {
    started.push(
      await spawnBenchProcess({
        name: 'worker',
        script: path.join(PROJECT_ROOT, roleCommand('worker').script),
        nodeArgs: roleCommand('worker').nodeArgs,
        args: roleCommand('worker').args,
        env: env(0),
        logDir: workDir,
        ready: async (output) => output().includes('"gulema started"'),
      }),
    );
  }

  const webPort = await freePort();
  const webUrl = `http://127.0.0.1:${webPort}`;
  const profileArgs = cpuDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuDir}`] : [];
  const web = await spawnBenchProcess({
    name: 'web',
    script: path.join(PROJECT_ROOT, roleCommand('web').script),
    nodeArgs: [...nodeArgs, ...profileArgs],
    args: roleCommand('web').args,
    env: env(webPort),
    logDir: workDir,
    ready: () => answers200(`${webUrl}/healthz`),
  });
  started.push(web);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  console.log(`prof: web ready in ${web.startMs.toFixed(0)} ms; idle RSS ${readMemory(web.pid)?.rssMiB.toFixed(0)} MiB`);

  const next = createUserRotation(500, SECRET, 'prof');
  const target = `${webUrl}/callback`;
  await runClosedLoop({ url: target, next, concurrency: 16, durationMs: 30_000, maxRequests: 1000 });
  await waitForOutboxDrain(pool, 60_000);

  const memory = sampleMemory(web.pid);
  const cpu = startCpuAccount(started);
  const waits = sampleWaits(name);
  const closed = await runClosedLoop({ url: target, next, concurrency, durationMs: seconds * 1000, maxRequests: 1_000_000 });
  const shares = cpu.stop(closed.ok);
  console.log(`prof: database sessions of ${name} by state/wait event: ${await waits.stop()}`);
  const drain = await waitForOutboxDrain(pool, 60_000);
  const peak = memory.stop();
  const p = (q: number) => closed.latenciesMs[Math.max(0, Math.ceil(q * closed.latenciesMs.length) - 1)]?.toFixed(1);
  console.log(`prof: ${((closed.ok / closed.elapsedMs) * 1000).toFixed(0)} events/s (${closed.ok} ok, failures ${JSON.stringify(closed.failures)}), p50 ${p(0.5)} ms, p99 ${p(0.99)} ms`);
  const eventsPerSecond = (closed.ok / closed.elapsedMs) * 1000;
  for (const [who, msPerEvent] of shares.msPerEvent) {
    console.log(`prof: CPU ${who}: ${((msPerEvent * eventsPerSecond) / 10).toFixed(0)} % of one core, ${msPerEvent.toFixed(2)} ms per event`);
  }
  console.log(`prof: CPU all: ${shares.totalMsPerEvent.toFixed(2)} ms per event, machine ${(shares.machineBusy * 100).toFixed(0)} % busy`);
  console.log(`prof: drained ${drain.drainedMs.toFixed(0)} ms after the load, ${JSON.stringify(drain.counts)}`);
  console.log(`prof: web RSS max ${peak.maxRssMiB.toFixed(0)} MiB, VmHWM ${peak.hwmMiB.toFixed(0)} MiB`);
} finally {
  for (const child of started.reverse()) {
    await child.stop().catch(() => {});
  }
  await pool.end();
  const dropper = new pg.Client({ connectionString: serverUrl });
  await dropper.connect();
  await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await dropper.end();
}

/** Counts what the database's sessions are doing, sampled every 50 ms over a connection of its own. */
function sampleWaits(database: string) {
  const counts = new Map<string, number>();
  const client = new pg.Client({ connectionString: serverUrl });
  let running = true;
  const done = (async () => {
    await client.connect();
    while (running) {
      const result = await client.query<{ key: string; n: number }>(
        "SELECT state || '/' || coalesce(wait_event_type || ':' || wait_event, 'CPU') AS key, count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() GROUP BY 1",
        [database],
      );
      for (const row of result.rows) {
        counts.set(row.key, (counts.get(row.key) ?? 0) + row.n);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await client.end();
  })();
  return {
    async stop(): Promise<string> {
      running = false;
      await done;
      const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
      return [...counts].sort((a, b) => b[1] - a[1]).map(([key, n]) => `${key} ${((n / total) * 100).toFixed(0)} %`).join(', ');
    },
  };
}

/**
 * Child processes of the benchmark: gulema's web and worker roles, the
 * fake LINE API and the echo-bot reference, each in its own Node process
 * so its memory is measured alone. Output goes to a log file per process,
 * so logging costs the child what it would cost in production and does
 * not load the generator.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, openSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import path from 'node:path';
import { PROJECT_ROOT } from './paths.ts';

export const NODE_BINARY = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'node');

export interface BenchProcess {
  name: string;
  child: ChildProcess;
  pid: number;
  logFile: string;
  /** Milliseconds from spawn until the readiness check first passed. */
  startMs: number;
  /** Sends SIGTERM, then SIGKILL after `graceMs`; resolves on exit. */
  stop(graceMs?: number): Promise<void>;
}

export interface SpawnOptions {
  name: string;
  script: string;
  args?: string[];
  /** Node's own flags, placed before the script. */
  nodeArgs?: string[];
  env: Record<string, string>;
  logDir: string;
  /** Resolves true once the process is ready; polled every 10 ms. */
  ready: (output: () => string) => Promise<boolean>;
  timeoutMs?: number;
}

export async function spawnBenchProcess(options: SpawnOptions): Promise<BenchProcess> {
  const logFile = path.join(options.logDir, `${options.name}.log`);
  const fd = openSync(logFile, 'w');
  const spawnedAt = performance.now();
  const child = spawn(NODE_BINARY, [...(options.nodeArgs ?? []), options.script, ...(options.args ?? [])], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '', ...options.env },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);

  const output = () => readFileSync(logFile, 'utf8');
  const deadline = spawnedAt + (options.timeoutMs ?? 20_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${options.name} exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${tail(output())}`);
    }
    if (await options.ready(output)) {
      break;
    }
    if (performance.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${options.name} was not ready within ${options.timeoutMs ?? 20_000} ms:\n${tail(output())}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const startMs = performance.now() - spawnedAt;

  return {
    name: options.name,
    child,
    pid: child.pid!,
    logFile,
    startMs,
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) {
        return;
      }
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Resolves true when GET `url` returns status 200. */
export function answers200(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get(url, { agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('error', () => resolve(false));
    request.setTimeout(1000, () => request.destroy());
  });
}

export interface MemorySample {
  /** Resident set size now, in MiB. */
  rssMiB: number;
  /** Peak resident set size since the process started, in MiB (the kernel's high-water mark). */
  hwmMiB: number;
}

/** Reads VmRSS and VmHWM from /proc (Linux only); null once the process has gone. */
export function readMemory(pid: number): MemorySample | null {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rssMiB: kib('VmRSS') / 1024, hwmMiB: kib('VmHWM') / 1024 };
}

/** Samples a process's memory every `intervalMs` until stopped; keeps the maximum RSS seen. */
export function sampleMemory(pid: number, intervalMs = 250) {
  let maxRssMiB = 0;
  let last: MemorySample | null = null;
  const timer = setInterval(() => {
    const sample = readMemory(pid);
    if (sample) {
      last = sample;
      maxRssMiB = Math.max(maxRssMiB, sample.rssMiB);
    }
  }, intervalMs);

  return {
    stop(): { maxRssMiB: number; hwmMiB: number } {
      clearInterval(timer);
      const final = readMemory(pid) ?? last;
      return { maxRssMiB: Math.max(maxRssMiB, final?.rssMiB ?? 0), hwmMiB: final?.hwmMiB ?? Number.NaN };
    },
  };
}

function tail(text: string): string {
  return text.split('\n').slice(-30).join('\n');
}

/** Returns a port that was free on 127.0.0.1 a moment ago. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  server.close();
  await once(server, 'close');
  return port;
}

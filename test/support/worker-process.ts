/**
 * Runs gulema's job worker (`src/main.ts --worker`) as a child process. A
 * worker serves no HTTP, so it counts as ready when it logs `gulema
 * started`, not on `/healthz` as `startGulemaProcess` waits for.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/bootstrap.ts';
import { marketDataDir } from '../market/data-dir.ts';
import { TEST_SECRET, TEST_TOKEN } from './harness.ts';
import type { GulemaProcess, ProcessCommand } from './process.ts';

/** Start-up takes a few seconds, and a loaded test machine can take several times that. */
const READY_TIMEOUT_MS = 30_000;

export type WorkerProcess = Omit<GulemaProcess, 'url'>;

export async function startWorkerProcess(options: { databaseUrl: string; lineBaseUrl: string; command?: ProcessCommand; env?: Record<string, string> }): Promise<WorkerProcess> {
  const node = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'node');
  const command = options.command ?? { nodeArgs: [], script: path.join('src', 'main.ts'), args: ['--worker'] };
  const child = spawn(node, [...command.nodeArgs, path.join(PROJECT_ROOT, command.script), ...command.args], {
    cwd: PROJECT_ROOT,
    env: {
      PATH: process.env.PATH,
      PORT: '0',
      DATABASE_URL: options.databaseUrl,
      LINE_CHANNEL_SECRET: TEST_SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: TEST_TOKEN,
      LINE_API_BASE_URL: options.lineBaseUrl,
      LINE_DATA_API_BASE_URL: options.lineBaseUrl,
      MARKET_DATA: 'recorded',
      MARKET_DATA_DIR: marketDataDir(),
      LOG_LEVEL: 'info',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!output.includes('"msg":"gulema started"')) {
    if (child.exitCode !== null) {
      throw new Error(`gulema worker exited with ${child.exitCode} before it was ready:\n${output}`);
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`gulema worker did not log its start within ${READY_TIMEOUT_MS} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  return {
    child,
    output: () => output,
    async kill(signal = 'SIGKILL') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      await once(child, 'exit');
    },
  };
}

/**
 * Runs gulema as a separate Node process (`src/main.ts`), as Heroku would,
 * so tests can kill it with SIGKILL between any two steps.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/bootstrap.ts';
import { marketDataDir } from '../market/data-dir.ts';
import { TEST_SECRET, TEST_TOKEN } from './harness.ts';

export interface GulemaProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

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

/** Node's flags, the script relative to the project root, and its arguments; `src/main.ts` with `args` when absent. */
export interface ProcessCommand {
  nodeArgs: string[];
  script: string;
  args: string[];
}

export async function startGulemaProcess(options: { databaseUrl: string; lineBaseUrl: string; args?: string[]; command?: ProcessCommand; env?: Record<string, string> }): Promise<GulemaProcess> {
  const port = await freePort();
  const node = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'node');
  const command = options.command ?? { nodeArgs: [], script: path.join('src', 'main.ts'), args: options.args ?? [] };
  const child = spawn(node, [...command.nodeArgs, path.join(PROJECT_ROOT, command.script), ...command.args], {
    cwd: PROJECT_ROOT,
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
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

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`gulema exited with ${child.exitCode} before it was ready:\n${output}`);
    }
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`gulema did not become healthy within 20 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  return {
    url,
    child,
    output: () => output,
    async kill(signal = 'SIGKILL') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      await once(child, 'exit');
    },
  };
}

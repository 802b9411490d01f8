import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PROJECT_ROOT } from '../src/bootstrap.ts';
import { marketDataDir } from './market/data-dir.ts';
import { freePort } from './support/process.ts';

const NODE = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'node');

/**
 * What a newcomer does: `npm start` with no configuration (embedded Postgres,
 * fake LINE API, recorded data), then `npm run chat` in another terminal.
 */
describe('local mode', () => {
  let server: ReturnType<typeof spawn>;
  let url: string;
  let output = '';

  before(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    server = spawn(NODE, ['src/main.ts'], {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH, PORT: String(port), MARKET_DATA_DIR: marketDataDir(), LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

    const deadline = Date.now() + 60_000;
    while (!output.includes('gulema is running in local mode at')) {
      if (server.exitCode !== null || Date.now() > deadline) {
        throw new Error(`local mode did not start:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });

  after(async () => {
    if (server.exitCode === null && server.signalCode === null) {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
    }
  });

  it('prints its URL and answers the health check', async () => {
    assert.match(output, new RegExp(`running in local mode at ${url.replace(/\./g, '\\.')}`));
    assert.equal((await fetch(`${url}/healthz`)).status, 200);
  });

  it('second server on the same port says so', () => {
    const second = spawnSync(NODE, ['src/main.ts'], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      timeout: 60_000,
      env: { PATH: process.env.PATH, PORT: new URL(url).port, MARKET_DATA_DIR: marketDataDir(), LOG_LEVEL: 'silent' },
    });

    assert.equal(second.status, 1);
    assert.match(second.stderr, /port \d+ is already in use; stop the other server or set PORT/);
  });

  it('refuses a lone role without LINE credentials', () => {
    for (const role of ['--web', '--worker']) {
      const lone = spawnSync(NODE, ['src/main.ts', role], { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 30_000, env: { PATH: process.env.PATH, LOG_LEVEL: 'silent' } });

      assert.equal(lone.status, 1, `${role} exits with 1`);
      assert.match(lone.stderr, /need LINE credentials .* run both roles in one process with `npm start`/, `${role} says what to do`);
    }
  });

  it('listens on loopback only', () => {
    assert.doesNotMatch(output, /0\.0\.0\.0/);
  });

  it('chat client gets a quote card for 台積電', () => {
    const chat = spawnSync(NODE, ['src/cli/chat.ts', '--url', url, '--no-follow'], {
      cwd: PROJECT_ROOT,
      input: '即時查詢\n2330\n',
      encoding: 'utf8',
      timeout: 30_000,
      env: { PATH: process.env.PATH },
    });

    assert.equal(chat.status, 0, chat.stderr);
    assert.match(chat.stdout, /請輸入股票代號或名稱/);
    assert.match(chat.stdout, /\[卡片\] 台積電 2330 2465 /);
  });

  it('stops cleanly on SIGINT', async () => {
    const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) => server.once('exit', (code, signal) => resolve([code, signal])));
    server.kill('SIGINT');
    const [code, signal] = await exited;

    // The embedded Postgres stops after the app, not in a signal handler of its own that exits with 130.
    assert.equal(signal, null);
    assert.equal(code, 0, output.slice(-2000));
    assert.match(output, /gulema stopped/, 'the last log line says the stop finished');
  });
});

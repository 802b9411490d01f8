import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startFakeLineServer } from '../../src/line/fake-api.ts';
import type { FakeLineServer } from '../../src/line/fake-api.ts';

const TOKEN = 'test-channel-access-token';
const NODE = fileURLToPath(new URL('../../node_modules/.bin/node', import.meta.url));
const CLI = fileURLToPath(new URL('../../src/cli/richmenu.ts', import.meta.url));

type Run = { code: number; stdout: string; stderr: string };

function runCli(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(NODE, [CLI, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 20_000 }, (error, stdout, stderr) => {
      let code = 0;
      if (error) {
        code = typeof error.code === 'number' ? error.code : -1;
      }
      resolve({ code, stdout, stderr });
    });
  });
}

describe('richmenu CLI', () => {
  let server: FakeLineServer;
  let lineEnv: Record<string, string>;

  beforeEach(async () => {
    server = await startFakeLineServer({ channelAccessToken: TOKEN });
    lineEnv = { LINE_CHANNEL_ACCESS_TOKEN: TOKEN, LINE_API_BASE_URL: server.baseUrl, LINE_DATA_API_BASE_URL: server.baseUrl };
  });

  afterEach(async () => {
    await server.close();
  });

  it('rejects missing token', async () => {
    const run = await runCli([], {});
    assert.equal(run.code, 2);
    assert.equal(run.stderr, "richmenu: LINE_CHANNEL_ACCESS_TOKEN is not set; set it to the bot's channel access token and run again\n");
    assert.equal(run.stdout, '');
  });

  it('rejects half a base URL pair', async () => {
    const run = await runCli([], { LINE_CHANNEL_ACCESS_TOKEN: TOKEN, LINE_API_BASE_URL: server.baseUrl });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /set LINE_API_BASE_URL and LINE_DATA_API_BASE_URL together/);
    assert.deepEqual(server.api.richMenuCalls(), []);
  });

  it('dry run prints plan only', async () => {
    const run = await runCli(['--dry-run'], lineEnv);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^rich menu gulema-[0-9a-f]{12} \(dry run: nothing changed on LINE\)$/m);
    assert.match(run.stdout, /^ {2}would create \(new menu\) named gulema-/m);
    assert.match(run.stdout, /^ {2}would set default to \(new menu\)$/m);
    assert.deepEqual(server.api.richMenus(), []);
  });

  it('syncs then reports unchanged', async () => {
    const first = await runCli([], lineEnv);
    assert.equal(first.code, 0, first.stderr);
    const menus = server.api.richMenus();
    assert.equal(menus.length, 1);
    assert.match(first.stdout, new RegExp(`set default to ${menus[0]?.richMenuId}`));

    const second = await runCli([], lineEnv);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, new RegExp(`unchanged: ${menus[0]?.richMenuId} is already the default`));
    assert.equal(server.api.richMenus().length, 1);
  });

  it('rejects unknown arguments', async () => {
    const run = await runCli(['--force'], lineEnv);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^richmenu: unknown argument --force$/m);
    assert.deepEqual(server.api.richMenuCalls(), []);
  });
});

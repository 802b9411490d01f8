import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { validateSignature } from '@line/bot-sdk';
import type { webhook } from '@line/bot-sdk';
import { createFakeLineApi } from '../../src/line/fake-api.ts';
import type { FakeLineApi } from '../../src/line/fake-api.ts';
import { LOCAL_CHANNEL_SECRET } from '../../src/line/local-secret.ts';

const USER_ID = `U${'d'.repeat(32)}`;
const CHAT_SCRIPT = new URL('../../src/cli/chat.ts', import.meta.url).pathname;

function startChat(url: string, extraArgs: string[] = []): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [CHAT_SCRIPT, '--url', url, '--user', USER_ID, ...extraArgs], {
    env: { ...process.env, LINE_CHANNEL_SECRET: '' },
  });
}

/** Collects a child's stdout; each wait looks only at output after the previous match. */
function transcript(child: ChildProcessWithoutNullStreams): (pattern: RegExp, timeoutMs?: number) => Promise<void> {
  let output = '';
  let cursor = 0;
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });

  return async (pattern, timeoutMs = 5000) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const match = pattern.exec(output.slice(cursor));
      if (match) {
        cursor += match.index + match[0].length;
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`no output matching ${pattern} within ${timeoutMs} ms; got ${JSON.stringify(output.slice(cursor))}`);
  };
}

function exitCode(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

describe('chat client process', () => {
  let server: Server;
  let url: string;
  let api: FakeLineApi;
  const events: webhook.Event[] = [];

  before(async () => {
    api = createFakeLineApi();
    const app = express();
    app.use('/fake-line', api.router);

    // A stand-in bot: replies to a text with a quick reply and to a postback with a text.
    app.post('/callback', express.raw({ type: 'application/json' }), async (req, res) => {
      const raw = req.body as Buffer;
      if (!validateSignature(raw, LOCAL_CHANNEL_SECRET, req.get('x-line-signature') ?? '')) {
        res.status(401).send('bad signature');
        return;
      }

      const event = (JSON.parse(raw.toString('utf8')) as webhook.CallbackRequest).events[0]!;
      events.push(event);
      const replyToken = (event as { replyToken?: string }).replyToken!;
      const messages = event.type === 'postback'
        ? [{ type: 'text', text: `收到 ${event.postback.data}` }]
        : [{
            type: 'text',
            text: event.type === 'follow' ? '歡迎' : '要查哪一檔？',
            quickReply: { items: [{ type: 'action', action: { type: 'postback', label: '台積電 2330', data: 'cmd=quote:2330' } }] },
          }];

      await fetch(`${url}/fake-line/v2/bot/message/reply`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ replyToken, messages }),
      });
      res.status(200).send('OK');
    });

    server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    api.dispose();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('chats, taps a quick reply and quits', async () => {
    const child = startChat(url);
    const exited = exitCode(child);
    const waitForOutput = transcript(child);

    try {
      await waitForOutput(/bot> 歡迎/);
      child.stdin.write('2330\n');
      await waitForOutput(/bot> 要查哪一檔？\n\s+1\) 台積電 2330/);
      child.stdin.write('1\n');
      await waitForOutput(/bot> 收到 cmd=quote:2330/);
      child.stdin.write('/quit\n');

      assert.equal(await exited, 0);
      assert.deepEqual(events.map((event) => event.type), ['follow', 'message', 'postback']);
    } finally {
      child.kill();
    }
  });

  it('exits 1 with one line when the server is down', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));

    const child = startChat(closedUrl);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });

    assert.equal(await exitCode(child), 1);
    assert.equal(stderr.trim().split('\n').length, 1);
    assert.match(stderr, /cannot reach .* is the gulema server running\?/);
  });
});

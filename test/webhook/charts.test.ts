import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { messagingApi } from '@line/bot-sdk';
import { encodeChoice } from '../../src/conversation/postback.ts';
import type { SentRecord } from '../../src/line/fake-api.ts';
import { postbackEvent, textEvent } from '../../src/line/webhook-events.ts';
import { startHarness, type Harness } from '../support/harness.ts';

let counter = 0;
function newUser(): string {
  counter += 1;
  return `U${'c'.repeat(26)}${counter.toString(16).padStart(6, '0')}`;
}

function pngSize(buffer: Buffer): { width: number; height: number } {
  assert.deepEqual([...buffer.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  return { width: buffer.readUInt32BE(16), height: buffer.readUInt32BE(20) };
}

function hasImage(record: SentRecord): boolean {
  return record.messages.some((message) => message.type === 'image');
}

describe('chart dialogues end to end', () => {
  let harness: Harness;

  before(async () => {
    harness = await startHarness({ roles: { web: true, worker: true } });
  });

  after(async () => {
    await harness.stop();
  });

  async function walk(user: string, steps: (string | [string, string, string])[]): Promise<void> {
    for (const step of steps) {
      const seen = harness.line.api.sentTo(user).length;
      const event = typeof step === 'string' ? textEvent({ userId: user, text: step }) : postbackEvent({ userId: user, data: encodeChoice(...step) });
      const response = await harness.send([event]);
      assert.equal(response.status, 200);
      await harness.line.api.waitFor((record) => record.to === user && harness.line.api.sentTo(user).length > seen);
    }
  }

  it('技術分析 2330 1 年 日線 MACD returns a chart and a reading', async () => {
    const user = newUser();
    await walk(user, ['技術分析', '2330', ['technical', 'askPeriod', '1y'], ['technical', 'askInterval', 'day']]);
    await harness.send([postbackEvent({ userId: user, data: encodeChoice('technical', 'askIndicator', 'MACD') })]);

    const loading = await harness.line.api.waitFor((record) => record.to === user && record.kind === 'loading');
    const answer = await harness.line.api.waitFor((record) => record.to === user && hasImage(record), 20_000);
    const image = answer.messages.find((message) => message.type === 'image') as messagingApi.ImageMessage;
    const reading = answer.messages.find((message) => message.type === 'text') as messagingApi.TextMessage;

    assert.ok(loading.seq < answer.seq, 'the loading animation shows first');
    assert.equal(answer.kind, 'reply', 'the chart used the reply token');
    assert.match(reading.text, /台積電 2330 日線・1 年/);
    assert.match(reading.text, /MACD 柱狀體/);
    assert.match(reading.text, /MA5 \d+\.\d{2}、MA10 \d+\.\d{2}、MA20 \d+\.\d{2}、MA60 \d+\.\d{2}/);

    const png = await fetch(image.originalContentUrl);
    assert.equal(png.status, 200);
    assert.equal(png.headers.get('content-type'), 'image/png');
    assert.deepEqual(pngSize(Buffer.from(await png.arrayBuffer())), { width: 1200, height: 900 });

    const preview = await fetch(image.previewImageUrl);
    assert.equal(preview.status, 200);
    assert.ok(pngSize(Buffer.from(await preview.arrayBuffer())).width < 1200);
  });

  it('歷史資料 returns a summary, a chart and a CSV link', async () => {
    const user = newUser();
    await walk(user, ['歷史資料', '2330', ['history', 'askPeriod', '3m']]);
    await harness.send([postbackEvent({ userId: user, data: encodeChoice('history', 'askInterval', 'day') })]);

    const answer = await harness.line.api.waitFor((record) => record.to === user && hasImage(record), 20_000);
    const summary = (answer.messages.find((message) => message.type === 'text') as messagingApi.TextMessage).text;

    assert.match(summary, /台積電 2330 日線・3 個月 摘要/);
    assert.match(summary, /報酬 [+−-]?\d/);
    assert.match(summary, /最高：[\d.]+（\d{4}-\d{2}-\d{2}）/);
    assert.match(summary, /平均每日成交量：[\d,]+ 張/);
    assert.match(summary, /價格：還原分割價格（未還原現金股利）；資料來源：Yahoo Finance 日線/);

    const link = /https?:\/\/\S+\/downloads\/[A-Za-z0-9_-]{22}\.csv/.exec(summary)?.[0];
    assert.ok(link, 'a CSV link');
    const csv = await fetch(link);
    const body = Buffer.from(await csv.arrayBuffer());
    const rows = body.toString('utf8').slice(1).trim().split('\r\n');

    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
    assert.deepEqual([...body.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.equal(rows[0], '日期,開盤,最高,最低,收盤,成交量（股）');
    // The recorded 2330 series ends on 2023-11-15; three months hold about 60 trading days.
    assert.ok(rows.length > 50 && rows.length < 70, `${rows.length - 1} rows`);
    assert.match(rows.at(-1)!, /^2023-11-15,/);
  });

  it('unknown and malformed chart ids are 404', async () => {
    assert.equal((await fetch(`${harness.url}/charts/AAAAAAAAAAAAAAAAAAAAAA.png`)).status, 404);
    assert.equal((await fetch(`${harness.url}/charts/not-an-id.png`)).status, 404);
    assert.equal((await fetch(`${harness.url}/downloads/AAAAAAAAAAAAAAAAAAAAAA.csv`)).status, 404);
  });
});

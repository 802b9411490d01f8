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
  return `U${'9'.repeat(26)}${counter.toString(16).padStart(6, '0')}`;
}

function textOf(record: SentRecord): string {
  return record.messages.filter((message) => message.type === 'text').map((message) => (message as messagingApi.TextMessage).text).join('\n');
}

describe('機器學習預測 end to end', () => {
  let harness: Harness;

  before(async () => {
    // Two LSTM epochs keep the suite fast; the model's own default trains up to 60.
    harness = await startHarness({ roles: { web: true, worker: true }, env: { FORECAST_LSTM_EPOCHS: '2' } });
  });

  after(async () => {
    await harness.stop();
  });

  async function request(user: string, code: string, model: string): Promise<SentRecord> {
    for (const event of [textEvent({ userId: user, text: '機器學習預測' }), textEvent({ userId: user, text: code }), postbackEvent({ userId: user, data: encodeChoice('forecast', 'askModel', model) })]) {
      const seen = harness.line.api.sentTo(user).length;
      await harness.send([event]);
      await harness.line.api.waitFor((record) => record.to === user && harness.line.api.sentTo(user).length > seen);
    }
    const confirm = textOf(harness.line.api.sentTo(user).at(-1)!);
    assert.match(confirm, /需要先訓練模型，大約要( 10～30 秒|幾秒鐘)。要開始嗎？/);

    const confirmSeq = harness.line.api.sentTo(user).at(-1)!.seq;
    await harness.send([postbackEvent({ userId: user, data: encodeChoice('forecast', 'confirm', 'start') })]);
    return harness.line.api.waitFor((record) => record.to === user && record.seq > confirmSeq && record.kind !== 'loading', 60_000);
  }

  for (const [model, label] of [['rf', '隨機森林'], ['lstm', 'LSTM']] as const) {
    it(`${label} answers with forecast, backtest, chart and disclaimer`, async () => {
      const user = newUser();
      const answer = await request(user, '2330', model);
      const text = textOf(answer);
      const images = answer.messages.filter((message) => message.type === 'image') as messagingApi.ImageMessage[];

      assert.equal(answer.kind, 'reply');
      assert.match(text, new RegExp(`台積電 2330 ${label} 預測`));
      // The recorded 2330 series ends on Wednesday 2023-11-15, so the forecast is for Thursday.
      assert.match(text, /預測 2023-11-16 收盤價：\d+\.\d{2}（最新收盤 581\.00，2023-11-15）/);
      assert.match(text, /回測（歷史資料中最近 30% 的交易日，共 \d+ 天，每天只用當時以前的資料）/);
      assert.match(text, /天真預測（明天收盤 = 今天收盤）：RMSE \d+\.\d{2}、MAE \d+\.\d{2}、MAPE \d+\.\d{2}%/);
      assert.match(text, /RMSE \d+\.\d{2}、MAE \d+\.\d{2}、MAPE \d+\.\d{2}%、漲跌方向正確率 \d+\.\d{2}%/);
      assert.match(text, /僅供參考，不構成投資建議。/);
      assert.equal(images.length, model === 'lstm' ? 2 : 1, 'forecast chart, plus the training loss for the LSTM');
      assert.equal((await fetch(images[0]!.originalContentUrl)).status, 200);

      const loading = harness.line.api.sentTo(user).find((record) => record.kind === 'loading');
      assert.ok(loading, 'the loading animation was shown');
      assert.ok(loading.seq < answer.seq, 'the loading animation came before the answer');
    });
  }

  it('says plainly when the model does worse than the naive forecast', async () => {
    const answer = await request(newUser(), '2330', 'rf');
    const text = textOf(answer);
    const noBetter = /⚠️ 隨機森林的回測誤差（RMSE）(比天真預測還大|和天真預測一樣)/.test(text);
    const better = /回測誤差（RMSE）比天真預測小/.test(text);

    assert.ok(noBetter !== better, 'exactly one verdict');
  });

  it('a stock without enough history gets an apology and a clean state', async () => {
    const user = newUser();
    const answer = await request(user, '6488', 'rf');
    const chat = await harness.database.pool.query<{ machine_id: string | null }>('SELECT machine_id FROM chats WHERE chat_id = $1', [user]);

    assert.match(textOf(answer), /環球晶 6488」的歷史資料不足，無法預測/);
    assert.equal(chat.rows[0]?.machine_id, null);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { copy } from '../../machines/copy.ts';
import type { StockLookup } from '../../machines/events.ts';
import type { Intent } from '../../machines/intents.ts';
import { step, type ChatState, type ConversationEvent } from '../../src/conversation/step.ts';
import { choice, run as runFrom, text } from '../support/steps.ts';
import { renderIntents } from '../../src/line/render.ts';
import { createRecordedMarketData } from '../../src/market/recorded.ts';
import { marketDataDir } from '../market/data-dir.ts';

const TSMC = { code: '2330', name: '台積電', market: 'TWSE' as const };
const FOUND: StockLookup = { kind: 'found', stock: TSMC, exact: true };
const NONE: StockLookup = { kind: 'notFound' };
const T0 = Date.UTC(2026, 11, 4, 1, 0);

const run = (events: ConversationEvent[]) => runFrom(events, T0);

function lastAsk(intents: Intent[]): Extract<Intent, { type: 'ask' }> {
  const ask = intents.findLast((intent) => intent.type === 'ask');
  assert.ok(ask, `an ask intent in ${JSON.stringify(intents)}`);
  assert.ok(ask.type === 'ask');
  return ask;
}

const ALERT_TO_CONFIRM: ConversationEvent[] = [
  text('到價提醒'),
  text('2330', FOUND),
  choice('alert', 'askCondition', 'above'),
  { type: 'text', text: '600', stock: NONE, reference: { price: 593, etf: false } },
];

const FORECAST_TO_CONFIRM: ConversationEvent[] = [text('機器學習預測'), text('2330', FOUND), choice('forecast', 'askModel', 'rf')];

describe('confirm steps offer 取消', () => {
  it('到價提醒 confirm lists 確認 and 取消', () => {
    const ask = lastAsk(run(ALERT_TO_CONFIRM).intents);
    assert.equal(ask.step, 'confirm');
    assert.deepEqual(ask.choices?.map((item) => item.label), ['確認', '取消']);
  });

  it('到價提醒 取消 tap ends without saving', () => {
    const { state, intents } = run([...ALERT_TO_CONFIRM, choice('alert', 'confirm', 'cancel')]);
    assert.equal(state.machineId, null);
    assert.deepEqual(intents, [{ type: 'say', text: copy.cancelled }]);
  });

  it('機器學習預測 confirm lists 開始預測 and 取消', () => {
    const ask = lastAsk(run(FORECAST_TO_CONFIRM).intents);
    assert.equal(ask.step, 'confirm');
    assert.deepEqual(ask.choices?.map((item) => item.label), ['開始預測', '取消']);
  });

  it('機器學習預測 取消 tap ends without a forecast', () => {
    const { state, intents } = run([...FORECAST_TO_CONFIRM, choice('forecast', 'confirm', 'cancel')]);
    assert.equal(state.machineId, null);
    assert.deepEqual(intents, [{ type: 'say', text: copy.cancelled }]);
  });

  it('意見回饋 confirm lists 送出, 修改 and 取消', () => {
    const ask = lastAsk(run([text('意見回饋'), text('希望增加 ETF 配息資訊')]).intents);
    assert.equal(ask.step, 'confirm');
    assert.equal(ask.choices?.at(-1)?.label, '取消');
    assert.equal(ask.choices?.length, 3);
  });

  it('意見回饋 取消 tap ends without saving', () => {
    const { state, intents } = run([text('意見回饋'), text('希望增加 ETF 配息資訊'), choice('feedback', 'confirm', 'cancel')]);
    assert.equal(state.machineId, null);
    assert.deepEqual(intents, [{ type: 'say', text: copy.cancelled }]);
  });

  it('取消 tap from an earlier step is stale', () => {
    const atModel = run(FORECAST_TO_CONFIRM.slice(0, 2));
    const result = step(atModel.state, choice('forecast', 'confirm', 'cancel'), T0 + 10_000, false);
    assert.equal(result.state, atModel.state);
    assert.deepEqual(result.intents, [{ type: 'say', text: copy.staleButton }]);
  });

  it('取消 renders as a postback quick reply', async () => {
    const ask = lastAsk(run(ALERT_TO_CONFIRM).intents);
    const [message] = await renderIntents([ask], { market: createRecordedMarketData(marketDataDir()), now: T0 });
    assert.deepEqual(message?.quickReply?.items?.map((item) => item.action), [
      { type: 'postback', label: '確認', data: 'd=alert&s=confirm&v=ok', displayText: '確認' },
      { type: 'postback', label: '取消', data: 'd=alert&s=confirm&v=cancel', displayText: '取消' },
    ]);
  });
});

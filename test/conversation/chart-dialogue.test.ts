import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StockLookup } from '../../machines/events.ts';
import type { Intent } from '../../machines/intents.ts';
import { IDLE, step, type ChatState, type ConversationEvent } from '../../src/conversation/step.ts';

const TSMC = { code: '2330', name: '台積電', market: 'TWSE' as const };
const found: StockLookup = { kind: 'found', stock: TSMC, exact: true };
const none: StockLookup = { kind: 'notFound' };
const T0 = Date.UTC(2026, 11, 4, 2, 0);

function text(value: string, stock: StockLookup = none): ConversationEvent {
  return { type: 'text', text: value, stock };
}

function choose(dialogue: string, stepName: string, value: string): ConversationEvent {
  return { type: 'choice', dialogue, step: stepName, value, stock: value === '2330' ? found : none };
}

function stepName(state: ChatState): string {
  return (state.snapshot as { value: string } | null)?.value ?? 'idle';
}

function lastAsk(intents: Intent[]) {
  const ask = intents.findLast((intent) => intent.type === 'ask');
  assert.ok(ask && ask.type === 'ask', 'an ask intent');
  return ask;
}

function run(events: ConversationEvent[], from: ChatState = IDLE) {
  let state = from;
  let intents: Intent[] = [];
  events.forEach((event, index) => {
    const result = step(state, event, T0 + index * 1000, false);
    state = result.state;
    intents = result.intents;
  });
  return { state, intents };
}

describe('技術分析 dialogue', () => {
  it('walks stock, period, interval, indicator to a chart request', () => {
    const { state, intents } = run([
      text('技術分析'),
      text('2330', found),
      choose('technical', 'askPeriod', '1y'),
      choose('technical', 'askInterval', 'day'),
      choose('technical', 'askIndicator', 'MACD'),
    ]);

    assert.equal(state.machineId, null);
    assert.deepEqual(intents, [{ type: 'renderChart', request: { kind: 'technical', stock: TSMC, period: '1y', interval: 'day', indicator: 'MACD' } }]);
  });

  it('accepts typed labels such as 1年 and 週線', () => {
    const { intents } = run([text('技術分析'), text('2330', found), text('1年'), text('週線'), text('KD')]);

    assert.equal(intents[0]?.type, 'renderChart');
    assert.equal(intents[0]?.type === 'renderChart' && intents[0].request.interval, 'week');
  });

  it('monthly bars over one month are explained and re-asked', () => {
    const { state, intents } = run([text('技術分析'), text('2330', found), choose('technical', 'askPeriod', '1m'), choose('technical', 'askInterval', 'month')]);

    assert.equal(stepName(state), 'askInterval');
    assert.match((intents[0] as { text: string }).text, /「1 個月」用「月線」只有約 1 根 K 棒/);
    assert.equal(lastAsk(intents).step, 'askInterval');
  });

  it('MACD over one month of daily bars is explained and re-asked', () => {
    const { state, intents } = run([text('技術分析'), text('2330', found), choose('technical', 'askPeriod', '1m'), choose('technical', 'askInterval', 'day'), choose('technical', 'askIndicator', 'MACD')]);

    assert.equal(stepName(state), 'askIndicator');
    assert.match((intents[0] as { text: string }).text, /MACD 至少需要 34 根 K 棒/);
  });

  it('back from the indicator step returns to the interval step', () => {
    const { state, intents } = run([text('技術分析'), text('2330', found), choose('technical', 'askPeriod', '1y'), choose('technical', 'askInterval', 'day'), text('上一步')]);

    assert.equal(stepName(state), 'askInterval');
    assert.equal(lastAsk(intents).step, 'askInterval');
  });

  it('nonsense at the period step keeps earlier answers', () => {
    const { state, intents } = run([text('技術分析'), text('2330', found), text('明天')]);

    assert.equal(stepName(state), 'askPeriod');
    assert.match((intents[0] as { text: string }).text, /請從下方選擇一個期間/);
    assert.deepEqual((state.snapshot as { context: { stock: unknown } }).context.stock, TSMC);
  });

  it('stale period button is rejected', () => {
    const { state, intents } = run([text('技術分析'), text('2330', found), choose('technical', 'askPeriod', '1y'), choose('technical', 'askPeriod', '3y')]);

    assert.equal(stepName(state), 'askInterval');
    assert.match((intents[0] as { text: string }).text, /按鈕已經過期/);
  });

  it('quote card shortcut starts with the stock chosen', () => {
    const { state, intents } = run([{ type: 'command', command: 'technical:2330', stock: found }]);

    assert.equal(stepName(state), 'askPeriod');
    assert.match(lastAsk(intents).text, /台積電 2330/);
  });

  it('offers and applies the last settings in one tap', () => {
    const first = run([text('技術分析'), text('2330', found), choose('technical', 'askPeriod', '6m'), choose('technical', 'askInterval', 'day'), choose('technical', 'askIndicator', 'RSI')]);
    assert.equal(first.state.lastCharts?.technical?.indicator, 'RSI');

    const again = run([text('技術分析')], first.state);
    const ask = lastAsk(again.intents);
    assert.equal(ask.choices?.[0]?.value, 'last');
    assert.equal(ask.choices?.[0]?.label, '上次：台積電・6 個月・日線・RSI');

    const tapped = run([choose('technical', 'askStock', 'last')], again.state);
    assert.deepEqual(tapped.intents, [{ type: 'renderChart', request: { kind: 'technical', stock: TSMC, period: '6m', interval: 'day', indicator: 'RSI' } }]);
  });

  it('last settings drop spaces past 20 characters', () => {
    const etf = { code: '0056', name: '元大高股息', market: 'TWSE' as const };
    const first = run([text('技術分析'), text('0056', { kind: 'found', stock: etf, exact: true }), choose('technical', 'askPeriod', '6m'), choose('technical', 'askInterval', 'day'), choose('technical', 'askIndicator', 'BBANDS')]);

    const label = lastAsk(run([text('技術分析')], first.state).intents).choices?.[0]?.label;
    assert.equal(label, '上次：元大高股息・6個月・日線・布林通道');
    assert.equal(label?.length, 20);
  });
});

describe('歷史資料 dialogue', () => {
  it('ends after the interval without an indicator', () => {
    const { intents } = run([text('歷史資料'), text('2330', found), choose('history', 'askPeriod', '3m'), choose('history', 'askInterval', 'day')]);

    assert.deepEqual(intents, [{ type: 'renderChart', request: { kind: 'history', stock: TSMC, period: '3m', interval: 'day' } }]);
  });
});

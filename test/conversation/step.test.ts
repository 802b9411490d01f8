import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StockLookup } from '../../machines/events.ts';
import type { Intent } from '../../machines/intents.ts';
import { FEATURES } from '../../machines/copy.ts';
import { dialogues } from '../../machines/registry.ts';
import { DIALOGUE_TIMEOUT_MS, IDLE, step, type ChatState, type ConversationEvent } from '../../src/conversation/step.ts';

const TSMC = { code: '2330', name: '台積電', market: 'TWSE' as const };
const UMC = { code: '2303', name: '聯電', market: 'TWSE' as const };
const found: StockLookup = { kind: 'found', stock: TSMC, exact: true };
const none: StockLookup = { kind: 'notFound' };

function text(value: string, stock: StockLookup = none): ConversationEvent {
  return { type: 'text', text: value, stock };
}

function texts(intents: Intent[]): string[] {
  return intents.map((intent) => {
    switch (intent.type) {
      case 'showQuote':
        return `quote:${intent.stock.code}`;
      case 'renderChart':
        return `chart:${intent.request.kind}:${intent.request.stock.code}:${intent.request.period}:${intent.request.interval}:${intent.request.indicator ?? ''}`;
      case 'say':
      case 'ask':
        return intent.text;
      default:
        return intent.type;
    }
  });
}

const T0 = Date.UTC(2026, 11, 4, 1, 0);

function startQuote(): ChatState {
  const result = step(IDLE, text('即時查詢'), T0, false);
  assert.equal(result.state.machineId, 'quote');
  return result.state;
}

describe('conversation step', () => {
  it('menu label starts the quote dialogue with a stock prompt', () => {
    const result = step(IDLE, text('即時查詢'), T0, false);

    assert.equal(result.state.machineId, 'quote');
    assert.equal(result.state.machineVersion, dialogues.quote!.version);
    assert.equal(result.state.dialogueAt, T0);
    assert.equal(result.intents.length, 1);
    assert.equal(result.intents[0]!.type, 'ask');
    assert.match(texts(result.intents)[0]!, /請輸入股票代號或名稱/);
  });

  it('stock in the dialogue shows the quote and ends it', () => {
    const result = step(startQuote(), text('2330', found), T0 + 1000, false);

    assert.equal(result.state.machineId, null);
    assert.deepEqual(texts(result.intents), ['quote:2330']);
  });

  it('quote of a watched stock is flagged', () => {
    const watching = { ...IDLE, watchlist: [TSMC] };
    const watched = step(watching, text('2330', found), T0, false);
    assert.deepEqual(watched.intents, [{ type: 'showQuote', stock: TSMC, watched: true }]);

    const other = step({ ...IDLE, watchlist: [UMC] }, text('2330', found), T0, false);
    assert.deepEqual(other.intents, [{ type: 'showQuote', stock: TSMC }]);
  });

  it('unknown stock re-prompts and keeps the dialogue', () => {
    const state = startQuote();
    const result = step(state, text('abcxyz'), T0 + 1000, false);

    assert.equal(result.state.machineId, 'quote');
    assert.match(texts(result.intents)[0]!, /找不到「abcxyz」/);
  });

  it('ambiguous name asks to choose, and a choice finishes', () => {
    const ambiguous: StockLookup = { kind: 'ambiguous', candidates: [TSMC, UMC] };
    const choosing = step(startQuote(), text('台', ambiguous), T0 + 1000, false);
    assert.equal((choosing.state.snapshot as { value: string }).value, 'chooseStock');
    const ask = choosing.intents[0];
    assert.equal(ask?.type, 'ask');
    assert.deepEqual(ask?.type === 'ask' ? ask.choices?.map((choice) => choice.value) : [], ['2330', '2303']);

    const chosen = step(choosing.state, { type: 'choice', dialogue: 'quote', step: 'chooseStock', value: '2303', stock: { kind: 'found', stock: UMC, exact: true } }, T0 + 2000, false);
    assert.equal(chosen.state.machineId, null);
    assert.deepEqual(texts(chosen.intents), ['quote:2303']);
  });

  it('back from the choice step returns to the stock step', () => {
    const ambiguous: StockLookup = { kind: 'ambiguous', candidates: [TSMC, UMC] };
    const choosing = step(startQuote(), text('台', ambiguous), T0 + 1000, false);
    const back = step(choosing.state, text('上一步'), T0 + 2000, false);

    assert.equal((back.state.snapshot as { value: string }).value, 'askStock');
    assert.match(texts(back.intents).at(-1)!, /請輸入股票代號或名稱/);
  });

  it('cancel ends the dialogue with a note', () => {
    const result = step(startQuote(), text('取消'), T0 + 1000, false);

    assert.equal(result.state.machineId, null);
    assert.match(texts(result.intents)[0]!, /已取消/);
  });

  it('help explains the step and keeps it', () => {
    const result = step(startQuote(), text('說明'), T0 + 1000, false);

    assert.equal((result.state.snapshot as { value: string }).value, 'askStock');
    assert.match(texts(result.intents)[0]!, /上市或上櫃/);
    assert.equal(result.intents.at(-1)?.type, 'ask');
  });

  it('stale button changes nothing', () => {
    const state = startQuote();
    const result = step(state, { type: 'choice', dialogue: 'quote', step: 'chooseStock', value: '2330', stock: found }, T0 + 1000, false);

    assert.equal(result.state, state);
    assert.match(texts(result.intents)[0]!, /按鈕已經過期/);
  });

  it('choice at idle is stale', () => {
    const result = step(IDLE, { type: 'choice', dialogue: 'quote', step: 'askStock', value: '2330', stock: found }, T0, false);

    assert.equal(result.state.machineId, null);
    assert.match(texts(result.intents)[0]!, /按鈕已經過期/);
  });

  it('dialogue idle over ten minutes expires first', () => {
    const state = startQuote();
    const result = step(state, text('2330', found), T0 + DIALOGUE_TIMEOUT_MS + 1, false);

    assert.match(texts(result.intents)[0]!, /超過 10 分鐘/);
    assert.equal(result.intents[1]?.type, 'showQuote', 'the stock typed after expiry is still answered at the top level');
    assert.equal(result.state.machineId, null);
  });

  it('snapshot from an older version resets politely', () => {
    const state: ChatState = { ...startQuote(), machineVersion: 0 };
    const result = step(state, text('2330', found), T0 + 1000, false);

    assert.match(result.resetReason ?? '', /no migration/);
    assert.match(texts(result.intents)[0]!, /系統剛更新過/);
    assert.deepEqual(texts(result.intents).slice(1), ['quote:2330']);
  });

  it('snapshot naming a missing state resets instead of throwing', () => {
    const state: ChatState = { ...startQuote(), snapshot: { value: 'noSuchState', context: {} } };
    const result = step(state, text('hello'), T0 + 1000, false);

    assert.match(result.resetReason ?? '', /could not be restored/);
    assert.equal(result.state.machineId, null);
  });

  it('stock code at idle shows its quote', () => {
    const result = step(IDLE, text('2330', found), T0, false);

    assert.deepEqual(texts(result.intents), ['quote:2330']);
  });

  it('partial name at idle is not taken for a stock', () => {
    const result = step(IDLE, text('台積', { kind: 'found', stock: TSMC, exact: false }), T0, false);

    assert.match(texts(result.intents)[0]!, /看不懂/);
  });

  it('unknown stock code at idle says not found', () => {
    for (const code of ['9999', '999999', '9999A', '9999.TW', '9999.two', '９９９９']) {
      const result = step(IDLE, text(code), T0, false);

      assert.deepEqual(texts(result.intents), [`找不到「${code}」這檔股票。請輸入股票代號（例如 2330）或名稱（例如 台積電）。`], code);
    }
  });

  it('text not shaped like a code is not understood', () => {
    for (const query of ['999', '1234567', '99AB', '9999.TWX', 'hello']) {
      const result = step(IDLE, text(query), T0, false);

      assert.match(texts(result.intents)[0]!, /看不懂/, query);
    }
  });

  it('group unknown stock code gets no answer', () => {
    const result = step(IDLE, text('9999'), T0, true);

    assert.deepEqual(result.intents, []);
  });

  it('group chatter gets no answer', () => {
    const result = step(IDLE, text('晚餐吃什麼'), T0, true);

    assert.deepEqual(result.intents, []);
  });

  it('group stock code gets its quote', () => {
    const result = step(IDLE, text('2330', found), T0, true);

    assert.deepEqual(texts(result.intents), ['quote:2330']);
  });

  it('group chatter inside a dialogue is not re-prompted', () => {
    const state = step(IDLE, text('即時查詢'), T0, true).state;
    const result = step(state, text('哈哈'), T0 + 1000, true);

    assert.deepEqual(result.intents, []);
    assert.equal(result.state.machineId, 'quote');
  });

  it('rich menu command restarts a running dialogue', () => {
    const result = step(startQuote(), { type: 'command', command: 'menu:quote', stock: none }, T0 + 1000, false);

    assert.equal(result.state.machineId, 'quote');
    assert.equal(result.intents[0]?.type, 'ask');
  });

  it('every menu feature starts something', () => {
    for (const id of Object.keys(FEATURES)) {
      const result = step(IDLE, { type: 'command', command: `menu:${id}`, stock: none }, T0, false);

      assert.ok(result.intents.length > 0, `menu:${id} answers`);
      assert.doesNotMatch(texts(result.intents)[0] ?? '', /即將推出/, `menu:${id} is built`);
    }
  });

  it('follow greets', () => {
    const result = step(IDLE, { type: 'follow' }, T0, false);

    assert.match(texts(result.intents)[0]!, /歡迎使用/);
  });

  it('sticker in a dialogue gets a polite note and keeps the step', () => {
    const state = startQuote();
    const result = step(state, { type: 'unsupported' }, T0 + 1000, false);

    assert.equal(result.state, state);
    assert.match(texts(result.intents)[0]!, /只看得懂文字/);
  });
});

describe('最新消息 dialogue', () => {
  it('offers the stock looked at last, then shows its news', () => {
    const quoted = step(IDLE, text('2330', found), T0, false);
    assert.deepEqual(quoted.state.lastStock, TSMC);

    const asked = step(quoted.state, text('最新消息'), T0 + 1000, false);
    const ask = asked.intents[0];
    assert.equal(ask?.type, 'ask');
    assert.deepEqual(ask?.type === 'ask' ? ask.choices?.slice(0, 2).map((choice) => choice.value) : [], ['market', '2330']);

    const shown = step(asked.state, { type: 'choice', dialogue: 'news', step: 'askTarget', value: '2330', stock: found }, T0 + 2000, false);
    assert.deepEqual(shown.intents, [{ type: 'showNews', stock: TSMC }]);
  });

  it('大盤新聞 shows market news', () => {
    const asked = step(IDLE, text('最新消息'), T0, false);
    const shown = step(asked.state, { type: 'choice', dialogue: 'news', step: 'askTarget', value: 'market', stock: none }, T0 + 1000, false);

    assert.deepEqual(shown.intents, [{ type: 'showNews', stock: null }]);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { alertCopy, feedbackCopy, forecastCopy } from '../../machines/copy.ts';
import type { StockLookup } from '../../machines/events.ts';
import type { ChatState, ConversationEvent } from '../../src/conversation/step.ts';
import { choice, run as runFrom, text } from '../support/steps.ts';

const TSMC = { code: '2330', name: '台積電', market: 'TWSE' as const };
const FOUND: StockLookup = { kind: 'found', stock: TSMC, exact: true };
const NONE: StockLookup = { kind: 'notFound' };
const T0 = Date.UTC(2026, 11, 4, 1, 0);

const run = (events: ConversationEvent[]) => runFrom(events, T0);

/** Typed confirmations that every confirm step accepts. */
const CONFIRM_WORDS = ['確定', '確認', '好', '好的', '是', 'OK', 'ok', 'Ok', 'ＯＫ', '好！', '確定。'];

function stepName(state: ChatState): string {
  return (state.snapshot as { value: string } | null)?.value ?? 'idle';
}

const DIALOGUES = [
  {
    name: '機器學習預測',
    toConfirm: [text('機器學習預測'), text('2330', FOUND), choice('forecast', 'askModel', 'rf')],
    own: ['開始', '開始預測'],
    result: 'runForecast',
    again: forecastCopy.confirmAgain,
  },
  {
    name: '到價提醒',
    toConfirm: [text('到價提醒'), text('2330', FOUND), choice('alert', 'askCondition', 'above'), { type: 'text', text: '600', stock: NONE, reference: { price: 593, etf: false } } as ConversationEvent],
    own: ['確認'],
    result: 'saveAlert',
    again: alertCopy.confirmAgain,
  },
  {
    name: '意見回饋',
    toConfirm: [text('意見回饋'), text('希望增加 ETF 配息資訊')],
    own: ['送出'],
    result: 'saveFeedback',
    again: feedbackCopy.confirmAgain,
  },
];

describe('typed confirmations', () => {
  for (const dialogue of DIALOGUES) {
    it(`${dialogue.name} confirm accepts usual words`, () => {
      assert.equal(stepName(run(dialogue.toConfirm).state), 'confirm');

      for (const word of [...CONFIRM_WORDS, ...dialogue.own]) {
        const { state, intents } = run([...dialogue.toConfirm, text(word)]);

        assert.equal(state.machineId, null, `${word} ends the dialogue`);
        assert.deepEqual(intents.map((intent) => intent.type), [dialogue.result], word);
      }
    });

    it(`${dialogue.name} confirm asks again otherwise`, () => {
      for (const word of ['不要', '好久不見', 'okay then']) {
        const { state, intents } = run([...dialogue.toConfirm, text(word)]);

        assert.equal(stepName(state), 'confirm', word);
        assert.deepEqual(intents[0], { type: 'say', text: dialogue.again }, word);
      }
    });
  }
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { watchlistCopy } from '../../machines/copy.ts';
import type { StockLookup } from '../../machines/events.ts';
import type { Intent } from '../../machines/intents.ts';
import { IDLE, step, type ChatState, type ConversationEvent } from '../../src/conversation/step.ts';

const TSMC = { code: '2330', name: '台積電', market: 'TWSE' as const };
const FOUND: StockLookup = { kind: 'found', stock: TSMC, exact: true };
const NONE: StockLookup = { kind: 'notFound' };
const T0 = Date.UTC(2026, 11, 4, 1, 0);

function command(value: string, stock: StockLookup = NONE): ConversationEvent {
  return { type: 'command', command: value, stock };
}

function shortcutLabels(intents: Intent[]): string[] {
  const last = intents.at(-1);
  assert.ok(last && (last.type === 'say' || last.type === 'showWatchlist'), `a reply with shortcuts in ${JSON.stringify(intents)}`);
  return (last.shortcuts ?? []).map((shortcut) => shortcut.label);
}

function apply(state: ChatState, event: ConversationEvent): { state: ChatState; intents: Intent[] } {
  return step(state, event, T0, false);
}

describe('自選股 shortcuts', () => {
  it('empty list offers no digest', () => {
    const { intents } = apply(IDLE, { type: 'text', text: '自選股', stock: NONE });
    assert.equal(intents[0]?.type, 'showWatchlist');
    assert.deepEqual(shortcutLabels(intents), ['新增自選股']);
  });

  it('list with a stock offers the digest', () => {
    const added = apply(IDLE, command('watch:add:2330', FOUND));
    assert.deepEqual(shortcutLabels(added.intents), ['新增自選股', '開啟每日摘要']);

    const listed = apply(added.state, command('watch:list'));
    assert.deepEqual(shortcutLabels(listed.intents), ['新增自選股', '開啟每日摘要']);
  });

  it('emptied list stops offering it', () => {
    const added = apply(IDLE, command('watch:add:2330', FOUND));
    const removed = apply(added.state, command('watch:remove:2330'));
    assert.deepEqual(shortcutLabels(removed.intents), ['新增自選股']);
  });

  it('digest on keeps its off switch', () => {
    const added = apply(IDLE, command('watch:add:2330', FOUND));
    const on = apply(added.state, command('watch:digest:on'));
    assert.equal(on.state.digest, true);
    assert.deepEqual(shortcutLabels(on.intents), ['新增自選股', '關閉每日摘要']);

    const emptied = apply(on.state, command('watch:remove:2330'));
    assert.deepEqual(shortcutLabels(emptied.intents), ['新增自選股', '關閉每日摘要']);
  });

  it('digest on with an empty list explains', () => {
    const { state, intents } = apply(IDLE, command('watch:digest:on'));
    assert.equal(state.digest, true);
    assert.deepEqual(intents, [{ type: 'say', text: watchlistCopy.digestOnEmpty, shortcuts: [{ label: '新增自選股', command: 'menu:watchAdd' }, { label: '關閉每日摘要', command: 'watch:digest:off' }] }]);
  });

  it('digest on with stocks confirms', () => {
    const added = apply(IDLE, command('watch:add:2330', FOUND));
    const on = apply(added.state, command('watch:digest:on'));
    assert.equal(on.intents[0]?.type === 'say' ? on.intents[0].text : '', watchlistCopy.digestOn);
  });
});

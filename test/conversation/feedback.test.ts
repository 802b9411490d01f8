import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { messagingApi } from '@line/bot-sdk';
import type { Intent } from '../../machines/intents.ts';
import { PROJECT_ROOT } from '../../src/bootstrap.ts';
import { encodeChoice } from '../../src/conversation/postback.ts';
import type { ConversationEvent } from '../../src/conversation/step.ts';
import { postbackEvent, textEvent } from '../../src/line/webhook-events.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { run as runFrom } from '../support/steps.ts';

const T0 = Date.UTC(2026, 11, 4, 3, 0);

function text(value: string): ConversationEvent {
  return { type: 'text', text: value, stock: { kind: 'notFound' } };
}

const run = (events: ConversationEvent[]) => runFrom(events, T0);

function firstText(intents: Intent[]): string {
  const intent = intents[0];
  return intent && (intent.type === 'say' || intent.type === 'ask') ? intent.text : '';
}

describe('意見回饋 dialogue', () => {
  it('confirms and then saves', () => {
    const { state, intents } = run([text('意見回饋'), text('希望加入自選股功能'), { type: 'choice', dialogue: 'feedback', step: 'confirm', value: 'send', stock: { kind: 'notFound' } }]);

    assert.equal(state.machineId, null);
    assert.deepEqual(intents, [{ type: 'saveFeedback', text: '希望加入自選股功能' }]);
  });

  it('shows the text back for confirmation', () => {
    const { intents } = run([text('意見回饋'), text('圖表很好看')]);

    assert.match(firstText(intents), /請確認你的意見：\n\n圖表很好看/);
  });

  it('over-long text is rejected with its length', () => {
    const { state, intents } = run([text('意見回饋'), text('好'.repeat(1001))]);

    assert.equal((state.snapshot as { value: string }).value, 'askText');
    assert.match(firstText(intents), /內容有 1,001 字，超過 1,000 字的上限/);
  });

  it('exactly 1,000 characters with emoji is accepted', () => {
    const { state } = run([text('意見回饋'), text('😀'.repeat(1000))]);

    assert.equal((state.snapshot as { value: string }).value, 'confirm');
  });

  it('cancel at the confirmation stores nothing', () => {
    const { state, intents } = run([text('意見回饋'), text('測試'), text('取消')]);

    assert.equal(state.machineId, null);
    assert.ok(intents.every((intent) => intent.type !== 'saveFeedback'));
    assert.match(firstText(intents), /已取消/);
  });

  it('重新輸入 goes back to the text step', () => {
    const { state } = run([text('意見回饋'), text('第一版'), text('重新輸入')]);

    assert.equal((state.snapshot as { value: string }).value, 'askText');
  });
});

describe('意見回饋 end to end', () => {
  let harness: Harness;

  before(async () => {
    harness = await startHarness({ env: { FEEDBACK_FORM_URL: 'https://forms.example/gulema' } });
  });

  after(async () => {
    await harness.stop();
  });

  it('stores the text with a hashed user id and thanks the user', async () => {
    const user = `U${'f'.repeat(31)}1`;
    for (const event of [textEvent({ userId: user, text: '意見回饋' }), textEvent({ userId: user, text: '請增加 ETF 配息資訊' }), postbackEvent({ userId: user, data: encodeChoice('feedback', 'confirm', 'send') })]) {
      const seen = harness.line.api.sentTo(user).length;
      await harness.send([event]);
      await harness.line.api.waitFor((record) => record.to === user && harness.line.api.sentTo(user).length > seen);
    }

    const thanks = (harness.line.api.sentTo(user).at(-1)!.messages[0] as messagingApi.TextMessage).text;
    assert.match(thanks, /感謝你的回饋/);
    assert.match(thanks, /https:\/\/forms\.example\/gulema/);

    const rows = await harness.database.pool.query<{ user_hash: string; text: string }>('SELECT user_hash, text FROM feedback');
    assert.equal(rows.rows.length, 1);
    assert.equal(rows.rows[0]?.text, '請增加 ETF 配息資訊');
    assert.match(rows.rows[0]!.user_hash, /^[0-9a-f]{64}$/);
    assert.ok(!rows.rows[0]!.user_hash.includes(user), 'the user id is not stored');

    const listing = spawnSync(path.join(PROJECT_ROOT, 'node_modules', '.bin', 'node'), ['src/cli/feedback.ts'], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, DATABASE_URL: harness.database.url },
      timeout: 20_000,
    });
    assert.equal(listing.status, 0, listing.stderr);
    assert.match(listing.stdout, /請增加 ETF 配息資訊/);
  });

  it('listing without DATABASE_URL exits', () => {
    // Local mode: the CLI starts the embedded Postgres (or uses a running one) and must stop what it started.
    const listing = spawnSync(path.join(PROJECT_ROOT, 'node_modules', '.bin', 'node'), ['src/cli/feedback.ts', '--limit', '1'], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH },
      timeout: 90_000,
    });

    assert.equal(listing.signal, null, 'the CLI exited by itself instead of hanging');
    assert.equal(listing.status, 0, listing.stderr);
  });
});

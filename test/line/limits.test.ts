import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { messagingApi } from '@line/bot-sdk';

import { checkMessages, truncateUtf16 } from '../../src/line/limits.ts';
import { choiceButtons, quickReply, shortcutButtons } from '../../src/line/messages/quick-reply.ts';
import { text } from '../../src/line/messages/text.ts';

const EMOJI = '📈';

function postbackItem(label: string, data = 'cmd=menu%3Aquote', displayText?: string): messagingApi.QuickReplyItem {
  const action: messagingApi.PostbackAction = { type: 'postback', label, data };
  if (displayText !== undefined) {
    action.displayText = displayText;
  }
  return { type: 'action', action };
}

function bubbleWithText(content: string): messagingApi.FlexBubble {
  return { type: 'bubble', body: { type: 'box', layout: 'vertical', contents: [{ type: 'text', text: content }] } };
}

function flex(contents: messagingApi.FlexContainer, altText = '台積電 2330'): messagingApi.FlexMessage {
  return { type: 'flex', altText, contents };
}

function withQuickReply(...items: messagingApi.QuickReplyItem[]): messagingApi.TextMessage {
  return { type: 'text', text: '請選擇', quickReply: { items } };
}

function assertOneViolation(messages: messagingApi.Message[], pattern: RegExp): void {
  const violations = checkMessages(messages);
  assert.equal(violations.length, 1, violations.join('\n'));
  assert.match(violations[0] ?? '', pattern);
}

describe('checkMessages', () => {
  it('accepts a plain text', () => {
    assert.deepEqual(checkMessages([text('你好')]), []);
  });

  it('rejects no messages', () => {
    assertOneViolation([], /0 messages/);
  });

  it('rejects 6 messages', () => {
    const messages = Array.from({ length: 6 }, (_, index) => text(`第 ${index + 1} 則`));
    assertOneViolation(messages, /6 messages; LINE accepts 1 to 5/);
  });

  it('accepts 5 messages', () => {
    const messages = Array.from({ length: 5 }, (_, index) => text(`第 ${index + 1} 則`));
    assert.deepEqual(checkMessages(messages), []);
  });

  it('rejects 5,001-unit text', () => {
    assertOneViolation([{ type: 'text', text: '股'.repeat(5001) }], /messages\[0\]\.text: 5001 UTF-16 units; LINE allows 5000/);
  });

  it('accepts 5,000-unit text', () => {
    assert.deepEqual(checkMessages([{ type: 'text', text: '股'.repeat(5000) }]), []);
  });

  it('counts an emoji as 2 units', () => {
    const content = `${'股'.repeat(4999)}${EMOJI}`;
    assertOneViolation([{ type: 'text', text: content }], /5001 UTF-16 units/);
  });

  it('rejects empty text', () => {
    assertOneViolation([{ type: 'text', text: '' }], /text: missing or empty/);
  });

  it('rejects 14 quick replies', () => {
    const items = Array.from({ length: 14 }, (_, index) => postbackItem(`選項 ${index + 1}`));
    assertOneViolation([{ type: 'text', text: '請選擇', quickReply: { items } }], /14 items; LINE accepts 1 to 13/);
  });

  it('rejects an empty quick reply', () => {
    assertOneViolation([{ type: 'text', text: '請選擇', quickReply: { items: [] } }], /0 items/);
  });

  it('rejects a 21-char quick-reply label', () => {
    const message = withQuickReply(postbackItem('股'.repeat(21)));
    assertOneViolation([message], /items\[0\]\.action\.label: 21 UTF-16 units; LINE allows 20/);
  });

  it('rejects a missing quick-reply label', () => {
    const message = withQuickReply(postbackItem(''));
    assertOneViolation([message], /label: missing/);
  });

  it('rejects 301-char postback data', () => {
    const message = withQuickReply(postbackItem('查詢', 'x'.repeat(301)));
    assertOneViolation([message], /action\.data: 301 UTF-16 units; LINE allows 300/);
  });

  it('rejects 301-char displayText', () => {
    const item = postbackItem('查詢', 'cmd=menu%3Aquote', '股'.repeat(301));
    assertOneViolation([{ type: 'text', text: '請選擇', quickReply: { items: [item] } }], /displayText: 301 UTF-16 units/);
  });

  it('rejects 401-char altText', () => {
    assertOneViolation([flex(bubbleWithText('台積電'), '股'.repeat(401))], /altText: 401 UTF-16 units; LINE allows 400/);
  });

  it('rejects a missing altText', () => {
    assertOneViolation([flex(bubbleWithText('台積電'), '')], /altText: missing or empty/);
  });

  it('rejects a bubble over 30 KB', () => {
    // 10,500 three-byte characters make about 31.5 KB of JSON.
    assertOneViolation([flex(bubbleWithText('股'.repeat(10_500)))], /contents: JSON is \d+ bytes; LINE allows 30000/);
  });

  it('rejects 13 carousel bubbles', () => {
    const bubbles = Array.from({ length: 13 }, (_, index) => bubbleWithText(`第 ${index + 1} 張`));
    assertOneViolation([flex({ type: 'carousel', contents: bubbles })], /13 bubbles; a carousel holds 1 to 12/);
  });

  it('rejects mixed carousel sizes', () => {
    const bubbles: messagingApi.FlexBubble[] = [
      { ...bubbleWithText('甲'), size: 'kilo' },
      { ...bubbleWithText('乙'), size: 'mega' },
    ];
    assertOneViolation([flex({ type: 'carousel', contents: bubbles })], /sizes kilo, mega/);
  });

  it('rejects a 41-char flex button label', () => {
    const bubble: messagingApi.FlexBubble = {
      type: 'bubble',
      footer: {
        type: 'box',
        layout: 'vertical',
        contents: [{ type: 'button', action: { type: 'postback', label: '股'.repeat(41), data: 'cmd=menu%3Aquote' } }],
      },
    };
    assertOneViolation([flex(bubble)], /footer\.contents\[0\]\.action\.label: 41 UTF-16 units; LINE allows 40/);
  });

  it('accepts a 40-char flex button label', () => {
    const bubble: messagingApi.FlexBubble = {
      type: 'bubble',
      footer: {
        type: 'box',
        layout: 'vertical',
        contents: [{ type: 'button', action: { type: 'postback', label: '股'.repeat(40), data: 'cmd=menu%3Aquote' } }],
      },
    };
    assert.deepEqual(checkMessages([flex(bubble)]), []);
  });

  it('rejects an http image URL', () => {
    const image: messagingApi.ImageMessage = {
      type: 'image',
      originalContentUrl: 'http://example.com/chart.png',
      previewImageUrl: 'https://example.com/chart-preview.png',
    };
    assertOneViolation([image], /originalContentUrl: .* is not an https URL/);
  });

  it('rejects an http flex image URL', () => {
    const bubble: messagingApi.FlexBubble = { type: 'bubble', hero: { type: 'image', url: 'http://example.com/chart.png' } };
    assertOneViolation([flex(bubble)], /hero\.url: .* is not an https URL/);
  });

  it('rejects an image URL over 2,000 chars', () => {
    const url = `https://example.com/${'a'.repeat(1981)}`;
    const image: messagingApi.ImageMessage = { type: 'image', originalContentUrl: url, previewImageUrl: url };
    const violations = checkMessages([image]);
    assert.equal(violations.length, 2, violations.join('\n'));
    assert.match(violations[0] ?? '', /2001 UTF-16 units; LINE allows 2000/);
  });

  it('allows local http URLs only when asked', () => {
    for (const url of ['http://127.0.0.1:3000/chart.png', 'http://localhost/chart.png']) {
      const image: messagingApi.ImageMessage = { type: 'image', originalContentUrl: url, previewImageUrl: url };
      assert.equal(checkMessages([image]).length, 2);
      assert.deepEqual(checkMessages([image], { allowInsecureUrls: true }), []);
    }
  });

  it('rejects remote http URLs even when insecure URLs are allowed', () => {
    const url = 'http://localhost.example.com/chart.png';
    const image: messagingApi.ImageMessage = { type: 'image', originalContentUrl: url, previewImageUrl: url };
    assert.equal(checkMessages([image], { allowInsecureUrls: true }).length, 2);
  });

  it('names the message index', () => {
    assertOneViolation([text('一'), { type: 'text', text: '' }], /^messages\[1\]\.text/);
  });
});

describe('truncateUtf16', () => {
  it('leaves short text alone', () => {
    assert.equal(truncateUtf16('台積電', 3), '台積電');
  });

  it('cuts with an ellipsis', () => {
    assert.equal(truncateUtf16('台積電股份有限公司', 5), '台積電股…');
  });

  it('never splits a surrogate pair', () => {
    const cut = truncateUtf16(`股${EMOJI}${EMOJI}`, 3);
    assert.equal(cut, '股…');
    assert.ok(cut.isWellFormed());
  });

  it('handles a zero limit', () => {
    assert.equal(truncateUtf16('股票', 0), '');
  });
});

describe('text builder', () => {
  it('keeps text within the limit', () => {
    const message = text('股'.repeat(6000));
    assert.equal(message.text.length, 5000);
    assert.ok(message.text.endsWith('…'));
    assert.deepEqual(checkMessages([message]), []);
  });

  it('does not split an emoji at the cut', () => {
    const message = text(`${'股'.repeat(4998)}${EMOJI}${EMOJI}`);
    assert.ok(message.text.isWellFormed());
    assert.ok(message.text.length <= 5000);
    assert.equal(message.text, `${'股'.repeat(4998)}…`);
    assert.deepEqual(checkMessages([message]), []);
  });

  it('keeps text at exactly 5,000 units', () => {
    const content = `${'股'.repeat(4998)}${EMOJI}`;
    assert.equal(text(content).text, content);
  });

  it('attaches a quick reply', () => {
    const replies = quickReply([{ label: '再查一檔', data: 'cmd=menu%3Aquote' }]);
    const message = text('請輸入股票代號', replies);
    assert.deepEqual(message.quickReply, replies);
    assert.deepEqual(checkMessages([message]), []);
  });

  it('omits quickReply when none is given', () => {
    assert.equal('quickReply' in text('你好'), false);
  });
});

describe('quickReply builder', () => {
  it('returns undefined for no buttons', () => {
    assert.equal(quickReply([]), undefined);
  });

  it('builds postback items', () => {
    const replies = quickReply([{ label: '技術分析', data: 'cmd=technical%3A2330' }]);
    assert.deepEqual(replies, {
      items: [{ type: 'action', action: { type: 'postback', label: '技術分析', data: 'cmd=technical%3A2330', displayText: '技術分析' } }],
    });
  });

  it('cuts long labels but shows the full label', () => {
    const label = '元大台灣卓越50證券投資信託基金（0050）';
    const action = quickReply([{ label, data: 'cmd=quote%3A0050' }])?.items?.[0]?.action;
    assert.equal(action?.type, 'postback');
    assert.equal(action?.label?.length, 20);
    assert.ok(action?.label?.endsWith('…'));
    assert.equal(action?.type === 'postback' ? action.displayText : undefined, label);
    assert.deepEqual(checkMessages([text('請選擇', quickReply([{ label, data: 'cmd=quote%3A0050' }]))]), []);
  });

  it('keeps labels with emoji whole', () => {
    const label = `${'股'.repeat(18)}${EMOJI}${EMOJI}`;
    const action = quickReply([{ label, data: 'cmd=x' }])?.items?.[0]?.action;
    assert.ok(action?.label?.isWellFormed());
  });

  it('drops buttons after the 13th', () => {
    const buttons = Array.from({ length: 20 }, (_, index) => ({ label: `選項 ${index + 1}`, data: `cmd=${index}` }));
    const replies = quickReply(buttons);
    assert.equal(replies?.items?.length, 13);
    assert.equal(replies?.items?.[12]?.action?.label, '選項 13');
    assert.deepEqual(checkMessages([text('請選擇', replies)]), []);
  });

  it('encodes choices with dialogue and step', () => {
    const buttons = choiceButtons('quote', 'pickStock', [{ label: '台積電 2330', value: '2330' }]);
    assert.deepEqual(buttons, [{ label: '台積電 2330', data: 'd=quote&s=pickStock&v=2330' }]);
  });

  it('encodes shortcuts as commands', () => {
    const buttons = shortcutButtons([{ label: '再查一檔', command: 'menu:quote' }]);
    assert.deepEqual(buttons, [{ label: '再查一檔', data: 'cmd=menu%3Aquote' }]);
  });

  it('throws on a value too long for postback data', () => {
    assert.throws(() => choiceButtons('quote', 'pickStock', [{ label: '太長', value: 'x'.repeat(300) }]), RangeError);
  });
});

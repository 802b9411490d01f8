import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { messagingApi } from '@line/bot-sdk';
import { formatMessages } from '../../src/cli/format-message.ts';

const quote: messagingApi.FlexMessage = {
  type: 'flex',
  altText: '台積電 2330 報價',
  contents: {
    type: 'bubble',
    header: { type: 'box', layout: 'vertical', contents: [{ type: 'text', text: '台積電 2330' }] },
    hero: { type: 'image', url: 'https://example.invalid/chart.png' },
    body: {
      type: 'box',
      layout: 'vertical',
      contents: [
        { type: 'box', layout: 'baseline', contents: [{ type: 'text', text: '成交' }, { type: 'text', text: '1,085' }] },
        { type: 'separator' },
        { type: 'text', contents: [{ type: 'span', text: '漲 ' }, { type: 'span', text: '+15' }] },
      ],
    },
    footer: {
      type: 'box',
      layout: 'horizontal',
      contents: [
        { type: 'button', action: { type: 'postback', label: '加入自選', data: 'cmd=watch:2330' } },
        { type: 'button', action: { type: 'uri', label: '看新聞', uri: 'https://example.invalid/news' } },
      ],
    },
  },
};

describe('formatMessages', () => {
  it('prints text as is', () => {
    const rendered = formatMessages([{ type: 'text', text: '你好\n第二行' }]);

    assert.equal(rendered.text, '你好\n第二行');
    assert.deepEqual(rendered.choices, []);
  });

  it('prints an image URL', () => {
    const rendered = formatMessages([{ type: 'image', originalContentUrl: 'https://x.invalid/a.png', previewImageUrl: 'https://x.invalid/p.png' }]);

    assert.equal(rendered.text, '[圖片] https://x.invalid/a.png');
  });

  it('renders a flex bubble as text', () => {
    const lines = formatMessages([quote]).text.split('\n');

    assert.equal(lines[0], '[卡片] 台積電 2330 報價');
    assert.equal(lines[1], '台積電 2330');
    assert.equal(lines[2], '[圖片] https://example.invalid/chart.png');
    assert.equal(lines[3], '成交  1,085');
    assert.match(lines[4] ?? '', /^─+$/);
    assert.equal(lines[5], '漲 +15');
    assert.equal(lines[6], '  1) 加入自選    2) 看新聞');
  });

  it('numbers flex buttons as choices', () => {
    const { choices } = formatMessages([quote]);

    assert.deepEqual(choices.map((choice) => [choice.number, choice.label, choice.action.type]), [
      [1, '加入自選', 'postback'],
      [2, '看新聞', 'uri'],
    ]);
  });

  it('separates carousel bubbles', () => {
    const bubble = (text: string): messagingApi.FlexBubble => ({
      type: 'bubble',
      body: { type: 'box', layout: 'vertical', contents: [{ type: 'text', text }] },
    });
    const rendered = formatMessages([{ type: 'flex', altText: '自選股', contents: { type: 'carousel', contents: [bubble('2330'), bubble('2317')] } }]);

    assert.match(rendered.text, /^\[卡片\] 自選股\n2330\n─+\n2317$/);
  });

  it('lists quick replies after the last message', () => {
    const rendered = formatMessages([
      { type: 'text', text: '要查哪一檔？' },
      {
        type: 'text',
        text: '請選擇',
        quickReply: {
          items: [
            { type: 'action', action: { type: 'postback', label: '台積電 2330', data: 'cmd=quote:2330', displayText: '台積電' } },
            { type: 'action', action: { type: 'message', label: '鴻海 2317', text: '2317' } },
          ],
        },
      },
    ]);

    assert.equal(rendered.text, '要查哪一檔？\n請選擇\n  1) 台積電 2330\n  2) 鴻海 2317');
    assert.equal(rendered.choices[1]?.action.type, 'message');
  });

  it('ignores quick replies of earlier messages', () => {
    const rendered = formatMessages([
      { type: 'text', text: 'a', quickReply: { items: [{ type: 'action', action: { type: 'message', label: 'x', text: 'x' } }] } },
      { type: 'text', text: 'b' },
    ]);

    assert.deepEqual(rendered.choices, []);
  });

  it('numbers card buttons before quick replies', () => {
    const rendered = formatMessages([
      { ...quote, quickReply: { items: [{ type: 'action', action: { type: 'message', label: '選單', text: '選單' } }] } },
    ]);

    assert.deepEqual(rendered.choices.map((choice) => choice.label), ['加入自選', '看新聞', '選單']);
    assert.match(rendered.text, /\n {2}3\) 選單$/);
  });

  it('renders a buttons template', () => {
    const rendered = formatMessages([{
      type: 'template',
      altText: '確認',
      template: {
        type: 'confirm',
        text: '刪除自選股？',
        actions: [
          { type: 'postback', label: '是', data: 'yes' },
          { type: 'postback', label: '否', data: 'no' },
        ],
      },
    }]);

    assert.equal(rendered.text, '[卡片] 確認\n刪除自選股？\n  1) 是\n  2) 否');
  });

  it('marks a sticker', () => {
    assert.equal(formatMessages([{ type: 'sticker', packageId: '446', stickerId: '1988' }]).text, '[貼圖] 446/1988');
  });
});

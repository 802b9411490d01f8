import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { decodePostback } from '../../src/conversation/postback.ts';
import { MENU_AREAS, RICH_MENU, menuName, richMenuRequest } from '../../src/richmenu/definition.ts';
import type { RichMenuBody } from '../../src/richmenu/definition.ts';

const EXPECTED_TILES = [
  { id: 'quote', label: '即時查詢', x: 0, y: 0, width: 833, height: 843 },
  { id: 'history', label: '歷史資料', x: 833, y: 0, width: 834, height: 843 },
  { id: 'technical', label: '技術分析', x: 1667, y: 0, width: 833, height: 843 },
  { id: 'forecast', label: '機器學習預測', x: 0, y: 843, width: 833, height: 843 },
  { id: 'news', label: '最新消息', x: 833, y: 843, width: 834, height: 843 },
  { id: 'feedback', label: '意見回饋', x: 1667, y: 843, width: 833, height: 843 },
];

describe('rich menu definition', () => {
  it('uses full size and six areas', () => {
    assert.deepEqual(RICH_MENU.size, { width: 2500, height: 1686 });
    assert.equal(RICH_MENU.areas?.length, 6);
    assert.equal(RICH_MENU.selected, true);
    assert.equal(RICH_MENU.chatBarText, '功能選單');
  });

  it('places tiles in reading order', () => {
    const areas = RICH_MENU.areas ?? [];
    EXPECTED_TILES.forEach((tile, index) => {
      assert.deepEqual(areas[index]?.bounds, { x: tile.x, y: tile.y, width: tile.width, height: tile.height }, tile.label);
      assert.equal(MENU_AREAS[index]?.id, tile.id);
      assert.equal(MENU_AREAS[index]?.label, tile.label);
      assert.deepEqual(MENU_AREAS[index]?.bounds, areas[index]?.bounds);
    });
  });

  it('areas tile image without overlap', () => {
    const width = 2500;
    const height = 1686;
    const coverage = new Uint8Array(width * height);
    for (const area of RICH_MENU.areas ?? []) {
      const { x: left = -1, y: top = -1, width: areaWidth = 0, height: areaHeight = 0 } = area.bounds ?? {};
      assert.ok(left >= 0, `x of ${JSON.stringify(area.bounds)}`);
      assert.ok(top >= 0, `y of ${JSON.stringify(area.bounds)}`);
      assert.ok(areaWidth > 0, `width of ${JSON.stringify(area.bounds)}`);
      assert.ok(areaHeight > 0, `height of ${JSON.stringify(area.bounds)}`);
      for (let y = top; y < top + areaHeight; y += 1) {
        for (let x = left; x < left + areaWidth; x += 1) {
          coverage[y * width + x] = (coverage[y * width + x] ?? 0) + 1;
        }
      }
    }

    assert.equal(coverage.indexOf(0), -1, 'every pixel is inside an area');
    assert.equal(coverage.findIndex((count) => count > 1), -1, 'no pixel is inside two areas');
  });

  it('postbacks decode to menu commands', () => {
    (RICH_MENU.areas ?? []).forEach((area, index) => {
      const tile = EXPECTED_TILES[index];
      const action = area.action;
      assert.ok(tile, `area ${index} is expected`);
      assert.ok(action?.type === 'postback', `area ${index} is a postback`);
      assert.deepEqual(decodePostback(action.data), { kind: 'command', command: `menu:${tile.id}` });
      assert.equal(action.data, `cmd=menu%3A${tile.id}`);
      assert.equal(action.displayText, tile.label);
      assert.equal(action.label, tile.label);
    });
  });
});

describe('menuName', () => {
  const image = Uint8Array.from([1, 2, 3]);

  it('hashes canonical JSON then image', () => {
    const menu = { selected: true, chatBarText: 'x' } as RichMenuBody;
    const expected = createHash('sha256').update('{"chatBarText":"x","selected":true}').update(Buffer.from([1, 2, 3])).digest('hex');
    assert.equal(menuName(image, menu), `gulema-${expected.slice(0, 12)}`);
  });

  it('ignores key order', () => {
    const reordered: RichMenuBody = {
      areas: RICH_MENU.areas,
      chatBarText: RICH_MENU.chatBarText,
      selected: RICH_MENU.selected,
      size: { height: 1686, width: 2500 },
    };
    assert.equal(menuName(image, reordered), menuName(image));
  });

  it('changes with image or menu', () => {
    const base = menuName(image);
    assert.match(base, /^gulema-[0-9a-f]{12}$/);
    assert.notEqual(menuName(Uint8Array.from([1, 2, 4])), base);
    assert.notEqual(menuName(image, { ...RICH_MENU, chatBarText: '選單' }), base);
  });

  it('request carries derived name', () => {
    const request = richMenuRequest(image);
    assert.equal(request.name, menuName(image));
    assert.equal(request.chatBarText, '功能選單');
  });
});

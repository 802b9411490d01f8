import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import { MENU_IMAGE_PATH, MENU_SVG_PATH } from '../../src/richmenu/image.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('committed rich menu image', () => {
  it('is a 2500x1686 PNG', async () => {
    const png = await readFile(MENU_IMAGE_PATH);
    assert.deepEqual(png.subarray(0, 8), PNG_SIGNATURE);

    // The first chunk is IHDR: length (4 bytes), type, then width and height as big-endian uint32.
    assert.equal(png.toString('latin1', 12, 16), 'IHDR');
    assert.equal(png.readUInt32BE(16), 2500);
    assert.equal(png.readUInt32BE(20), 1686);
  });

  it('stays under one megabyte', async () => {
    const { size } = await stat(MENU_IMAGE_PATH);
    assert.ok(size < 1_000_000, `richmenu.png is ${size} bytes`);
  });

  it('artwork names every tile', async () => {
    const svg = await readFile(MENU_SVG_PATH, 'utf8');
    for (const label of ['即時查詢', '歷史資料', '技術分析', '機器學習預測', '最新消息', '意見回饋']) {
      assert.ok(svg.includes(`>${label}</text>`), label);
    }
    assert.match(svg, /<svg[^>]* width="2500" height="1686" viewBox="0 0 2500 1686"/);
  });
});

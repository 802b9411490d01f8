/**
 * Renders `assets/richmenu.svg` to `assets/richmenu.png` at the rich menu's
 * size (2500×1686) with resvg and the charts' bundled fonts, so the text
 * looks the same on every machine. Run after editing the SVG and commit the
 * PNG: `node scripts/render-richmenu.ts`.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { Resvg } from '@resvg/resvg-js';
import { CJK_FONT_FAMILY, chartFontFiles } from '../src/charts/fonts.ts';
import { MENU_SIZE } from '../src/richmenu/definition.ts';
import { MAX_MENU_IMAGE_BYTES, MENU_IMAGE_PATH, MENU_SVG_PATH } from '../src/richmenu/image.ts';

async function main(): Promise<void> {
  const svg = await readFile(MENU_SVG_PATH, 'utf8');

  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: MENU_SIZE.width },
    // System fonts are skipped so the output does not depend on the machine.
    font: { fontFiles: chartFontFiles(), loadSystemFonts: false, defaultFontFamily: CJK_FONT_FAMILY },
  });
  const rendered = resvg.render();
  const png = rendered.asPng();

  if (rendered.width !== MENU_SIZE.width || rendered.height !== MENU_SIZE.height) {
    throw new Error(`rendered ${rendered.width}×${rendered.height}, expected ${MENU_SIZE.width}×${MENU_SIZE.height}: fix the SVG's width, height and viewBox`);
  }
  if (png.length > MAX_MENU_IMAGE_BYTES) {
    throw new Error(`rendered PNG is ${png.length} bytes, over LINE's limit of ${MAX_MENU_IMAGE_BYTES}: simplify the artwork`);
  }

  await writeFile(MENU_IMAGE_PATH, png);
  console.log(`wrote ${MENU_IMAGE_PATH} (${rendered.width}×${rendered.height}, ${png.length} bytes)`);
}

await main();

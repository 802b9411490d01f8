/**
 * The committed rich menu image. `scripts/render-richmenu.ts` renders it from
 * `assets/richmenu.svg`, so a deploy uploads the checked-in PNG and needs no
 * renderer or fonts.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export const MENU_SVG_PATH = fileURLToPath(new URL('../../assets/richmenu.svg', import.meta.url));
export const MENU_IMAGE_PATH = fileURLToPath(new URL('../../assets/richmenu.png', import.meta.url));

/** LINE rejects rich menu images over 1 MB. This cap fits both readings of "MB" (10^6 and 2^20 bytes). */
export const MAX_MENU_IMAGE_BYTES = 1_000_000;

export async function readMenuImage(path: string = MENU_IMAGE_PATH): Promise<Buffer> {
  return readFile(path);
}

/**
 * The bot's rich menu, defined in code: six postback buttons over
 * `assets/richmenu.png`. The menu's `name` carries a hash of this object and
 * the image, so a deploy can tell whether LINE already has this exact menu.
 */
import { createHash } from 'node:crypto';
import type { messagingApi } from '@line/bot-sdk';
import { FEATURES } from '../../machines/copy.ts';
import type { FeatureId } from '../../machines/copy.ts';
import { encodeCommand } from '../conversation/postback.ts';

/** A rich menu request without its `name`, which `menuName()` derives. */
export type RichMenuBody = Omit<messagingApi.RichMenuRequest, 'name'>;

export type MenuBounds = { x: number; y: number; width: number; height: number };

/** One tappable tile, for drawing the menu in the simulator. */
export type MenuArea = { id: FeatureId; label: string; command: string; bounds: MenuBounds };

/** Prefix of every rich menu name this bot creates. The sync never changes or deletes menus named otherwise. */
export const MENU_NAME_PREFIX = 'gulema-';

/** LINE's full-height rich menu size, in pixels. */
export const MENU_SIZE = { width: 2500, height: 1686 } as const;

/** Column widths and row heights in pixels, which add up to MENU_SIZE. */
const COLUMN_WIDTHS = [833, 834, 833] as const;
const ROW_HEIGHTS = [843, 843] as const;

/**
 * The original product lists 即時查詢, 歷史資料, 技術分析, 機器學習預測 on
 * top and 最新消息, 意見回饋 below, but six equal tiles cannot split four and
 * two. The tiles therefore form a 3×2 grid read left to right, then top to
 * bottom, in the original order.
 */
const FEATURE_ORDER: readonly FeatureId[] = ['quote', 'history', 'technical', 'forecast', 'news', 'feedback'];

/** The six tiles, in reading order. */
export const MENU_AREAS: readonly MenuArea[] = FEATURE_ORDER.map((id, index) => ({
  id,
  label: FEATURES[id],
  command: `menu:${id}`,
  bounds: tileBounds(index % COLUMN_WIDTHS.length, Math.floor(index / COLUMN_WIDTHS.length)),
}));

/** The menu as sent to LINE, except for `name`. */
export const RICH_MENU: RichMenuBody = {
  size: { ...MENU_SIZE },
  selected: true,
  chatBarText: '功能選單',
  areas: MENU_AREAS.map((area) => ({
    bounds: { ...area.bounds },
    action: {
      type: 'postback',
      label: area.label,
      data: encodeCommand(area.command),
      // Echoes the label into the chat, so the tap reads like a typed request.
      displayText: area.label,
    },
  })),
};

/**
 * Derives the menu's name: the prefix and the first 12 hex digits of
 * SHA-256 over the canonical JSON of `menu` followed by the image bytes.
 * Any change to either gives a new name, because LINE cannot replace a
 * rich menu's image.
 */
export function menuName(imageBytes: Uint8Array, menu: RichMenuBody = RICH_MENU): string {
  const hash = createHash('sha256');
  hash.update(canonicalJson(menu), 'utf8');
  hash.update(imageBytes);
  return `${MENU_NAME_PREFIX}${hash.digest('hex').slice(0, 12)}`;
}

/** Builds the complete request for `createRichMenu`, named after its content. */
export function richMenuRequest(imageBytes: Uint8Array, menu: RichMenuBody = RICH_MENU): messagingApi.RichMenuRequest {
  return { ...menu, name: menuName(imageBytes, menu) };
}

/** JSON with object keys sorted at every level, so key order never changes the hash. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(sortKeys);
  }
  if (typeof value !== 'object' || value === null) {
    return value;
  }

  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const child = (value as Record<string, unknown>)[key];
    if (child !== undefined) {
      sorted[key] = sortKeys(child);
    }
  }
  return sorted;
}

function tileBounds(column: number, row: number): MenuBounds {
  const x = COLUMN_WIDTHS.slice(0, column).reduce((sum, width) => sum + width, 0);
  const y = ROW_HEIGHTS.slice(0, row).reduce((sum, height) => sum + height, 0);
  return { x, y, width: COLUMN_WIDTHS[column] ?? 0, height: ROW_HEIGHTS[row] ?? 0 };
}

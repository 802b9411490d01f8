/**
 * Rich menu object checks of the fake LINE Messaging API. The limits come
 * from LINE's rich menu object reference:
 * - size: width 800 to 2,500 px, height at least 250 px, width/height at least 1.45;
 * - at most 20 areas;
 * - `chatBarText` at most 14 characters, `name` at most 300.
 */
import { MAX_POSTBACK_DATA, validateRichMenuAction } from './fake-api-validation.ts';
import type { ErrorDetail, ValidationOptions } from './fake-api-validation.ts';

export const MIN_RICH_MENU_WIDTH = 800;
export const MAX_RICH_MENU_WIDTH = 2500;
export const MIN_RICH_MENU_HEIGHT = 250;
export const MIN_RICH_MENU_ASPECT_RATIO = 1.45;
export const MAX_RICH_MENU_AREAS = 20;
export const MAX_CHAT_BAR_TEXT = 14;
export const MAX_RICH_MENU_NAME = 300;
export const MAX_RICH_MENU_ALIAS_ID = 32;

type JsonObject = Record<string, unknown>;

/** Checks a rich menu object. An empty result means it is valid. */
export function validateRichMenuObject(menu: unknown, options: ValidationOptions): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  if (!isObject(menu)) {
    return [{ message: 'May not be empty', property: '' }];
  }

  const size = checkSize(details, menu.size);
  if (typeof menu.selected !== 'boolean') {
    details.push({ message: 'Must be a boolean', property: 'selected' });
  }
  checkText(details, menu.name, 'name', MAX_RICH_MENU_NAME);
  checkText(details, menu.chatBarText, 'chatBarText', MAX_CHAT_BAR_TEXT);

  if (!Array.isArray(menu.areas)) {
    details.push({ message: 'May not be empty', property: 'areas' });
    return details;
  }
  if (menu.areas.length > MAX_RICH_MENU_AREAS) {
    details.push({ message: `Size must be between 0 and ${MAX_RICH_MENU_AREAS}`, property: 'areas' });
    return details;
  }

  menu.areas.forEach((area: unknown, index) => {
    const path = `areas[${index}]`;
    if (!isObject(area)) {
      details.push({ message: 'May not be empty', property: path });
      return;
    }
    checkBounds(details, area.bounds, `${path}.bounds`, size);
    details.push(...checkAction(area.action, `${path}.action`, options));
  });

  return details;
}

function checkSize(details: ErrorDetail[], size: unknown): { width: number; height: number } | null {
  if (!isObject(size) || !isInteger(size.width) || !isInteger(size.height)) {
    details.push({ message: 'Must have integer width and height', property: 'size' });
    return null;
  }

  const { width, height } = size;
  if (width < MIN_RICH_MENU_WIDTH || width > MAX_RICH_MENU_WIDTH) {
    details.push({ message: `Must be between ${MIN_RICH_MENU_WIDTH} and ${MAX_RICH_MENU_WIDTH}`, property: 'size.width' });
  }
  if (height < MIN_RICH_MENU_HEIGHT) {
    details.push({ message: `Must be at least ${MIN_RICH_MENU_HEIGHT}`, property: 'size.height' });
  }
  if (width / height < MIN_RICH_MENU_ASPECT_RATIO) {
    details.push({ message: `Width divided by height must be at least ${MIN_RICH_MENU_ASPECT_RATIO}`, property: 'size' });
  }
  return { width, height };
}

// NOTE: LINE's reference does not say whether it rejects areas that reach
// outside the image. The fake rejects them, so it may be stricter than LINE.
function checkBounds(details: ErrorDetail[], bounds: unknown, path: string, size: { width: number; height: number } | null): void {
  if (!isObject(bounds)) {
    details.push({ message: 'May not be empty', property: path });
    return;
  }

  const { x, y, width, height } = bounds;
  if (!isInteger(x) || !isInteger(y) || !isInteger(width) || !isInteger(height) || x < 0 || y < 0 || width < 1 || height < 1) {
    details.push({ message: 'Must have integer x, y >= 0 and width, height >= 1', property: path });
    return;
  }
  if (size && (x + width > size.width || y + height > size.height)) {
    details.push({ message: 'Must lie inside the rich menu size', property: path });
  }
}

function checkAction(action: unknown, path: string, options: ValidationOptions): ErrorDetail[] {
  if (!isObject(action) || action.type !== 'richmenuswitch') {
    return validateRichMenuAction(action, path, options);
  }

  // A richmenuswitch action exists only in rich menus, so the message-action checks do not know it.
  const details: ErrorDetail[] = [];
  const aliasId = action.richMenuAliasId;
  if (typeof aliasId !== 'string' || !new RegExp(`^[a-z0-9_-]{1,${MAX_RICH_MENU_ALIAS_ID}}$`).test(aliasId)) {
    details.push({ message: 'Must match [a-z0-9_-]{1,32}', property: `${path}.richMenuAliasId` });
  }
  checkText(details, action.data, `${path}.data`, MAX_POSTBACK_DATA);
  return details;
}

function checkText(details: ErrorDetail[], value: unknown, property: string, max: number): void {
  if (typeof value !== 'string' || value === '') {
    details.push({ message: 'May not be empty', property });
    return;
  }

  // String.length counts UTF-16 code units, which is how LINE counts characters.
  if (value.length > max) {
    details.push({ message: `Length must be between 1 and ${max}`, property });
  }
}

function isInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

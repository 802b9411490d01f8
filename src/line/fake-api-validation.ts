/**
 * Message-object checks of the fake LINE Messaging API. The limits are the
 * ones in LINE's Messaging API reference (message objects, action objects,
 * quick reply, flex). The detail wording follows the style of LINE's 400
 * bodies ("Length must be between 0 and 5000") but is not a copy of every
 * exact message LINE sends.
 */

export type ErrorDetail = { message: string; property: string };

export type ValidationOptions = {
  /** Accepts http://127.0.0.1 and http://localhost image URLs, for local mode. */
  allowInsecureImageUrls: boolean;
};

export const MAX_MESSAGES_PER_REQUEST = 5;
export const MAX_TEXT_LENGTH = 5000;
export const MAX_QUICK_REPLY_ITEMS = 13;
export const MAX_QUICK_REPLY_LABEL = 20;
export const MAX_FLEX_LABEL = 40;
export const MAX_POSTBACK_DATA = 300;
export const MAX_ACTION_TEXT = 300;
export const MAX_URI_LENGTH = 1000;
export const MAX_ALT_TEXT = 400;
export const MAX_IMAGE_URL_LENGTH = 2000;
export const MAX_CAROUSEL_BUBBLES = 12;

// NOTE: LINE states "30 KB" and "50 KB" without saying whether a KB is 1,000
// or 1,024 bytes. The fake uses 1,024, so it is the more lenient of the two.
export const MAX_BUBBLE_BYTES = 30 * 1024;
export const MAX_CAROUSEL_BYTES = 50 * 1024;

const MESSAGE_TYPES = [
  'text', 'textV2', 'sticker', 'image', 'video', 'audio', 'location', 'imagemap', 'template', 'flex',
];

const QUICK_REPLY_ACTION_TYPES = [
  'postback', 'message', 'uri', 'datetimepicker', 'camera', 'cameraRoll', 'location', 'clipboard',
];

const URI_SCHEMES = ['http:', 'https:', 'line:', 'tel:'];

type Context = { details: ErrorDetail[]; options: ValidationOptions };

type JsonObject = Record<string, unknown>;

/** Checks a request's `messages` array; an empty result means it is valid. */
export function validateMessages(messages: unknown, options: ValidationOptions): ErrorDetail[] {
  const context: Context = { details: [], options };

  if (!Array.isArray(messages)) {
    fail(context, 'messages', 'May not be empty');
    return context.details;
  }

  if (messages.length < 1 || messages.length > MAX_MESSAGES_PER_REQUEST) {
    fail(context, 'messages', `Size must be between 1 and ${MAX_MESSAGES_PER_REQUEST}`);
    return context.details;
  }

  messages.forEach((message, index) => validateMessage(context, message, `messages[${index}]`));
  return context.details;
}

function validateMessage(context: Context, message: unknown, path: string): void {
  if (!isObject(message)) {
    fail(context, path, 'Must be an object');
    return;
  }

  const type = message.type;
  if (typeof type !== 'string' || !MESSAGE_TYPES.includes(type)) {
    fail(context, `${path}.type`, `Must be one of the following values: [${MESSAGE_TYPES.join(', ')}]`);
    return;
  }

  switch (type) {
    case 'text':
    case 'textV2':
      checkString(context, message.text, `${path}.text`, 1, MAX_TEXT_LENGTH);
      break;
    case 'image':
    case 'video':
      checkImageUrl(context, message.originalContentUrl, `${path}.originalContentUrl`);
      checkImageUrl(context, message.previewImageUrl, `${path}.previewImageUrl`);
      break;
    case 'audio':
      checkImageUrl(context, message.originalContentUrl, `${path}.originalContentUrl`);
      break;
    case 'sticker':
      checkString(context, message.packageId, `${path}.packageId`, 1, Infinity);
      checkString(context, message.stickerId, `${path}.stickerId`, 1, Infinity);
      break;
    case 'location':
      checkString(context, message.title, `${path}.title`, 1, 100);
      checkString(context, message.address, `${path}.address`, 1, 100);
      break;
    case 'imagemap':
      checkString(context, message.altText, `${path}.altText`, 1, MAX_ALT_TEXT);
      break;
    case 'template':
      checkString(context, message.altText, `${path}.altText`, 1, MAX_ALT_TEXT);
      validateTemplate(context, message.template, `${path}.template`);
      break;
    case 'flex':
      checkString(context, message.altText, `${path}.altText`, 1, MAX_ALT_TEXT);
      validateFlexContainer(context, message.contents, `${path}.contents`);
      break;
  }

  if (message.quickReply !== undefined) {
    validateQuickReply(context, message.quickReply, `${path}.quickReply`);
  }

  if (isObject(message.sender) && message.sender.iconUrl !== undefined) {
    checkImageUrl(context, message.sender.iconUrl, `${path}.sender.iconUrl`);
  }
}

function validateQuickReply(context: Context, quickReply: unknown, path: string): void {
  if (!isObject(quickReply) || !Array.isArray(quickReply.items)) {
    fail(context, `${path}.items`, 'May not be empty');
    return;
  }

  const items = quickReply.items;
  if (items.length > MAX_QUICK_REPLY_ITEMS) {
    fail(context, `${path}.items`, `Size must be between 0 and ${MAX_QUICK_REPLY_ITEMS}`);
    return;
  }

  items.forEach((item: unknown, index) => {
    const itemPath = `${path}.items[${index}]`;
    if (!isObject(item) || item.type !== 'action') {
      fail(context, `${itemPath}.type`, 'Must be one of the following values: [action]');
      return;
    }

    if (item.imageUrl !== undefined) {
      checkImageUrl(context, item.imageUrl, `${itemPath}.imageUrl`);
    }

    const actionType = isObject(item.action) ? item.action.type : undefined;
    if (typeof actionType === 'string' && !QUICK_REPLY_ACTION_TYPES.includes(actionType)) {
      fail(context, `${itemPath}.action.type`, `Must be one of the following values: [${QUICK_REPLY_ACTION_TYPES.join(', ')}]`);
      return;
    }

    validateAction(context, item.action, `${itemPath}.action`, { labelRequired: true, maxLabel: MAX_QUICK_REPLY_LABEL });
  });
}

/** LINE caps a rich menu action's optional label at 20 characters. */
export const MAX_RICH_MENU_LABEL = 20;

/**
 * Checks one rich menu area's action with the rules of a message action,
 * except that the label is optional. An empty result means it is valid.
 * The caller checks the `richmenuswitch` type, which exists only in rich menus.
 */
export function validateRichMenuAction(action: unknown, path: string, options: ValidationOptions): ErrorDetail[] {
  const context: Context = { details: [], options };
  validateAction(context, action, path, { labelRequired: false, maxLabel: MAX_RICH_MENU_LABEL });
  return context.details;
}

type LabelRule = { labelRequired: boolean; maxLabel: number };

function validateAction(context: Context, action: unknown, path: string, labelRule: LabelRule): void {
  if (!isObject(action)) {
    fail(context, path, 'May not be empty');
    return;
  }

  if (action.label !== undefined || labelRule.labelRequired) {
    checkString(context, action.label, `${path}.label`, labelRule.labelRequired ? 1 : 0, labelRule.maxLabel);
  }

  switch (action.type) {
    case 'postback':
      checkString(context, action.data, `${path}.data`, 1, MAX_POSTBACK_DATA);
      checkOptionalString(context, action.displayText, `${path}.displayText`, MAX_ACTION_TEXT);
      checkOptionalString(context, action.fillInText, `${path}.fillInText`, MAX_ACTION_TEXT);
      if (action.displayText !== undefined && action.text !== undefined) {
        fail(context, `${path}.text`, 'Cannot be combined with displayText');
      }
      break;
    case 'message':
      checkString(context, action.text, `${path}.text`, 1, MAX_ACTION_TEXT);
      break;
    case 'uri':
      checkUri(context, action.uri, `${path}.uri`);
      break;
    case 'datetimepicker':
      checkString(context, action.data, `${path}.data`, 1, MAX_POSTBACK_DATA);
      if (!['date', 'time', 'datetime'].includes(String(action.mode))) {
        fail(context, `${path}.mode`, 'Must be one of the following values: [date, time, datetime]');
      }
      break;
    case 'clipboard':
      checkString(context, action.clipboardText, `${path}.clipboardText`, 1, 1000);
      break;
    case 'camera':
    case 'cameraRoll':
    case 'location':
      break;
    default:
      fail(context, `${path}.type`, 'Invalid action type');
  }
}

function validateTemplate(context: Context, template: unknown, path: string): void {
  if (!isObject(template)) {
    fail(context, path, 'May not be empty');
    return;
  }

  const labelRule = { labelRequired: template.type !== 'image_carousel', maxLabel: template.type === 'image_carousel' ? 12 : 20 };

  if (Array.isArray(template.actions)) {
    template.actions.forEach((action: unknown, index) => validateAction(context, action, `${path}.actions[${index}]`, labelRule));
  }

  if (Array.isArray(template.columns)) {
    template.columns.forEach((column: unknown, columnIndex) => {
      if (isObject(column) && Array.isArray(column.actions)) {
        column.actions.forEach((action: unknown, index) =>
          validateAction(context, action, `${path}.columns[${columnIndex}].actions[${index}]`, labelRule));
      }
    });
  }
}

function validateFlexContainer(context: Context, container: unknown, path: string): void {
  if (!isObject(container)) {
    fail(context, path, 'May not be empty');
    return;
  }

  if (container.type === 'bubble') {
    validateBubble(context, container, path);
    return;
  }

  if (container.type !== 'carousel') {
    fail(context, `${path}.type`, 'Must be one of the following values: [bubble, carousel]');
    return;
  }

  const bubbles = container.contents;
  if (!Array.isArray(bubbles) || bubbles.length < 1 || bubbles.length > MAX_CAROUSEL_BUBBLES) {
    fail(context, `${path}.contents`, `Size must be between 1 and ${MAX_CAROUSEL_BUBBLES}`);
    return;
  }

  if (jsonBytes(container) > MAX_CAROUSEL_BYTES) {
    fail(context, path, `Size of the carousel must be at most ${MAX_CAROUSEL_BYTES} bytes`);
  }

  bubbles.forEach((bubble: unknown, index) => {
    const bubblePath = `${path}.contents[${index}]`;
    if (!isObject(bubble) || bubble.type !== 'bubble') {
      fail(context, `${bubblePath}.type`, 'Must be one of the following values: [bubble]');
      return;
    }
    validateBubble(context, bubble, bubblePath);
  });
}

function validateBubble(context: Context, bubble: JsonObject, path: string): void {
  if (jsonBytes(bubble) > MAX_BUBBLE_BYTES) {
    fail(context, path, `Size of the bubble must be at most ${MAX_BUBBLE_BYTES} bytes`);
  }

  for (const section of ['header', 'hero', 'body', 'footer']) {
    if (bubble[section] !== undefined) {
      validateFlexComponent(context, bubble[section], `${path}.${section}`);
    }
  }

  if (bubble.action !== undefined) {
    validateAction(context, bubble.action, `${path}.action`, { labelRequired: false, maxLabel: MAX_FLEX_LABEL });
  }
}

function validateFlexComponent(context: Context, component: unknown, path: string): void {
  if (!isObject(component)) {
    fail(context, path, 'Must be an object');
    return;
  }

  if (component.type === 'image') {
    checkImageUrl(context, component.url, `${path}.url`);
  }

  if (component.action !== undefined) {
    const labelRule = { labelRequired: component.type === 'button', maxLabel: MAX_FLEX_LABEL };
    validateAction(context, component.action, `${path}.action`, labelRule);
  }

  if (component.type === 'box' && Array.isArray(component.contents)) {
    component.contents.forEach((child: unknown, index) => validateFlexComponent(context, child, `${path}.contents[${index}]`));
  }
}

function checkString(context: Context, value: unknown, path: string, min: number, max: number): void {
  if (value === undefined || value === null || value === '') {
    if (min > 0) {
      fail(context, path, 'May not be empty');
    }
    return;
  }

  if (typeof value !== 'string') {
    fail(context, path, 'Must be a string');
    return;
  }

  // String.length counts UTF-16 code units, which is how LINE counts characters.
  if (value.length < min || value.length > max) {
    fail(context, path, `Length must be between ${min} and ${max}`);
  }
}

function checkOptionalString(context: Context, value: unknown, path: string, max: number): void {
  if (value !== undefined) {
    checkString(context, value, path, 0, max);
  }
}

function checkUri(context: Context, value: unknown, path: string): void {
  checkString(context, value, path, 1, MAX_URI_LENGTH);
  if (typeof value !== 'string' || value === '') {
    return;
  }

  const url = URL.parse(value);
  if (url === null || !URI_SCHEMES.includes(url.protocol)) {
    fail(context, path, 'Must be a URI with the scheme http, https, line or tel');
  }
}

function checkImageUrl(context: Context, value: unknown, path: string): void {
  checkString(context, value, path, 1, MAX_IMAGE_URL_LENGTH);
  if (typeof value !== 'string' || value === '') {
    return;
  }

  const url = URL.parse(value);
  const isHttps = url?.protocol === 'https:';
  const isLocal = url?.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === 'localhost');

  if (!isHttps && !(isLocal && context.options.allowInsecureImageUrls)) {
    fail(context, path, 'Must be an HTTPS URL');
  }
}

function fail(context: Context, property: string, message: string): void {
  context.details.push({ message, property });
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

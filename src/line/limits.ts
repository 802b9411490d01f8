/**
 * LINE Messaging API limits on message objects, and a checker that lists
 * every violation in a batch before it is sent. Figures are from the
 * Messaging API reference (developers.line.biz/en/reference/messaging-api),
 * object named beside each constant. Lengths count UTF-16 code units, as
 * LINE does for text, so an emoji outside the BMP counts 2.
 */

import type { messagingApi } from '@line/bot-sdk';

import { MAX_POSTBACK_DATA } from '../conversation/postback.ts';

/** Messages in one reply or push request ("Send reply message": 1 to 5). */
export const MAX_MESSAGES = 5;

/** Text message `text` ("Text message": max 5,000 characters). */
export const MAX_TEXT_LENGTH = 5000;

/** Quick reply `items` ("Quick reply": max 13 objects). */
export const MAX_QUICK_REPLY_ITEMS = 13;

/** Quick reply button action `label` ("Action objects", label spec: max 20). */
export const MAX_QUICK_REPLY_LABEL = 20;

/** Template action `label` except image carousel ("Action objects", label spec: max 20). */
export const MAX_TEMPLATE_LABEL = 20;

/** Image carousel template action `label` ("Action objects", label spec: max 12). */
export const MAX_IMAGE_CAROUSEL_LABEL = 12;

/** Flex button action `label` ("Action objects", label spec: max 40). */
export const MAX_FLEX_BUTTON_LABEL = 40;

/** Postback action `data` ("Postback action": max 300 characters). */
export { MAX_POSTBACK_DATA };

/** Postback action `displayText` ("Postback action": max 300 characters). */
export const MAX_DISPLAY_TEXT = 300;

/** Message action `text` ("Message action": max 300 characters). */
export const MAX_MESSAGE_ACTION_TEXT = 300;

/** URI action `uri` ("URI action": max 1,000 characters). */
export const MAX_URI_LENGTH = 1000;

/** `altText` of flex, template and imagemap messages (each object: max 400). */
export const MAX_ALT_TEXT = 400;

/**
 * JSON size of one bubble ("Bubble": max 30 KB).
 * NOTE: the reference does not say whether KB is 1,000 or 1,024 bytes, so the
 * smaller reading is enforced.
 */
export const MAX_BUBBLE_BYTES = 30_000;

/** JSON size of a carousel ("Carousel": max 50 KB, read as 1,000-byte KB). */
export const MAX_CAROUSEL_BYTES = 50_000;

/** Bubbles in one carousel ("Carousel": max 12). */
export const MAX_CAROUSEL_BUBBLES = 12;

/** Media URLs: image message, flex image, icon and video, quick reply icon (max 2,000). */
export const MAX_IMAGE_URL_LENGTH = 2000;

/** Options for `checkMessages`. */
export interface CheckOptions {
  /**
   * Accept `http://127.0.0.1` and `http://localhost` image URLs, for local
   * previews that never reach LINE.
   */
  allowInsecureUrls?: boolean;
}

/**
 * Shortens `text` to at most `max` UTF-16 code units, ending with `…` when it
 * was cut. A surrogate pair is never split.
 */
export function truncateUtf16(text: string, max: number): string {
  if (text.length <= max) {
    return text;
  }
  if (max <= 0) {
    return '';
  }

  let end = max - 1;
  if (end > 0 && isHighSurrogate(text.charCodeAt(end - 1))) {
    end -= 1;
  }
  return `${text.slice(0, end)}…`;
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

/**
 * Checks a batch of messages against LINE's limits. Returns one English line
 * per violation, naming the path, the value's size and the limit. An empty
 * array means that the batch passes these checks, not that LINE validated it.
 */
export function checkMessages(messages: messagingApi.Message[], options: CheckOptions = {}): string[] {
  const violations: string[] = [];

  if (messages.length < 1 || messages.length > MAX_MESSAGES) {
    violations.push(`messages: ${messages.length} messages; LINE accepts 1 to ${MAX_MESSAGES}`);
  }

  messages.forEach((message, index) => {
    const checker = new Checker(violations, options);
    checker.message(message, `messages[${index}]`);
  });

  return violations;
}

class Checker {
  private readonly violations: string[];
  private readonly options: CheckOptions;

  constructor(violations: string[], options: CheckOptions) {
    this.violations = violations;
    this.options = options;
  }

  message(message: messagingApi.Message, path: string): void {
    switch (message.type) {
      case 'text':
      case 'textV2':
        this.requireText(message.text, `${path}.text`, MAX_TEXT_LENGTH);
        break;

      case 'flex':
        this.altText(message.altText, path);
        this.flexContainer(message.contents, `${path}.contents`);
        break;

      case 'image':
        this.imageUrl(message.originalContentUrl, `${path}.originalContentUrl`);
        this.imageUrl(message.previewImageUrl, `${path}.previewImageUrl`);
        break;

      case 'template':
        this.altText(message.altText, path);
        this.template(message.template, `${path}.template`);
        break;

      case 'imagemap':
        this.altText(message.altText, path);
        this.imageUrl(message.baseUrl, `${path}.baseUrl`);
        break;

      default:
        break;
    }

    if (message.quickReply) {
      this.quickReply(message.quickReply, `${path}.quickReply`);
    }
  }

  private quickReply(quickReply: messagingApi.QuickReply, path: string): void {
    const items = quickReply.items ?? [];
    if (items.length < 1 || items.length > MAX_QUICK_REPLY_ITEMS) {
      this.report(`${path}.items: ${items.length} items; LINE accepts 1 to ${MAX_QUICK_REPLY_ITEMS}`);
    }

    items.forEach((item, index) => {
      const itemPath = `${path}.items[${index}]`;
      if (item.imageUrl !== undefined) {
        this.imageUrl(item.imageUrl, `${itemPath}.imageUrl`);
      }
      if (!item.action) {
        this.report(`${itemPath}.action: missing`);
        return;
      }
      this.action(item.action, `${itemPath}.action`, { maxLabel: MAX_QUICK_REPLY_LABEL, labelRequired: true });
    });
  }

  private flexContainer(container: messagingApi.FlexContainer, path: string): void {
    if (container.type === 'bubble') {
      this.bubble(container, path);
      return;
    }

    const bubbles = container.contents;
    if (bubbles.length < 1 || bubbles.length > MAX_CAROUSEL_BUBBLES) {
      this.report(`${path}.contents: ${bubbles.length} bubbles; a carousel holds 1 to ${MAX_CAROUSEL_BUBBLES}`);
    }
    this.jsonSize(container, path, MAX_CAROUSEL_BYTES);

    const sizes = new Set(bubbles.map((bubble) => bubble.size ?? 'mega'));
    if (sizes.size > 1) {
      this.report(`${path}.contents: bubbles have sizes ${[...sizes].join(', ')}; a carousel needs one size`);
    }
    bubbles.forEach((bubble, index) => this.bubble(bubble, `${path}.contents[${index}]`));
  }

  private bubble(bubble: messagingApi.FlexBubble, path: string): void {
    this.jsonSize(bubble, path, MAX_BUBBLE_BYTES);

    for (const block of ['header', 'hero', 'body', 'footer'] as const) {
      const component = bubble[block];
      if (component) {
        this.flexComponent(component, `${path}.${block}`);
      }
    }
    if (bubble.action) {
      this.action(bubble.action, `${path}.action`, { maxLabel: MAX_FLEX_BUTTON_LABEL, labelRequired: false });
    }
  }

  private flexComponent(component: messagingApi.FlexComponent, path: string): void {
    switch (component.type) {
      case 'box':
        component.contents.forEach((child, index) => this.flexComponent(child, `${path}.contents[${index}]`));
        break;

      case 'button':
        this.action(component.action, `${path}.action`, { maxLabel: MAX_FLEX_BUTTON_LABEL, labelRequired: true });
        return;

      case 'image':
      case 'icon':
        this.imageUrl(component.url, `${path}.url`);
        break;

      case 'video':
        this.imageUrl(component.url, `${path}.url`);
        this.imageUrl(component.previewUrl, `${path}.previewUrl`);
        this.flexComponent(component.altContent, `${path}.altContent`);
        break;

      default:
        break;
    }

    if ('action' in component && component.action) {
      this.action(component.action, `${path}.action`, { maxLabel: MAX_FLEX_BUTTON_LABEL, labelRequired: false });
    }
  }

  private template(template: messagingApi.Template, path: string): void {
    switch (template.type) {
      case 'buttons':
        this.optionalImageUrl(template.thumbnailImageUrl, `${path}.thumbnailImageUrl`);
        this.templateActions(template.actions, template.defaultAction, path);
        break;

      case 'confirm':
        this.templateActions(template.actions, undefined, path);
        break;

      case 'carousel':
        template.columns.forEach((column, index) => {
          const columnPath = `${path}.columns[${index}]`;
          this.optionalImageUrl(column.thumbnailImageUrl, `${columnPath}.thumbnailImageUrl`);
          this.templateActions(column.actions, column.defaultAction, columnPath);
        });
        break;

      case 'image_carousel':
        template.columns.forEach((column, index) => {
          const columnPath = `${path}.columns[${index}]`;
          this.imageUrl(column.imageUrl, `${columnPath}.imageUrl`);
          this.action(column.action, `${columnPath}.action`, { maxLabel: MAX_IMAGE_CAROUSEL_LABEL, labelRequired: false });
        });
        break;

      default:
        break;
    }
  }

  private templateActions(actions: messagingApi.Action[], defaultAction: messagingApi.Action | undefined, path: string): void {
    actions.forEach((action, index) => {
      this.action(action, `${path}.actions[${index}]`, { maxLabel: MAX_TEMPLATE_LABEL, labelRequired: true });
    });
    if (defaultAction) {
      this.action(defaultAction, `${path}.defaultAction`, { maxLabel: MAX_TEMPLATE_LABEL, labelRequired: false });
    }
  }

  private action(action: messagingApi.Action, path: string, label: { maxLabel: number; labelRequired: boolean }): void {
    if (action.label === undefined || action.label === '') {
      if (label.labelRequired) {
        this.report(`${path}.label: missing`);
      }
    } else {
      this.maxLength(action.label, `${path}.label`, label.maxLabel);
    }

    switch (action.type) {
      case 'postback':
        this.requireText(action.data, `${path}.data`, MAX_POSTBACK_DATA);
        this.optionalText(action.displayText, `${path}.displayText`, MAX_DISPLAY_TEXT);
        this.optionalText(action.fillInText, `${path}.fillInText`, MAX_DISPLAY_TEXT);
        break;

      case 'message':
        this.requireText(action.text, `${path}.text`, MAX_MESSAGE_ACTION_TEXT);
        break;

      case 'uri':
        this.requireText(action.uri, `${path}.uri`, MAX_URI_LENGTH);
        break;

      case 'datetimepicker':
        this.requireText(action.data, `${path}.data`, MAX_POSTBACK_DATA);
        break;

      default:
        break;
    }
  }

  private altText(altText: string, path: string): void {
    this.requireText(altText, `${path}.altText`, MAX_ALT_TEXT);
  }

  private requireText(value: string | undefined, path: string, max: number): void {
    if (value === undefined || value === '') {
      this.report(`${path}: missing or empty`);
      return;
    }
    this.maxLength(value, path, max);
  }

  private optionalText(value: string | undefined, path: string, max: number): void {
    if (value !== undefined) {
      this.maxLength(value, path, max);
    }
  }

  private maxLength(value: string, path: string, max: number): void {
    if (value.length > max) {
      this.report(`${path}: ${value.length} UTF-16 units; LINE allows ${max}`);
    }
  }

  private optionalImageUrl(url: string | undefined, path: string): void {
    if (url !== undefined) {
      this.imageUrl(url, path);
    }
  }

  private imageUrl(url: string, path: string): void {
    this.maxLength(url, path, MAX_IMAGE_URL_LENGTH);

    if (url.startsWith('https://')) {
      return;
    }
    if (this.options.allowInsecureUrls && isLocalHttpUrl(url)) {
      return;
    }
    this.report(`${path}: ${JSON.stringify(url.slice(0, 80))} is not an https URL`);
  }

  private jsonSize(value: unknown, path: string, max: number): void {
    const bytes = Buffer.byteLength(JSON.stringify(value), 'utf8');
    if (bytes > max) {
      this.report(`${path}: JSON is ${bytes} bytes; LINE allows ${max}`);
    }
  }

  private report(violation: string): void {
    this.violations.push(violation);
  }
}

function isLocalHttpUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === 'http:' && (parsed.hostname === '127.0.0.1' || parsed.hostname === 'localhost');
}

/**
 * What happens to an event when no dialogue is running, or when it starts a
 * new one: rich-menu taps and menu labels start dialogues, a stock typed
 * alone shows its quote, and everything else gets a short reply (or, in
 * group chats, none).
 */
import { copy, FEATURES, type FeatureId } from './copy.ts';
import type { StockLookup } from './events.ts';
import type { Intent, Shortcut, StockRef } from './intents.ts';
import { dialogues } from './registry.ts';

/** An event in the router's terms; the runtime builds it from a webhook. */
export type RouterEvent =
  | { type: 'text'; text: string; stock: StockLookup }
  | { type: 'command'; command: string; stock: StockLookup }
  | { type: 'staleChoice' }
  | { type: 'follow' }
  | { type: 'join' }
  | { type: 'unsupported' };

export type Route =
  | { kind: 'start'; dialogue: string; stock?: StockRef }
  | { kind: 'reply'; intents: Intent[] };


const LABEL_TO_FEATURE = new Map<string, FeatureId>(
  (Object.entries(FEATURES) as [FeatureId, string][]).map(([id, label]) => [label, id]),
);

const HELP_WORDS = new Set(['說明', '幫助', '使用說明', 'help', '?', '？', '功能選單', '選單', 'menu']);
export const CANCEL_WORDS = new Set(['取消', '結束', '離開', 'cancel', 'quit', 'exit']);
export const BACK_WORDS = new Set(['上一步', '返回', '回上一步', 'back']);

/** A TWSE or TPEx code: 4 to 6 digits, an optional letter (00679B) and an optional Yahoo-style .TW or .TWO. */
const STOCK_CODE_SHAPE = /^\d{4,6}[A-Z]?(\.TWO?)?$/;

/** Quick replies that lead to each feature. */
export const FEATURE_SHORTCUTS: readonly Shortcut[] = (Object.entries(FEATURES) as [FeatureId, string][]).map(([id, label]) => ({
  label,
  command: `menu:${id}`,
}));

/** The feature that a typed menu label or a `menu:<id>` command requests. */
export function featureOf(event: RouterEvent): FeatureId | null {
  if (event.type === 'text') {
    return LABEL_TO_FEATURE.get(event.text.trim()) ?? null;
  }
  if (event.type === 'command' && event.command.startsWith('menu:')) {
    const id = event.command.slice('menu:'.length);
    return id in FEATURES ? (id as FeatureId) : null;
  }
  return null;
}

export function isHelpText(text: string): boolean {
  return HELP_WORDS.has(text.trim().toLowerCase());
}

/** Returns whether text is shaped like a stock code, normalized as the directory normalizes queries (full-width, spaces, case). */
export function looksLikeStockCode(text: string): boolean {
  return STOCK_CODE_SHAPE.test(text.normalize('NFKC').replace(/\s+/gu, '').toUpperCase());
}

/**
 * Routes one event for a chat with no running dialogue. `quiet` is true in
 * group and room chats, where the bot ignores chatter.
 */
export function route(event: RouterEvent, quiet: boolean): Route {
  const feature = featureOf(event);
  if (feature !== null) {
    return startFeature(feature, undefined);
  }

  switch (event.type) {
    case 'follow':
    case 'join':
      return say(copy.greeting);
    case 'staleChoice':
      return say(copy.staleButton);
    case 'unsupported':
      return quiet ? { kind: 'reply', intents: [] } : say(copy.unsupportedMessage);
    case 'command':
      return routeCommand(event);
    case 'text':
      return routeText(event, quiet);
  }
}

function routeCommand(event: Extract<RouterEvent, { type: 'command' }>): Route {
  const [action] = event.command.split(':');
  const stock = event.stock.kind === 'found' ? event.stock.stock : undefined;

  if (action === 'quote' && stock) {
    return { kind: 'reply', intents: [{ type: 'showQuote', stock }] };
  }
  if (action === 'help') {
    return say(copy.help);
  }
  if (event.command === 'menu:watchAdd') {
    return { kind: 'start', dialogue: 'watchAdd' };
  }
  if (action !== undefined && action in FEATURES && stock) {
    return startFeature(action as FeatureId, stock);
  }
  return say(copy.staleButton);
}

function routeText(event: Extract<RouterEvent, { type: 'text' }>, quiet: boolean): Route {
  const text = event.text.trim();

  if (isHelpText(text)) {
    return say(copy.help);
  }
  if (CANCEL_WORDS.has(text.toLowerCase()) || BACK_WORDS.has(text.toLowerCase())) {
    return quiet ? { kind: 'reply', intents: [] } : say(copy.nothingToCancel);
  }

  // Only an exact code or name counts here, so ordinary words are not taken for stocks.
  if (event.stock.kind === 'found' && event.stock.exact) {
    return { kind: 'reply', intents: [{ type: 'showQuote', stock: event.stock.stock }] };
  }

  if (quiet) {
    return { kind: 'reply', intents: [] };
  }
  // A well-formed code that the directory does not list gets the stock steps' reply, not 看不懂.
  return say(looksLikeStockCode(text) ? copy.stockNotFound(text) : copy.notUnderstood);
}

function startFeature(feature: FeatureId, stock: StockRef | undefined): Route {
  // A feature without a dialogue machine (自選股 is handled before routing) gets a note instead of a crash.
  if (!(feature in dialogues)) {
    return say(copy.comingSoon(FEATURES[feature]));
  }
  return { kind: 'start', dialogue: feature, stock };
}

function say(text: string): Route {
  return { kind: 'reply', intents: [{ type: 'say', text, shortcuts: [...FEATURE_SHORTCUTS] }] };
}

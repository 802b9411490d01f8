/**
 * Turns dialogue intents into LINE messages at delivery time. Quotes are
 * fetched here, so a card shows the data as of sending, not as of the
 * dialogue step that asked for it.
 */

import type { messagingApi } from '@line/bot-sdk';

import type { Intent, Shortcut, StockRef } from '../../machines/intents.ts';
import { MarketDataError, type MarketData } from '../market/types.ts';
import { checkMessages, MAX_MESSAGES, MAX_QUICK_REPLY_ITEMS, MAX_TEXT_LENGTH } from './limits.ts';
import { choiceButtons, quickReply, shortcutButtons } from './messages/quick-reply.ts';
import { quoteCard } from './messages/quote-card.ts';
import { watchlistCard } from './messages/watchlist-card.ts';
import { watchlistCopy } from '../../machines/copy.ts';
import { text } from './messages/text.ts';
import { NEWS_UNAVAILABLE_TEXT, newsCarousel, NO_NEWS_TEXT, NO_RECORDED_NEWS_TEXT } from './messages/news-carousel.ts';
import { NewsError, type NewsProvider } from '../news/types.ts';

/** The part of a pino-style logger that rendering uses. */
export interface RenderLogger {
  warn(context: object, message: string): void;
}

export interface RenderDeps {
  market: MarketData;
  /** Headlines for 最新消息; without it news answers that the source is unavailable. */
  news?: NewsProvider;
  /** Epoch milliseconds, for the age of quote data. */
  now: number;
  logger?: RenderLogger;
  /** Accept http image links, for a public URL on loopback (local mode and tests). */
  allowInsecureUrls?: boolean;
}

export const QUOTE_UNAVAILABLE_TEXT = '資料來源暫時無法連線，請稍後再試。';
export const QUOTE_FAILED_TEXT = '報價資料暫時無法顯示，請稍後再試。';
export const MESSAGES_OMITTED_TEXT = '（訊息過多，已省略部分內容）';
export const WATCHLIST_EMPTY_TEXT = watchlistCopy.empty;

/** A rendered message and whether it may be joined with a neighbouring plain text. */
interface Draft {
  message: messagingApi.Message;
  mergeable: boolean;
}

/**
 * Renders intents into at most five messages that pass `checkMessages`.
 * Returns an empty array for no intents, which means there is nothing to
 * send. Only the last message carries quick replies, because LINE shows
 * only the last message's. When it has none of its own, it takes those of
 * the latest earlier message that had some. Throws RangeError when a choice
 * or shortcut does not fit LINE's 300-character postback data.
 */
export async function renderIntents(intents: Intent[], deps: RenderDeps): Promise<messagingApi.Message[]> {
  const rendered = await Promise.all(intents.map((intent) => renderIntent(intent, deps)));
  const drafts = rendered.filter((draft): draft is Draft => draft !== null);
  if (drafts.length === 0) {
    return [];
  }

  const lastQuickReply = drafts.findLast((draft) => draft.message.quickReply)?.message.quickReply;
  const messages = fitMessageCount(drafts.map(withoutQuickReply));

  const last = messages.at(-1);
  if (last && lastQuickReply) {
    last.quickReply = lastQuickReply;
  }

  const violations = checkMessages(messages, { allowInsecureUrls: deps.allowInsecureUrls });
  if (violations.length > 0) {
    deps.logger?.warn({ violations }, 'rendered messages exceed LINE limits');
  }
  return messages;
}

async function renderIntent(intent: Intent, deps: RenderDeps): Promise<Draft | null> {
  switch (intent.type) {
    case 'say': {
      if (intent.text.trim() === '') {
        deps.logger?.warn({ intent }, 'say intent with empty text dropped');
        return null;
      }
      const replies = quickReply(shortcutButtons(intent.shortcuts ?? []));
      return { message: text(intent.text, replies), mergeable: replies === undefined };
    }

    case 'ask': {
      if (intent.text.trim() === '') {
        deps.logger?.warn({ dialogue: intent.dialogue, step: intent.step }, 'ask intent with empty text dropped');
        return null;
      }
      const choices = intent.choices ?? [];
      if (choices.length > MAX_QUICK_REPLY_ITEMS) {
        deps.logger?.warn(
          { dialogue: intent.dialogue, step: intent.step, choices: choices.length },
          `ask intent has more than ${MAX_QUICK_REPLY_ITEMS} choices; the extra ones are not shown`,
        );
      }
      const replies = quickReply(choiceButtons(intent.dialogue, intent.step, choices));
      return { message: text(intent.text, replies), mergeable: false };
    }

    case 'showQuote':
      return { message: await renderQuote(intent.stock, intent.watched === true, deps), mergeable: false };

    case 'showWatchlist': {
      const replies = quickReply(shortcutButtons(intent.shortcuts ?? []));
      if (intent.stocks.length === 0) {
        return { message: text(WATCHLIST_EMPTY_TEXT, replies), mergeable: false };
      }
      const entries = await Promise.all(intent.stocks.map(async (stock) => ({ stock, quote: await deps.market.getQuote(stock.code).catch(() => null) })));
      return { message: { ...watchlistCard(intent.title, entries), quickReply: replies }, mergeable: false };
    }

    case 'showNews':
      return { message: await renderNews(intent.stock, deps), mergeable: false };

    case 'image':
      return { message: { type: 'image', originalContentUrl: intent.url, previewImageUrl: intent.previewUrl } as messagingApi.ImageMessage, mergeable: false };

    // Not messages: the deliverer shows the loading animation, and the runtime carries out the other two.
    case 'loading':
    case 'renderChart':
    case 'runForecast':
    case 'watchAdd':
    case 'showAlerts':
    case 'deleteAlert':
    case 'saveAlert':
    case 'saveFeedback':
      return null;
  }
}

async function renderQuote(stock: StockRef, watched: boolean, deps: RenderDeps): Promise<messagingApi.Message> {
  const quoteShortcuts: Shortcut[] = [
    { label: '技術分析', command: `technical:${stock.code}` },
    watched ? { label: '移除自選股', command: `watch:remove:${stock.code}` } : { label: '加入自選股', command: `watch:add:${stock.code}` },
    { label: '到價提醒', command: `alert:${stock.code}` },
    { label: '再查一檔', command: 'menu:quote' },
  ];
  const retryReplies = quickReply(shortcutButtons([{ label: '再查一檔', command: 'menu:quote' }]));

  try {
    const quote = await deps.market.getQuote(stock.code);
    return quoteCard(quote, deps.now, quoteShortcuts);
  } catch (error) {
    if (error instanceof MarketDataError && error.code === 'notFound') {
      return text(`查無「${stock.name} ${stock.code}」的報價資料。`, retryReplies);
    }

    if (error instanceof MarketDataError && error.code === 'unavailable') {
      deps.logger?.warn({ err: error, code: stock.code }, 'quote source unavailable');
      return text(QUOTE_UNAVAILABLE_TEXT, retryReplies);
    }

    deps.logger?.warn({ err: error, code: stock.code }, 'quote could not be rendered');
    return text(QUOTE_FAILED_TEXT, retryReplies);
  }
}

async function renderNews(stock: StockRef | null, deps: RenderDeps): Promise<messagingApi.Message> {
  const replies = quickReply(shortcutButtons(stock ? [{ label: '即時報價', command: `quote:${stock.code}` }, { label: '其他新聞', command: 'menu:news' }] : [{ label: '其他新聞', command: 'menu:news' }]));
  const heading = stock ? `${stock.name} ${stock.code} 最新消息` : '台股大盤新聞';
  const noNews = deps.news?.recorded ? NO_RECORDED_NEWS_TEXT : NO_NEWS_TEXT;

  try {
    if (!deps.news) {
      throw new NewsError('unavailable', 'no news provider configured');
    }
    const items = stock ? await deps.news.forStock(stock.code, stock.name) : await deps.news.forMarket();
    if (items.length === 0) {
      return text(noNews, replies);
    }
    return { ...newsCarousel(items, heading), quickReply: replies };
  } catch (error) {
    if (error instanceof RangeError) {
      // Every item had an unusable link; LINE rejects an empty carousel.
      return text(noNews, replies);
    }
    deps.logger?.warn({ err: error, code: stock?.code }, 'news unavailable');
    return text(NEWS_UNAVAILABLE_TEXT, replies);
  }
}

function withoutQuickReply(draft: Draft): Draft {
  const message = { ...draft.message };
  delete message.quickReply;
  return { message, mergeable: draft.mergeable };
}

/**
 * Keeps the batch within LINE's five messages: first by joining consecutive
 * plain texts with a blank line (while the result fits one text message),
 * then by keeping the first four and a note that the rest was left out.
 */
function fitMessageCount(drafts: Draft[]): messagingApi.Message[] {
  if (drafts.length <= MAX_MESSAGES) {
    return drafts.map((draft) => draft.message);
  }

  const merged: Draft[] = [];
  for (const draft of drafts) {
    const previous = merged.at(-1);
    if (previous && previous.mergeable && draft.mergeable) {
      const joined = joinTexts(previous.message, draft.message);
      if (joined !== null) {
        previous.message = joined;
        continue;
      }
    }
    merged.push({ ...draft });
  }

  const messages = merged.map((draft) => draft.message);
  if (messages.length <= MAX_MESSAGES) {
    return messages;
  }
  return [...messages.slice(0, MAX_MESSAGES - 1), text(MESSAGES_OMITTED_TEXT)];
}

function joinTexts(first: messagingApi.Message, second: messagingApi.Message): messagingApi.TextMessage | null {
  if (first.type !== 'text' || second.type !== 'text') {
    return null;
  }

  const joined = `${first.text}\n\n${second.text}`;
  return joined.length <= MAX_TEXT_LENGTH ? text(joined) : null;
}

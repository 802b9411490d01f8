import type { messagingApi } from '@line/bot-sdk';

import type { Shortcut } from '../../../machines/intents.ts';
import type { Quote } from '../../market/types.ts';
import {
  changeDirection,
  formatAge,
  formatChange,
  formatLots,
  formatPercent,
  formatPrice,
  formatRatio,
  formatTaipeiTime,
  formatTurnover,
  MISSING,
  quotePricePlaces,
} from '../format.ts';
import { MAX_ALT_TEXT, truncateUtf16 } from '../limits.ts';
import { quickReply, shortcutButtons } from './quick-reply.ts';

/** Taiwan convention: red for a rise, green for a fall. */
const UP_COLOR = '#E0313A';
const DOWN_COLOR = '#1B9E4B';
const FLAT_COLOR = '#666666';
const TEXT_COLOR = '#111111';
const LABEL_COLOR = '#8C8C8C';
const NOTICE_COLOR = '#C25E00';

const MARKET_NAMES: Record<Quote['market'], string> = { TWSE: '上市', TPEx: '上櫃' };

/** A quote of the session's close, from a daily table or from MIS after 13:30. */
const CLOSING_NOTE = '收盤資料（非即時）';
/** A real-time quote from before the close that is no longer fresh. */
const INTRADAY_NOTE = '盤中資料（非即時）';
/** A cached quote served because the source failed; its own time is shown on the card. */
const STALE_NOTE = '非即時資料：資料來源暫時無法連線，以下為最後取得的報價';

/** The feed name in MIS's source text, which only a live quote may show. */
const LIVE_FEED = /\s*即時行情/;
const CLOSING_FEED = ' 收盤行情';

const NO_TRADE = '尚未成交';

/** MIS quotes refresh every few seconds during the session; older than this they are not live. */
const REALTIME_FRESH_MS = 15 * 60_000;

/** The regular session closes at 13:30 Asia/Taipei, which is UTC+8 all year (no daylight saving time). */
const CLOSE_MINUTE_OF_DAY = 13 * 60 + 30;
const TAIPEI_OFFSET_MINUTES = 8 * 60;

// LINE rejects a flex text component whose text is empty, hence MISSING for
// blank names and sources.

/**
 * Builds the quote card of one stock: a mega bubble with the last price and
 * its change in Taiwan colours, the day's figures, and when and where the
 * data came from. `now` (epoch ms) dates the "how old" line. `shortcuts`
 * become the message's quick replies.
 */
export function quoteCard(live: Quote, now: number, shortcuts: Shortcut[]): messagingApi.FlexMessage {
  // A real-time quote that is no longer fresh (after the close, or from a recording) is shown as not live.
  const quote = live.realtime && now - live.time > REALTIME_FRESH_MS ? { ...live, realtime: false } : live;
  const places = quotePricePlaces(quote);
  const bubble: messagingApi.FlexBubble = {
    type: 'bubble',
    size: 'mega',
    body: {
      type: 'box',
      layout: 'vertical',
      spacing: 'md',
      contents: [
        titleRow(quote),
        ...priceBlock(quote, places),
        { type: 'separator', margin: 'lg' },
        figuresTable(quote, places),
        { type: 'separator', margin: 'lg' },
        sourceTable(quote, now),
      ],
    },
  };

  const message: messagingApi.FlexMessage = { type: 'flex', altText: quoteAltText(quote), contents: bubble };
  const replies = quickReply(shortcutButtons(shortcuts));
  if (replies) {
    message.quickReply = replies;
  }
  return message;
}

/**
 * Summarises the quote in one line for notifications and the chat list, for
 * example "台積電 2330 593 ▲5 (+0.85%)".
 */
export function quoteAltText(quote: Quote): string {
  const parts = [quote.name, quote.code];

  if (quote.price === null) {
    parts.push(NO_TRADE);
  } else {
    const places = quotePricePlaces(quote);
    parts.push(formatPrice(quote.price, places));
    parts.push(formatChange(quote.change, places));
    parts.push(`(${formatPercent(quote.changePercent)})`);
  }

  if (!quote.realtime) {
    parts.push(notRealtimeNote(quote));
  }
  return truncateUtf16(parts.join(' '), MAX_ALT_TEXT);
}

function titleRow(quote: Quote): messagingApi.FlexBox {
  return {
    type: 'box',
    layout: 'baseline',
    spacing: 'sm',
    contents: [
      { type: 'text', text: quote.name || MISSING, weight: 'bold', size: 'xl', color: TEXT_COLOR, flex: 0, wrap: true },
      { type: 'text', text: quote.code || MISSING, size: 'md', color: LABEL_COLOR, flex: 0 },
      { type: 'text', text: MARKET_NAMES[quote.market], size: 'sm', color: LABEL_COLOR, align: 'end' },
    ],
  };
}

function priceBlock(quote: Quote, places: number): messagingApi.FlexComponent[] {
  const blocks: messagingApi.FlexComponent[] = [];

  if (quote.price === null) {
    blocks.push({ type: 'text', text: NO_TRADE, size: 'xxl', weight: 'bold', color: FLAT_COLOR });
  } else {
    const color = directionColor(changeDirection(quote.change, quote.decimals));
    blocks.push({
      type: 'box',
      layout: 'baseline',
      spacing: 'md',
      contents: [
        { type: 'text', text: formatPrice(quote.price, places), size: '3xl', weight: 'bold', color, flex: 0 },
        { type: 'text', text: formatChange(quote.change, places), size: 'md', color, flex: 0 },
        { type: 'text', text: formatPercent(quote.changePercent), size: 'md', color, flex: 0 },
      ],
    });
  }

  if (!quote.realtime) {
    blocks.push({ type: 'text', text: notRealtimeNote(quote), size: 'sm', weight: 'bold', color: NOTICE_COLOR, wrap: true });
  }
  return blocks;
}

function figuresTable(quote: Quote, places: number): messagingApi.FlexBox {
  const rows = [
    row('開盤', formatPrice(quote.open, places), comparedColor(quote.open, quote)),
    row('最高', formatPrice(quote.high, places), comparedColor(quote.high, quote)),
    row('最低', formatPrice(quote.low, places), comparedColor(quote.low, quote)),
    row('昨收', formatPrice(quote.previousClose, places), TEXT_COLOR),
    row('成交量', formatLots(quote.volumeLots), TEXT_COLOR),
  ];

  if (quote.turnover !== null) {
    rows.push(row('成交金額', formatTurnover(quote.turnover), TEXT_COLOR));
  }
  if (quote.peRatio !== null) {
    rows.push(row('本益比', formatRatio(quote.peRatio), TEXT_COLOR));
  }

  return { type: 'box', layout: 'vertical', spacing: 'sm', margin: 'lg', contents: rows };
}

function sourceTable(quote: Quote, now: number): messagingApi.FlexBox {
  return {
    type: 'box',
    layout: 'vertical',
    spacing: 'xs',
    margin: 'lg',
    contents: [
      smallRow('資料時間', `${formatTaipeiTime(quote.time)}（${formatAge(quote.time, now)}）`),
      smallRow('資料來源', sourceText(quote) || MISSING),
    ],
  };
}

/**
 * Returns the quote's source without claiming 即時行情 for a value that is
 * not live: MIS's "臺灣證券交易所 即時行情" reads "臺灣證券交易所 收盤行情"
 * for a quote of the close and "臺灣證券交易所" for an older intraday one.
 */
function sourceText(quote: Quote): string {
  if (quote.realtime) {
    return quote.source;
  }
  return quote.source.replace(LIVE_FEED, isClosingQuote(quote) ? CLOSING_FEED : '');
}

function notRealtimeNote(quote: Quote): string {
  if (quote.stale) {
    return STALE_NOTE;
  }
  return isClosingQuote(quote) ? CLOSING_NOTE : INTRADAY_NOTE;
}

/** Returns whether the quote's time is at or after the 13:30 close of its Taipei trading day. */
function isClosingQuote(quote: Quote): boolean {
  const minuteOfDay = (((Math.floor(quote.time / 60_000) + TAIPEI_OFFSET_MINUTES) % 1440) + 1440) % 1440;
  return minuteOfDay >= CLOSE_MINUTE_OF_DAY;
}

function row(label: string, value: string, color: string): messagingApi.FlexBox {
  return {
    type: 'box',
    layout: 'horizontal',
    contents: [
      { type: 'text', text: label, size: 'sm', color: LABEL_COLOR, flex: 2 },
      { type: 'text', text: value, size: 'sm', color, align: 'end', flex: 3 },
    ],
  };
}

function smallRow(label: string, value: string): messagingApi.FlexBox {
  return {
    type: 'box',
    layout: 'horizontal',
    contents: [
      { type: 'text', text: label, size: 'xs', color: LABEL_COLOR, flex: 2 },
      { type: 'text', text: value, size: 'xs', color: LABEL_COLOR, align: 'end', wrap: true, flex: 5 },
    ],
  };
}

/** Colours an intraday price red above the previous close and green below it. */
function comparedColor(price: number | null, quote: Quote): string {
  if (price === null || quote.previousClose === null) {
    return TEXT_COLOR;
  }
  return directionColor(changeDirection(price - quote.previousClose, quote.decimals), TEXT_COLOR);
}

function directionColor(direction: -1 | 0 | 1, flatColor = FLAT_COLOR): string {
  if (direction > 0) {
    return UP_COLOR;
  }
  if (direction < 0) {
    return DOWN_COLOR;
  }
  return flatColor;
}

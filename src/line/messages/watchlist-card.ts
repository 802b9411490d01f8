/**
 * The 自選股 list as one Flex bubble: a row per stock with its last price
 * and change in Taiwan colours (red up, green down); tapping a row requests
 * that stock's quote card.
 */
import type { messagingApi } from '@line/bot-sdk';
import type { StockRef } from '../../../machines/intents.ts';
import { encodeCommand } from '../../conversation/postback.ts';
import type { Quote } from '../../market/types.ts';
import { changeDirection, formatPercent, formatPrice, MISSING, quotePricePlaces } from '../format.ts';
import { truncateUtf16, MAX_ALT_TEXT } from '../limits.ts';

const UP = '#E0313A';
const DOWN = '#1B9E4B';
const FLAT = '#8C8C8C';

export function watchlistCard(title: string, entries: { stock: StockRef; quote: Quote | null }[]): messagingApi.FlexMessage {
  const rows: messagingApi.FlexComponent[] = entries.map(({ stock, quote }) => row(stock, quote));
  const summary = entries.map(({ stock, quote }) => `${stock.name} ${quote?.price === null || !quote ? MISSING : formatPrice(quote.price, quotePricePlaces(quote))}`).join('、');

  return {
    type: 'flex',
    altText: truncateUtf16(`${title}：${summary}`, MAX_ALT_TEXT),
    contents: {
      type: 'bubble',
      size: 'mega',
      body: {
        type: 'box',
        layout: 'vertical',
        spacing: 'md',
        contents: [
          { type: 'text', text: title, weight: 'bold', size: 'lg' },
          { type: 'separator' },
          ...rows,
          { type: 'text', text: '點選股票可查看報價', size: 'xxs', color: FLAT },
        ],
      },
    },
  };
}

function row(stock: StockRef, quote: Quote | null): messagingApi.FlexBox {
  const direction = quote ? changeDirection(quote.change, quote.decimals) : 0;
  let color = FLAT;
  if (direction > 0) {
    color = UP;
  } else if (direction < 0) {
    color = DOWN;
  }
  // The same places as the stock's quote card, so a row and the card it opens agree.
  const price = quote && quote.price !== null ? formatPrice(quote.price, quotePricePlaces(quote)) : MISSING;
  const percent = quote ? formatPercent(quote.changePercent) : MISSING;

  return {
    type: 'box',
    layout: 'horizontal',
    action: { type: 'postback', label: `${stock.name} 報價`, data: encodeCommand(`quote:${stock.code}`), displayText: `${stock.name} ${stock.code}` },
    contents: [
      { type: 'text', text: `${stock.name} ${stock.code}`, size: 'sm', flex: 5, wrap: false },
      { type: 'text', text: price, size: 'sm', align: 'end', flex: 3 },
      { type: 'text', text: percent, size: 'sm', align: 'end', flex: 3, color },
    ],
  };
}

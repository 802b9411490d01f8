/**
 * The vocabulary that dialogue machines emit. Machines never build LINE
 * messages: the runtime stores these intents in the outbox and
 * `src/line/render.ts` turns them into messages at delivery time.
 */

/** A security as the directory knows it; `market` is where it trades. */
export interface StockRef {
  code: string;
  name: string;
  market: 'TWSE' | 'TPEx';
}

/**
 * One button under a prompt. `value` travels back in the postback data
 * together with the dialogue and step it belongs to, so a stale tap is
 * recognised.
 */
export interface Choice {
  label: string;
  value: string;
}

/** A quick reply that starts a dialogue or a top-level action. */
export interface Shortcut {
  label: string;
  /** Postback command, for example `menu:quote` or `quote:2330`. */
  command: string;
}

/** What a chart job draws: a 技術分析 chart or a 歷史資料 summary. */
export interface ChartRequest {
  kind: 'technical' | 'history';
  stock: StockRef;
  /** A value of `PERIODS` in chart-options.ts, such as `1y`. */
  period: string;
  /** A value of `INTERVALS`: `day`, `week` or `month`. */
  interval: string;
  /** A value of `INDICATORS` for technical charts. */
  indicator?: string;
}

export type Intent =
  /** Plain text, optionally followed by shortcuts shown as quick replies. */
  | { type: 'say'; text: string; shortcuts?: Shortcut[] }
  /** A question for one dialogue step; choices become quick replies. */
  | { type: 'ask'; dialogue: string; step: string; text: string; choices?: Choice[] }
  /** The quote card of one stock, built from market data at delivery time; `watched` when the stock is in the chat's 自選股. */
  | { type: 'showQuote'; stock: StockRef; watched?: boolean }
  /** Slow work: the runtime queues a chart job, whose result arrives later in its own outbox row. */
  | { type: 'renderChart'; request: ChartRequest }
  /** Slow work: the runtime queues a forecast job, whose result arrives later in its own outbox row. */
  | { type: 'runForecast'; stock: StockRef; model: 'lstm' | 'rf' }
  /** Headlines for a stock, or for the market when `stock` is null, fetched at delivery time. */
  | { type: 'showNews'; stock: StockRef | null }
  /** The 自選股 list with each stock's latest price, fetched at delivery time. */
  | { type: 'showWatchlist'; stocks: StockRef[]; title: string; shortcuts?: Shortcut[] }
  /** Adds a stock chosen by dialogue to the chat's 自選股; the runtime applies it to the settings. */
  | { type: 'watchAdd'; stock: StockRef }
  /** The chat's active 到價提醒, listed by the runtime from the database. */
  | { type: 'showAlerts' }
  /** Deletes one of the chat's 到價提醒. */
  | { type: 'deleteAlert'; id: string }
  /** A 到價提醒 to store; the runtime saves it in the same transaction, within the per-chat limit. */
  | { type: 'saveAlert'; stock: StockRef; condition: 'above' | 'below' | 'riseBy' | 'fallBy'; value: number }
  /** Feedback to store; the runtime saves it in the same transaction and thanks the user. */
  | { type: 'saveFeedback'; text: string }
  /** LINE's typing animation while slow work runs; 1:1 chats only. */
  | { type: 'loading'; seconds: number }
  /** A chart image served by the bot; produced by jobs, not by machines. */
  | { type: 'image'; url: string; previewUrl: string };

export type IntentType = Intent['type'];

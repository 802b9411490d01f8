/**
 * Every sentence the dialogues show, in Traditional Chinese as used in
 * Taiwan. Kept in one catalogue so wording stays consistent.
 */
import type { StockRef } from './intents.ts';

export const FEATURES = {
  quote: '即時查詢',
  history: '歷史資料',
  technical: '技術分析',
  forecast: '機器學習預測',
  news: '最新消息',
  feedback: '意見回饋',
  alert: '到價提醒',
  watchlist: '自選股',
} as const;

export type FeatureId = keyof typeof FEATURES;

export const copy = {
  greeting:
    '歡迎使用「你今天 LINE 股了嗎」！\n點選下方選單的功能，或直接輸入股票代號（例如 2330）或名稱（例如 台積電）查詢即時報價。\n任何時候輸入「說明」可以看到使用方式，輸入「取消」可以結束目前的對話。',
  help:
    '我可以幫你：\n・即時查詢：輸入股票代號或名稱，看最新報價\n・歷史資料、技術分析、機器學習預測、最新消息、意見回饋：點選下方選單開始\n・自選股、到價提醒：輸入「自選股」或「到價提醒」\n\n對話中可以隨時輸入「上一步」回到前一題、「取消」結束對話、「說明」查看這一步怎麼回答。',
  notUnderstood: '抱歉，我看不懂這句話。可以輸入股票代號（例如 2330）或名稱（例如 台積電），或點選下方的功能。',
  unsupportedMessage: '目前我只看得懂文字訊息喔！請輸入股票代號或名稱，或點選下方的功能。',
  nothingToCancel: '目前沒有進行中的對話。',
  cancelled: '已取消。需要時再點選選單或輸入「說明」。',
  expired: '上一個對話已經超過 10 分鐘沒有回應，已自動結束。',
  staleButton: '這個按鈕已經過期了，請依照最新的提示操作。',
  machineUpdated: '系統剛更新過，剛才的對話已重新開始，請再操作一次。',
  comingSoon: (feature: string) => `「${feature}」功能即將推出，敬請期待！現在可以先使用「即時查詢」。`,
  firstStep: '這已經是第一步了。',
  cancelChoice: '取消',

  askStock: '請輸入股票代號或名稱，例如 2330、00878 或 台積電。',
  askStockHelp: '請輸入上市或上櫃股票、ETF 的代號（例如 2330、6488、00878）或名稱（例如 台積電、鴻海）。也可以點選下方的熱門股票。',
  stockNotFound: (query: string) => `找不到「${query}」這檔股票。請輸入股票代號（例如 2330）或名稱（例如 台積電）。`,
  chooseStock: (query: string) => `「${query}」符合好幾檔股票，請選擇一檔：`,
  chooseStockHelp: '請點選下方其中一檔股票，或直接輸入完整的股票代號。',
  stockLabel: (stock: StockRef) => `${stock.name} ${stock.code}`,
} as const;

/** Stocks offered as one-tap choices when a dialogue prompts for a stock. */
export const POPULAR_STOCKS: readonly StockRef[] = [
  { code: '2330', name: '台積電', market: 'TWSE' },
  { code: '2317', name: '鴻海', market: 'TWSE' },
  { code: '2454', name: '聯發科', market: 'TWSE' },
  { code: '0050', name: '元大台灣50', market: 'TWSE' },
  { code: '00878', name: '國泰永續高股息', market: 'TWSE' },
];

export const chartCopy = {
  askPeriod: (stock: StockRef) => `${stock.name} ${stock.code}：要看多長的期間？`,
  askInterval: '要用哪一種 K 線？',
  askIndicator: '要搭配哪一個技術指標？',
  periodHelp: '請選擇圖表涵蓋的期間，例如「1 年」代表最近一年的資料。',
  intervalHelp: '日線是一天一根 K 棒，週線一週一根，月線一個月一根。期間短時建議用日線。',
  indicatorHelp: 'MACD 看趨勢，KD 與 RSI 看超買超賣，布林通道看股價波動區間，「只看均線」只畫 5、10、20、60 日均線。',
  invalidPeriod: '請從下方選擇一個期間。',
  invalidInterval: '請從下方選擇日線、週線或月線。',
  invalidIndicator: '請從下方選擇一個技術指標。',
  tooFewBars: (period: string, interval: string, bars: number) =>
    `「${period}」用「${interval}」只有約 ${bars} 根 K 棒，畫不出有意義的圖。請改選較短的 K 線或較長的期間。`,
  indicatorNeedsMore: (indicator: string, minBars: number, period: string, interval: string, bars: number) =>
    `${indicator} 至少需要 ${minBars} 根 K 棒，「${period}・${interval}」只有約 ${bars} 根。請改選其他指標，或輸入「上一步」換較長的期間。`,
  useLast: '用上次的設定',
  lastLabel: (name: string, period: string, interval: string, indicator?: string) =>
    [name, period, interval, indicator].filter(Boolean).join('・'),
} as const;

/** Feedback is kept short enough to read in one screen. */
export const MAX_FEEDBACK_CHARS = 1000;

export const feedbackCopy = {
  ask: `請輸入你的意見或建議（${MAX_FEEDBACK_CHARS.toLocaleString('en-US')} 字以內），我們會認真閱讀每一則回饋。`,
  askHelp: '直接輸入文字即可，例如想要的新功能、遇到的問題或資料錯誤。輸入「取消」可以放棄。',
  tooLong: (length: number) => `內容有 ${length.toLocaleString('en-US')} 字，超過 ${MAX_FEEDBACK_CHARS.toLocaleString('en-US')} 字的上限，請精簡後再輸入一次。`,
  empty: '內容是空的，請輸入你的意見。',
  confirm: (text: string) => `請確認你的意見：\n\n${text}\n\n要送出嗎？`,
  confirmHelp: '點選「送出」完成回饋，「重新輸入」可以修改內容。',
  confirmAgain: '請點選「送出」或「重新輸入」。',
  send: '送出',
  edit: '重新輸入',
  thanks: '感謝你的回饋！我們已經收到了。',
  formLink: (url: string) => `也歡迎填寫意見表單：${url}`,
} as const;

export const newsCopy = {
  ask: '想看哪一檔股票的新聞？請輸入股票代號或名稱，或點選「大盤新聞」。',
  help: '輸入股票代號（例如 2330）或名稱（例如 台積電）看個股新聞與重大訊息，點選「大盤新聞」看台股市場新聞。',
  market: '大盤新聞',
} as const;

export const forecastCopy = {
  askModel: (stock: StockRef) => `${stock.name} ${stock.code}：要用哪一種模型預測下一個交易日的收盤價？`,
  modelHelp: 'LSTM 是一種神經網路，用最近 9 天的收盤價預測隔天；隨機森林用均線乖離、RSI、MACD、KD 與成交量等指標預測。兩者都會和「明天收盤 = 今天收盤」的天真預測比較回測成績。',
  invalidModel: '請從下方選擇 LSTM 或隨機森林。',
  confirm: (model: string, duration: string) => `${spaced(model)}需要先訓練模型，大約要${/^\d/.test(duration) ? ' ' : ''}${duration}。要開始嗎？`,
  confirmHelp: '點選「開始預測」後請稍候，完成後會傳給你預測結果、回測成績和圖表。',
  confirmAgain: '請點選「開始預測」或「取消」。',
  start: '開始預測',
} as const;

/** LINE free plans carry few pushes, so each chat keeps a modest number of alerts. */
export const MAX_ACTIVE_ALERTS = 20;

export const alertCopy = {
  askCondition: (stock: StockRef) => `${stock.name} ${stock.code}：要在什麼情況提醒你？`,
  conditionHelp: '「漲破／跌破」是股價到達你設定的價格；「漲幅達／跌幅達」是相對昨收的漲跌百分比。',
  invalidCondition: '請從下方選擇一個條件。',
  askPrice: (label: string) => `${label}多少元時提醒你？請直接輸入價格數字。`,
  askPercent: (label: string) => `${label}多少 % 時提醒你？請輸入 0 到 10 之間的數字，例如 3。`,
  valueHelp: '價格要符合台股的跳動單位（例如 100 到 500 元之間每檔 0.5 元）；百分比以昨天收盤價計算。',
  confirm: (sentence: string) => `確認設定到價提醒：${sentence}？盤中每分鐘檢查一次，條件成立時通知你一次。`,
  confirmHelp: '點選「確認」儲存提醒，或輸入「上一步」修改數值。',
  confirmAgain: '請點選「確認」或「取消」。',
  ok: '確認',
  saved: (sentence: string) => `已設定到價提醒：${sentence}。`,
  tooMany: `到價提醒最多 ${MAX_ACTIVE_ALERTS} 個，請先刪除不需要的提醒。`,
  triggered: (sentence: string, price: string, time: string) => `🔔 到價提醒：${sentence}\n目前價格 ${price}（${time}）`,
  noAlerts: '目前沒有設定到價提醒。輸入「到價提醒」可以新增。',
  list: (lines: string[]) => `你的到價提醒：\n${lines.join('\n')}\n\n點選下方按鈕可以刪除。`,
  deleted: (sentence: string) => `已刪除提醒：${sentence}。`,
} as const;

/** A watchlist Flex message lists one row per stock; 30 keep it under LINE's 30 KB bubble limit. */
export const MAX_WATCHLIST = 30;

export const watchlistCopy = {
  added: (stock: StockRef, count: number) => `已將${stock.name} ${stock.code} 加入自選股（共 ${count} 檔）。`,
  already: (stock: StockRef) => `${stock.name} ${stock.code} 已經在自選股裡了。`,
  full: `自選股最多 ${MAX_WATCHLIST} 檔，請先移除一些再加入。`,
  removed: (stock: StockRef) => `已將${stock.name} ${stock.code} 從自選股移除。`,
  notThere: '這檔股票不在自選股裡。',
  empty: '自選股目前是空的。查詢報價後點選「加入自選股」，或點選下方「新增自選股」。',
  digestOn: '已開啟每日收盤摘要：交易日收盤後會傳送你的自選股行情。',
  digestOnEmpty: '已開啟每日收盤摘要。摘要只傳送自選股的行情，目前自選股是空的；加入股票後，交易日收盤後就會收到。',
  digestOff: '已關閉每日收盤摘要。',
  digestTitle: '每日收盤摘要',
  askStock: '要把哪一檔股票加入自選股？請輸入股票代號或名稱。',
} as const;

/** Adds a space after a name that ends in a Latin letter or digit (LSTM 需要), none after Chinese (隨機森林需要). */
export function spaced(name: string): string {
  return /[A-Za-z0-9]$/.test(name) ? `${name} ` : name;
}

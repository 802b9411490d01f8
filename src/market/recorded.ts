import { parseMisStockInfo } from './parse/mis.ts';
import { parseMiIndex } from './parse/mi-index.ts';
import { parseStockDay } from './parse/stock-day.ts';
import { parseStockDayAll } from './parse/stock-day-all.ts';
import { parseTpexDailyQuotes } from './parse/tpex-daily.ts';
import { parseTpexTradingStock } from './parse/tpex-trading-stock.ts';
import { parseTwstockCsv } from './parse/twstock-csv.ts';
import { readVcrResponseBody } from './parse/vcr.ts';
import { parseYahooChart } from './parse/yahoo-chart.ts';
import { parseYahooCsv } from './parse/yahoo-csv.ts';
import { isIsoDate } from './parse/dates.ts';
import { chooseSeries, mergeSeries } from './series-choice.ts';
import { RecordingDirectory } from './recording-files.ts';
import { MarketDataError, type BarSeries, type MarketData, type Quote, type Security } from './types.ts';

/** Appended to every source text so users can tell recordings from live data. */
export const RECORDED_SUFFIX = '（錄製資料）';

/**
 * Creates a MarketData that serves recorded exchange and Yahoo responses
 * from `dir`, found by file name (see RECORDING_PATTERNS). Files are read
 * on first use and kept in memory.
 *
 * - getQuote: whichever quote has the latest `time` among the code's MIS
 *   getStockInfo recordings (real-time) and the newest daily table that
 *   lists it (end-of-day: STOCK_DAY_ALL, MI_INDEX or TPEx dailyQuotes).
 *   The recordings come from different days, so a real-time quote is
 *   served only where no daily table is newer.
 * - getDailyBars: the recorded series with the most bars in the range.
 * - listSecurities: every row of the twstock equities CSVs.
 */
export function createRecordedMarketData(dir: string): MarketData {
  const recordings = new RecordingDirectory(dir);
  let latestDailyQuotes: Promise<Map<string, Quote>> | undefined;
  let securities: Promise<Security[]> | undefined;

  async function findRealtimeQuotes(code: string): Promise<Quote[]> {
    const files = await recordings.find('misStockInfo', code);
    const tables = await Promise.all(files.map((file) => recordings.parse(file, parseMisStockInfo)));
    return tables.flat().filter((quote) => quote.code.toUpperCase() === code);
  }

  async function loadLatestDailyQuotes(): Promise<Map<string, Quote>> {
    const tables = await Promise.all([
      ...(await recordings.find('stockDayAll')).map((file) => recordings.parse(file, parseStockDayAll)),
      ...(await recordings.find('miIndex')).map((file) => recordings.parse(file, parseMiIndex)),
      ...(await recordings.find('tpexDailyQuotes')).map((file) => recordings.parse(file, parseTpexDailyQuotes)),
    ]);

    // Oldest first, so a newer table overwrites the quote of the same code.
    tables.sort((a, b) => a.date.localeCompare(b.date));
    const latest = new Map<string, Quote>();
    for (const table of tables) {
      for (const quote of table.quotes) {
        latest.set(quote.code.toUpperCase(), quote);
      }
    }

    return latest;
  }

  async function loadBarCandidates(code: string): Promise<BarSeries[]> {
    const yahooCsvs = (await recordings.find('yahooCsv', code)).map((file) =>
      recordings.parse(file, (text) => parseYahooCsv(text, code)),
    );
    const yahooCharts = (await recordings.find('yahooChart', code)).map((file) => recordings.parse(file, parseYahooChart));
    const stockDays = (await recordings.find('stockDay', code)).map((file) =>
      recordings.parse(file, (text) => parseStockDay(readVcrResponseBody(text))),
    );
    const tpexMonths = (await recordings.find('tpexTradingStock', code)).map((file) =>
      recordings.parse(file, (text) => parseTpexTradingStock(readVcrResponseBody(text))),
    );

    // Yahoo files stay separate because each was adjusted as of its own
    // download date, while raw exchange months of one market join up.
    const candidates = [...(await Promise.all(yahooCsvs)), ...(await Promise.all(yahooCharts))];
    for (const months of [await Promise.all(stockDays), await Promise.all(tpexMonths)]) {
      const merged = mergeSeries(months);
      if (merged !== undefined) {
        candidates.push(merged);
      }
    }

    return candidates;
  }

  return {
    async getQuote(code: string): Promise<Quote> {
      const key = code.trim().toUpperCase();
      latestDailyQuotes ??= loadLatestDailyQuotes();
      const [dailyQuotes, realtime] = await Promise.all([latestDailyQuotes, findRealtimeQuotes(key)]);
      const daily = dailyQuotes.get(key);

      // The daily quote goes first so that it wins a tie with an MIS quote of
      // the same 13:30 close, because the daily table is the exchange's final
      // record of that session and also has the turnover.
      const newest = newestQuote(daily === undefined ? realtime : [daily, ...realtime]);
      if (newest === undefined) {
        throw new MarketDataError('notFound', `no recorded quote for ${JSON.stringify(code)}`);
      }

      return markRecorded(newest);
    },

    async getDailyBars(code: string, from: string, to: string): Promise<BarSeries> {
      if (!isIsoDate(from) || !isIsoDate(to)) {
        throw new RangeError(`invalid date range ${JSON.stringify(from)} to ${JSON.stringify(to)}, expected YYYY-MM-DD`);
      }

      const key = code.trim().toUpperCase();
      const chosen = chooseSeries(await loadBarCandidates(key), from, to);
      if (chosen === undefined) {
        throw new MarketDataError('notFound', `no recorded daily bars for ${JSON.stringify(code)}`);
      }

      return { ...chosen, code: key, source: chosen.source + RECORDED_SUFFIX };
    },

    async listSecurities(): Promise<Security[]> {
      securities ??= loadSecurities(recordings);
      return [...(await securities)];
    },
  };
}

async function loadSecurities(recordings: RecordingDirectory): Promise<Security[]> {
  const files = await recordings.find('equitiesCsv');
  const lists = await Promise.all(files.map((file) => recordings.parse(file, parseTwstockCsv)));

  // A code listed twice (for example after a move between markets) keeps its first row.
  const byCode = new Map<string, Security>();
  for (const security of lists.flat()) {
    if (!byCode.has(security.code)) {
      byCode.set(security.code, security);
    }
  }

  return [...byCode.values()];
}

/** Returns the quote with the latest `time`, or the first of those tied for it. */
function newestQuote(quotes: readonly Quote[]): Quote | undefined {
  let newest: Quote | undefined;
  for (const quote of quotes) {
    if (newest === undefined || quote.time > newest.time) {
      newest = quote;
    }
  }

  return newest;
}

function markRecorded(quote: Quote): Quote {
  return { ...quote, source: quote.source + RECORDED_SUFFIX };
}

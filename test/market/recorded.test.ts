import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createRecordedMarketData } from '../../src/market/recorded.ts';
import { MarketDataError, type MarketData, type MarketDataErrorCode } from '../../src/market/types.ts';
import { marketDataDir, marketDataFile } from './data-dir.ts';

const market = createRecordedMarketData(marketDataDir());

const hasCode =
  (code: MarketDataErrorCode) =>
  (error: unknown): boolean =>
    error instanceof MarketDataError && error.code === code;

describe('recorded getQuote', () => {
  it('serves 2330 from the newer close', async () => {
    // The MIS recording of 2330 is from 2023-12-29, STOCK_DAY_ALL from 2026-07-08.
    const quote = await market.getQuote('2330');
    assert.equal(quote.realtime, false);
    assert.equal(quote.price, 2465);
    assert.equal(quote.change, 25);
    assert.equal(quote.previousClose, 2440);
    assert.equal(quote.open, 2445);
    assert.equal(quote.high, 2465);
    assert.equal(quote.low, 2420);
    assert.equal(quote.volumeLots, 25520);
    assert.equal(quote.turnover, 62400639776);
    assert.equal(quote.time, Date.parse('2026-07-08T13:30:00+08:00'));
    assert.equal(quote.source, '臺灣證券交易所 每日收盤行情（錄製資料）');
  });

  it('serves TAIEX t00 from MIS', async () => {
    // No daily table lists the index, so its only recording is the real-time one.
    const quote = await market.getQuote('t00');
    assert.equal(quote.code, 't00');
    assert.equal(quote.name, '發行量加權股價指數');
    assert.equal(quote.realtime, true);
    assert.equal(quote.price, 17930.81);
    assert.equal(quote.previousClose, 17910.37);
    assert.equal(quote.time, Date.parse('2023-12-29T13:33:00+08:00'));
    assert.equal(quote.source, '臺灣證券交易所 即時行情（錄製資料）');
  });

  it('serves 2317 end of day', async () => {
    const quote = await market.getQuote('2317');
    assert.equal(quote.realtime, false);
    assert.equal(quote.name, '鴻海');
    assert.equal(quote.market, 'TWSE');
    assert.equal(quote.price, 237.5);
    assert.equal(quote.change, 0.5);
    assert.equal(quote.previousClose, 237);
    assert.equal(quote.open, 240);
    assert.equal(quote.high, 240.5);
    assert.equal(quote.low, 234);
    assert.equal(quote.volumeLots, 37939);
    assert.equal(quote.peRatio, null);
    assert.equal(quote.time, Date.parse('2026-07-08T13:30:00+08:00'));
    assert.equal(quote.source, '臺灣證券交易所 每日收盤行情（錄製資料）');
  });

  it('serves TPEx 6488', async () => {
    const quote = await market.getQuote('6488');
    assert.equal(quote.market, 'TPEx');
    assert.equal(quote.name, '環球晶');
    assert.equal(quote.price, 530);
    assert.equal(quote.previousClose, 493);
    assert.equal(quote.time, Date.parse('2023-01-30T13:30:00+08:00'));
    assert.equal(quote.source, '證券櫃檯買賣中心 上櫃股票行情（錄製資料）');
  });

  it('serves ETF 00878', async () => {
    const quote = await market.getQuote('00878');
    assert.equal(quote.name, '國泰永續高股息');
    assert.equal(quote.price, 33.2);
    assert.equal(quote.change, 0.23);
    assert.equal(quote.previousClose, 32.97);
    assert.equal(quote.time, Date.parse('2026-07-08T13:30:00+08:00'));
  });

  it('falls back to MI_INDEX', async () => {
    // 1701 中化 is in MI_INDEX 2023-01-30 but not in STOCK_DAY_ALL 2026-07-08.
    const quote = await market.getQuote('1701');
    assert.equal(quote.price, 26.6);
    assert.equal(quote.change, -0.65);
    assert.equal(quote.previousClose, 27.25);
    assert.equal(quote.peRatio, 15.03);
    assert.equal(quote.time, Date.parse('2023-01-30T13:30:00+08:00'));
  });

  it('prefers the newer market', async () => {
    // 4736 泰博 traded on TPEx in 2023 and on TWSE by 2026.
    const quote = await market.getQuote('4736');
    assert.equal(quote.market, 'TWSE');
    assert.equal(quote.price, 126);
    assert.equal(quote.time, Date.parse('2026-07-08T13:30:00+08:00'));
  });

  it('normalizes the code', async () => {
    const quote = await market.getQuote(' 00632r ');
    assert.equal(quote.code, '00632R');
    assert.equal(quote.price, 10.16);
  });

  it('rejects unknown codes', async () => {
    await assert.rejects(market.getQuote('9999'), hasCode('notFound'));
    await assert.rejects(market.getQuote('ZZZZ'), hasCode('notFound'));
    await assert.rejects(market.getQuote(''), hasCode('notFound'));
  });
});

describe('recorded getQuote across sources', () => {
  const misFile = 'twse-mis-getStockInfo-2330-20231229.json';
  let dir: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gulema-recorded-'));
  });

  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** Returns a provider over a fresh directory of links to real recordings and the given extra files. */
  async function marketWith(links: string[], files: Record<string, string> = {}): Promise<MarketData> {
    const sub = await mkdtemp(join(dir, 'case-'));
    for (const name of links) {
      await symlink(marketDataFile(name), join(sub, name));
    }
    for (const [name, text] of Object.entries(files)) {
      await writeFile(join(sub, name), text);
    }
    return createRecordedMarketData(sub);
  }

  /** Returns the recorded MIS response of 2330 moved to 2317 on `date` at `time`, at price 240. */
  async function misResponseOf2317(date: string, time: string): Promise<string> {
    const body = JSON.parse(await readFile(marketDataFile(misFile), 'utf8'));
    Object.assign(body.msgArray[0], { c: '2317', n: '鴻海', ch: '2317.tw', d: date, t: time, z: '240.0000', y: '237.5000' });
    return JSON.stringify(body);
  }

  it('serves MIS when newer than the close', async () => {
    // MI_INDEX of 2023-01-30 also lists 2330, at 543.
    const recorded = await marketWith([misFile, 'twse-MI_INDEX-ALLBUT0999-20230130.json']);
    const quote = await recorded.getQuote('2330');
    assert.equal(quote.realtime, true);
    assert.equal(quote.price, 593);
    assert.equal(quote.time, Date.parse('2023-12-29T13:30:00+08:00'));
    assert.equal(quote.source, '臺灣證券交易所 即時行情（錄製資料）');
  });

  it('serves MIS of a later session', async () => {
    const recorded = await marketWith(['twse-openapi-STOCK_DAY_ALL-20260708.json'], {
      'twse-mis-getStockInfo-2317-20260709.json': await misResponseOf2317('20260709', '10:15:00'),
    });
    const quote = await recorded.getQuote('2317');
    assert.equal(quote.realtime, true);
    assert.equal(quote.price, 240);
    assert.equal(quote.time, Date.parse('2026-07-09T10:15:00+08:00'));
  });

  it('prefers the close on a tie', async () => {
    const recorded = await marketWith(['twse-openapi-STOCK_DAY_ALL-20260708.json'], {
      'twse-mis-getStockInfo-2317-20260708.json': await misResponseOf2317('20260708', '13:30:00'),
    });
    const quote = await recorded.getQuote('2317');
    assert.equal(quote.realtime, false);
    assert.equal(quote.price, 237.5);
    assert.equal(quote.source, '臺灣證券交易所 每日收盤行情（錄製資料）');
  });

  it('compares quote times, not file names', async () => {
    // Named for 2026-07-10 but containing a quote of 2026-07-07, older than the close.
    const recorded = await marketWith(['twse-openapi-STOCK_DAY_ALL-20260708.json'], {
      'twse-mis-getStockInfo-2317-20260710.json': await misResponseOf2317('20260707', '13:30:00'),
    });
    const quote = await recorded.getQuote('2317');
    assert.equal(quote.realtime, false);
    assert.equal(quote.time, Date.parse('2026-07-08T13:30:00+08:00'));
  });
});

describe('recorded getDailyBars', () => {
  it('prefers raw on a tie', async () => {
    const series = await market.getDailyBars('2330', '2015-05-01', '2015-05-31');
    assert.equal(series.basis, 'raw');
    assert.equal(series.source, '臺灣證券交易所 個股日成交資訊（錄製資料）');
    assert.equal(series.bars.length, 20);
    assert.equal(series.bars[0]?.volume, 30868640);
  });

  it('prefers the longer series', async () => {
    const series = await market.getDailyBars('2330', '2015-01-01', '2015-12-31');
    assert.equal(series.basis, 'adjusted');
    // 246 rows in 2015, 2 of them with zero volume.
    assert.equal(series.bars.length, 244);
    assert.equal(series.bars[0]?.date, '2015-01-05');
    assert.equal(series.bars.at(-1)?.date, '2015-12-31');
  });

  it('trims to the range', async () => {
    const series = await market.getDailyBars('2317', '2020-12-01', '2020-12-31');
    assert.equal(series.code, '2317');
    assert.equal(series.bars.at(-1)?.date, '2020-12-30');
    assert.ok(series.bars.every((bar) => bar.date >= '2020-12-01' && bar.date <= '2020-12-31'));
  });

  it('serves 2454 for 2020', async () => {
    const series = await market.getDailyBars('2454', '2020-01-01', '2020-12-31');
    assert.equal(series.bars.length, 244);
    assert.equal(series.bars[0]?.close, 441.5);
  });

  it('serves TPEx monthly data', async () => {
    const series = await market.getDailyBars('6223', '2015-05-01', '2015-05-31');
    assert.equal(series.basis, 'raw');
    assert.equal(series.bars.length, 20);
    assert.equal(series.bars[0]?.volume, 374000);
  });

  it('serves Yahoo chart symbols', async () => {
    const series = await market.getDailyBars('AAPL', '2025-01-01', '2025-12-31');
    assert.equal(series.bars.length, 127);
  });

  it('keeps separate Yahoo downloads apart', async () => {
    const series = await market.getDailyBars('MSFT', '2021-01-01', '2022-12-31');
    assert.equal(series.bars.length, 252);
    assert.equal(series.bars[0]?.date, '2021-02-01');
  });

  it('returns empty outside the recording', async () => {
    const series = await market.getDailyBars('2317', '1990-01-01', '1990-12-31');
    assert.deepEqual(series.bars, []);
  });

  it('rejects unknown codes', async () => {
    await assert.rejects(market.getDailyBars('6488', '2023-01-01', '2023-12-31'), hasCode('notFound'));
  });

  it('rejects invalid dates', async () => {
    await assert.rejects(market.getDailyBars('2330', '2015/05/01', '2015-05-31'), RangeError);
  });
});

describe('recorded listSecurities', () => {
  it('lists both markets', async () => {
    const securities = await market.listSecurities();
    assert.equal(securities.length, 35241 + 11484);
    assert.equal(securities.find((security) => security.code === '2330')?.name, '台積電');
    assert.equal(securities.find((security) => security.code === '6488')?.market, 'TPEx');
  });
});

describe('recorded directory errors', () => {
  it('reports a missing directory', async () => {
    const missing = createRecordedMarketData('/nonexistent/market-data');
    await assert.rejects(missing.getQuote('2330'), hasCode('unavailable'));
  });
});

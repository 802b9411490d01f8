import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLogger } from '../../src/logger.ts';
import { holdDirectory } from '../../src/market/directory-holder.ts';
import { MarketDataError, type MarketData, type Security } from '../../src/market/types.ts';

const TSMC: Security = { code: '2330', name: '台積電', market: 'TWSE', type: 'stock', industry: '半導體業' };

function marketWith(listings: (Security[] | Error)[]): MarketData {
  const fail = async (): Promise<never> => {
    throw new Error('not used');
  };
  return {
    getQuote: fail,
    getDailyBars: fail,
    async listSecurities() {
      const next = listings.shift();
      if (next instanceof Error || next === undefined) throw next ?? new Error('no more listings');
      return next;
    },
  };
}

describe('directory holder', () => {
  it('finds nothing while the source is down, then loads', async () => {
    const holder = await holdDirectory(marketWith([new MarketDataError('unavailable', 'down'), [TSMC]]), createLogger('silent'));

    assert.equal(holder.resolve('2330').kind, 'notFound');
    assert.equal(await holder.reload(), 1);
    assert.equal(holder.resolve('台積電').kind, 'found');
    holder.stop();
  });

  it('keeps the previous directory when a reload fails', async () => {
    const holder = await holdDirectory(marketWith([[TSMC], new MarketDataError('unavailable', 'down')]), createLogger('silent'));

    assert.equal(await holder.reload(), 1);
    assert.equal(holder.resolve('2330').kind, 'found');
    holder.stop();
  });
});

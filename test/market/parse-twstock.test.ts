import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseTwstockCsv } from '../../src/market/parse/twstock-csv.ts';
import type { Security } from '../../src/market/types.ts';
import { marketDataFile } from './data-dir.ts';

const read = (name: string): string => readFileSync(marketDataFile(name), 'utf8');

function countByType(securities: readonly Security[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const security of securities) {
    counts[security.type] = (counts[security.type] ?? 0) + 1;
  }

  return counts;
}

describe('twstock equities CSV', () => {
  const listed = parseTwstockCsv(read('twstock-twse_equities.csv'));
  const otc = parseTwstockCsv(read('twstock-tpex_equities.csv'));

  it('maps TWSE types', () => {
    assert.equal(listed.length, 35241);
    assert.deepEqual(countByType(listed), {
      stock: 1045,
      etf: 218,
      preferred: 28,
      innovation: 24,
      etn: 16,
      tdr: 10,
      reit: 6,
      warrant: 33894,
    });
    assert.ok(listed.every((security) => security.market === 'TWSE'));
  });

  it('maps TPEx types', () => {
    assert.equal(otc.length, 11484);
    assert.deepEqual(countByType(otc), { warrant: 10475, etf: 113, etn: 7, stock: 880, preferred: 1, other: 8 });
    assert.ok(otc.every((security) => security.market === 'TPEx'));
  });

  it('reads 2330 with industry', () => {
    assert.deepEqual(
      listed.find((security) => security.code === '2330'),
      { code: '2330', name: '台積電', market: 'TWSE', type: 'stock', industry: '半導體業' },
    );
  });

  it('reads ETFs without industry', () => {
    assert.deepEqual(
      listed.find((security) => security.code === '00632R'),
      { code: '00632R', name: '元大台灣50反1', market: 'TWSE', type: 'etf', industry: '' },
    );
  });

  it('reads OTC 6488', () => {
    assert.deepEqual(
      otc.find((security) => security.code === '6488'),
      { code: '6488', name: '環球晶', market: 'TPEx', type: 'stock', industry: '半導體業' },
    );
  });

  it('handles quoted cells', () => {
    const text = 'type,code,name,ISIN,start,market,group,CFI\n股票,9999,"甲,乙",X,2000/01/01,上市,"其他""業",E\n';
    assert.deepEqual(parseTwstockCsv(text), [
      { code: '9999', name: '甲,乙', market: 'TWSE', type: 'stock', industry: '其他"業' },
    ]);
  });
});

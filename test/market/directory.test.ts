import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { createSecurityIndex, MAX_CANDIDATES, resolveStock } from '../../src/market/directory.ts';
import { parseTwstockCsv } from '../../src/market/parse/twstock-csv.ts';
import type { Security, StockResolution } from '../../src/market/types.ts';
import { marketDataFile } from './data-dir.ts';

const securities = ['twstock-twse_equities.csv', 'twstock-tpex_equities.csv'].flatMap((name) =>
  parseTwstockCsv(readFileSync(marketDataFile(name), 'utf8')),
);
const index = createSecurityIndex(securities);
const resolve = (query: string): StockResolution => resolveStock(query, index);

function found(query: string): { security: Security; match: string } {
  const resolution = resolve(query);
  assert.equal(resolution.kind, 'found', `${JSON.stringify(query)} gave ${resolution.kind}`);
  return resolution as { security: Security; match: string };
}

function candidateCodes(query: string): string[] {
  const resolution = resolve(query);
  assert.equal(resolution.kind, 'ambiguous', `${JSON.stringify(query)} gave ${resolution.kind}`);
  return (resolution as { candidates: Security[] }).candidates.map((security) => security.code);
}

describe('resolveStock by code', () => {
  it('finds a listed code', () => {
    const { security, match } = found('2330');
    assert.equal(security.name, '台積電');
    assert.equal(match, 'code');
  });

  it('ignores spaces', () => {
    assert.equal(found('  2330 ').security.code, '2330');
    assert.equal(found('23 30').security.code, '2330');
    assert.equal(found('\u30002330\u3000').security.code, '2330');
  });

  it('reads full-width digits', () => {
    assert.equal(found('２３３０').security.code, '2330');
    assert.equal(found('００６３２Ｒ').security.code, '00632R');
  });

  it('strips Yahoo suffixes', () => {
    assert.equal(found('2330.TW').security.code, '2330');
    assert.equal(found('2330.tw').security.code, '2330');
    assert.equal(found('6488.TWO').security.code, '6488');
    assert.equal(found('6488.two').security.code, '6488');
    assert.equal(found('２３３０．ＴＷ').security.code, '2330');
  });

  it('finds ETF codes', () => {
    assert.equal(found('00878').security.name, '國泰永續高股息');
    assert.equal(found('006208').security.name, '富邦台50');
    assert.equal(found('00632R').security.name, '元大台灣50反1');
    assert.equal(found('00632r').security.name, '元大台灣50反1');
  });

  it('finds OTC codes', () => {
    const { security } = found('6488');
    assert.equal(security.name, '環球晶');
    assert.equal(security.market, 'TPEx');
  });

  it('finds an exact warrant code', () => {
    const { security, match } = found('700001');
    assert.equal(security.type, 'warrant');
    assert.equal(security.name, '欣銓元大53購04');
    assert.equal(match, 'code');
  });
});

describe('resolveStock by name', () => {
  it('finds exact names', () => {
    assert.deepEqual(
      { code: found('台積電').security.code, match: found('台積電').match },
      { code: '2330', match: 'name' },
    );
    assert.equal(found('鴻海').security.code, '2317');
    assert.equal(found('環球晶').security.code, '6488');
  });

  it('prefers exact over partial', () => {
    // 聯發 (1459) is also part of 聯發科 and 聯發國際.
    const { security, match } = found('聯發');
    assert.equal(security.code, '1459');
    assert.equal(match, 'name');
  });

  it('treats 臺 as 台', () => {
    assert.equal(found('臺積電').security.code, '2330');
  });

  it('ignores inner spaces and width', () => {
    assert.equal(found('台 積 電').security.code, '2330');
    assert.equal(found('元大台灣５０').security.code, '0050');
  });

  it('finds a single partial', () => {
    const { security, match } = found('台積');
    assert.equal(security.code, '2330');
    assert.equal(match, 'partial');
  });

  it('excludes warrant names', () => {
    assert.deepEqual(resolve('欣銓元大53購04'), { kind: 'notFound', query: '欣銓元大53購04' });
    assert.equal(resolve('欣銓元大').kind, 'notFound');
  });
});

describe('resolveStock ambiguity', () => {
  it('orders by type then length', () => {
    // 樂事綠能 and 隆銘綠能 are stocks, 中信綠能及電動車 an ETF, 元大綠能N an ETN.
    assert.deepEqual(candidateCodes('綠能'), ['1529', '3018', '00896', '020032']);
  });

  it('puts preferred shares last', () => {
    assert.deepEqual(candidateCodes('邦金'), ['2881', '00785B', '2881B', '2881C']);
  });

  it('breaks length ties by code', () => {
    // 00850 is written 元大臺灣ESG永續 and matches through 臺 = 台.
    assert.deepEqual(candidateCodes('元大台灣'), ['0050', '00631L', '00632R', '00713', '00940', '00850']);
  });

  it('caps the candidates', () => {
    const codes = candidateCodes('國泰');
    assert.equal(codes.length, MAX_CANDIDATES);
    assert.equal(codes[0], '2882');
  });

  it('keeps warrants out', () => {
    const resolution = resolve('台積電元大');
    assert.equal(resolution.kind, 'notFound');
  });
});

describe('resolveStock rejects', () => {
  it('empty queries', () => {
    assert.deepEqual(resolve(''), { kind: 'notFound', query: '' });
    assert.deepEqual(resolve('   '), { kind: 'notFound', query: '' });
  });

  it('over-long queries', () => {
    const query = '台積電'.repeat(14);
    assert.equal(query.length, 42);
    assert.equal(resolve(query).kind, 'notFound');
  });

  it('nonsense', () => {
    for (const query of ['hello', '今天天氣如何', '!!!', '9999', '台', '2330.TWX']) {
      assert.equal(resolve(query).kind, 'notFound', query);
    }
  });
});

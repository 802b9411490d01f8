import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { localDateOfTimestamp, parseCompactDate, parseRocDate, taipeiTime } from '../../src/market/parse/dates.ts';
import {
  countDecimals,
  countSignificantDecimals,
  parseDecimal,
  parseHtmlSignedChange,
  parseSignedChange,
} from '../../src/market/parse/values.ts';
import { MarketDataError } from '../../src/market/types.ts';

const isMalformed = (error: unknown): boolean => error instanceof MarketDataError && error.code === 'malformed';

describe('parseRocDate', () => {
  it('converts slash form', () => {
    assert.equal(parseRocDate('104/05/04'), '2015-05-04');
    assert.equal(parseRocDate('112/01/30'), '2023-01-30');
    assert.equal(parseRocDate('99/12/31'), '2010-12-31');
  });

  it('converts compact form', () => {
    assert.equal(parseRocDate('1150708'), '2026-07-08');
    assert.equal(parseRocDate('991231'), '2010-12-31');
  });

  it('rejects impossible dates', () => {
    assert.throws(() => parseRocDate('104/02/30'), isMalformed);
    assert.throws(() => parseRocDate('2015-05-04'), isMalformed);
    assert.throws(() => parseRocDate(''), isMalformed);
  });
});

describe('other date helpers', () => {
  it('parses YYYYMMDD', () => {
    assert.equal(parseCompactDate('20231229'), '2023-12-29');
    assert.throws(() => parseCompactDate('20231332'), isMalformed);
  });

  it('reads times in Asia/Taipei', () => {
    assert.equal(taipeiTime('2023-12-29', '13:30:00'), Date.parse('2023-12-29T13:30:00+08:00'));
    assert.equal(taipeiTime('2026-07-08', '13:30'), Date.parse('2026-07-08T13:30:00+08:00'));
  });

  it('shifts timestamps by a UTC offset', () => {
    // 2025-04-30 09:30 in New York (UTC-4) is 13:30 UTC.
    assert.equal(localDateOfTimestamp(Date.parse('2025-04-30T13:30:00Z') / 1000, -14400), '2025-04-30');
    // 2023-12-29 00:30 in Taipei is still 2023-12-28 in UTC.
    assert.equal(localDateOfTimestamp(Date.parse('2023-12-28T16:30:00Z') / 1000, 28800), '2023-12-29');
  });
});

describe('parseDecimal', () => {
  it('strips thousands separators', () => {
    assert.equal(parseDecimal('30,868,640', 'volume'), 30868640);
    assert.equal(parseDecimal('4,548,281,580', 'value'), 4548281580);
  });

  it('reads signs and padding', () => {
    assert.equal(parseDecimal('+0.50', 'change'), 0.5);
    assert.equal(parseDecimal('-1.00', 'change'), -1);
    assert.equal(parseDecimal(' 0.00', 'change'), 0);
    assert.equal(parseDecimal('593.0000', 'z'), 593);
  });

  it('maps placeholders to null', () => {
    for (const placeholder of ['--', '---', ' ---', '-', '', 'null']) {
      assert.equal(parseDecimal(placeholder, 'price'), null, JSON.stringify(placeholder));
    }
  });

  it('rejects non-numbers', () => {
    assert.throws(() => parseDecimal('abc', 'price'), isMalformed);
    assert.throws(() => parseDecimal('1.2.3', 'price'), isMalformed);
    assert.throws(() => parseDecimal('<p>', 'price'), isMalformed);
  });
});

describe('decimal places', () => {
  it('counts written places', () => {
    assert.equal(countDecimals('146.50'), 2);
    assert.equal(countDecimals('2465.00'), 2);
    assert.equal(countDecimals('18323'), 0);
  });

  it('drops MIS padding but keeps two', () => {
    assert.equal(countSignificantDecimals('593.0000', 2), 2);
    assert.equal(countSignificantDecimals('17.0500', 2), 2);
    assert.equal(countSignificantDecimals('1.2345', 2), 4);
  });
});

describe('change cells', () => {
  it('parses signed changes', () => {
    assert.equal(parseSignedChange('+0.50', 'change'), 0.5);
    assert.equal(parseSignedChange('-2.50 ', 'change'), -2.5);
    assert.equal(parseSignedChange(' 0.00', 'change'), 0);
    assert.equal(parseSignedChange('0.40', 'change'), 0.4);
  });

  it('returns null without comparison', () => {
    assert.equal(parseSignedChange('X0.00', 'change'), null);
    assert.equal(parseSignedChange('除息 ', 'change'), null);
    assert.equal(parseSignedChange('除權息', 'change'), null);
    assert.equal(parseSignedChange('--- ', 'change'), null);
  });

  it('reads HTML sign cells', () => {
    assert.equal(parseHtmlSignedChange('<p style= color:red>+</p>', '40.00', 'change'), 40);
    assert.equal(parseHtmlSignedChange('<p style= color:green>-</p>', '0.18', 'change'), -0.18);
    assert.equal(parseHtmlSignedChange('<p> </p>', '0.00', 'change'), 0);
    assert.equal(parseHtmlSignedChange('<p>X</p>', '0.00', 'change'), null);
  });

  it('rejects unknown HTML signs', () => {
    assert.throws(() => parseHtmlSignedChange('<p>?</p>', '1.00', 'change'), isMalformed);
  });
});

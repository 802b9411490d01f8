import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkAlertValue, deleteAlertLabel, isTriggered, parseNumber, tickSize } from '../../machines/alert-rules.ts';

const TSMC = { price: 593, etf: false };

describe('alert value checks', () => {
  const rejected: [string, RegExp][] = [
    ['abc', /不是數字/],
    ['-5', /^請輸入大於 0 的價格/],
    ['－5', /^請輸入大於 0 的價格/],
    ['-600.5', /^請輸入大於 0 的價格/],
    ['0', /^請輸入大於 0 的價格/],
    ['0.00', /^請輸入大於 0 的價格/],
    ['5-', /不是數字/],
    ['1e9', /不是數字/],
    ['1000000000', /差距太大/],
    ['600.5', /不在這個價位的跳動單位上（每檔 1 元）/],
    ['590', /已經在 590 以上了/],
  ];
  for (const [input, reason] of rejected) {
    it(`rejects ${input} for 漲破`, () => {
      const check = checkAlertValue('above', input, TSMC);
      assert.equal(check.ok, false);
      assert.match(check.ok ? '' : check.reason, reason);
    });
  }

  it('asks for a price or a percent by condition', () => {
    const price = checkAlertValue('above', 'abc', TSMC);
    assert.equal(price.ok ? '' : price.reason, '「abc」不是數字，請直接輸入價格數字（元）。');
    const percent = checkAlertValue('riseBy', 'abc', TSMC);
    assert.equal(percent.ok ? '' : percent.reason, '「abc」不是數字，請輸入百分比數字，例如 3。');
  });

  it('accepts full-width digits', () => {
    assert.deepEqual(checkAlertValue('above', '６００', TSMC), { ok: true, value: 600 });
    assert.deepEqual(checkAlertValue('below', '５００', TSMC), { ok: true, value: 500 });
  });

  it('rejects a percent of 0 or less', () => {
    for (const input of ['-3', '-3%', '0', '0%']) {
      const check = checkAlertValue('fallBy', input, null);
      assert.equal(check.ok, false, input);
      assert.match(check.ok ? '' : check.reason, /^請輸入大於 0 的百分比/, input);
    }
  });

  it('accepts a percent up to the daily limit', () => {
    assert.deepEqual(checkAlertValue('riseBy', '３%', null), { ok: true, value: 3 });
    assert.equal(checkAlertValue('fallBy', '11', null).ok, false);
  });

  it('needs a current price for price targets', () => {
    assert.equal(checkAlertValue('above', '600', null).ok, false);
  });

  it('tick sizes follow the exchange grid', () => {
    assert.equal(tickSize(9.99, false), 0.01);
    assert.equal(tickSize(45, false), 0.05);
    assert.equal(tickSize(99.9, false), 0.1);
    assert.equal(tickSize(499.5, false), 0.5);
    assert.equal(tickSize(999, false), 1);
    assert.equal(tickSize(1000, false), 5);
    assert.equal(tickSize(49, true), 0.01);
    assert.equal(tickSize(106.05, true), 0.05);
  });

  it('parses commas and a trailing unit', () => {
    assert.equal(parseNumber('1,000元'), 1000);
    assert.equal(parseNumber(' 3.5% '), 3.5);
    assert.equal(parseNumber('3..5'), null);
    assert.equal(parseNumber('-5'), -5);
    assert.equal(parseNumber('－５元'), -5);
    assert.equal(parseNumber('+600'), 600);
    assert.equal(parseNumber('--5'), null);
  });
});

describe('alert conditions', () => {
  it('漲破 and 跌破 compare the price', () => {
    assert.equal(isTriggered('above', 600, 600, 590), true);
    assert.equal(isTriggered('above', 600, 599, 590), false);
    assert.equal(isTriggered('below', 580, 580, 590), true);
  });

  it('漲幅 and 跌幅 compare against the previous close', () => {
    assert.equal(isTriggered('riseBy', 5, 105, 100), true);
    assert.equal(isTriggered('riseBy', 5, 104.9, 100), false);
    assert.equal(isTriggered('fallBy', 3, 97, 100), true);
    assert.equal(isTriggered('fallBy', 3, 97, null), false);
  });
});

describe('alert delete labels', () => {
  it('names the condition', () => {
    assert.equal(deleteAlertLabel(1, '台積電', 'above', 2600), '刪除 1. 台積電 漲破 2600');
    assert.equal(deleteAlertLabel(2, '台積電', 'riseBy', 5), '刪除 2. 台積電 漲幅達 5%');
  });

  it('shortens a long name to fit', () => {
    const label = deleteAlertLabel(12, '元大台灣高股息優質龍頭', 'below', 18.55);
    assert.ok([...label].length <= 20, label);
    assert.match(label, /^刪除 12\. 元大.* 跌破 18\.55$/);
  });
});

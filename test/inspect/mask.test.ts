import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskDeep, maskLineIds } from '../../src/inspect/mask.ts';

const USER = 'U1234567890abcdef1234567890abcdef';
const GROUP = 'Cfedcba0987654321fedcba0987654321';

describe('LINE id masking', () => {
  it('keeps four hex digits each end', () => {
    assert.equal(maskLineIds(USER), 'U1234…cdef');
    assert.equal(maskLineIds(GROUP), 'Cfedc…4321');
  });

  it('masks ids inside longer text', () => {
    assert.equal(maskLineIds(`chat ${USER}/quote`), 'chat U1234…cdef/quote');
  });

  it('leaves other strings alone', () => {
    assert.equal(maskLineIds('2330 台積電'), '2330 台積電');
    // 31 hex digits is not a LINE id.
    assert.equal(maskLineIds('U1234567890abcdef1234567890abcde'), 'U1234567890abcdef1234567890abcde');
  });

  it('masks nested values and keys', () => {
    const masked = maskDeep({ type: 'TEXT', text: `hi ${USER}`, list: [GROUP, 3, null], [USER]: { quiet: false } });

    assert.deepEqual(masked, { type: 'TEXT', text: 'hi U1234…cdef', list: ['Cfedc…4321', 3, null], 'U1234…cdef': { quiet: false } });
    assert.doesNotMatch(JSON.stringify(masked), /567890ab/);
  });
});

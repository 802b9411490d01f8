import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createLogger } from '../../../src/logger.ts';
import { createMarketCache, type MarketCache } from '../../../src/market/cache.ts';
import { MarketDataError, type MarketDataErrorCode } from '../../../src/market/types.ts';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';

const hasCode =
  (code: MarketDataErrorCode) =>
  (error: unknown): boolean =>
    error instanceof MarketDataError && error.code === code;

const START = Date.parse('2026-12-04T10:00:00+08:00');
const TTL_MS = 10_000;
const expiry = (_value: unknown, fetchedAt: Date): Date => new Date(fetchedAt.getTime() + TTL_MS);

let database: TestDatabase;
let clock = START;
let cache: MarketCache;

before(async () => {
  database = await createTestDatabase();
  cache = createMarketCache({ pool: database.pool, logger: createLogger('silent'), now: () => clock });
});

beforeEach(async () => {
  clock = START;
  await database.pool.query('DELETE FROM market_cache');
});

after(() => database.drop());

/** A loader that counts its calls and returns the values given, or throws an Error given. */
function loader<T>(...results: (T | Error)[]): { load: () => Promise<T>; calls: () => number } {
  let calls = 0;
  return {
    calls: () => calls,
    async load() {
      const result = results[Math.min(calls, results.length - 1)] as T | Error;
      calls += 1;
      if (result instanceof Error) {
        throw result;
      }

      return result;
    },
  };
}

describe('market cache getOrLoad', () => {
  it('stores a loaded value', async () => {
    const source = loader({ price: 593 });
    const result = await cache.getOrLoad('quote:2330', source.load, expiry);
    assert.deepEqual(result.value, { price: 593 });
    assert.equal(result.stale, false);

    const rows = await database.pool.query('SELECT value, fetched_at, expires_at FROM market_cache WHERE key = $1', ['quote:2330']);
    assert.deepEqual(rows.rows[0]?.value, { price: 593 });
    assert.equal((rows.rows[0]?.fetched_at as Date).getTime(), START);
    assert.equal((rows.rows[0]?.expires_at as Date).getTime(), START + TTL_MS);
  });

  it('serves a fresh hit', async () => {
    const source = loader({ price: 593 }, { price: 600 });
    await cache.getOrLoad('quote:2330', source.load, expiry);
    clock += TTL_MS - 1;
    const result = await cache.getOrLoad('quote:2330', source.load, expiry);
    assert.deepEqual(result.value, { price: 593 });
    assert.equal(result.stale, false);
    assert.equal(source.calls(), 1);
  });

  it('reloads after expiry', async () => {
    const source = loader({ price: 593 }, { price: 600 });
    await cache.getOrLoad('quote:2330', source.load, expiry);
    clock += TTL_MS;
    const result = await cache.getOrLoad('quote:2330', source.load, expiry);
    assert.deepEqual(result.value, { price: 600 });
    assert.equal(result.fetchedAt.getTime(), START + TTL_MS);
    assert.equal(source.calls(), 2);
  });

  it('falls back to stale data', async () => {
    const source = loader<{ price: number }>({ price: 593 }, new MarketDataError('unavailable', 'HTTP 503'));
    await cache.getOrLoad('quote:2330', source.load, expiry);
    clock += TTL_MS * 6;
    const result = await cache.getOrLoad('quote:2330', source.load, expiry);
    assert.deepEqual(result.value, { price: 593 });
    assert.equal(result.stale, true);
    assert.equal(result.fetchedAt.getTime(), START);
    assert.equal(source.calls(), 2);
  });

  it('falls back on malformed bodies', async () => {
    const source = loader<{ price: number }>({ price: 593 }, new MarketDataError('malformed', 'expected JSON but received HTML'));
    await cache.getOrLoad('quote:2330', source.load, expiry);
    clock += TTL_MS;
    assert.equal((await cache.getOrLoad('quote:2330', source.load, expiry)).stale, true);
  });

  it('throws unavailable when nothing cached', async () => {
    const failure = new MarketDataError('unavailable', 'HTTP 503');
    const source = loader<{ price: number }>(failure);
    await assert.rejects(cache.getOrLoad('quote:2330', source.load, expiry), (error: unknown) => {
      assert.ok(hasCode('unavailable')(error));
      assert.equal((error as Error).cause, failure);
      return true;
    });
  });

  it('passes notFound through', async () => {
    const source = loader<{ price: number }>({ price: 593 }, new MarketDataError('notFound', 'HTTP 404'));
    await cache.getOrLoad('quote:2330', source.load, expiry);
    clock += TTL_MS;
    await assert.rejects(cache.getOrLoad('quote:2330', source.load, expiry), hasCode('notFound'));
  });
});

describe('market cache getManyOrLoad', () => {
  it('loads only missing keys', async () => {
    await cache.getOrLoad('quote:2330', loader({ price: 593 }).load, expiry);
    const asked: string[][] = [];
    const result = await cache.getManyOrLoad(
      ['quote:2330', 'quote:6488'],
      async (keys) => {
        asked.push(keys);
        return new Map([['quote:6488', { price: 530 }]]);
      },
      expiry,
    );
    assert.deepEqual(asked, [['quote:6488']]);
    assert.deepEqual(result.values.get('quote:2330')?.value, { price: 593 });
    assert.deepEqual(result.values.get('quote:6488')?.value, { price: 530 });
    assert.equal(result.error, null);
  });

  it('reports failure with stale values', async () => {
    await cache.getOrLoad('quote:2330', loader({ price: 593 }).load, expiry);
    clock += TTL_MS;
    const failure = new MarketDataError('unavailable', 'timed out');
    const result = await cache.getManyOrLoad(
      ['quote:2330', 'quote:6488'],
      async () => {
        throw failure;
      },
      expiry,
    );
    assert.equal(result.values.get('quote:2330')?.stale, true);
    assert.equal(result.values.has('quote:6488'), false);
    assert.equal(result.error, failure);
  });
});

describe('market cache prune', () => {
  it('deletes long-expired rows', async () => {
    await cache.getOrLoad('old', loader(1).load, expiry);
    clock += 60_000;
    await cache.getOrLoad('new', loader(2).load, expiry);
    const deleted = await cache.prune(new Date(START + 30_000));
    assert.equal(deleted, 1);
    const keys = await database.pool.query<{ key: string }>('SELECT key FROM market_cache ORDER BY key');
    assert.deepEqual(keys.rows.map((row) => row.key), ['new']);
  });
});

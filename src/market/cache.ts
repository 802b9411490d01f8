/**
 * The market-data cache in Postgres (`market_cache`), shared by every web
 * and worker process. A fresh row is served without asking the source; an
 * expired row is refreshed, and served marked stale only when the source
 * fails. Values are stored as JSON, so they must be plain data.
 */
import type { Logger } from '../logger.ts';
import type { Pool } from '../db/pool.ts';
import { MarketDataError } from './types.ts';

export interface CachedValue<T> {
  value: T;
  /** True when the source failed and this value had already expired. */
  stale: boolean;
  fetchedAt: Date;
}

export interface BatchResult<T> {
  values: Map<string, CachedValue<T>>;
  /** The source's failure, or null when it returned data or was not called. */
  error: unknown;
}

/** Computes when a value fetched at `fetchedAt` stops being fresh. */
export type ExpiryPolicy<T> = (value: T, fetchedAt: Date) => Date;

export interface MarketCache {
  /**
   * Returns the fresh cached value of `key`, else loads, stores and returns
   * it. When loading fails with anything but 'notFound', an expired value
   * is returned with `stale: true`. With nothing cached the call throws
   * MarketDataError('unavailable') whose cause is the source's error.
   */
  getOrLoad<T>(key: string, load: () => Promise<T>, expiry: ExpiryPolicy<T>): Promise<CachedValue<T>>;
  /**
   * Like getOrLoad for many keys with one load of the keys that are not
   * fresh. A key that the load leaves out and that has no cached value is
   * missing from `values`, and `error` is set when the load failed.
   */
  getManyOrLoad<T>(keys: readonly string[], load: (keys: string[]) => Promise<Map<string, T>>, expiry: ExpiryPolicy<T>): Promise<BatchResult<T>>;
  /**
   * Returns when the fresh row of `key` was fetched, or null when it is
   * missing, expired or unreadable. It reads no value, so a caller can
   * check cheaply whether a large value it already keeps is still current.
   */
  freshFetchedAt(key: string): Promise<Date | null>;
  /** Deletes rows that expired before `expiredBefore`; returns how many. */
  prune(expiredBefore: Date): Promise<number>;
}

interface Row<T> {
  value: T;
  fetchedAt: Date;
  expiresAt: Date;
}

export interface MarketCacheOptions {
  pool: Pool;
  logger: Logger;
  /** Current time in epoch milliseconds; tests move it. */
  now?: () => number;
}

export function createMarketCache(options: MarketCacheOptions): MarketCache {
  const { pool, logger } = options;
  const now = options.now ?? Date.now;

  async function readRows<T>(keys: readonly string[]): Promise<Map<string, Row<T>>> {
    const rows = new Map<string, Row<T>>();
    try {
      const result = await pool.query<{ key: string; value: T; fetched_at: Date; expires_at: Date }>(
        'SELECT key, value, fetched_at, expires_at FROM market_cache WHERE key = ANY($1::text[])',
        [keys],
      );
      for (const row of result.rows) {
        rows.set(row.key, { value: row.value, fetchedAt: row.fetched_at, expiresAt: row.expires_at });
      }
    } catch (error) {
      // Without the cache the source is still worth asking.
      logger.warn({ err: error, keys: keys.slice(0, 5), count: keys.length }, 'market cache read failed');
    }

    return rows;
  }

  async function writeRows<T>(entries: readonly { key: string; value: T; fetchedAt: Date; expiresAt: Date }[]): Promise<void> {
    if (entries.length === 0) {
      return;
    }

    try {
      await pool.query(
        `INSERT INTO market_cache (key, value, fetched_at, expires_at)
         SELECT * FROM unnest($1::text[], $2::jsonb[], $3::timestamptz[], $4::timestamptz[])
         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, fetched_at = EXCLUDED.fetched_at, expires_at = EXCLUDED.expires_at`,
        [
          entries.map((entry) => entry.key),
          entries.map((entry) => JSON.stringify(entry.value)),
          entries.map((entry) => entry.fetchedAt),
          entries.map((entry) => entry.expiresAt),
        ],
      );
    } catch (error) {
      logger.warn({ err: error, count: entries.length }, 'market cache write failed');
    }
  }

  function isFresh(row: Row<unknown>): boolean {
    return row.expiresAt.getTime() > now();
  }

  return {
    async getOrLoad<T>(key: string, load: () => Promise<T>, expiry: ExpiryPolicy<T>): Promise<CachedValue<T>> {
      const row = (await readRows<T>([key])).get(key);
      if (row !== undefined && isFresh(row)) {
        return { value: row.value, stale: false, fetchedAt: row.fetchedAt };
      }

      let value: T;
      try {
        value = await load();
      } catch (error) {
        return fallBack(key, row, error);
      }

      const fetchedAt = new Date(now());
      await writeRows([{ key, value, fetchedAt, expiresAt: expiry(value, fetchedAt) }]);
      return { value, stale: false, fetchedAt };
    },

    async getManyOrLoad<T>(
      keys: readonly string[],
      load: (keys: string[]) => Promise<Map<string, T>>,
      expiry: ExpiryPolicy<T>,
    ): Promise<BatchResult<T>> {
      const rows = await readRows<T>(keys);
      const values = new Map<string, CachedValue<T>>();
      const toLoad: string[] = [];
      for (const key of new Set(keys)) {
        const row = rows.get(key);
        if (row !== undefined && isFresh(row)) {
          values.set(key, { value: row.value, stale: false, fetchedAt: row.fetchedAt });
        } else {
          toLoad.push(key);
        }
      }

      if (toLoad.length === 0) {
        return { values, error: null };
      }

      let loaded: Map<string, T>;
      try {
        loaded = await load(toLoad);
      } catch (error) {
        if (error instanceof MarketDataError && error.code === 'notFound') {
          throw error;
        }

        logger.warn({ err: error, keys: toLoad.slice(0, 5), count: toLoad.length }, 'market data source failed; serving stale cache where present');
        for (const key of toLoad) {
          const row = rows.get(key);
          if (row !== undefined) {
            values.set(key, { value: row.value, stale: true, fetchedAt: row.fetchedAt });
          }
        }

        return { values, error };
      }

      const fetchedAt = new Date(now());
      const entries = [...loaded].map(([key, value]) => ({ key, value, fetchedAt, expiresAt: expiry(value, fetchedAt) }));
      await writeRows(entries);
      for (const entry of entries) {
        values.set(entry.key, { value: entry.value, stale: false, fetchedAt });
      }

      return { values, error: null };
    },

    async freshFetchedAt(key: string): Promise<Date | null> {
      try {
        const result = await pool.query<{ fetched_at: Date }>('SELECT fetched_at FROM market_cache WHERE key = $1 AND expires_at > $2', [key, new Date(now())]);
        return result.rows[0]?.fetched_at ?? null;
      } catch (error) {
        logger.warn({ err: error, key }, 'market cache read failed');
        return null;
      }
    },

    async prune(expiredBefore: Date): Promise<number> {
      const result = await pool.query('DELETE FROM market_cache WHERE expires_at < $1', [expiredBefore]);
      return result.rowCount ?? 0;
    },
  };

  function fallBack<T>(key: string, row: Row<T> | undefined, error: unknown): CachedValue<T> {
    if (error instanceof MarketDataError && error.code === 'notFound') {
      throw error;
    }

    if (row === undefined) {
      throw new MarketDataError('unavailable', `market data for ${key} is unavailable and nothing is cached`, { cause: error });
    }

    logger.warn({ err: error, key, fetchedAt: row.fetchedAt }, 'market data source failed; serving stale cache');
    return { value: row.value, stale: true, fetchedAt: row.fetchedAt };
  }
}

/**
 * The securities directory as each web process holds it: an in-memory
 * index (a look-up runs on every text message) reloaded from the market
 * data provider, whose live form keeps the directory in the shared
 * Postgres cache. A failed load keeps the previous index.
 */
import type { StockLookup } from '../../machines/events.ts';
import type { Logger } from '../logger.ts';
import { createStockResolver } from './resolver.ts';
import type { MarketData } from './types.ts';

/** Reload often while empty (the source was down at start-up), hourly once loaded. */
const RETRY_EMPTY_MS = 60_000;
const RELOAD_MS = 60 * 60_000;

/** While empty, a look-up also starts a reload, at most this often, so recovery need not wait a minute. */
const KICK_EMPTY_MS = 2_000;

export interface DirectoryHolder {
  resolve(query: string): StockLookup;
  /** Loads the directory again; returns how many securities it holds. */
  reload(): Promise<number>;
  stop(): void;
}

export async function holdDirectory(market: MarketData, logger: Logger): Promise<DirectoryHolder> {
  let resolver = createStockResolver([]);
  let size = 0;
  let timer: NodeJS.Timeout | undefined;
  let lastKick = 0;
  let loading: Promise<number> | null = null;

  function reload(): Promise<number> {
    loading ??= load().finally(() => {
      loading = null;
    });
    return loading;
  }

  async function load(): Promise<number> {
    try {
      const securities = await market.listSecurities();
      resolver = createStockResolver(securities);
      size = securities.length;
      logger.info({ securities: size }, 'securities directory loaded');
    } catch (error) {
      logger.error({ err: error, kept: size }, 'securities directory could not be loaded; keeping the previous one');
    }
    return size;
  }

  function schedule(): void {
    timer = setTimeout(() => {
      void reload().finally(schedule);
    }, size === 0 ? RETRY_EMPTY_MS : RELOAD_MS);
    timer.unref();
  }

  await reload();
  schedule();

  return {
    resolve(query) {
      if (size === 0 && Date.now() - lastKick > KICK_EMPTY_MS) {
        lastKick = Date.now();
        void reload();
      }
      return resolver(query);
    },
    reload,
    stop: () => clearTimeout(timer),
  };
}

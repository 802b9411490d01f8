/** Chooses the market-data provider that the configuration asks for. */
import type { Config } from '../config.ts';
import type { Pool } from '../db/pool.ts';
import type { Logger } from '../logger.ts';
import { createLiveMarketData } from './live/index.ts';
import { createRecordedMarketData } from './recorded.ts';
import { MarketDataError, type MarketData } from './types.ts';

/**
 * Creates the provider that `config.marketData` selects. The live provider
 * needs `pool` for its shared cache, and without one every request fails as unavailable.
 */
export async function createMarketData(config: Config, logger: Logger, pool?: Pool): Promise<MarketData> {
  if (config.marketData === 'recorded' && config.marketDataDir) {
    logger.info({ dir: config.marketDataDir }, 'serving recorded market data');
    return createRecordedMarketData(config.marketDataDir);
  }

  if (pool !== undefined) {
    logger.info({ baseUrls: config.marketBaseUrls }, 'serving live market data');
    const http = config.marketHttpTimeoutMs === null ? undefined : { timeoutMs: config.marketHttpTimeoutMs };
    return createLiveMarketData({ pool, logger: logger.child({ component: 'market' }), baseUrls: config.marketBaseUrls, http });
  }

  logger.warn('live market data needs a database pool for its cache; every market-data request will fail');
  return unavailableMarketData();
}

function unavailableMarketData(): MarketData {
  const fail = async (): Promise<never> => {
    throw new MarketDataError('unavailable', 'live market data provider not configured');
  };
  return { getQuote: fail, getDailyBars: fail, listSecurities: fail };
}

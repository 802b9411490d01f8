/** Chooses the market-data provider that the configuration asks for. */
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { createRecordedMarketData } from './recorded.ts';
import { MarketDataError, type MarketData } from './types.ts';

export async function createMarketData(config: Config, logger: Logger): Promise<MarketData> {
  if (config.marketData === 'recorded' && config.marketDataDir) {
    logger.info({ dir: config.marketDataDir }, 'serving recorded market data');
    return createRecordedMarketData(config.marketDataDir);
  }

  // TODO: live TWSE/TPEx/Yahoo providers are not built yet, so every request reports the source as unavailable.
  logger.warn('live market data is not available yet; set MARKET_DATA_DIR to serve recorded data');
  return unavailableMarketData();
}

function unavailableMarketData(): MarketData {
  const fail = async (): Promise<never> => {
    throw new MarketDataError('unavailable', 'live market data provider not configured');
  };
  return { getQuote: fail, getDailyBars: fail, listSecurities: fail };
}

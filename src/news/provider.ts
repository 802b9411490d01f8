/** Chooses the news provider that goes with the market-data setting. */
import type { Config } from '../config.ts';
import type { Pool } from '../db/pool.ts';
import type { Logger } from '../logger.ts';
import { createMarketCache } from '../market/cache.ts';
import { createHttpClient } from '../market/live/http.ts';
import { createLiveNews } from './live.ts';
import { createRecordedNews } from './recorded.ts';
import type { NewsProvider } from './types.ts';

export function createNewsProvider(config: Config, logger: Logger, pool: Pool): NewsProvider {
  if (config.marketData === 'recorded' && config.marketDataDir) {
    return createRecordedNews(config.marketDataDir);
  }

  const log = logger.child({ component: 'news' });
  const http = createHttpClient({ logger: log });
  return createLiveNews({ getText: (url) => http.getText(url), cache: createMarketCache({ pool, logger: log }), logger: log });
}

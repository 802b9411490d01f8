import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const REPO_ROOT = resolve(import.meta.dirname, '..', '..');

/**
 * Returns the directory of recorded market data: `MARKET_DATA_DIR` when set,
 * else `shared/market-data` beside the repository (as CI lays out a fresh
 * clone), else `/work/shared/market-data`. Throws when none exists, so a
 * missing directory fails loudly instead of skipping tests.
 */
export function marketDataDir(): string {
  const fromEnvironment = process.env['MARKET_DATA_DIR'];
  if (fromEnvironment !== undefined && fromEnvironment !== '') {
    return fromEnvironment;
  }

  const candidates = [join(REPO_ROOT, '..', 'shared', 'market-data'), '/work/shared/market-data'];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (found === undefined) {
    throw new Error(`market data directory not found; set MARKET_DATA_DIR or create one of: ${candidates.join(', ')}`);
  }

  return found;
}

/** Returns the path of one recorded file. */
export function marketDataFile(name: string): string {
  return join(marketDataDir(), name);
}

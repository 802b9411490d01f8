import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../src/config.ts';

const LINE = { LINE_CHANNEL_SECRET: 's', LINE_CHANNEL_ACCESS_TOKEN: 't' };

function errorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error;
  }
  assert.fail('expected a ConfigError');
}

describe('loadConfig', () => {
  it('empty environment means local mode', () => {
    const config = loadConfig({});

    assert.equal(config.localMode, true);
    assert.equal(config.port, 3000);
    assert.equal(config.databaseUrl, null);
    assert.equal(config.lineApiBaseUrl, null);
    assert.equal(config.marketData, 'live');
  });

  it('local mode serves recorded data found beside the checkout', () => {
    const config = loadConfig({}, { localMarketDataDir: '/data/market' });

    assert.equal(config.marketData, 'recorded');
    assert.equal(config.marketDataDir, '/data/market');
  });

  it('credentials select LINE hosts by default', () => {
    const config = loadConfig(LINE);

    assert.equal(config.localMode, false);
    assert.equal(config.lineApiBaseUrl, 'https://api.line.me');
    assert.equal(config.lineDataApiBaseUrl, 'https://api-data.line.me');
  });

  it('one credential without the other is rejected', () => {
    assert.equal(errorOf({ LINE_CHANNEL_SECRET: 's' }).variable, 'LINE_CHANNEL_ACCESS_TOKEN');
  });

  it('local mode is refused in production', () => {
    const error = errorOf({ NODE_ENV: 'production' });

    assert.equal(error.variable, 'LINE_CHANNEL_SECRET');
    assert.match(error.message, /production/);
  });

  it('rejects a bad PORT', () => {
    assert.equal(errorOf({ PORT: 'eighty' }).variable, 'PORT');
    assert.equal(errorOf({ PORT: '70000' }).variable, 'PORT');
  });

  it('reads DATABASE_POOL_MAX', () => {
    assert.equal(loadConfig({}).databasePoolMax, null);
    assert.equal(loadConfig({ DATABASE_POOL_MAX: '6' }).databasePoolMax, 6);
  });

  it('rejects a bad DATABASE_POOL_MAX', () => {
    for (const value of ['0', '1', '101', 'many', '4.5']) {
      assert.equal(errorOf({ DATABASE_POOL_MAX: value }).variable, 'DATABASE_POOL_MAX', value);
    }
  });

  it('rejects a DATABASE_URL that is not postgres', () => {
    assert.match(errorOf({ DATABASE_URL: 'mysql://x' }).message, /DATABASE_URL is "mysql:\/\/x"; expected/);
  });

  it('rejects an unknown MARKET_DATA', () => {
    assert.equal(errorOf({ MARKET_DATA: 'fake' }).variable, 'MARKET_DATA');
  });

  it('recorded data needs a directory', () => {
    assert.equal(errorOf({ MARKET_DATA: 'recorded' }).variable, 'MARKET_DATA_DIR');
  });

  it('rejects an unknown LOG_LEVEL', () => {
    assert.equal(errorOf({ LOG_LEVEL: 'loud' }).variable, 'LOG_LEVEL');
  });

  it('reads the ISIN host without a trailing slash', () => {
    assert.equal(loadConfig({}).marketBaseUrls.twseIsin, 'https://isin.twse.com.tw');
    assert.equal(loadConfig({ TWSE_ISIN_BASE_URL: 'http://127.0.0.1:8080/' }).marketBaseUrls.twseIsin, 'http://127.0.0.1:8080');
    assert.equal(errorOf({ TWSE_ISIN_BASE_URL: 'isin.example' }).variable, 'TWSE_ISIN_BASE_URL');
  });

  it('rejects a LINE_API_BASE_URL without a scheme', () => {
    assert.equal(errorOf({ ...LINE, LINE_API_BASE_URL: 'api.example' }).variable, 'LINE_API_BASE_URL');
  });

  it('turns SSL on for Heroku dynos and sslmode=require', () => {
    assert.equal(loadConfig({ ...LINE, DATABASE_URL: 'postgres://u@h/d', DYNO: 'web.1' }).databaseSsl, true);
    assert.equal(loadConfig({ ...LINE, DATABASE_URL: 'postgres://u@h/d?sslmode=require' }).databaseSsl, true);
    assert.equal(loadConfig({ ...LINE, DATABASE_URL: 'postgres://u@h/d' }).databaseSsl, false);
    assert.equal(loadConfig({ ...LINE, DATABASE_URL: 'postgres://u@h/d?sslmode=disable', DYNO: 'web.1' }).databaseSsl, false);
  });

  it('error message names the variable and never echoes a long value whole', () => {
    const error = errorOf({ PORT: 'x'.repeat(100) });

    assert.ok(error.message.length < 160);
    assert.match(error.message, /^PORT is /);
  });
});

/**
 * Configuration from the environment, validated once at start-up. An
 * invalid value stops the process with one line naming the variable and
 * what it expects (see `ConfigError`).
 */
import { LOCAL_CHANNEL_SECRET } from './line/local-secret.ts';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  port: number;
  /** Unset means: start an embedded Postgres (local development). */
  databaseUrl: string | null;
  /** Whether to connect to `databaseUrl` over TLS. */
  databaseSsl: boolean;
  /** Connections of this process's own pool (DATABASE_POOL_MAX); null keeps the default per role. */
  databasePoolMax: number | null;
  /** True when no LINE credentials are set: fake Messaging API in-process. */
  localMode: boolean;
  lineChannelSecret: string;
  lineChannelAccessToken: string;
  /** Null in local mode unless set: the in-process fake API gets its own loopback port. */
  lineApiBaseUrl: string | null;
  lineDataApiBaseUrl: string | null;
  /** Public origin for links and images, without a trailing slash; null means this server's own address. */
  baseUrl: string | null;
  marketData: 'live' | 'recorded';
  marketDataDir: string | null;
  /** Origins of the live market-data sources, without a trailing slash; tests point them at a replay server. */
  marketBaseUrls: MarketBaseUrls;
  /** An external feedback form linked from the thank-you message. */
  feedbackFormUrl: string | null;
  /** Per-request timeout of live market-data sources (MARKET_HTTP_TIMEOUT_MS); null keeps the default. */
  marketHttpTimeoutMs: number | null;
  /** Pushes the bot may send per month (PUSH_MONTHLY_LIMIT); null means no cap of its own. */
  pushMonthlyLimit: number | null;
  /** Caps LSTM training epochs (FORECAST_LSTM_EPOCHS); null keeps the model's default. */
  forecastLstmEpochs: number | null;
  logLevel: LogLevel;
  production: boolean;
}

export interface MarketBaseUrls {
  twse: string;
  twseOpenApi: string;
  twseMis: string;
  /** The ISIN listing pages (isin.twse.com.tw) that the securities directory comes from. */
  twseIsin: string;
  tpex: string;
  yahoo: string;
}

/**
 * The real hosts, used unless TWSE_BASE_URL, TWSE_OPENAPI_BASE_URL,
 * TWSE_MIS_BASE_URL, TWSE_ISIN_BASE_URL, TPEX_BASE_URL or YAHOO_BASE_URL is set.
 */
export const DEFAULT_MARKET_BASE_URLS: MarketBaseUrls = {
  twse: 'https://www.twse.com.tw',
  twseOpenApi: 'https://openapi.twse.com.tw/v1',
  twseMis: 'https://mis.twse.com.tw',
  twseIsin: 'https://isin.twse.com.tw',
  tpex: 'https://www.tpex.org.tw',
  yahoo: 'https://query1.finance.yahoo.com',
};

export class ConfigError extends Error {
  readonly variable: string;

  constructor(variable: string, expected: string, actual: string | undefined) {
    const shown = actual === undefined ? 'unset' : JSON.stringify(actual.length > 60 ? `${actual.slice(0, 60)}…` : actual);
    super(`${variable} is ${shown}; expected ${expected}`);
    this.name = 'ConfigError';
    this.variable = variable;
  }
}

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * Local mode's fake Messaging API inbox is mounted under this path of the
 * bot's own server, for the terminal chat and the simulator.
 */
export const FAKE_LINE_PATH = '/fake-line';

/** The local-mode token the in-process fake API expects. */
export const LOCAL_ACCESS_TOKEN = 'gulema-local-access-token';

export interface LoadOptions {
  /**
   * Recorded data to serve in local mode when neither MARKET_DATA nor
   * MARKET_DATA_DIR is set, so a fresh checkout answers with real numbers.
   */
  localMarketDataDir?: string | null;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: LoadOptions = {}): Config {
  const port = parsePort(env.PORT);
  const production = env.NODE_ENV === 'production';

  const secret = nonEmpty(env.LINE_CHANNEL_SECRET);
  const token = nonEmpty(env.LINE_CHANNEL_ACCESS_TOKEN);
  if ((secret === null) !== (token === null)) {
    const missing = secret === null ? 'LINE_CHANNEL_SECRET' : 'LINE_CHANNEL_ACCESS_TOKEN';
    throw new ConfigError(missing, 'to be set together with the other LINE credential', undefined);
  }

  const localMode = secret === null;
  if (localMode && production) {
    throw new ConfigError('LINE_CHANNEL_SECRET', 'a channel secret: local mode is refused when NODE_ENV=production', undefined);
  }

  const defaultApi = localMode ? null : 'https://api.line.me';
  const defaultDataApi = localMode ? null : 'https://api-data.line.me';

  const databaseUrl = nonEmpty(env.DATABASE_URL);
  if (databaseUrl !== null) {
    parseUrl('DATABASE_URL', databaseUrl, ['postgres:', 'postgresql:']);
  }

  const localDefaultDir = localMode && !nonEmpty(env.MARKET_DATA) ? (options.localMarketDataDir ?? null) : null;
  const marketDataDir = nonEmpty(env.MARKET_DATA_DIR) ?? localDefaultDir;
  const marketData = nonEmpty(env.MARKET_DATA) ?? (marketDataDir ? 'recorded' : 'live');
  if (marketData !== 'live' && marketData !== 'recorded') {
    throw new ConfigError('MARKET_DATA', '"live" or "recorded"', env.MARKET_DATA);
  }
  if (marketData === 'recorded' && marketDataDir === null) {
    throw new ConfigError('MARKET_DATA_DIR', 'a directory of recorded market data when MARKET_DATA=recorded', undefined);
  }

  const logLevel = (nonEmpty(env.LOG_LEVEL) ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', LOG_LEVELS.join(' | '), env.LOG_LEVEL);
  }

  const baseUrl = stripSlashOrNull(checkedUrl('BASE_URL', env.BASE_URL));

  return {
    port,
    databaseUrl,
    databaseSsl: wantsSsl(env, databaseUrl),
    databasePoolMax: parsePoolMax(env.DATABASE_POOL_MAX),
    localMode,
    lineChannelSecret: secret ?? LOCAL_CHANNEL_SECRET,
    lineChannelAccessToken: token ?? LOCAL_ACCESS_TOKEN,
    lineApiBaseUrl: stripSlashOrNull(checkedUrl('LINE_API_BASE_URL', env.LINE_API_BASE_URL) ?? defaultApi),
    lineDataApiBaseUrl: stripSlashOrNull(checkedUrl('LINE_DATA_API_BASE_URL', env.LINE_DATA_API_BASE_URL) ?? defaultDataApi),
    baseUrl,
    marketData,
    marketDataDir,
    feedbackFormUrl: checkedUrl('FEEDBACK_FORM_URL', env.FEEDBACK_FORM_URL),
    forecastLstmEpochs: parseEpochs(env.FORECAST_LSTM_EPOCHS),
    pushMonthlyLimit: parsePushLimit(env.PUSH_MONTHLY_LIMIT),
    marketHttpTimeoutMs: parseTimeout(env.MARKET_HTTP_TIMEOUT_MS),
    marketBaseUrls: {
      twse: stripSlash(checkedUrl('TWSE_BASE_URL', env.TWSE_BASE_URL) ?? DEFAULT_MARKET_BASE_URLS.twse),
      twseOpenApi: stripSlash(checkedUrl('TWSE_OPENAPI_BASE_URL', env.TWSE_OPENAPI_BASE_URL) ?? DEFAULT_MARKET_BASE_URLS.twseOpenApi),
      twseMis: stripSlash(checkedUrl('TWSE_MIS_BASE_URL', env.TWSE_MIS_BASE_URL) ?? DEFAULT_MARKET_BASE_URLS.twseMis),
      twseIsin: stripSlash(checkedUrl('TWSE_ISIN_BASE_URL', env.TWSE_ISIN_BASE_URL) ?? DEFAULT_MARKET_BASE_URLS.twseIsin),
      tpex: stripSlash(checkedUrl('TPEX_BASE_URL', env.TPEX_BASE_URL) ?? DEFAULT_MARKET_BASE_URLS.tpex),
      yahoo: stripSlash(checkedUrl('YAHOO_BASE_URL', env.YAHOO_BASE_URL) ?? DEFAULT_MARKET_BASE_URLS.yahoo),
    },
    logLevel,
    production,
  };
}

function parseEpochs(value: string | undefined): number | null {
  return parseIntegerInRange('FORECAST_LSTM_EPOCHS', value, 1, 500, 'an integer from 1 to 500');
}

function parsePoolMax(value: string | undefined): number | null {
  return parseIntegerInRange('DATABASE_POOL_MAX', value, 2, 100, 'an integer from 2 to 100 connections per process');
}

function parsePushLimit(value: string | undefined): number | null {
  return parseIntegerInRange('PUSH_MONTHLY_LIMIT', value, 0, 10_000_000, 'a whole number of pushes per month, such as 200 for the free plan');
}

function parseTimeout(value: string | undefined): number | null {
  return parseIntegerInRange('MARKET_HTTP_TIMEOUT_MS', value, 100, 60_000, 'an integer number of milliseconds from 100 to 60000');
}

/** Parses an optional whole number from `min` to `max`; null when unset or empty. */
function parseIntegerInRange(variable: string, value: string | undefined, min: number, max: number, expected: string): number | null {
  const text = nonEmpty(value);
  if (text === null) {
    return null;
  }
  const number = Number(text);
  if (!/^\d+$/.test(text) || number < min || number > max) {
    throw new ConfigError(variable, expected, value);
  }
  return number;
}

function parsePort(value: string | undefined): number {
  if (value === undefined || value === '') {
    return 3000;
  }
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) {
    throw new ConfigError('PORT', 'an integer from 0 (any free port) to 65535', value);
  }
  return port;
}

/**
 * Heroku Postgres needs TLS with a certificate the client cannot verify, so
 * `sslmode=require` or `PGSSLMODE=require` (Heroku sets neither by default,
 * but DYNO is set on every dyno) turn it on.
 */
function wantsSsl(env: NodeJS.ProcessEnv, databaseUrl: string | null): boolean {
  if (databaseUrl === null) {
    return false;
  }
  const mode = new URL(databaseUrl).searchParams.get('sslmode') ?? env.PGSSLMODE;
  if (mode !== undefined && mode !== null) {
    return mode !== 'disable' && mode !== 'allow' && mode !== 'prefer';
  }
  return env.DYNO !== undefined;
}

function checkedUrl(variable: string, value: string | undefined): string | null {
  const url = nonEmpty(value);
  if (url !== null) {
    parseUrl(variable, url, ['https:', 'http:']);
  }
  return url;
}

function parseUrl(variable: string, value: string, protocols: string[]): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(variable, `a URL starting with ${protocols.join(' or ')}//`, value);
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(variable, `a URL starting with ${protocols.join(' or ')}//`, value);
  }
  return url;
}

function nonEmpty(value: string | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

function stripSlashOrNull(url: string | null): string | null {
  return url === null ? null : stripSlash(url);
}

function stripSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

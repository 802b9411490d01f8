/**
 * The one HTTP client of the live market-data providers: a timeout per
 * attempt, retries with jittered exponential backoff, a per-host
 * concurrency limit and a descriptive User-Agent. Bodies come back as text
 * so the shared parsers decide what is malformed (HTML error pages, empty
 * bodies, truncated JSON).
 */
import { readFileSync } from 'node:fs';
import type { Logger } from '../../logger.ts';
import { MarketDataError } from '../types.ts';
import { HostLimiter } from './host-limit.ts';

export interface HttpClient {
  /** GETs `url` and returns the body as text; throws MarketDataError('unavailable' | 'notFound'). */
  getText(url: string): Promise<string>;
  /** GETs `url` and returns the raw body, for pages in encodings other than UTF-8; throws as getText does. */
  getBytes(url: string, options?: RequestOptions): Promise<Uint8Array>;
}

export interface RequestOptions {
  /** Per attempt, replacing the client's timeoutMs, for large pages. */
  timeoutMs?: number;
}

export interface HttpClientOptions {
  logger: Logger;
  /** Per attempt, including reading the body. */
  timeoutMs?: number;
  /** Attempts in total, the first one included. */
  maxAttempts?: number;
  /** Backoff before the second attempt; it doubles for each later one. */
  baseDelayMs?: number;
  /** Maximum wait between attempts, also the cap on a server's Retry-After. */
  maxDelayMs?: number;
  /** Requests in flight per host. */
  perHostLimit?: number;
  userAgent?: string;
}

const DEFAULTS = {
  timeoutMs: 5000,
  maxAttempts: 3,
  baseDelayMs: 300,
  maxDelayMs: 5000,
  perHostLimit: 2,
} as const;

/** `gulema/<version> (LINE stock bot)`, from package.json, so the exchanges can tell who is calling. */
export const USER_AGENT = buildUserAgent();

/** Thrown inside one attempt when the response or failure is worth another try. */
class RetryableError extends Error {
  readonly retryAfterMs: number | null;

  constructor(message: string, retryAfterMs: number | null, options?: { cause?: unknown }) {
    super(message, options);
    this.retryAfterMs = retryAfterMs;
  }
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const settings = { ...DEFAULTS, ...withoutUndefined(options) };
  const limiter = new HostLimiter(settings.perHostLimit);
  const userAgent = options.userAgent ?? USER_AGENT;
  const logger = options.logger;

  async function attempt<T>(url: URL, read: (response: Response) => Promise<T>, timeoutMs: number): Promise<T> {
    const release = await limiter.acquire(url.host);
    try {
      const response = await fetch(url, {
        headers: { 'user-agent': userAgent, accept: 'application/json, text/plain, */*' },
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'follow',
      });
      const body = await read(response);

      if (response.ok) {
        return body;
      }

      const status = `HTTP ${response.status} from ${url.host}${url.pathname}`;
      if (response.status === 429 || response.status >= 500) {
        throw new RetryableError(status, parseRetryAfter(response.headers.get('retry-after')));
      }

      // Yahoo returns 404 for an unknown symbol, while the exchanges return 200 with an error stat.
      throw new MarketDataError(response.status === 404 ? 'notFound' : 'unavailable', status);
    } catch (error) {
      if (error instanceof RetryableError || error instanceof MarketDataError) {
        throw error;
      }

      // fetch rejects with TypeError on network failures and TimeoutError when the signal fires.
      const name = error instanceof Error ? error.name : 'Error';
      const reason = name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : `failed: ${String(error)}`;
      throw new RetryableError(`GET ${url.host}${url.pathname} ${reason}`, null, { cause: error });
    } finally {
      release();
    }
  }

  async function get<T>(text: string, read: (response: Response) => Promise<T>, timeoutMs: number): Promise<T> {
    const url = new URL(text);
    let lastError: RetryableError | undefined;

    for (let number = 1; number <= settings.maxAttempts; number += 1) {
      try {
        return await attempt(url, read, timeoutMs);
      } catch (error) {
        if (!(error instanceof RetryableError)) {
          throw error;
        }

        lastError = error;
      }

      if (number < settings.maxAttempts) {
        const delayMs = retryDelay(number, lastError.retryAfterMs, settings);
        logger.warn({ host: url.host, path: url.pathname, attempt: number, delayMs, err: lastError.message }, 'market data request failed; retrying');
        await sleep(delayMs);
      }
    }

    const message = `${lastError?.message ?? 'request failed'} (gave up after ${settings.maxAttempts} attempts)`;
    logger.warn({ host: url.host, path: url.pathname, attempts: settings.maxAttempts, err: lastError?.message }, 'market data source unavailable');
    throw new MarketDataError('unavailable', message, { cause: lastError });
  }

  return {
    getText: (url) => get(url, (response) => response.text(), settings.timeoutMs),
    getBytes: (url, options) => get(url, async (response) => new Uint8Array(await response.arrayBuffer()), options?.timeoutMs ?? settings.timeoutMs),
  };
}

/**
 * Waits the server's Retry-After when it sent one, else 2^(n−1) × base
 * with "equal jitter" (half fixed, half random) so that processes which
 * failed together do not retry in lockstep. Both are capped at maxDelayMs.
 */
function retryDelay(attemptNumber: number, retryAfterMs: number | null, settings: { baseDelayMs: number; maxDelayMs: number }): number {
  if (retryAfterMs !== null) {
    return Math.min(retryAfterMs, settings.maxDelayMs);
  }

  const exponential = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** (attemptNumber - 1));
  return Math.round(exponential / 2 + Math.random() * (exponential / 2));
}

/** Reads Retry-After as delta-seconds or an HTTP-date (RFC 9110 §10.2.3); null when absent or invalid. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (value === null || value.trim() === '') {
    return null;
  }

  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) {
    return Number(trimmed) * 1000;
  }

  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}

function buildUserAgent(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { name?: string; version?: string };
  const name = manifest.name ?? 'gulema';
  return `${name}/${manifest.version ?? '0.0.0'} (LINE stock bot)`;
}

/**
 * A loopback HTTP server that serves the recorded real responses to the
 * live providers' requests. A test can script faults per path (a slow
 * response, an error status, or a broken body) and compute replies from
 * the query string. It records every request and the highest number in
 * flight at once.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readVcrResponseBody } from '../../src/market/parse/vcr.ts';
import { marketDataFile } from '../market/data-dir.ts';

export interface Reply {
  status?: number;
  /** Text is sent as UTF-8; bytes, such as a Big5 page, as they are. */
  body?: string | Uint8Array;
  headers?: Record<string, string>;
  /** Delay before the response is sent. */
  delayMs?: number;
}

export interface RecordedRequest {
  path: string;
  query: URLSearchParams;
  userAgent: string | undefined;
}

/** Computes the reply to one request from its query. Returning undefined serves the recorded body. */
export type Responder = (query: URLSearchParams) => Reply | undefined;

export interface ReplayServer {
  url: string;
  requests: RecordedRequest[];
  /** Highest number of requests in flight at the same time. */
  maxInFlight: number;
  /** Queues replies for `path`. Once they are used up, the responder or the recorded body is served again. */
  script(path: string, replies: Reply[]): void;
  /** Replaces the recorded body of `path`. */
  serve(path: string, body: string): void;
  /** Sets the responder for requests to `path` that have no scripted reply queued. */
  respond(path: string, responder: Responder): void;
  /** Clears scripted replies, responders, replaced bodies and the request log. */
  reset(): void;
  countRequests(path: string): number;
  close(): Promise<void>;
}

/** Unscripted replies wait this long, so that concurrent requests overlap in flight. */
const DEFAULT_DELAY_MS = 20;

/** Recorded bodies by request path; the vcr cassettes are unwrapped to their 200 response. */
export function recordedBodies(): Map<string, string> {
  const read = (name: string): string => readFileSync(marketDataFile(name), 'utf8');
  return new Map([
    ['/stock/api/getStockInfo.jsp', read('twse-mis-getStockInfo-2330-20231229.json')],
    ['/exchangeReport/STOCK_DAY', readVcrResponseBody(read('twse-STOCK_DAY-2330-201505.vcr.yaml'))],
    ['/www/zh-tw/afterTrading/tradingStock', readVcrResponseBody(read('tpex-tradingStock-6223-201505.vcr.yaml'))],
    ['/v8/finance/chart/AAPL', read('yahoo-chart-AAPL-1d-6mo.json')],
    ['/exchangeReport/STOCK_DAY_ALL', read('twse-openapi-STOCK_DAY_ALL-20260708.json')],
    ['/www/zh-tw/afterTrading/dailyQuotes', read('tpex-daily-quotes-20230130.json')],
  ]);
}

export async function startReplayServer(): Promise<ReplayServer> {
  let bodies = recordedBodies();
  const scripts = new Map<string, Reply[]>();
  const responders = new Map<string, Responder>();
  const requests: RecordedRequest[] = [];
  let inFlight = 0;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    requests.push({ path: url.pathname, query: url.searchParams, userAgent: request.headers['user-agent'] });
    inFlight += 1;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);

    try {
      const reply = scripts.get(url.pathname)?.shift() ?? responders.get(url.pathname)?.(url.searchParams) ?? { delayMs: DEFAULT_DELAY_MS };
      if (reply.delayMs !== undefined) {
        await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
      }

      // The client aborted the request (a timeout), so no response is written.
      if (response.destroyed) {
        return;
      }

      const recorded = bodies.get(url.pathname);
      const status = reply.status ?? (recorded === undefined ? 404 : 200);
      const body = reply.body ?? recorded ?? 'not found';
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...reply.headers });
      response.end(body);
    } finally {
      inFlight -= 1;
    }
  }

  const server = createServer((request, response) => {
    void handle(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const state: ReplayServer = {
    url: `http://127.0.0.1:${port}`,
    requests,
    maxInFlight: 0,
    script(path, replies) {
      scripts.set(path, [...(scripts.get(path) ?? []), ...replies]);
    },
    serve(path, body) {
      bodies.set(path, body);
    },
    respond(path, responder) {
      responders.set(path, responder);
    },
    reset() {
      bodies = recordedBodies();
      scripts.clear();
      responders.clear();
      requests.length = 0;
      state.maxInFlight = 0;
    },
    countRequests(path) {
      return requests.filter((request) => request.path === path).length;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };

  return state;
}

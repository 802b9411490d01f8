/**
 * The load generator: POSTs bodies to one loopback URL over a keep-alive
 * `http.Agent`, either as fast as a fixed number of in-flight requests
 * allows (throughput) or at a fixed rate (latency). Both runs stop at a
 * request count or a duration, whichever comes first.
 */
import http from 'node:http';

export interface WebhookRequest {
  body: string;
  headers: Record<string, string>;
}

/** Builds the next request; called once per request, just before it is sent. */
export type NextRequest = () => WebhookRequest;

export interface LoadResult {
  sent: number;
  /** Responses with a 2xx status. */
  ok: number;
  /** Count per non-2xx status, or per error code when no response came. */
  failures: Record<string, number>;
  elapsedMs: number;
  /** Latency of every answered request, in milliseconds, sorted ascending. */
  latenciesMs: number[];
}

export interface ClosedLoopOptions {
  url: string;
  concurrency: number;
  durationMs: number;
  maxRequests: number;
  next: NextRequest;
}

export interface FixedRateOptions {
  url: string;
  ratePerSecond: number;
  durationMs: number;
  /** Requests beyond this many in flight are counted as `overload` and not sent. */
  maxInFlight: number;
  next: NextRequest;
}

/** Keeps `concurrency` requests in flight until the time or the request budget runs out. */
export async function runClosedLoop(options: ClosedLoopOptions): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const tally = createTally();
  const started = performance.now();
  const deadline = started + options.durationMs;
  let issued = 0;

  async function lane(): Promise<void> {
    while (issued < options.maxRequests && performance.now() < deadline) {
      issued += 1;
      const sentAt = performance.now();
      tally.record(await post(agent, options.url, options.next()), sentAt);
    }
  }

  await Promise.all(Array.from({ length: options.concurrency }, () => lane()));
  agent.destroy();
  return tally.result(issued, performance.now() - started);
}

/**
 * Sends at a fixed rate whatever the server's speed. Latency counts from
 * the moment a request was due, not when it left, so a stalled server
 * shows up in the percentiles instead of slowing the generator down.
 */
export async function runFixedRate(options: FixedRateOptions): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.maxInFlight });
  const tally = createTally();
  const intervalMs = 1000 / options.ratePerSecond;
  const total = Math.floor((options.durationMs / 1000) * options.ratePerSecond);
  const started = performance.now();
  const pending = new Set<Promise<void>>();
  let issued = 0;

  while (issued < total) {
    const dueAt = started + issued * intervalMs;
    const wait = dueAt - performance.now();
    if (wait > 1) {
      await new Promise((resolve) => setTimeout(resolve, wait));
    }

    // Every request already due goes out now, so timer lateness does not lower the rate.
    while (issued < total && started + issued * intervalMs <= performance.now()) {
      const requestDueAt = started + issued * intervalMs;
      issued += 1;
      if (pending.size >= options.maxInFlight) {
        tally.fail('overload');
        continue;
      }
      const request = post(agent, options.url, options.next()).then((outcome) => tally.record(outcome, requestDueAt));
      pending.add(request);
      void request.finally(() => pending.delete(request));
    }
  }

  await Promise.all(pending);
  agent.destroy();
  return tally.result(issued, performance.now() - started);
}

/** Returns the value at fraction `p` (0–1) of sorted values, by the nearest-rank method. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) {
    return Number.NaN;
  }
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[rank - 1] ?? Number.NaN;
}

type Outcome = { status: number } | { error: string };

function post(agent: http.Agent, url: string, request: WebhookRequest): Promise<Outcome> {
  return new Promise((resolve) => {
    const outgoing = http.request(url, {
      method: 'POST',
      agent,
      headers: { ...request.headers, 'content-length': Buffer.byteLength(request.body) },
    });
    outgoing.on('response', (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode ?? 0 }));
    });
    outgoing.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    outgoing.end(request.body);
  });
}

function createTally() {
  const latencies: number[] = [];
  const failures: Record<string, number> = {};
  let ok = 0;

  const fail = (key: string): void => {
    failures[key] = (failures[key] ?? 0) + 1;
  };

  return {
    fail,
    record(outcome: Outcome, fromMs: number): void {
      if ('error' in outcome) {
        fail(outcome.error);
        return;
      }
      latencies.push(performance.now() - fromMs);
      if (outcome.status >= 200 && outcome.status < 300) {
        ok += 1;
      } else {
        fail(String(outcome.status));
      }
    },
    result(sent: number, elapsedMs: number): LoadResult {
      return { sent, ok, failures, elapsedMs, latenciesMs: latencies.sort((a, b) => a - b) };
    },
  };
}

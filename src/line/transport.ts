/**
 * A keep-alive HTTP(S) client for the two Messaging API calls that run once
 * per event: reply and push. The SDK's own client calls the global `fetch`
 * for each request. Under `scripts/bench/profile-web.ts` on 2 cores, that
 * cost the web role about 0.35 ms of CPU per event and a quarter of its
 * allocations, so these two calls post with `node:http` over pooled
 * sockets. The request and message types are still the SDK's.
 */
import http from 'node:http';
import https from 'node:https';

/** A non-2xx response from LINE. */
export class LineHttpError extends Error {
  readonly status: number;
  readonly requestId: string | null;
  readonly body: string;

  constructor(status: number, requestId: string | null, body: string) {
    super(`HTTP ${status}`);
    this.name = 'LineHttpError';
    this.status = status;
    this.requestId = requestId;
    this.body = body;
  }
}

/**
 * A call that failed without an HTTP response: a timeout, a refused or
 * reset connection, a TLS failure.
 */
export class LineNetworkError extends Error {
  readonly code: string | undefined;
  /**
   * Whether the whole request had been handed to the socket. Only then can
   * LINE have acted on it. A request that waited for a free socket until the
   * deadline, or whose connection failed, never reached LINE.
   */
  readonly requestSent: boolean;

  constructor(message: string, code: string | undefined, requestSent: boolean) {
    super(message);
    this.name = 'LineNetworkError';
    this.code = code;
    this.requestSent = requestSent;
  }
}

export interface LineTransportOptions {
  baseUrl: string;
  channelAccessToken: string;
  /** Budget for one request from start to last byte, waiting for a free socket included. */
  timeoutMs: number;
  /** Maximum open sockets to LINE. Requests beyond it wait in the agent's queue. */
  maxSockets?: number;
}

/** LINE's error bodies are short JSON, so a longer body is truncated here. */
const MAX_BODY_CHARS = 64 * 1024;

/** Idle sockets close after this, before a server's usual 5 s keep-alive timeout could close them under a request. */
const IDLE_SOCKET_MS = 4000;

export function createLineTransport(options: LineTransportOptions) {
  const base = new URL(options.baseUrl);
  const secure = base.protocol === 'https:';
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 128, timeout: IDLE_SOCKET_MS };
  const agent = secure ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
  const request = secure ? https.request : http.request;
  const authorization = `Bearer ${options.channelAccessToken}`;

  /** Posts `body` as JSON to `path` (from the origin, as the SDK builds its URLs) and resolves on 2xx. */
  function postJson(path: string, body: unknown, headers: Record<string, string> = {}): Promise<void> {
    const payload = JSON.stringify(body);

    return new Promise((resolve, reject) => {
      const outgoing = request({
        agent,
        protocol: base.protocol,
        hostname: base.hostname,
        port: base.port,
        path,
        method: 'POST',
        headers: {
          ...headers,
          authorization,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          'user-agent': 'gulema',
        },
      });

      // 'finish' means the request was handed to the socket in full.
      let requestSent = false;
      outgoing.on('finish', () => {
        requestSent = true;
      });

      // Destroying the request frees its socket, so a hung LINE cannot pin sockets past the budget.
      const timer = setTimeout(() => {
        outgoing.destroy(Object.assign(new Error(`timed out after ${options.timeoutMs} ms`), { code: 'ETIMEDOUT' }));
      }, options.timeoutMs);

      const fail = (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(new LineNetworkError(error.message, error.code, requestSent));
      };
      outgoing.on('error', fail);

      outgoing.on('response', (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          if (text.length < MAX_BODY_CHARS) {
            text += chunk.slice(0, MAX_BODY_CHARS - text.length);
          }
        });
        response.on('error', fail);
        response.on('end', () => {
          clearTimeout(timer);
          const status = response.statusCode ?? 0;
          if (status >= 200 && status < 300) {
            resolve();
            return;
          }
          const requestId = response.headers['x-line-request-id'];
          reject(new LineHttpError(status, typeof requestId === 'string' ? requestId : null, text));
        });
      });

      outgoing.end(payload);
    });
  }

  return {
    postJson,

    /** Closes the pooled sockets, for shutdown. */
    close(): void {
      agent.destroy();
    },
  };
}

export type LineTransport = ReturnType<typeof createLineTransport>;

/**
 * The bot's calls to LINE's Messaging API, with a timeout per call and
 * retries with jittered backoff on 429 (rate limit), 5xx and network
 * failures. Other 4xx are not retried: they are logged with status,
 * `x-line-request-id` and body by the caller. Reply and push go through
 * the keep-alive transport; the loading animation goes through @line/bot-sdk.
 */
import { HTTPFetchError, messagingApi } from '@line/bot-sdk';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLineTransport, LineHttpError, LineNetworkError } from './transport.ts';

export interface LineClientOptions {
  channelAccessToken: string;
  apiBaseUrl: string;
  /** Per-call timeout; LINE usually answers in well under a second. */
  timeoutMs?: number;
  /** Attempts per call, the first included. */
  attempts?: number;
  /** First backoff delay; doubled per retry, with jitter. */
  backoffMs?: number;
}

/** A failed call, classified for the caller. */
export class LineApiError extends Error {
  readonly status: number | null;
  readonly requestId: string | null;
  readonly body: string;
  /** True for timeouts, network errors, 5xx and rate-limit 429s. */
  readonly retryable: boolean;
  /** True when the send may have reached LINE (timeout, network error after sending, 5xx). */
  readonly ambiguous: boolean;

  constructor(message: string, fields: { status: number | null; requestId: string | null; body: string; retryable: boolean; ambiguous: boolean }) {
    super(message);
    this.name = 'LineApiError';
    this.status = fields.status;
    this.requestId = fields.requestId;
    this.body = fields.body;
    this.retryable = fields.retryable;
    this.ambiguous = fields.ambiguous;
  }

  get invalidReplyToken(): boolean {
    return this.status === 400 && /invalid reply token/i.test(this.body);
  }

  get monthlyLimit(): boolean {
    return this.status === 429 && /monthly limit/i.test(this.body);
  }
}

export function createLineClient(options: LineClientOptions) {
  const api = new messagingApi.MessagingApiClient({ channelAccessToken: options.channelAccessToken, baseURL: options.apiBaseUrl });
  const timeoutMs = options.timeoutMs ?? 5000;
  const attempts = options.attempts ?? 3;
  const backoffMs = options.backoffMs ?? 250;
  const transport = createLineTransport({ baseUrl: options.apiBaseUrl, channelAccessToken: options.channelAccessToken, timeoutMs });

  async function call<T>(name: string, send: () => Promise<T>, retry: (error: LineApiError, attempt: number) => boolean): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await send();
      } catch (error) {
        const failure = classify(error, name);
        if (attempt >= attempts || !retry(failure, attempt)) {
          throw failure;
        }
        await sleep(backoffMs * 2 ** (attempt - 1) * (0.5 + Math.random()));
      }
    }
  }

  return {
    /**
     * Sends a reply. The error's `ambiguous` covers every attempt, so a
     * retried reply whose token LINE then calls invalid, after an earlier
     * attempt timed out, is reported as possibly delivered and the caller
     * does not push a copy.
     */
    async reply(replyToken: string, messages: messagingApi.Message[]): Promise<void> {
      let earlierAmbiguous = false;
      try {
        await call('reply', () => transport.postJson('/v2/bot/message/reply', { replyToken, messages }), (error) => {
          earlierAmbiguous ||= error.ambiguous;
          return error.retryable && !error.monthlyLimit;
        });
      } catch (error) {
        const failure = error as LineApiError;
        if (earlierAmbiguous && !failure.ambiguous) {
          const retryable = failure.invalidReplyToken ? false : failure.retryable;
          throw new LineApiError(failure.message, { status: failure.status, requestId: failure.requestId, body: failure.body, retryable, ambiguous: true });
        }
        throw failure;
      }
    },

    /** Pushes with `X-Line-Retry-Key`; LINE's 409 for a key it already accepted counts as sent. */
    async push(to: string, messages: messagingApi.Message[], retryKey: string): Promise<'sent' | 'alreadyAccepted'> {
      try {
        await call('push', () => transport.postJson('/v2/bot/message/push', { to, messages }, { 'x-line-retry-key': retryKey }), (error) => error.retryable && !error.monthlyLimit);
        return 'sent';
      } catch (error) {
        if ((error as LineApiError).status === 409) {
          return 'alreadyAccepted';
        }
        throw error;
      }
    },

    /** Shows the typing animation in a 1:1 chat; LINE rejects group and room ids. */
    async showLoading(userId: string, seconds: number): Promise<void> {
      await call('loading', () => withTimeout(api.showLoadingAnimation({ chatId: userId, loadingSeconds: seconds }), timeoutMs, 'loading'), () => false);
    },

    /** Closes the pooled sockets to LINE. */
    close(): void {
      transport.close();
    },
  };
}

export type LineClient = ReturnType<typeof createLineClient>;

function classify(error: unknown, name: string): LineApiError {
  if (error instanceof LineApiError) {
    return error;
  }
  if (error instanceof HTTPFetchError || error instanceof LineHttpError) {
    const status = error.status;
    const rateLimited = status === 429;
    return new LineApiError(`LINE ${name} failed with HTTP ${status}`, {
      status,
      requestId: error instanceof LineHttpError ? error.requestId : error.headers.get('x-line-request-id'),
      body: error.body.slice(0, 1000),
      retryable: status >= 500 || rateLimited,
      ambiguous: status >= 500,
    });
  }
  return new LineApiError(`LINE ${name} failed: ${(error as Error)?.message ?? String(error)}`, {
    status: null,
    requestId: null,
    body: '',
    retryable: true,
    // Without a response, LINE may have acted on the request, unless it never left this process.
    ambiguous: error instanceof LineNetworkError ? error.requestSent : true,
  });
}

async function withTimeout<T>(promise: Promise<T>, ms: number, name: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name} timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

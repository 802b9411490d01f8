/**
 * The process logger. Child loggers carry `chatId`, `eventId` and `jobId`;
 * user text is logged only at debug level, and secrets never.
 */
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'gulema' },
    redact: {
      paths: ['*.channelSecret', '*.channelAccessToken', '*.authorization', '*.replyToken', 'replyToken'],
      censor: '[redacted]',
    },
  });
}

/**
 * Returns a getter that creates the child logger on first use. With
 * redaction configured, pino's child() allocates redaction state on every
 * call (about 5 % of the web process's allocations under benchmark load),
 * and most events log nothing at info level.
 */
export function lazyChild(logger: Logger, bindings: Record<string, unknown>): () => Logger {
  let child: Logger | undefined;
  return () => (child ??= logger.child(bindings));
}

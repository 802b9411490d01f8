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

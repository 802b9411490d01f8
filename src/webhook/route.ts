/**
 * `POST /callback`: LINE's webhook. The raw bytes are read with a size cap,
 * the signature is checked by @line/bot-sdk on those bytes before any JSON
 * parsing, and each event is applied on its own so that one bad event
 * neither fails the others nor turns the answer into a 5xx.
 */
import express, { type ErrorRequestHandler, type Request, type Response } from 'express';
import { JSONParseError, middleware, SignatureValidationFailed } from '@line/bot-sdk';
import type { Logger } from '../logger.ts';
import type { Runtime } from '../conversation/runtime.ts';
import type { Deliverer } from '../delivery/outbox.ts';
import { isTransientDatabaseError } from '../db/pool.ts';
import { normalizeEvent, type InboundEvent } from './normalize.ts';

/** LINE's bodies are a few KB; this leaves room for a full batch of events. */
export const MAX_WEBHOOK_BYTES = 1024 * 1024;

export interface WebhookOptions {
  channelSecret: string;
  runtime: Runtime;
  deliverer: Deliverer;
  logger: Logger;
}

export function webhookRouter(options: WebhookOptions): express.Router {
  const router = express.Router();

  router.post(
    '/callback',
    express.raw({ type: () => true, limit: MAX_WEBHOOK_BYTES }),
    middleware({ channelSecret: options.channelSecret }),
    async (req: Request, res: Response) => {
      const events = (req.body as { events?: unknown } | null)?.events;
      if (!Array.isArray(events)) {
        options.logger.warn('webhook body has no events array');
        res.status(400).json({ message: 'body must be an object with an events array' });
        return;
      }

      const outcome = await applyAll(events, options);
      // Only a database outage asks LINE to redeliver; events already applied are skipped then by their id.
      res.status(outcome.retryLater ? 503 : 200).json({});
    },
  );

  router.use('/callback', webhookErrors(options.logger));
  return router;
}

async function applyAll(rawEvents: unknown[], options: WebhookOptions): Promise<{ retryLater: boolean }> {
  const byChat = new Map<string, InboundEvent[]>();

  for (const raw of rawEvents) {
    const normalized = normalizeEvent(raw);
    if (!normalized.ok) {
      options.logger.info({ eventId: normalized.eventId, reason: normalized.reason }, 'webhook event skipped');
      continue;
    }
    const list = byChat.get(normalized.event.chatId) ?? [];
    list.push(normalized.event);
    byChat.set(normalized.event.chatId, list);
  }

  let retryLater = false;

  // Chats run side by side; one chat's events run one at a time, oldest first.
  await Promise.all(
    [...byChat.values()].map(async (events) => {
      events.sort((a, b) => a.timestamp - b.timestamp);
      for (const event of events) {
        try {
          const result = await options.runtime.apply(event);
          if (result.status === 'applied' && result.leased !== null) {
            options.deliverer.deliverSoon(result.leased);
          }
        } catch (error) {
          const transient = isTransientDatabaseError(error);
          retryLater ||= transient;
          options.logger.error({ err: error, chatId: event.chatId, eventId: event.eventId, transient }, 'event could not be applied');
          if (transient) {
            // Later events of this chat would overtake this one; leave them for LINE's redelivery.
            break;
          }
        }
      }
    }),
  );

  return { retryLater };
}

function webhookErrors(logger: Logger): ErrorRequestHandler {
  return (error, _req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    if (error instanceof SignatureValidationFailed) {
      logger.warn({ reason: error.message }, 'webhook rejected: bad or missing signature');
      res.status(401).json({ message: 'invalid signature' });
      return;
    }
    if (error instanceof JSONParseError) {
      logger.warn('webhook rejected: body is not JSON');
      res.status(400).json({ message: 'body is not valid JSON' });
      return;
    }
    const status = (error as { status?: unknown }).status;
    if (status === 413) {
      logger.warn('webhook rejected: body too large');
      res.status(413).json({ message: 'body too large' });
      return;
    }
    logger.error({ err: error }, 'webhook failed before its events were read');
    res.status(400).json({ message: 'bad request' });
  };
}

/**
 * The express application: health check, LINE webhook, and in local mode
 * the fake Messaging API that the terminal chat and the simulator read.
 */
import express from 'express';
import type pg from 'pg';
import type { Logger } from './logger.ts';
import type { Runtime } from './conversation/runtime.ts';
import type { Deliverer } from './delivery/outbox.ts';
import { filesRouter } from './files/routes.ts';
import type { FakeLineApi } from './line/fake-api.ts';
import { simulatorRouter } from './simulator/router.ts';
import { webhookRouter } from './webhook/route.ts';

export interface AppOptions {
  pool: pg.Pool;
  runtime: Runtime;
  deliverer: Deliverer;
  logger: Logger;
  channelSecret: string;
  /** Mounted in local mode only, with the browser simulator that reads it. */
  fakeLine?: { path: string; router: express.Router; api: FakeLineApi };
}

export function createApp(options: AppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');

  app.get('/healthz', async (_req, res) => {
    try {
      await options.pool.query('SELECT 1');
      res.json({ status: 'ok' });
    } catch (error) {
      options.logger.warn({ err: error }, 'health check: database unreachable');
      res.status(503).json({ status: 'database unreachable' });
    }
  });

  app.use(filesRouter(options.pool, options.logger));
  app.use(webhookRouter({ channelSecret: options.channelSecret, runtime: options.runtime, deliverer: options.deliverer, logger: options.logger }));

  if (options.fakeLine) {
    app.use(options.fakeLine.path, options.fakeLine.router);
    app.use('/simulator', simulatorRouter({ channelSecret: options.channelSecret, fakeLine: { path: options.fakeLine.path, api: options.fakeLine.api } }));
  }

  return app;
}

/**
 * `GET /charts/:id.png`, `GET /charts/:id/preview.png` and
 * `GET /downloads/:id.csv`. Unknown and expired ids answer 404.
 */
import express from 'express';
import type pg from 'pg';
import type { Logger } from '../logger.ts';
import { readDownload, readImage } from './store.ts';

export function filesRouter(pool: pg.Pool, logger: Logger): express.Router {
  const router = express.Router();

  router.get(['/charts/:id.png', '/charts/:id/preview.png'], async (req, res) => {
    const variant = req.path.endsWith('/preview.png') ? 'preview' : 'png';
    try {
      const body = await readImage(pool, req.params.id as string, variant);
      if (!body) {
        res.status(404).type('text/plain').send('not found');
        return;
      }
      // An id always names the same picture, so clients and LINE's proxy may keep it.
      res.set('Cache-Control', 'public, max-age=86400, immutable').type('image/png').send(body);
    } catch (error) {
      logger.error({ err: error }, 'image could not be read');
      res.status(503).type('text/plain').send('temporarily unavailable');
    }
  });

  router.get('/downloads/:id.csv', async (req, res) => {
    try {
      const file = await readDownload(pool, req.params.id as string);
      if (!file) {
        res.status(404).type('text/plain').send('not found');
        return;
      }
      res
        .set('Cache-Control', 'private, max-age=3600')
        .set('Content-Disposition', `attachment; filename="download.csv"; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
        .type(file.contentType)
        .send(file.body);
    } catch (error) {
      logger.error({ err: error }, 'download could not be read');
      res.status(503).type('text/plain').send('temporarily unavailable');
    }
  });

  return router;
}

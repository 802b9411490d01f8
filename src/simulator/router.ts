/**
 * The local LINE simulator at `/simulator`, mounted in local mode only. It
 * serves a page that looks like a LINE chat on a phone, the rich menu's
 * image and areas, and an endpoint that sends the page's taps and texts to
 * `/callback` as signed webhooks. The page reads the bot's messages from
 * the fake LINE API's inbox.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import type { Request, Response } from 'express';
import { CHART_FONT_FILES, resolveFontFile } from '../charts/fonts.ts';
import type { FakeLineApi } from '../line/fake-api.ts';
import { RICH_MENU } from '../richmenu/definition.ts';
import type { RichMenuBody } from '../richmenu/definition.ts';
import { MENU_IMAGE_PATH } from '../richmenu/image.ts';
import { loopbackOnly, sameOriginOnly } from './guard.ts';
import { parseSendRequest, sendSimulatedEvent } from './send.ts';

const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));

/** Noto Sans TC faces that the charts already ship, keyed by the file names that style.css requests. */
const PAGE_FONTS: Record<string, (typeof CHART_FONT_FILES)[number]> = Object.fromEntries(
  CHART_FONT_FILES.filter((spec) => spec.subpath.startsWith('400Regular/NotoSansTC') || spec.subpath.startsWith('700Bold/NotoSansTC'))
    .map((spec) => [spec.subpath.startsWith('400') ? 'noto-sans-tc-400.ttf' : 'noto-sans-tc-700.ttf', spec]),
);

/** The official account's display name, shown in the page's header. */
export const BOT_NAME = '你今天 LINE 股了嗎';

export type SimulatorOptions = {
  /** Signs the webhooks exactly as LINE does; never sent to the browser. */
  channelSecret: string;
  /** Mount path of the fake LINE API (for the page's inbox polls) and the fake itself. */
  fakeLine: { path: string; api: Pick<FakeLineApi, 'registerReplyToken'> };
  /** The menu `npm run richmenu` uploads and its image; defaults to the committed ones. */
  richMenu?: { menu: RichMenuBody; imagePath: string };
};

export function simulatorRouter(options: SimulatorOptions): express.Router {
  const richMenu = options.richMenu ?? { menu: RICH_MENU, imagePath: MENU_IMAGE_PATH };
  const router = express.Router();
  router.use(loopbackOnly);

  // The page's relative asset links need the trailing slash.
  router.get('/', (req: Request, res: Response) => {
    if (!req.originalUrl.split('?')[0]!.endsWith('/')) {
      res.redirect(302, `${req.baseUrl}/`);
      return;
    }
    res.set('cache-control', 'no-store');
    res.sendFile('index.html', { root: PUBLIC_DIR });
  });

  router.use('/assets', express.static(PUBLIC_DIR, { index: false, fallthrough: false, cacheControl: false }));

  // The page's CJK font, for machines without one (Debian's Chromium with no fonts-noto-cjk shows boxes).
  router.get('/fonts/:file', (req: Request, res: Response) => {
    const spec = PAGE_FONTS[String(req.params.file)];
    if (spec === undefined) {
      res.status(404).json({ message: `font ${String(req.params.file)} not found; the page uses ${Object.keys(PAGE_FONTS).join(', ')}` });
      return;
    }
    res.set('cache-control', 'max-age=86400').type('font/ttf').sendFile(resolveFontFile(spec));
  });

  router.get('/richmenu.png', (_req: Request, res: Response) => {
    res.type('png').sendFile(richMenu.imagePath);
  });

  router.get('/richmenu.json', (_req: Request, res: Response) => {
    const { size, chatBarText, selected, areas } = richMenu.menu;
    res.json({ size, chatBarText, selected, areas });
  });

  router.get('/config.json', (_req: Request, res: Response) => {
    res.json({ botName: BOT_NAME, inboxPath: `${options.fakeLine.path}/__fake/messages` });
  });

  router.post('/api/send', sameOriginOnly, express.json({ limit: '64kb' }), async (req: Request, res: Response) => {
    const request = parseSendRequest(req.body);
    if ('error' in request) {
      res.status(400).json({ message: request.error });
      return;
    }

    try {
      const result = await sendSimulatedEvent(request, {
        url: ownOrigin(req),
        channelSecret: options.channelSecret,
        registerReplyToken: (replyToken, chatId) => options.fakeLine.api.registerReplyToken(replyToken, chatId),
      });
      res.json({ status: result.status });
    } catch (error) {
      res.status(502).json({ message: `posting the webhook to /callback failed: ${(error as Error).message}` });
    }
  });

  return router;
}

/** Returns the origin this request arrived on, so the webhook goes to the same server whatever its port. */
function ownOrigin(req: Request): string {
  const address = (req.socket.localAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  const host = address.includes(':') ? `[${address}]` : address;
  return `http://${host}:${req.socket.localPort}`;
}

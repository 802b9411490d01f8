/**
 * Rich menu endpoints of the fake LINE Messaging API, with the statuses and
 * messages LINE documents: menus, the default menu (`user/all`) and, on the
 * data API paths, the menu image. The fake serves the data API from the same
 * server, so the SDK's blob client needs the fake's base URL too.
 */
import { randomBytes } from 'node:crypto';
import express from 'express';
import type { NextFunction, Request, Response, Router } from 'express';
import type { messagingApi } from '@line/bot-sdk';
import { validateRichMenuObject } from './fake-api-richmenu-validation.ts';
import type { ErrorDetail, ValidationOptions } from './fake-api-validation.ts';

/** LINE accepts rich menu images of at most 1 MB. */
// NOTE: LINE does not say whether 1 MB is 1,000,000 or 1,048,576 bytes, so the fake allows the larger.
export const MAX_RICH_MENU_IMAGE_BYTES = 1024 * 1024;

/** LINE's cap on rich menus created through the API per channel. */
export const MAX_RICH_MENUS = 1000;

const IMAGE_TYPES = ['image/png', 'image/jpeg'];
const RICH_MENU_PATH = /^\/v2\/bot\/(richmenu|user\/all\/richmenu)(\/|$)/;

export type StoredRichMenu = {
  richMenuId: string;
  menu: messagingApi.RichMenuResponse;
  image: { contentType: string; bytes: Buffer } | null;
};

/** One rich menu request and the status the fake returned, for tests that count calls. */
export type RichMenuCall = { method: string; path: string; status: number };

export type RichMenuControls = {
  /** Menus in creation order, with their uploaded image if any. */
  richMenus(): StoredRichMenu[];
  defaultRichMenuId(): string | null;
  richMenuCalls(): RichMenuCall[];
};

type Outcome = { status: number; body: unknown };

type RouteOptions = {
  validation: ValidationOptions;
  /** Waits out the hold that `hang()` set for this response. */
  hold: (res: Response) => Promise<void>;
};

/** Creates the rich menu routes and their in-memory state. */
export function createRichMenuRoutes(options: RouteOptions): { router: Router; controls: RichMenuControls } {
  const menus = new Map<string, StoredRichMenu>();
  const calls: RichMenuCall[] = [];
  let defaultId: string | null = null;

  const find = (req: Request): StoredRichMenu | undefined => menus.get(String(req.params.richMenuId));

  const route = (handle: (req: Request) => Outcome) =>
    async (req: Request, res: Response): Promise<void> => {
      const outcome = handle(req);
      await options.hold(res);
      if (!res.headersSent && !res.destroyed) {
        res.status(outcome.status).json(outcome.body);
      }
    };

  const router = express.Router();

  router.use((req: Request, res: Response, next: NextFunction) => {
    if (RICH_MENU_PATH.test(req.path)) {
      const call = { method: req.method, path: req.path, status: 0 };
      res.on('finish', () => {
        call.status = res.statusCode;
        calls.push(call);
      });
    }
    next();
  });

  router.post('/v2/bot/richmenu/validate', route((req) => {
    const details = validateRichMenuObject(req.body, options.validation);
    return details.length > 0 ? invalidBody(details) : { status: 200, body: {} };
  }));

  router.post('/v2/bot/richmenu', route((req) => {
    const details = validateRichMenuObject(req.body, options.validation);
    if (details.length > 0) {
      return invalidBody(details);
    }
    if (menus.size >= MAX_RICH_MENUS) {
      return { status: 400, body: { message: `The number of rich menus has reached the maximum of ${MAX_RICH_MENUS}` } };
    }

    const richMenuId = `richmenu-${randomBytes(16).toString('hex')}`;
    const request = req.body as Required<messagingApi.RichMenuRequest>;
    const menu: messagingApi.RichMenuResponse = {
      richMenuId,
      size: request.size,
      selected: request.selected,
      name: request.name,
      chatBarText: request.chatBarText,
      areas: request.areas,
    };
    menus.set(richMenuId, { richMenuId, menu, image: null });
    return { status: 200, body: { richMenuId } };
  }));

  router.get('/v2/bot/richmenu/list', route(() => ({
    status: 200,
    body: { richmenus: [...menus.values()].map((stored) => stored.menu) },
  })));

  router.get('/v2/bot/richmenu/:richMenuId', route((req) => {
    const stored = find(req);
    return stored ? { status: 200, body: stored.menu } : notFound();
  }));

  router.delete('/v2/bot/richmenu/:richMenuId', route((req) => {
    const stored = find(req);
    if (!stored) {
      return notFound();
    }

    menus.delete(stored.richMenuId);
    if (defaultId === stored.richMenuId) {
      defaultId = null;
    }
    return { status: 200, body: {} };
  }));

  router.post('/v2/bot/user/all/richmenu/:richMenuId', route((req) => {
    const stored = find(req);
    if (!stored) {
      return notFound();
    }
    if (!stored.image) {
      return { status: 400, body: { message: 'must upload richmenu image before applying it to user' } };
    }

    defaultId = stored.richMenuId;
    return { status: 200, body: {} };
  }));

  router.get('/v2/bot/user/all/richmenu', route(() =>
    defaultId === null ? { status: 404, body: { message: 'no default richmenu' } } : { status: 200, body: { richMenuId: defaultId } }));

  router.delete('/v2/bot/user/all/richmenu', route(() => {
    defaultId = null;
    return { status: 200, body: {} };
  }));

  // Data API paths (api-data.line.me on LINE): the body is the raw image, not JSON.
  router.post('/v2/bot/richmenu/:richMenuId/content', express.raw({ type: () => true, limit: '2mb' }), route((req) => {
    const stored = find(req);
    if (!stored) {
      return notFound();
    }

    const contentType = (req.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (!IMAGE_TYPES.includes(contentType)) {
      return { status: 415, body: { message: `Unsupported Media Type: ${contentType || '(none)'}; use image/png or image/jpeg` } };
    }

    const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (bytes.length === 0) {
      return { status: 400, body: { message: 'The image is empty' } };
    }
    if (bytes.length > MAX_RICH_MENU_IMAGE_BYTES) {
      return { status: 413, body: { message: `The image is ${bytes.length} bytes; the limit is ${MAX_RICH_MENU_IMAGE_BYTES}` } };
    }
    if (stored.image) {
      return { status: 400, body: { message: 'An image has already been uploaded to the richmenu' } };
    }

    stored.image = { contentType, bytes: Buffer.from(bytes) };
    return { status: 200, body: {} };
  }));

  router.get('/v2/bot/richmenu/:richMenuId/content', async (req: Request, res: Response) => {
    const stored = find(req);
    await options.hold(res);
    if (!stored?.image) {
      res.status(404).json(notFound().body);
      return;
    }
    res.type(stored.image.contentType).send(stored.image.bytes);
  });

  return {
    router,
    controls: {
      richMenus: () => [...menus.values()].map((stored) => ({ ...stored, menu: structuredClone(stored.menu) })),
      defaultRichMenuId: () => defaultId,
      richMenuCalls: () => calls.map((call) => ({ ...call })),
    },
  };
}

function notFound(): Outcome {
  return { status: 404, body: { message: 'Not found' } };
}

function invalidBody(details: ErrorDetail[]): Outcome {
  return { status: 400, body: { message: `The request body has ${details.length} error(s)`, details } };
}

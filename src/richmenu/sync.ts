/**
 * Idempotent rich menu sync for a release step. LINE cannot replace a rich
 * menu's image and caps menu creation at 100 requests per hour, so creating
 * a menu on every deploy leaks menus until creation fails. Instead the menu's
 * name carries a hash of its content (see `menuName`): a menu with the
 * current name is reused, and only a changed definition or image creates a
 * new one, after which this bot's stale menus are deleted.
 */
import { HTTPFetchError, messagingApi } from '@line/bot-sdk';
import { MENU_NAME_PREFIX, RICH_MENU, richMenuRequest } from './definition.ts';
import type { RichMenuBody } from './definition.ts';

export type SyncOptions = {
  channelAccessToken: string;
  /** Messaging API origin, e.g. `https://api.line.me`. */
  apiBaseUrl: string;
  /** Data API origin for the image upload, e.g. `https://api-data.line.me`. */
  dataApiBaseUrl: string;
  /** PNG or JPEG bytes of the menu image. */
  image: Uint8Array;
  menu?: RichMenuBody;
  /** Reads the current state and plans the steps without changing anything on LINE. */
  dryRun?: boolean;
};

/**
 * A change made on LINE, or planned in a dry run. `richMenuId` is null for
 * the menu a dry run would create, because LINE assigns the id.
 */
export type SyncStep =
  | { action: 'create'; richMenuId: string | null; name: string }
  | { action: 'upload-image'; richMenuId: string | null; bytes: number; contentType: string }
  | { action: 'set-default'; richMenuId: string | null }
  | { action: 'delete'; richMenuId: string; name: string };

export type SyncReport = {
  dryRun: boolean;
  /** Name of the menu for the current definition and image. */
  name: string;
  /** The menu that is the default after the sync, or null when a dry run would create it. */
  richMenuId: string | null;
  previousDefaultId: string | null;
  /** True when LINE's validate endpoint accepted the menu, which is checked only when a menu is to be created. */
  validated: boolean;
  /** Changes in the order made (or planned), empty when LINE already had this menu as the default. */
  steps: SyncStep[];
  /** Menus whose names lack this bot's prefix. The sync leaves them unchanged. */
  foreignMenuIds: string[];
};

/** A LINE API call that failed during the sync, with LINE's status and body. */
export class RichMenuSyncError extends Error {
  readonly status: number | null;
  readonly requestId: string | null;
  readonly body: string;

  constructor(operation: string, cause: unknown) {
    const http = cause instanceof HTTPFetchError ? cause : null;
    const detail = http ? `HTTP ${http.status} ${http.body}` : describeFailure(cause);
    super(`rich menu sync failed at ${operation}: ${detail}`, { cause });
    this.name = 'RichMenuSyncError';
    this.status = http?.status ?? null;
    this.requestId = http?.headers.get('x-line-request-id') ?? null;
    this.body = http?.body ?? '';
  }
}

const MISSING_IMAGE_MESSAGE = 'must upload richmenu image';

/** Brings LINE's rich menus in line with `options.menu` and `options.image`, and reports what it did. */
export async function syncRichMenu(options: SyncOptions): Promise<SyncReport> {
  const api = new messagingApi.MessagingApiClient({ channelAccessToken: options.channelAccessToken, baseURL: options.apiBaseUrl });
  const blobApi = new messagingApi.MessagingApiBlobClient({ channelAccessToken: options.channelAccessToken, baseURL: options.dataApiBaseUrl });
  const dryRun = options.dryRun ?? false;
  const contentType = imageContentType(options.image);
  const request = richMenuRequest(options.image, options.menu ?? RICH_MENU);
  const name = request.name ?? '';

  const { richmenus } = await attempt('getRichMenuList', () => api.getRichMenuList());
  const previousDefaultId = await getDefaultId(api);

  const ours = richmenus.filter((menu) => menu.name.startsWith(MENU_NAME_PREFIX));
  const current = ours.filter((menu) => menu.name === name);
  const reused = current.find((menu) => menu.richMenuId === previousDefaultId) ?? current[0] ?? null;

  const report: SyncReport = {
    dryRun,
    name,
    richMenuId: reused?.richMenuId ?? null,
    previousDefaultId,
    validated: false,
    steps: [],
    foreignMenuIds: richmenus.filter((menu) => !menu.name.startsWith(MENU_NAME_PREFIX)).map((menu) => menu.richMenuId),
  };

  const upload = async (richMenuId: string | null): Promise<void> => {
    report.steps.push({ action: 'upload-image', richMenuId, bytes: options.image.byteLength, contentType });
    if (!dryRun && richMenuId !== null) {
      const body = new Blob([options.image], { type: contentType });
      await attempt('setRichMenuImage', () => blobApi.setRichMenuImage(richMenuId, body));
    }
  };

  if (reused === null) {
    // Validation spends none of the create budget (100 per hour), so a dry run runs it too.
    await attempt('validateRichMenuObject', () => api.validateRichMenuObject(request));
    report.validated = true;

    const created = dryRun ? null : (await attempt('createRichMenu', () => api.createRichMenu(request))).richMenuId;
    report.richMenuId = created;
    report.steps.push({ action: 'create', richMenuId: created, name });
    await upload(created);
    report.steps.push({ action: 'set-default', richMenuId: created });
    if (created !== null) {
      await attempt('setDefaultRichMenu', () => api.setDefaultRichMenu(created));
    }
  } else if (reused.richMenuId !== previousDefaultId) {
    await setDefaultAfterUpload(api, reused.richMenuId, dryRun, report, upload);
  }

  // Stale menus are deleted after the new default is set, so the old default stays until it is replaced.
  for (const menu of ours) {
    if (menu.richMenuId === report.richMenuId) {
      continue;
    }
    report.steps.push({ action: 'delete', richMenuId: menu.richMenuId, name: menu.name });
    if (!dryRun) {
      await attempt('deleteRichMenu', () => api.deleteRichMenu(menu.richMenuId));
    }
  }

  return report;
}

/**
 * Makes an existing menu the default. A run that stopped between creating
 * and uploading leaves a menu without an image, which LINE rejects as the
 * default with a 400. Such a menu gets its image first.
 */
async function setDefaultAfterUpload(
  api: messagingApi.MessagingApiClient,
  richMenuId: string,
  dryRun: boolean,
  report: SyncReport,
  upload: (richMenuId: string) => Promise<void>,
): Promise<void> {
  if (dryRun) {
    report.steps.push({ action: 'set-default', richMenuId });
    return;
  }

  try {
    await api.setDefaultRichMenu(richMenuId);
  } catch (error) {
    if (!(error instanceof HTTPFetchError && error.status === 400 && error.body.includes(MISSING_IMAGE_MESSAGE))) {
      throw new RichMenuSyncError('setDefaultRichMenu', error);
    }
    await upload(richMenuId);
    await attempt('setDefaultRichMenu', () => api.setDefaultRichMenu(richMenuId));
  }
  report.steps.push({ action: 'set-default', richMenuId });
}

/** Returns the default menu's id, or null when none is set, for which LINE returns 404. */
async function getDefaultId(api: messagingApi.MessagingApiClient): Promise<string | null> {
  try {
    return (await api.getDefaultRichMenuId()).richMenuId;
  } catch (error) {
    if (error instanceof HTTPFetchError && error.status === 404) {
      return null;
    }
    throw new RichMenuSyncError('getDefaultRichMenuId', error);
  }
}

/** Returns the MIME type from the image's signature, because LINE accepts only PNG and JPEG. */
export function imageContentType(image: Uint8Array): 'image/png' | 'image/jpeg' {
  const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (pngSignature.every((byte, index) => image[index] === byte)) {
    return 'image/png';
  }
  if (image[0] === 0xff && image[1] === 0xd8 && image[2] === 0xff) {
    return 'image/jpeg';
  }
  throw new TypeError('invalid rich menu image: it is neither PNG nor JPEG, the only types LINE accepts; render it with scripts/render-richmenu.ts');
}

/** Describes a network failure. Fetch's own message ("fetch failed") leaves the reason in `cause`. */
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) {
    return String(error);
  }
  const reason = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error.message}${reason}`;
}

async function attempt<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new RichMenuSyncError(operation, error);
  }
}

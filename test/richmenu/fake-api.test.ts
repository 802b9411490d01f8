import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HTTPFetchError, messagingApi } from '@line/bot-sdk';
import { startFakeLineServer } from '../../src/line/fake-api.ts';
import type { FakeLineServer } from '../../src/line/fake-api.ts';

const TOKEN = 'test-channel-access-token';
const PNG_BYTES = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

function menuRequest(overrides: Partial<messagingApi.RichMenuRequest> = {}): messagingApi.RichMenuRequest {
  return {
    size: { width: 2500, height: 843 },
    selected: false,
    name: 'test-menu',
    chatBarText: '選單',
    areas: [{ bounds: { x: 0, y: 0, width: 2500, height: 843 }, action: { type: 'postback', data: 'cmd=menu%3Aquote', displayText: '即時查詢' } }],
    ...overrides,
  };
}

async function expectHttpError(promise: Promise<unknown>, status: number): Promise<HTTPFetchError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof HTTPFetchError, `expected HTTPFetchError, got ${String(error)}`);
    assert.equal(error.status, status, `body: ${error.body}`);
    return error;
  }
  assert.fail(`expected HTTP ${status}, but the request succeeded`);
}

describe('fake LINE API rich menus', () => {
  let server: FakeLineServer;
  let api: messagingApi.MessagingApiClient;
  let blob: messagingApi.MessagingApiBlobClient;

  before(async () => {
    server = await startFakeLineServer({ channelAccessToken: TOKEN });
    api = new messagingApi.MessagingApiClient({ channelAccessToken: TOKEN, baseURL: server.baseUrl });
    blob = new messagingApi.MessagingApiBlobClient({ channelAccessToken: TOKEN, baseURL: server.baseUrl });
  });

  after(async () => {
    await server.close();
  });

  beforeEach(async () => {
    for (const menu of server.api.richMenus()) {
      await api.deleteRichMenu(menu.richMenuId);
    }
  });

  it('creates, lists, gets and deletes', async () => {
    const { richMenuId } = await api.createRichMenu(menuRequest());
    assert.match(richMenuId, /^richmenu-[0-9a-f]{32}$/);

    const { richmenus } = await api.getRichMenuList();
    assert.deepEqual(richmenus.map((menu) => [menu.richMenuId, menu.name]), [[richMenuId, 'test-menu']]);
    assert.equal((await api.getRichMenu(richMenuId)).chatBarText, '選單');

    await api.deleteRichMenu(richMenuId);
    assert.deepEqual((await api.getRichMenuList()).richmenus, []);
    await expectHttpError(api.getRichMenu(richMenuId), 404);
    await expectHttpError(api.deleteRichMenu(richMenuId), 404);
  });

  it('rejects invalid menu objects', async () => {
    const invalid: [string, messagingApi.RichMenuRequest][] = [
      ['width over 2500', menuRequest({ size: { width: 2501, height: 1686 } })],
      ['width under 800', menuRequest({ size: { width: 799, height: 250 } })],
      ['height under 250', menuRequest({ size: { width: 800, height: 249 }, areas: [] })],
      ['ratio under 1.45', menuRequest({ size: { width: 1000, height: 700 }, areas: [] })],
      ['21 areas', menuRequest({ areas: Array.from({ length: 21 }, () => ({ bounds: { x: 0, y: 0, width: 10, height: 10 }, action: { type: 'postback', data: 'x' } })) })],
      ['chatBarText of 15', menuRequest({ chatBarText: '一二三四五六七八九十一二三四五' })],
      ['name of 301', menuRequest({ name: 'n'.repeat(301) })],
      ['area outside image', menuRequest({ areas: [{ bounds: { x: 2000, y: 0, width: 501, height: 843 }, action: { type: 'postback', data: 'x' } }] })],
      ['postback without data', menuRequest({ areas: [{ bounds: { x: 0, y: 0, width: 10, height: 10 }, action: { type: 'postback' } as messagingApi.Action }] })],
    ];

    for (const [label, request] of invalid) {
      const error = await expectHttpError(api.validateRichMenuObject(request), 400);
      assert.match(error.body, /The request body has \d+ error\(s\)/, label);
      await expectHttpError(api.createRichMenu(request), 400);
    }
    assert.equal(server.api.richMenus().length, 0);
  });

  it('accepts limits at their edges', async () => {
    await api.validateRichMenuObject(menuRequest({ size: { width: 800, height: 250 }, areas: [], chatBarText: '一二三四五六七八九十一二三四', name: 'n'.repeat(300) }));
    await api.validateRichMenuObject(menuRequest({ size: { width: 1450, height: 1000 }, areas: [] }));
    assert.equal(server.api.richMenus().length, 0, 'validate creates nothing');
  });

  it('default needs an uploaded image', async () => {
    const { richMenuId } = await api.createRichMenu(menuRequest());
    const missing = await expectHttpError(api.setDefaultRichMenu(richMenuId), 400);
    assert.equal(JSON.parse(missing.body).message, 'must upload richmenu image before applying it to user');
    await expectHttpError(api.getDefaultRichMenuId(), 404);

    await blob.setRichMenuImage(richMenuId, new Blob([PNG_BYTES], { type: 'image/png' }));
    await api.setDefaultRichMenu(richMenuId);
    assert.deepEqual(await api.getDefaultRichMenuId(), { richMenuId });
    assert.equal(server.api.defaultRichMenuId(), richMenuId);

    await api.cancelDefaultRichMenu();
    await expectHttpError(api.getDefaultRichMenuId(), 404);
    await expectHttpError(api.setDefaultRichMenu('richmenu-00000000000000000000000000000000'), 404);
  });

  it('deleting default clears it', async () => {
    const { richMenuId } = await api.createRichMenu(menuRequest());
    await blob.setRichMenuImage(richMenuId, new Blob([PNG_BYTES], { type: 'image/png' }));
    await api.setDefaultRichMenu(richMenuId);

    await api.deleteRichMenu(richMenuId);
    await expectHttpError(api.getDefaultRichMenuId(), 404);
  });

  it('stores image once and serves it', async () => {
    const { richMenuId } = await api.createRichMenu(menuRequest());
    await blob.setRichMenuImage(richMenuId, new Blob([PNG_BYTES], { type: 'image/png' }));

    const again = await expectHttpError(blob.setRichMenuImage(richMenuId, new Blob([PNG_BYTES], { type: 'image/png' })), 400);
    assert.equal(JSON.parse(again.body).message, 'An image has already been uploaded to the richmenu');

    const response = await fetch(`${server.baseUrl}/v2/bot/richmenu/${richMenuId}/content`, { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'image/png');
    assert.deepEqual(Buffer.from(await response.arrayBuffer()), PNG_BYTES);
    assert.deepEqual(server.api.richMenus()[0]?.image?.bytes, PNG_BYTES);
  });

  it('rejects wrong type and size', async () => {
    const { richMenuId } = await api.createRichMenu(menuRequest());

    await expectHttpError(blob.setRichMenuImage(richMenuId, new Blob([PNG_BYTES], { type: 'image/gif' })), 415);
    await expectHttpError(blob.setRichMenuImage(richMenuId, new Blob([PNG_BYTES])), 415);
    await expectHttpError(blob.setRichMenuImage(richMenuId, new Blob([Buffer.alloc(1024 * 1024 + 1)], { type: 'image/jpeg' })), 413);
    await expectHttpError(blob.setRichMenuImage('richmenu-00000000000000000000000000000000', new Blob([PNG_BYTES], { type: 'image/png' })), 404);
    assert.equal(server.api.richMenus()[0]?.image, null);

    await blob.setRichMenuImage(richMenuId, new Blob([Buffer.alloc(1024 * 1024)], { type: 'image/jpeg' }));
    assert.equal(server.api.richMenus()[0]?.image?.contentType, 'image/jpeg');
  });

  it('requires the access token', async () => {
    const stranger = new messagingApi.MessagingApiClient({ channelAccessToken: 'wrong-token', baseURL: server.baseUrl });
    await expectHttpError(stranger.getRichMenuList(), 401);
  });
});

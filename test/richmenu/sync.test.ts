import { afterEach, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { messagingApi } from '@line/bot-sdk';
import { startFakeLineServer } from '../../src/line/fake-api.ts';
import type { FakeLineServer, RichMenuCall } from '../../src/line/fake-api.ts';
import { RICH_MENU } from '../../src/richmenu/definition.ts';
import { readMenuImage } from '../../src/richmenu/image.ts';
import { RichMenuSyncError, syncRichMenu } from '../../src/richmenu/sync.ts';
import type { SyncOptions } from '../../src/richmenu/sync.ts';

const TOKEN = 'test-channel-access-token';

const isMutating = (call: RichMenuCall): boolean => call.method !== 'GET' && call.path !== '/v2/bot/richmenu/validate';

const describeCall = (call: RichMenuCall): string => `${call.method} ${call.path.replace(/richmenu-[0-9a-f]{32}/, ':id')}`;

describe('syncRichMenu against fake LINE', () => {
  let server: FakeLineServer;
  let api: messagingApi.MessagingApiClient;
  let image: Buffer;

  const sync = (overrides: Partial<SyncOptions> = {}) =>
    syncRichMenu({ channelAccessToken: TOKEN, apiBaseUrl: server.baseUrl, dataApiBaseUrl: server.baseUrl, image, ...overrides });

  const callsAfter = (count: number): string[] => server.api.richMenuCalls().slice(count).map(describeCall);

  before(async () => {
    image = await readMenuImage();
  });

  beforeEach(async () => {
    server = await startFakeLineServer({ channelAccessToken: TOKEN });
    api = new messagingApi.MessagingApiClient({ channelAccessToken: TOKEN, baseURL: server.baseUrl });
  });

  afterEach(async () => {
    await server.close();
  });

  it('first run creates and sets default', async () => {
    const report = await sync();

    const menus = server.api.richMenus();
    assert.equal(menus.length, 1);
    const created = menus[0];
    assert.ok(created);
    assert.match(created.menu.name, /^gulema-[0-9a-f]{12}$/);
    assert.equal(created.menu.chatBarText, '功能選單');
    assert.deepEqual(created.image?.bytes, image);
    assert.equal(created.image?.contentType, 'image/png');
    assert.equal(server.api.defaultRichMenuId(), created.richMenuId);

    assert.deepEqual(callsAfter(0), [
      'GET /v2/bot/richmenu/list',
      'GET /v2/bot/user/all/richmenu',
      'POST /v2/bot/richmenu/validate',
      'POST /v2/bot/richmenu',
      'POST /v2/bot/richmenu/:id/content',
      'POST /v2/bot/user/all/richmenu/:id',
    ]);
    assert.equal(report.richMenuId, created.richMenuId);
    assert.equal(report.name, created.menu.name);
    assert.deepEqual(report.steps.map((step) => step.action), ['create', 'upload-image', 'set-default']);
  });

  it('second run changes nothing', async () => {
    await sync();
    const before = server.api.richMenus();
    const mark = server.api.richMenuCalls().length;

    const report = await sync();

    assert.deepEqual(callsAfter(mark), ['GET /v2/bot/richmenu/list', 'GET /v2/bot/user/all/richmenu']);
    assert.deepEqual(server.api.richMenus().map((menu) => menu.richMenuId), before.map((menu) => menu.richMenuId));
    assert.deepEqual(report.steps, []);
    assert.equal(report.richMenuId, before[0]?.richMenuId);
  });

  it('changed definition replaces old menu', async () => {
    const first = await sync();
    const changed = await sync({ menu: { ...RICH_MENU, chatBarText: '選單' } });

    const menus = server.api.richMenus();
    assert.equal(menus.length, 1);
    assert.notEqual(menus[0]?.richMenuId, first.richMenuId);
    assert.equal(menus[0]?.menu.chatBarText, '選單');
    assert.equal(server.api.defaultRichMenuId(), menus[0]?.richMenuId);
    assert.notEqual(changed.name, first.name);
    assert.deepEqual(changed.steps.at(-1), { action: 'delete', richMenuId: first.richMenuId, name: first.name });
  });

  it('changed image replaces old menu', async () => {
    const first = await sync();
    const newImage = Buffer.concat([image, Buffer.from('changed')]);
    await sync({ image: newImage });

    const menus = server.api.richMenus();
    assert.equal(menus.length, 1);
    assert.notEqual(menus[0]?.richMenuId, first.richMenuId);
    assert.deepEqual(menus[0]?.image?.bytes, newImage);
    assert.equal(callsAfter(0).filter((call) => call === 'DELETE /v2/bot/richmenu/:id').length, 1);
  });

  it('keeps menus with other names', async () => {
    const foreign = await api.createRichMenu({ ...RICH_MENU, name: 'campaign-2025' });
    const staleOne = await api.createRichMenu({ ...RICH_MENU, name: 'gulema-000000000000' });
    const staleTwo = await api.createRichMenu({ ...RICH_MENU, name: 'gulema-111111111111' });

    const report = await sync();

    const names = server.api.richMenus().map((menu) => menu.menu.name);
    assert.equal(names.filter((name) => name.startsWith('gulema-')).length, 1);
    assert.ok(names.includes('campaign-2025'));
    assert.equal(names.length, 2);
    assert.deepEqual(report.foreignMenuIds, [foreign.richMenuId]);
    assert.deepEqual(
      report.steps.filter((step) => step.action === 'delete').map((step) => step.richMenuId).sort(),
      [staleOne.richMenuId, staleTwo.richMenuId].sort(),
    );
  });

  it('dry run changes nothing', async () => {
    await api.createRichMenu({ ...RICH_MENU, name: 'gulema-000000000000' });
    const mark = server.api.richMenuCalls().length;

    const report = await sync({ dryRun: true });

    assert.deepEqual(server.api.richMenuCalls().slice(mark).filter(isMutating), []);
    assert.equal(server.api.richMenus().length, 1);
    assert.equal(server.api.defaultRichMenuId(), null);
    assert.equal(report.dryRun, true);
    assert.equal(report.richMenuId, null);
    assert.deepEqual(report.steps.map((step) => step.action), ['create', 'upload-image', 'set-default', 'delete']);
  });

  it('resumes after missing upload', async () => {
    // A run that stopped after createRichMenu leaves a menu with the current name but no image.
    const planned = await sync({ dryRun: true });
    const { richMenuId } = await api.createRichMenu({ ...RICH_MENU, name: planned.name });

    const report = await sync();

    assert.equal(report.richMenuId, richMenuId);
    assert.deepEqual(report.steps.map((step) => step.action), ['upload-image', 'set-default']);
    assert.equal(server.api.defaultRichMenuId(), richMenuId);
    assert.deepEqual(server.api.richMenus()[0]?.image?.bytes, image);
  });

  it('reports LINE errors with status', async () => {
    const tooWide = { ...RICH_MENU, size: { width: 2600, height: 1686 } };
    await assert.rejects(sync({ menu: tooWide }), (error: unknown) => {
      assert.ok(error instanceof RichMenuSyncError);
      assert.equal(error.status, 400);
      assert.match(error.message, /validateRichMenuObject: HTTP 400/);
      return true;
    });
    assert.equal(server.api.richMenus().length, 0);
  });
});

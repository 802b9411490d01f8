import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PROJECT_ROOT } from '../../src/bootstrap.ts';
import { startFakeLineServer, type FakeLineServer } from '../../src/line/fake-api.ts';
import { build, buildModule } from '../../scripts/build.ts';
import { roleCommand } from '../../scripts/bench/role-command.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { eventFor, messageRecords, newUserId, postEvents, TECHNICAL_DIALOGUE, waitForMessageRecords } from '../support/dialogue-traffic.ts';
import { TEST_TOKEN } from '../support/harness.ts';
import { startGulemaProcess, type GulemaProcess } from '../support/process.ts';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process.ts';

describe('buildModule', () => {
  it('rewrites relative .ts specifiers only', () => {
    const source = [
      "import type { A } from './types.ts';",
      "import { b, type C } from '../b.ts';",
      "export { d } from './d.ts';",
      "const e = await import('./e.ts');",
      "import pg from 'pg';",
      "const f: number = 1;",
    ].join('\n');

    const built = buildModule(source, 'example.ts');

    assert.doesNotMatch(built, /types/, 'a type-only import disappears');
    assert.match(built, /import \{ b,\s*\} from '\.\.\/b\.mjs';/);
    assert.match(built, /export \{ d \} from '\.\/d\.mjs';/);
    assert.match(built, /import\('\.\/e\.mjs'\)/);
    assert.match(built, /import pg from 'pg';/);
    assert.match(built, /const f\s*= 1;/);
  });

  it('rejects a .ts import it cannot rewrite', () => {
    assert.throws(() => buildModule("import x from 'some-package/file.ts';", 'example.ts'), /cannot rewrite the import/);
  });
});

describe('built roles', () => {
  let database: TestDatabase;
  let line: FakeLineServer;
  let web: GulemaProcess;
  let worker: WorkerProcess;

  before(async () => {
    build();
    database = await createTestDatabase();
    line = await startFakeLineServer({ channelAccessToken: TEST_TOKEN, allowInsecureImageUrls: true });
    // The Procfile's commands exactly: the .mjs copies, with the web role's heap flags.
    web = await startGulemaProcess({ databaseUrl: database.url, lineBaseUrl: line.baseUrl, command: roleCommand('web') });
    worker = await startWorkerProcess({ databaseUrl: database.url, lineBaseUrl: line.baseUrl, command: roleCommand('worker'), env: { BASE_URL: web.url } });
  });

  after(async () => {
    await worker?.kill('SIGTERM');
    await web?.kill('SIGTERM');
    await line?.close();
    await database?.drop();
  });

  it('build writes JavaScript that imports no .ts file', () => {
    const built = readFileSync(path.join(PROJECT_ROOT, 'src', 'bootstrap.mjs'), 'utf8');

    assert.ok(existsSync(path.join(PROJECT_ROOT, 'machines', 'registry.mjs')));
    assert.match(built, /from '\.\/conversation\/runtime\.mjs'/);
    assert.doesNotMatch(built, /from '[^']*\.ts'/);
    assert.doesNotMatch(built, /: Config\b/, 'type annotations are stripped');
  });

  it('built web and worker answer a chart dialogue', async () => {
    const user = newUserId('b1');

    for (const [index, step] of TECHNICAL_DIALOGUE.entries()) {
      assert.equal((await postEvents(web.url, [eventFor(user, step)], line.api)).status, 200);
      await waitForMessageRecords(line.api, user, index + 1, 30_000);
    }

    const answer = messageRecords(line.api, user).at(-1)!;
    assert.ok(answer.messages.some((message) => message.type === 'image'), 'the worker rendered the chart');
  });
});

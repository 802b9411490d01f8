import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { startFakeLineServer, type FakeLineServer } from '../../src/line/fake-api.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { eventFor, messageRecords, newUserId, postEvents, redelivery, type ChatEvent } from '../support/dialogue-traffic.ts';
import { TEST_TOKEN } from '../support/harness.ts';
import { startGulemaProcess, type GulemaProcess } from '../support/process.ts';
import { startTcpLink, type TcpLink } from '../support/tcp-link.ts';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process.ts';

/** Delivery after a failed attempt waits for the worker's sweep: a 5 s lease release plus a 5 s interval. */
const REPLY_WAIT_MS = 25_000;

/** Redeliveries per event before the test gives up; LINE itself tries a few times over minutes. */
const MAX_REDELIVERIES = 20;

interface Sent {
  user: string;
  event: ChatEvent;
  status: number;
}

describe('database outage mid-load', () => {
  let database: TestDatabase;
  let line: FakeLineServer;
  let link: TcpLink;
  let web: GulemaProcess;
  let worker: WorkerProcess;

  before(async () => {
    database = await createTestDatabase();
    // Terminating the app's connections also ends this pool's idle ones; the pool drops them and reconnects.
    database.pool.on('error', () => {});
    line = await startFakeLineServer({ channelAccessToken: TEST_TOKEN });

    // The web process reaches Postgres only through the link; the worker connects directly and sweeps.
    const direct = new URL(database.url);
    link = await startTcpLink({ host: direct.hostname, port: Number(direct.port || 5432) });
    const linked = new URL(database.url);
    linked.port = String(link.port);
    [web, worker] = await Promise.all([
      startGulemaProcess({ databaseUrl: linked.toString(), lineBaseUrl: line.baseUrl, args: ['--web'] }),
      startWorkerProcess({ databaseUrl: database.url, lineBaseUrl: line.baseUrl }),
    ]);
  });

  after(async () => {
    await Promise.all([web?.kill('SIGTERM'), worker?.kill('SIGTERM')]);
    await link?.close();
    await line?.close();
    await database?.drop();
  });

  async function send(): Promise<Sent> {
    const user = newUserId('d1');
    const event = eventFor(user, '2330');
    const outcome = await postEvents(web.url, [event], line.api);
    return { user, event, status: outcome.status };
  }

  /** Sends the event again as LINE's redelivery until the webhook returns 200, and returns the statuses seen. */
  async function redeliverUntilAccepted(sent: Sent): Promise<number[]> {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < MAX_REDELIVERIES; attempt += 1) {
      const outcome = await postEvents(web.url, [redelivery(sent.event)], line.api);
      statuses.push(outcome.status);
      if (outcome.status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return statuses;
  }

  async function processedCount(eventId: string): Promise<number> {
    const rows = await database.pool.query<{ count: string }>('SELECT count(*) FROM processed_events WHERE event_id = $1', [eventId]);
    return Number(rows.rows[0]?.count);
  }

  async function waitForReply(user: string): Promise<void> {
    await line.api.waitFor((record) => record.to === user && record.kind !== 'loading', REPLY_WAIT_MS);
  }

  /** Checks that each event that got 200 was applied once and replied to once. */
  async function assertApplied(sent: Sent[]): Promise<void> {
    for (const { user } of sent) {
      await waitForReply(user);
    }
    // Room for a late duplicate from the worker's sweep.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    for (const { user, event } of sent) {
      assert.equal(await processedCount(event.webhookEventId), 1, `event of ${user} claimed once`);
      assert.equal(messageRecords(line.api, user).length, 1, `one answer to ${user}`);
    }
  }

  it('cut database link answers 503 then recovers', async () => {
    const before = [await send(), await send()];
    assert.deepEqual(before.map((item) => item.status), [200, 200]);

    link.cut();
    const during: Sent[] = [];
    const cutAt = Date.now();
    try {
      while (Date.now() - cutAt < 3000) {
        during.push(await send());
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    } finally {
      link.restore();
    }
    assert.ok(during.length >= 5, `${during.length} events sent while cut`);
    assert.deepEqual(during.map((item) => item.status), during.map(() => 503), 'every event during the cut answered 503');
    for (const { event } of during) {
      assert.equal(await processedCount(event.webhookEventId), 0, 'nothing applied during the cut');
    }

    // The web process reconnects on its own; the first events after the cut may still meet dead connections.
    const after: Sent[] = [];
    const restoredAt = Date.now();
    while (after.filter((item) => item.status === 200).length < 3 && Date.now() - restoredAt < 15_000) {
      after.push(await send());
    }
    assert.deepEqual(after.slice(-3).map((item) => item.status), [200, 200, 200], 'the service recovered after the cut');

    for (const item of [...during, ...after.filter((entry) => entry.status !== 200)]) {
      assert.equal((await redeliverUntilAccepted(item)).at(-1), 200, `redelivery of ${item.user} accepted`);
    }
    await assertApplied([...before, ...during, ...after]);
  });

  it('terminated connections recover by themselves', async () => {
    const killer = new pg.Client({ connectionString: database.url });
    await killer.connect();
    const dbName = new URL(database.url).pathname.slice(1);
    const sent: Sent[] = [];
    let terminated = 0;

    try {
      // Events every 25 ms; at two points every connection of the test database is terminated.
      const pending: Promise<Sent>[] = [];
      for (let index = 0; index < 40; index += 1) {
        if (index === 10 || index === 25) {
          const result = await killer.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [dbName]);
          terminated += result.rowCount ?? 0;
        }
        pending.push(send());
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      sent.push(...(await Promise.all(pending)));
    } finally {
      await killer.end();
    }

    assert.ok(terminated > 0, 'connections were terminated');
    assert.equal(web.child.exitCode, null, `web process still running; its log ends with:\n${web.output().slice(-1500)}`);
    const failed = sent.filter((item) => item.status !== 200);
    assert.deepEqual(failed.filter((item) => item.status !== 503), [], 'events not applied were answered 503');

    const later = [await send(), await send(), await send()];
    assert.deepEqual(later.map((item) => item.status), [200, 200, 200], 'the service recovered');

    for (const item of failed) {
      assert.equal((await redeliverUntilAccepted(item)).at(-1), 200, `redelivery of ${item.user} accepted`);
    }
    await assertApplied([...sent, ...later]);
  });
});

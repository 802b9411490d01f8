import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakeLineServer, type FakeLineServer } from '../../src/line/fake-api.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import {
  conversationTranscript,
  eventFor,
  messageRecords,
  newUserId,
  postEvents,
  QUOTE_DIALOGUE,
  redelivery,
  TECHNICAL_DIALOGUE,
  waitForMessageRecords,
  type DialogueStep,
} from '../support/dialogue-traffic.ts';
import { startHarness, TEST_TOKEN } from '../support/harness.ts';
import { startGulemaProcess, type GulemaProcess } from '../support/process.ts';
import { startRoundRobinProxy, type RoundRobinProxy } from '../support/round-robin.ts';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process.ts';

const USERS = 50;

/** A chart waits behind up to 25 others on two workers, about 0.5 s each when the machine is idle. */
const STEP_TIMEOUT_MS = 60_000;

interface ChatRow {
  machine_id: string | null;
  preferences: unknown;
}

interface Expected {
  transcript: string[];
  chat: ChatRow;
}

type Redelivery = 'none' | 'viaProxyAtOnce' | 'toFirstWebAfter' | 'toSecondWebAtOnce';

/** Picks how an event is sent again: every fifth one, cycling through the ways LINE's redelivery can reach a fleet. */
function redeliveryFor(globalIndex: number): Redelivery {
  if (globalIndex % 5 !== 0) {
    return 'none';
  }
  const modes: Redelivery[] = ['viaProxyAtOnce', 'toFirstWebAfter', 'toSecondWebAtOnce'];
  return modes[(globalIndex / 5) % modes.length]!;
}

async function chatRow(database: TestDatabase, chatId: string): Promise<ChatRow | undefined> {
  const rows = await database.pool.query<ChatRow>('SELECT machine_id, preferences FROM chats WHERE chat_id = $1', [chatId]);
  return rows.rows[0];
}

async function waitForEmptyOutbox(database: TestDatabase, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pending = await database.pool.query<{ count: string }>("SELECT count(*) FROM outbox WHERE status = 'pending'");
    if (pending.rows[0]?.count === '0') return;
    if (Date.now() > deadline) throw new Error(`${pending.rows[0]?.count} outbox rows still pending after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Runs each script once, one event at a time, on a single in-process instance with its own database. */
async function referenceRun(scripts: DialogueStep[][]): Promise<Expected[]> {
  const harness = await startHarness({ roles: { web: true, worker: true } });
  try {
    const expected: Expected[] = [];
    for (const script of scripts) {
      const user = newUserId('a0');
      for (const [index, step] of script.entries()) {
        const response = await harness.send([eventFor(user, step)]);
        assert.equal(response.status, 200, 'reference webhook answered 200');
        await waitForMessageRecords(harness.line.api, user, index + 1, STEP_TIMEOUT_MS);
      }
      await harness.gulema.deliverer.idle();
      expected.push({ transcript: conversationTranscript(harness.line.api, user), chat: (await chatRow(harness.database, user))! });
    }
    return expected;
  } finally {
    await harness.stop();
  }
}

/**
 * Charts are checked separately: with the current pg-boss settings a
 * backlog of chart jobs drains at one job per worker per 30 s.
 */
const CHART_WAIT_MS = 20_000;

describe('scale-out behind a round-robin proxy', () => {
  let database: TestDatabase;
  let line: FakeLineServer;
  let webs: GulemaProcess[] = [];
  let workers: WorkerProcess[] = [];
  let proxy: RoundRobinProxy;
  let expectedQuote: Expected;
  let expectedTechnical: Expected;
  const users = Array.from({ length: USERS }, (_, index) => ({ id: newUserId('b0'), script: index % 2 === 0 ? QUOTE_DIALOGUE : TECHNICAL_DIALOGUE }));
  const technicalUsers = users.filter((user) => user.script === TECHNICAL_DIALOGUE);

  before(async () => {
    [expectedQuote, expectedTechnical] = (await referenceRun([QUOTE_DIALOGUE, TECHNICAL_DIALOGUE])) as [Expected, Expected];

    database = await createTestDatabase();
    line = await startFakeLineServer({ channelAccessToken: TEST_TOKEN, allowInsecureImageUrls: true });
    proxy = await startRoundRobinProxy();
    // Workers serve no HTTP: their chart links point at the web fleet, as BASE_URL does on Heroku.
    const options = { databaseUrl: database.url, lineBaseUrl: line.baseUrl, env: { BASE_URL: proxy.url } };
    [webs, workers] = await Promise.all([
      Promise.all([startGulemaProcess({ ...options, args: ['--web'] }), startGulemaProcess({ ...options, args: ['--web'] })]),
      Promise.all([startWorkerProcess(options), startWorkerProcess(options)]),
    ]);
    proxy.setTargets(webs.map((web) => web.url));
  });

  after(async () => {
    // SCALE_DEBUG=1 prints the chart jobs' timeline, to see how a backlog drains.
    if (process.env.SCALE_DEBUG) {
      const jobs = await database.pool.query("SELECT state, created_on, started_on, completed_on FROM pgboss.job WHERE name = 'chart' ORDER BY created_on");
      console.log(jobs.rows.map((row) => JSON.stringify(row)).join('\n'));
    }
    await proxy?.close();
    await Promise.all([...webs, ...workers].map((child) => child.kill('SIGTERM')));
    await line?.close();
    await database?.drop();
  });

  it('dialogues match one instance despite redeliveries', async () => {
    const [firstWeb, secondWeb] = webs as [GulemaProcess, GulemaProcess];
    const statuses: number[] = [];
    const eventIds = new Set<string>();
    let globalIndex = 0;

    // All users talk at once; each waits for the bot's answer before the next step, as a person does.
    await Promise.all(
      users.map(async (user, userIndex) => {
        await new Promise((resolve) => setTimeout(resolve, (userIndex % 10) * 15));
        for (const [stepIndex, step] of user.script.entries()) {
          const event = eventFor(user.id, step);
          eventIds.add(event.webhookEventId);
          const mode = redeliveryFor(globalIndex);
          globalIndex += 1;

          const sends = [postEvents(proxy.url, [event], line.api)];
          if (mode === 'viaProxyAtOnce') sends.push(postEvents(proxy.url, [redelivery(event)], line.api));
          if (mode === 'toSecondWebAtOnce') sends.push(postEvents(secondWeb.url, [redelivery(event)], line.api));
          for (const outcome of await Promise.all(sends)) statuses.push(outcome.status);
          if (mode === 'toFirstWebAfter') statuses.push((await postEvents(firstWeb.url, [redelivery(event)], line.api)).status);

          // The last 技術分析 step is answered by a chart job, which the next case waits for.
          const last = stepIndex === user.script.length - 1;
          if (last && user.script === TECHNICAL_DIALOGUE) {
            await line.api.waitFor((record) => record.to === user.id && record.kind === 'loading', STEP_TIMEOUT_MS);
          } else {
            await waitForMessageRecords(line.api, user.id, stepIndex + 1, STEP_TIMEOUT_MS);
          }
        }
      }),
    );

    assert.deepEqual(new Set(statuses), new Set([200]), 'every webhook, original or redelivered, answered 200');
    assert.ok(statuses.length > eventIds.size, `${statuses.length - eventIds.size} redeliveries were sent`);
    assert.deepEqual(proxy.counts().map((count) => count > 50), [true, true], 'both web processes took traffic');

    const processed = await database.pool.query<{ count: string }>('SELECT count(*) FROM processed_events');
    assert.equal(Number(processed.rows[0]?.count), eventIds.size, 'each distinct event id claimed once');

    for (const user of users) {
      const expected = user.script === QUOTE_DIALOGUE ? expectedQuote : expectedTechnical;
      const prompts = user.script === QUOTE_DIALOGUE ? expected.transcript : expected.transcript.slice(0, user.script.length - 1);
      assert.deepEqual(conversationTranscript(line.api, user.id).slice(0, prompts.length), prompts, `messages of ${user.id}`);
      assert.deepEqual(await chatRow(database, user.id), expected.chat, `chat row of ${user.id}`);
    }

    const jobs = await database.pool.query<{ count: string }>("SELECT count(*) FROM pgboss.job WHERE name = 'chart'");
    assert.equal(Number(jobs.rows[0]?.count), technicalUsers.length, 'one chart job per 技術分析 dialogue');
  });

  it('every chart answered exactly once', async () => {
    const deadline = Date.now() + CHART_WAIT_MS;
    for (const user of technicalUsers) {
      await waitForMessageRecords(line.api, user.id, user.script.length, Math.max(deadline - Date.now(), 1));
    }
    await waitForEmptyOutbox(database, 15_000);
    // Room for a late duplicate from a sweeper or a retried job to show up.
    await new Promise((resolve) => setTimeout(resolve, 1500));

    for (const user of users) {
      const expected = user.script === QUOTE_DIALOGUE ? expectedQuote : expectedTechnical;
      assert.deepEqual(conversationTranscript(line.api, user.id), expected.transcript, `messages of ${user.id}`);
      assert.deepEqual(messageRecords(line.api, user.id).map((record) => record.kind), user.script.map(() => 'reply'), `${user.id} answered by reply tokens`);
    }

    const duplicatedJobs = await database.pool.query('SELECT job_id, count(*) FROM outbox WHERE job_id IS NOT NULL GROUP BY job_id HAVING count(*) > 1');
    assert.deepEqual(duplicatedJobs.rows, []);

    const images = technicalUsers.map((user) => messageRecords(line.api, user.id).flatMap((record) => record.messages).filter((message) => message.type === 'image').length);
    assert.deepEqual(images, technicalUsers.map(() => 1), 'one chart image per 技術分析 dialogue');
    const loadings = technicalUsers.map((user) => line.api.sentTo(user.id).filter((record) => record.kind === 'loading').length);
    assert.deepEqual(loadings, technicalUsers.map(() => 1), 'one loading animation per chart');

    const jobs = await database.pool.query<{ state: string; retry_count: number; count: string }>(
      "SELECT state, retry_count, count(*) FROM pgboss.job WHERE name = 'chart' GROUP BY state, retry_count",
    );
    assert.deepEqual(jobs.rows, [{ state: 'completed', retry_count: 0, count: String(technicalUsers.length) }], 'each chart job ran once and completed');
  });
});

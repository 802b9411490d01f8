import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { PgBoss } from 'pg-boss';
import { LEASE_SECONDS } from '../../src/delivery/outbox.ts';
import { QUEUES } from '../../src/jobs/boss.ts';
import { eventFor, messageRecords, newUserId, postEvents, TECHNICAL_DIALOGUE, waitForMessageRecords } from '../support/dialogue-traffic.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process.ts';

/** The chart queue's expireInSeconds in src/jobs/boss.ts. */
const CHART_EXPIRE_SECONDS = 60;

/**
 * What a user can be asked to wait for a chart whose worker died. The current
 * settings need an estimated 60–150 s: 60 s expiry, up to 60 s to the next
 * supervise pass and up to 30 s to the next poll.
 */
const FAILOVER_LIMIT_MS = 30_000;

interface ChartJobRow {
  id: string;
  state: string;
  retry_count: number;
}

describe('worker killed during a chart job', () => {
  let harness: Harness;
  const workers: WorkerProcess[] = [];

  before(async () => {
    // The web role in this process; workers are child processes that can be killed.
    harness = await startHarness({ roles: { web: true, worker: false } });
  });

  after(async () => {
    await killWorkers();
    await harness.stop();
  });

  // Each case needs to know which worker claimed its job, so no worker outlives its case.
  afterEach(killWorkers);

  async function killWorkers(): Promise<void> {
    await Promise.all(workers.splice(0).map((worker) => worker.kill('SIGKILL')));
  }

  async function startWorker(): Promise<WorkerProcess> {
    const worker = await startWorkerProcess({ databaseUrl: harness.database.url, lineBaseUrl: harness.line.baseUrl, env: { BASE_URL: harness.url } });
    workers.push(worker);
    return worker;
  }

  async function chartJobOf(user: string): Promise<ChartJobRow | undefined> {
    const rows = await harness.database.pool.query<ChartJobRow>("SELECT id, state, retry_count FROM pgboss.job WHERE name = $1 AND data->>'chatId' = $2", [QUEUES.chart, user]);
    return rows.rows[0];
  }

  async function waitForJobState(user: string, states: string[], timeoutMs: number): Promise<ChartJobRow> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const job = await chartJobOf(user);
      if (job && states.includes(job.state)) return job;
      if (Date.now() > deadline) throw new Error(`chart job of ${user} not in ${states.join('/')} within ${timeoutMs} ms: ${JSON.stringify(job)}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /**
   * Walks 技術分析 up to the chart with one worker running, kills that worker
   * with SIGKILL as soon as it has claimed the chart job, and returns the job
   * as it was then. Only one worker runs, so the dead one held the job.
   */
  async function killWorkerMidChart(user: string): Promise<{ job: ChartJobRow; answeredBeforeKill: boolean }> {
    const worker = await startWorker();
    for (const [index, step] of TECHNICAL_DIALOGUE.entries()) {
      assert.equal((await postEvents(harness.url, [eventFor(user, step)], harness.line.api)).status, 200);
      if (index < TECHNICAL_DIALOGUE.length - 1) {
        await waitForMessageRecords(harness.line.api, user, index + 1, 10_000);
      }
    }

    const job = await waitForJobState(user, ['active', 'completed'], 20_000);
    await worker.kill('SIGKILL');
    const answered = await harness.database.pool.query('SELECT 1 FROM outbox WHERE job_id = $1', [job.id]);
    return { job, answeredBeforeKill: (answered.rowCount ?? 0) > 0 };
  }

  async function assertAnsweredOnce(user: string, jobId: string): Promise<void> {
    // Room for a second answer from a sweep or another run of the job.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const records = messageRecords(harness.line.api, user);
    const images = records.flatMap((record) => record.messages).filter((message) => message.type === 'image');
    const rows = await harness.database.pool.query<{ count: string }>('SELECT count(*) FROM outbox WHERE job_id = $1', [jobId]);

    assert.equal(images.length, 1, 'one chart image');
    assert.equal(records.length, TECHNICAL_DIALOGUE.length, 'four prompts and one chart answer');
    assert.equal(rows.rows[0]?.count, '1', 'one outbox row for the job');
  }

  it('chart fails over within 30 s', async () => {
    const user = newUserId('e1');
    const { job } = await killWorkerMidChart(user);
    assert.equal(job.state, 'active', 'the worker was killed while the job was active');
    await startWorker();

    await waitForMessageRecords(harness.line.api, user, TECHNICAL_DIALOGUE.length, FAILOVER_LIMIT_MS);
    await assertAnsweredOnce(user, job.id);
  });

  it('expired chart job is retried once', async () => {
    const user = newUserId('e2');
    const { job, answeredBeforeKill } = await killWorkerMidChart(user);
    assert.equal(job.state, 'active', 'the worker was killed while the job was active');

    // Stands in for expireInSeconds passing: the job is dated back, and a supervise pass fails it into retry.
    await harness.database.pool.query(`UPDATE pgboss.job SET started_on = started_on - make_interval(secs => $2) WHERE id = $1`, [job.id, CHART_EXPIRE_SECONDS]);
    const supervisor = new PgBoss({ connectionString: harness.database.url, schema: 'pgboss', supervise: false, schedule: false, monitorIntervalSeconds: 1 });
    supervisor.on('error', () => {});
    await supervisor.start();
    try {
      await new Promise((resolve) => setTimeout(resolve, 1100));
      await supervisor.supervise(QUEUES.chart);
    } finally {
      await supervisor.stop({ graceful: false });
    }
    const expired = await chartJobOf(user);
    assert.equal(expired?.state, 'retry', 'the supervise pass put the expired job up for retry');

    // A fresh worker fetches at start-up; the queue's retryDelay is 1 s.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await startWorker();
    const waitMs = (answeredBeforeKill ? LEASE_SECONDS + 10 : 15) * 1000;
    await waitForMessageRecords(harness.line.api, user, TECHNICAL_DIALOGUE.length, waitMs);
    await assertAnsweredOnce(user, job.id);

    const finished = await waitForJobState(user, ['completed'], 10_000);
    assert.equal(finished.retry_count, 1, 'the job ran a second time');
  });
});

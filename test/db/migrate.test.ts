import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { listMigrations, migrate } from '../../src/db/migrate.ts';
import { createLogger } from '../../src/logger.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

describe('migrate', () => {
  let database: TestDatabase;

  before(async () => {
    database = await createTestDatabase({ migrate: false });
  });

  after(async () => {
    await database.drop();
  });

  it('applies every migration once, in order', async () => {
    const expected = (await listMigrations()).map((migration) => migration.version);

    const applied = await migrate(database.pool, createLogger('silent'));
    const recorded = await database.pool.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');

    assert.deepEqual(applied, expected);
    assert.deepEqual(recorded.rows.map((row) => row.version), expected);
  });

  it('second run applies nothing', async () => {
    const applied = await migrate(database.pool, createLogger('silent'));

    assert.deepEqual(applied, []);
  });

  it('concurrent runs do not collide', async () => {
    const fresh = await createTestDatabase({ migrate: false });
    try {
      const results = await Promise.all([migrate(fresh.pool, createLogger('silent')), migrate(fresh.pool, createLogger('silent'))]);
      const total = results[0].length + results[1].length;
      assert.equal(total, (await listMigrations()).length);
    } finally {
      await fresh.drop();
    }
  });

  it('creates the conversation tables', async () => {
    const tables = await database.pool.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name");
    const names = tables.rows.map((row) => row.table_name);

    for (const table of ['chats', 'outbox', 'processed_events', 'schema_migrations']) {
      assert.ok(names.includes(table), `${table} exists`);
    }
  });
});

import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { startEmbeddedPostgres } from '../../src/db/embedded.ts';
import { createLogger } from '../../src/logger.ts';

describe('embedded Postgres', () => {
  it('names a port another program holds', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'gulema-embedded-'));
    const other = createServer((socket) => socket.destroy());
    other.listen(0, '127.0.0.1');
    await once(other, 'listening');
    const address = other.address();
    const port = typeof address === 'object' && address ? address.port : 0;

    try {
      await assert.rejects(startEmbeddedPostgres(folder, createLogger('silent'), port), new RegExp(`127\\.0\\.0\\.1:${port} is used by another program.*set DATABASE_URL`));
    } finally {
      other.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

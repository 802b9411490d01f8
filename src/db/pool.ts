/** The shared connection pool. */
import pg from 'pg';

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

export interface PoolOptions {
  connectionString: string;
  ssl: boolean;
  max?: number;
}

export function createPool(options: PoolOptions): pg.Pool {
  return new pg.Pool({
    connectionString: options.connectionString,
    // Heroku Postgres presents a certificate that is not in Node's store.
    ssl: options.ssl ? { rejectUnauthorized: false } : undefined,
    max: options.max ?? 10,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
  });
}

/**
 * Runs `work` in a transaction on one client, rolling back on any error.
 * pg-pool drops its own error listener while a client is checked out, so a
 * connection lost between queries would emit an unhandled 'error' and end
 * the process; this listener keeps that error and rethrows it, so callers
 * see a database outage rather than "Client was closed".
 */
export async function withTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let lost: Error | undefined;
  const onError = (error: Error) => {
    lost ??= error;
  };
  client.on('error', onError);

  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw lost ?? error;
  } finally {
    client.off('error', onError);
    // A client whose connection failed is destroyed instead of going back to the pool.
    client.release(lost);
  }
}

/** Postgres error codes (and socket errors) that mean "try again later", not "bad request". */
export function isTransientDatabaseError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') {
    return error instanceof Error && /Connection terminated|timeout exceeded when trying to connect/i.test(error.message);
  }
  return code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300' || code === '40001' || code === '40P01' || code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'ETIMEDOUT';
}

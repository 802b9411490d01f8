/**
 * Images and downloads the bot serves itself, kept in Postgres so every web
 * process can serve what any worker rendered. Ids are 128 random bits in
 * base64url, so links cannot be guessed.
 */
import { randomBytes } from 'node:crypto';
import type pg from 'pg';

/** LINE may show a chart again when a user scrolls back, so images outlive the dialogue by weeks. */
export const IMAGE_TTL_DAYS = 30;

/** CSV links are meant to be tapped soon after they are sent. */
export const DOWNLOAD_TTL_DAYS = 7;

const ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

export function newFileId(): string {
  return randomBytes(16).toString('base64url');
}

export function isFileId(id: string): boolean {
  return ID_PATTERN.test(id);
}

export async function saveImage(db: Queryable, png: Buffer, preview: Buffer): Promise<string> {
  const id = newFileId();
  await db.query(`INSERT INTO images (id, png, preview, expires_at) VALUES ($1, $2, $3, now() + make_interval(days => $4))`, [id, png, preview, IMAGE_TTL_DAYS]);
  return id;
}

export async function readImage(db: Queryable, id: string, variant: 'png' | 'preview'): Promise<Buffer | null> {
  if (!isFileId(id)) {
    return null;
  }
  const column = variant === 'png' ? 'png' : 'preview';
  const result = await db.query<{ body: Buffer }>(`SELECT ${column} AS body FROM images WHERE id = $1 AND expires_at > now()`, [id]);
  return result.rows[0]?.body ?? null;
}

export async function saveDownload(db: Queryable, filename: string, contentType: string, body: Buffer): Promise<string> {
  const id = newFileId();
  await db.query(
    `INSERT INTO downloads (id, filename, content_type, body, expires_at) VALUES ($1, $2, $3, $4, now() + make_interval(days => $5))`,
    [id, filename, contentType, body, DOWNLOAD_TTL_DAYS],
  );
  return id;
}

export async function readDownload(db: Queryable, id: string): Promise<{ filename: string; contentType: string; body: Buffer } | null> {
  if (!isFileId(id)) {
    return null;
  }
  const result = await db.query<{ filename: string; content_type: string; body: Buffer }>(
    'SELECT filename, content_type, body FROM downloads WHERE id = $1 AND expires_at > now()',
    [id],
  );
  const row = result.rows[0];
  return row ? { filename: row.filename, contentType: row.content_type, body: row.body } : null;
}

/** Deletes expired images and downloads; returns how many rows went. */
export async function pruneFiles(db: Queryable): Promise<number> {
  const images = await db.query('DELETE FROM images WHERE expires_at <= now()');
  const downloads = await db.query('DELETE FROM downloads WHERE expires_at <= now()');
  return (images.rowCount ?? 0) + (downloads.rowCount ?? 0);
}

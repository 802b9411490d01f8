import { MarketDataError } from '../types.ts';

/**
 * Parses a response body as JSON, rejecting an empty body or an HTML page
 * as malformed. TWSE and TPEx can serve an HTML error page with status 200
 * when they throttle or reject a request.
 */
export function parseJsonBody(text: string, context: string): unknown {
  const body = text.trim();
  if (body === '') {
    throw new MarketDataError('malformed', `${context}: empty response body`);
  }

  if (body.startsWith('<')) {
    throw new MarketDataError('malformed', `${context}: expected JSON but received HTML: ${preview(body)}`);
  }

  try {
    return JSON.parse(body);
  } catch (error) {
    throw new MarketDataError('malformed', `${context}: invalid JSON: ${preview(body)}`, { cause: error });
  }
}

/** Returns `value` as a plain object, or throws when it is anything else. */
export function requireObject(value: unknown, context: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new MarketDataError('malformed', `${context}: expected an object`);
  }

  return value as Record<string, unknown>;
}

export function requireArray(value: unknown, context: string): unknown[] {
  if (!Array.isArray(value)) {
    throw new MarketDataError('malformed', `${context}: expected an array`);
  }

  return value;
}

export function requireString(value: unknown, context: string): string {
  if (typeof value !== 'string') {
    throw new MarketDataError('malformed', `${context}: expected a string`);
  }

  return value;
}

/** Returns a row of string cells, as every TWSE and TPEx table uses. */
export function requireStringRow(value: unknown, context: string): string[] {
  const row = requireArray(value, context);
  if (!row.every((cell) => typeof cell === 'string')) {
    throw new MarketDataError('malformed', `${context}: expected a row of strings`);
  }

  return row as string[];
}

function preview(text: string): string {
  return JSON.stringify(text.slice(0, 80));
}

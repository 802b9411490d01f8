/**
 * Masks LINE user, group and room ids before they leave the process for the
 * inspector: `U` followed by 32 hex digits becomes `U1234…abcd`. The masked
 * form still distinguishes chats in a debugging session but cannot be used to
 * push messages to anyone.
 */

/** LINE ids are a type letter (U user, C group, R room) and 32 hex digits. */
const LINE_ID = /\b([UCR])([0-9a-f]{32})\b/gi;

/** How many hex digits stay visible at each end of a masked id. */
const VISIBLE = 4;

export function maskLineIds(text: string): string {
  return text.replace(LINE_ID, (_match, kind: string, hex: string) => `${kind}${hex.slice(0, VISIBLE)}…${hex.slice(-VISIBLE)}`);
}

/** Returns a copy of a JSON-like value with every LINE id in its strings and keys masked. */
export function maskDeep<T>(value: T): T {
  return maskValue(value) as T;
}

function maskValue(value: unknown): unknown {
  if (typeof value === 'string') {
    return maskLineIds(value);
  }
  if (Array.isArray(value)) {
    return value.map(maskValue);
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [maskLineIds(key), maskValue(inner)]));
  }
  return value;
}

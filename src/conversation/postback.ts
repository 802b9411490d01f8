/**
 * Postback data that the bot's own buttons carry. Encoded as URL query
 * strings because LINE delivers `postback.data` verbatim and caps it at 300
 * characters.
 *
 * - A dialogue choice: `d=<dialogue>&s=<step>&v=<value>`. The dialogue and
 *   step let the runtime reject a button tapped after the dialogue moved on.
 * - A command (rich menu, shortcuts): `cmd=<command>`, for example
 *   `cmd=menu:quote` or `cmd=quote:2330`.
 */

export type Postback =
  | { kind: 'choice'; dialogue: string; step: string; value: string }
  | { kind: 'command'; command: string };

/** LINE rejects postback data over 300 characters. */
export const MAX_POSTBACK_DATA = 300;

export function encodeChoice(dialogue: string, step: string, value: string): string {
  return checkLength(new URLSearchParams({ d: dialogue, s: step, v: value }).toString());
}

export function encodeCommand(command: string): string {
  return checkLength(new URLSearchParams({ cmd: command }).toString());
}

/** Parses postback data; returns null for anything the bot did not produce. */
export function decodePostback(data: unknown): Postback | null {
  if (typeof data !== 'string' || data.length === 0 || data.length > MAX_POSTBACK_DATA) {
    return null;
  }

  const params = new URLSearchParams(data);
  const command = params.get('cmd');
  if (command) {
    return { kind: 'command', command };
  }

  const dialogue = params.get('d');
  const step = params.get('s');
  const value = params.get('v');
  if (dialogue && step && value !== null) {
    return { kind: 'choice', dialogue, step, value };
  }

  return null;
}

function checkLength(data: string): string {
  if (data.length > MAX_POSTBACK_DATA) {
    throw new RangeError(`postback data is ${data.length} characters; LINE allows ${MAX_POSTBACK_DATA}`);
  }
  return data;
}

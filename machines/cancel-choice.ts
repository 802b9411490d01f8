/**
 * The 取消 quick reply offered beside a confirmation. Typed 取消 reaches every
 * dialogue as CANCEL (router.ts, CANCEL_WORDS). A tap arrives as CHOOSE with
 * this value and carries its dialogue and step like any choice, so the runtime
 * rejects a stale tap before the machine receives it.
 */
import { copy } from './copy.ts';
import type { DialogueEvent } from './events.ts';
import type { Choice } from './intents.ts';

const CANCEL_VALUE = 'cancel';

export const CANCEL_CHOICE: Choice = { label: copy.cancelChoice, value: CANCEL_VALUE };

/** Returns whether the event is a tap on `CANCEL_CHOICE`. */
export function isCancelChoice(event: DialogueEvent): boolean {
  return event.type === 'CHOOSE' && event.value === CANCEL_VALUE;
}

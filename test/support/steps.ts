/**
 * Events and a driver for tests of the pure conversation step: what the
 * webhook hands to `step` after normalisation, and a run of several events.
 */
import type { StockLookup } from '../../machines/events.ts';
import type { Intent } from '../../machines/intents.ts';
import { IDLE, step, type ChatState, type ConversationEvent } from '../../src/conversation/step.ts';

const NOT_FOUND: StockLookup = { kind: 'notFound' };

/** Returns a typed text event, with the directory's lookup of that text. */
export function text(value: string, stock: StockLookup = NOT_FOUND): ConversationEvent {
  return { type: 'text', text: value, stock };
}

/** Returns a tapped choice button of one dialogue step. */
export function choice(dialogue: string, stepName: string, value: string): ConversationEvent {
  return { type: 'choice', dialogue, step: stepName, value, stock: NOT_FOUND };
}

/** Applies events in order from an idle chat, one second apart from `start`, and returns the last step's result. */
export function run(events: ConversationEvent[], start: number): { state: ChatState; intents: Intent[] } {
  let state = IDLE;
  let intents: Intent[] = [];
  events.forEach((event, index) => {
    ({ state, intents } = step(state, event, start + index * 1000, false));
  });
  return { state, intents };
}

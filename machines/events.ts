/**
 * Events the runtime sends to dialogue machines. The runtime turns LINE
 * webhooks into these, resolving what the user typed against the
 * securities directory first, so machines stay free of I/O.
 */
import type { ChartRequest, StockRef } from './intents.ts';

/** The securities-directory match for a piece of user input. */
export type StockLookup =
  | { kind: 'found'; stock: StockRef; exact: boolean }
  | { kind: 'ambiguous'; candidates: StockRef[] }
  | { kind: 'notFound' };

export type DialogueEvent =
  /** Typed text. `stock` is the directory's reading of it. */
  | {
      type: 'TEXT';
      text: string;
      stock: StockLookup;
      /** The current price of the stock a dialogue is about, where a step checks a value against it. */
      reference?: { price: number; etf: boolean } | null;
    }
  /** A quick-reply button of the current step was tapped. */
  | { type: 'CHOOSE'; step: string; value: string; stock: StockLookup }
  | { type: 'CANCEL' }
  | { type: 'BACK' }
  | { type: 'HELP' }
  /** Sent by the runtime when the dialogue sat idle too long. */
  | { type: 'EXPIRE' };

/** Input every dialogue machine accepts when it starts. */
export interface DialogueInput {
  /** Group and room chats: stay silent on text that is not for the bot. */
  quiet?: boolean;
  /** Skip the stock step, for dialogues started from a quote card. */
  stock?: StockRef;
  /** The chat's last chart settings of this dialogue, offered as one tap. */
  last?: ChartRequest;
  /** The stock the chat looked at last, offered first. */
  recent?: StockRef;
}

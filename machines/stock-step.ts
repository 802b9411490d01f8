/**
 * The "which stock?" step that every dialogue starts with: the prompts it
 * emits and how it reads the directory's answer. Plain functions, so each
 * machine stays a flat config that pastes into Stately Studio.
 */
import { copy, POPULAR_STOCKS } from './copy.ts';
import type { DialogueEvent, StockLookup } from './events.ts';
import type { Choice, Intent, StockRef } from './intents.ts';

/** Context fields every dialogue with a stock step keeps. */
export interface StockStepContext {
  quiet: boolean;
  stock: StockRef | null;
  candidates: StockRef[];
  query: string;
}

export function lookupOf(event: DialogueEvent): StockLookup {
  return event.type === 'TEXT' || event.type === 'CHOOSE' ? event.stock : { kind: 'notFound' };
}

/** Returns the text a user typed or the value of the button they tapped; empty for other events. */
export function inputOf(event: DialogueEvent): string {
  if (event.type === 'TEXT') {
    return event.text;
  }
  if (event.type === 'CHOOSE') {
    return event.value;
  }
  return '';
}

/** Returns the user's input shortened for quoting it back in a prompt. */
export function shortQuery(event: DialogueEvent): string {
  const text = inputOf(event).trim();
  return text.length > 20 ? `${text.slice(0, 20)}…` : text;
}

export function foundStock(event: DialogueEvent): StockRef | null {
  const lookup = lookupOf(event);
  return lookup.kind === 'found' ? lookup.stock : null;
}

export function candidatesOf(event: DialogueEvent): StockRef[] {
  const lookup = lookupOf(event);
  return lookup.kind === 'ambiguous' ? lookup.candidates : [];
}

export function stockChoices(stocks: readonly StockRef[]): Choice[] {
  return stocks.map((stock) => ({ label: copy.stockLabel(stock), value: stock.code }));
}

export function askStockIntent(dialogue: string, text: string = copy.askStock, extra: Choice[] = []): Intent {
  return { type: 'ask', dialogue, step: 'askStock', text, choices: [...extra, ...stockChoices(POPULAR_STOCKS)] };
}

export function stockNotFoundIntent(dialogue: string, event: DialogueEvent, extra: Choice[] = []): Intent {
  return askStockIntent(dialogue, copy.stockNotFound(shortQuery(event)), extra);
}

export function chooseStockIntent(dialogue: string, context: StockStepContext): Intent {
  return { type: 'ask', dialogue, step: 'chooseStock', text: copy.chooseStock(context.query), choices: stockChoices(context.candidates) };
}

export function isCandidate(context: StockStepContext, event: DialogueEvent): boolean {
  const stock = foundStock(event);
  return stock !== null && context.candidates.some((candidate) => candidate.code === stock.code);
}

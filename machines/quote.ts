/**
 * 即時查詢: ask for a stock, let the user pick when a name is ambiguous,
 * then show its quote card.
 */
import { assign, emit, setup } from 'xstate';
import { copy, POPULAR_STOCKS } from './copy.ts';
import type { DialogueEvent, DialogueInput, StockLookup } from './events.ts';
import type { Intent, StockRef } from './intents.ts';

interface QuoteContext {
  quiet: boolean;
  stock: StockRef | null;
  candidates: StockRef[];
  query: string;
}

const DIALOGUE = 'quote';

function lookupOf(event: DialogueEvent): StockLookup {
  return event.type === 'TEXT' || event.type === 'CHOOSE' ? event.stock : { kind: 'notFound' };
}

function shortQuery(event: DialogueEvent): string {
  const text = event.type === 'TEXT' ? event.text.trim() : event.type === 'CHOOSE' ? event.value : '';
  return text.length > 20 ? `${text.slice(0, 20)}…` : text;
}

export const quoteMachine = setup({
  types: {
    context: {} as QuoteContext,
    events: {} as DialogueEvent,
    input: {} as DialogueInput,
    emitted: {} as Intent,
  },
  guards: {
    found: ({ event }) => lookupOf(event).kind === 'found',
    ambiguous: ({ event }) => lookupOf(event).kind === 'ambiguous',
    quiet: ({ context }) => context.quiet,
    isCandidate: ({ context, event }) => {
      const lookup = lookupOf(event);
      return lookup.kind === 'found' && context.candidates.some((candidate) => candidate.code === lookup.stock.code);
    },
  },
  actions: {
    rememberStock: assign({
      stock: ({ event }) => {
        const lookup = lookupOf(event);
        return lookup.kind === 'found' ? lookup.stock : null;
      },
    }),
    rememberCandidates: assign({
      candidates: ({ event }) => {
        const lookup = lookupOf(event);
        return lookup.kind === 'ambiguous' ? lookup.candidates : [];
      },
      query: ({ event }) => shortQuery(event),
    }),
    askStock: emit(() => ({
      type: 'ask' as const,
      dialogue: DIALOGUE,
      step: 'askStock',
      text: copy.askStock,
      choices: POPULAR_STOCKS.map((stock) => ({ label: copy.stockLabel(stock), value: stock.code })),
    })),
    askAgainNotFound: emit(({ event }) => ({
      type: 'ask' as const,
      dialogue: DIALOGUE,
      step: 'askStock',
      text: copy.stockNotFound(shortQuery(event)),
      choices: POPULAR_STOCKS.map((stock) => ({ label: copy.stockLabel(stock), value: stock.code })),
    })),
    askChoice: emit(({ context }) => ({
      type: 'ask' as const,
      dialogue: DIALOGUE,
      step: 'chooseStock',
      text: copy.chooseStock(context.query),
      choices: context.candidates.map((stock) => ({ label: copy.stockLabel(stock), value: stock.code })),
    })),
    sayFirstStep: emit({ type: 'say' as const, text: copy.firstStep }),
    sayStockHelp: emit({ type: 'say' as const, text: copy.askStockHelp }),
    sayChoiceHelp: emit({ type: 'say' as const, text: copy.chooseStockHelp }),
    sayCancelled: emit({ type: 'say' as const, text: copy.cancelled }),
    sayExpired: emit({ type: 'say' as const, text: copy.expired }),
    showQuote: emit(({ context }) => ({ type: 'showQuote' as const, stock: context.stock! })),
  },
}).createMachine({
  id: 'quote',
  context: ({ input }) => ({
    quiet: input.quiet ?? false,
    stock: input.stock ?? null,
    candidates: [],
    query: '',
  }),
  initial: 'start',
  on: {
    CANCEL: { target: '.cancelled' },
    EXPIRE: { target: '.expired' },
  },
  states: {
    start: {
      always: [{ guard: ({ context }) => context.stock !== null, target: 'done' }, { target: 'askStock' }],
    },
    askStock: {
      entry: 'askStock',
      on: {
        TEXT: [
          { guard: 'found', target: 'done', actions: 'rememberStock' },
          { guard: 'ambiguous', target: 'chooseStock', actions: 'rememberCandidates' },
          { guard: 'quiet' },
          { actions: 'askAgainNotFound' },
        ],
        CHOOSE: [{ guard: 'found', target: 'done', actions: 'rememberStock' }, { actions: 'askAgainNotFound' }],
        BACK: { target: 'askStock', reenter: true, actions: 'sayFirstStep' },
        HELP: { target: 'askStock', reenter: true, actions: 'sayStockHelp' },
      },
    },
    chooseStock: {
      entry: 'askChoice',
      on: {
        CHOOSE: [{ guard: 'isCandidate', target: 'done', actions: 'rememberStock' }, { target: 'chooseStock', reenter: true }],
        TEXT: [
          { guard: 'found', target: 'done', actions: 'rememberStock' },
          { guard: 'ambiguous', target: 'chooseStock', reenter: true, actions: 'rememberCandidates' },
          { guard: 'quiet' },
          { target: 'askStock', actions: 'askAgainNotFound' },
        ],
        BACK: { target: 'askStock' },
        HELP: { target: 'chooseStock', reenter: true, actions: 'sayChoiceHelp' },
      },
    },
    done: { type: 'final', entry: 'showQuote' },
    cancelled: { type: 'final', entry: 'sayCancelled' },
    expired: { type: 'final', entry: 'sayExpired' },
  },
});

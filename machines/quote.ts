/**
 * 即時查詢: ask for a stock, let the user pick when a name is ambiguous,
 * then show its quote card.
 */
import { assign, emit, setup } from 'xstate';
import { copy } from './copy.ts';
import type { DialogueEvent, DialogueInput } from './events.ts';
import type { Intent } from './intents.ts';
import { askStockIntent, candidatesOf, chooseStockIntent, foundStock, isCandidate, lookupOf, shortQuery, stockNotFoundIntent, type StockStepContext } from './stock-step.ts';

type QuoteContext = StockStepContext;

const DIALOGUE = 'quote';

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
    isCandidate: ({ context, event }) => isCandidate(context, event),
  },
  actions: {
    rememberStock: assign({ stock: ({ event }) => foundStock(event) }),
    rememberCandidates: assign({ candidates: ({ event }) => candidatesOf(event), query: ({ event }) => shortQuery(event) }),
    askStock: emit(() => askStockIntent(DIALOGUE)),
    askAgainNotFound: emit(({ event }) => stockNotFoundIntent(DIALOGUE, event)),
    askChoice: emit(({ context }) => chooseStockIntent(DIALOGUE, context)),
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

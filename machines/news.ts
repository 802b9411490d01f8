/**
 * 最新消息: a stock (typed, tapped, or the one the user looked at last) or
 * the whole market, then `showNews`, which the renderer fills with
 * headlines at delivery time.
 */
import { assign, emit, setup } from 'xstate';
import { copy, newsCopy } from './copy.ts';
import type { DialogueEvent, DialogueInput } from './events.ts';
import type { Choice, Intent } from './intents.ts';
import { candidatesOf, chooseStockIntent, foundStock, isCandidate, lookupOf, shortQuery, stockChoices, type StockStepContext } from './stock-step.ts';
import { POPULAR_STOCKS } from './copy.ts';

interface NewsContext extends StockStepContext {
  recent: StockStepContext['stock'];
}

const DIALOGUE = 'news';
const MARKET = 'market';

function wantsMarket(event: DialogueEvent): boolean {
  return (event.type === 'CHOOSE' && event.value === MARKET) || (event.type === 'TEXT' && ['大盤', '大盤新聞', '市場', '台股'].includes(event.text.trim()));
}

function targets(context: NewsContext): Choice[] {
  const recent = context.recent ? stockChoices([context.recent]) : [];
  const popular = stockChoices(POPULAR_STOCKS.filter((stock) => stock.code !== context.recent?.code));
  return [{ label: newsCopy.market, value: MARKET }, ...recent, ...popular];
}

export const newsMachine = setup({
  types: {
    context: {} as NewsContext,
    events: {} as DialogueEvent,
    input: {} as DialogueInput,
    emitted: {} as Intent,
  },
  guards: {
    hasStock: ({ context }) => context.stock !== null,
    wantsMarket: ({ event }) => wantsMarket(event),
    found: ({ event }) => lookupOf(event).kind === 'found',
    ambiguous: ({ event }) => lookupOf(event).kind === 'ambiguous',
    isCandidate: ({ context, event }) => isCandidate(context, event),
    quiet: ({ context }) => context.quiet,
  },
  actions: {
    rememberStock: assign({ stock: ({ event }) => foundStock(event) }),
    rememberCandidates: assign({ candidates: ({ event }) => candidatesOf(event), query: ({ event }) => shortQuery(event) }),
    ask: emit(({ context }) => ({ type: 'ask' as const, dialogue: DIALOGUE, step: 'askTarget', text: newsCopy.ask, choices: targets(context) })),
    askAgain: emit(({ context, event }) => ({ type: 'ask' as const, dialogue: DIALOGUE, step: 'askTarget', text: copy.stockNotFound(shortQuery(event)), choices: targets(context) })),
    askChoice: emit(({ context }) => chooseStockIntent(DIALOGUE, context)),
    sayHelp: emit({ type: 'say' as const, text: newsCopy.help }),
    sayChoiceHelp: emit({ type: 'say' as const, text: copy.chooseStockHelp }),
    sayFirstStep: emit({ type: 'say' as const, text: copy.firstStep }),
    sayCancelled: emit({ type: 'say' as const, text: copy.cancelled }),
    sayExpired: emit({ type: 'say' as const, text: copy.expired }),
    showStockNews: emit(({ context }) => ({ type: 'showNews' as const, stock: context.stock })),
    showMarketNews: emit({ type: 'showNews' as const, stock: null }),
  },
}).createMachine({
  id: 'news',
  context: ({ input }) => ({ quiet: input.quiet ?? false, stock: input.stock ?? null, candidates: [], query: '', recent: input.recent ?? null }),
  initial: 'start',
  on: {
    CANCEL: { target: '.cancelled' },
    EXPIRE: { target: '.expired' },
  },
  states: {
    start: {
      always: [{ guard: 'hasStock', target: 'stockNews' }, { target: 'askTarget' }],
    },
    askTarget: {
      entry: 'ask',
      on: {
        TEXT: [
          { guard: 'wantsMarket', target: 'marketNews' },
          { guard: 'found', target: 'stockNews', actions: 'rememberStock' },
          { guard: 'ambiguous', target: 'chooseStock', actions: 'rememberCandidates' },
          { guard: 'quiet' },
          { actions: 'askAgain' },
        ],
        CHOOSE: [
          { guard: 'wantsMarket', target: 'marketNews' },
          { guard: 'found', target: 'stockNews', actions: 'rememberStock' },
          { actions: 'askAgain' },
        ],
        BACK: { target: 'askTarget', reenter: true, actions: 'sayFirstStep' },
        HELP: { target: 'askTarget', reenter: true, actions: 'sayHelp' },
      },
    },
    chooseStock: {
      entry: 'askChoice',
      on: {
        CHOOSE: [{ guard: 'isCandidate', target: 'stockNews', actions: 'rememberStock' }, { target: 'chooseStock', reenter: true }],
        TEXT: [
          { guard: 'found', target: 'stockNews', actions: 'rememberStock' },
          { guard: 'ambiguous', target: 'chooseStock', reenter: true, actions: 'rememberCandidates' },
          { guard: 'quiet' },
          { target: 'askTarget', actions: 'askAgain' },
        ],
        BACK: { target: 'askTarget' },
        HELP: { target: 'chooseStock', reenter: true, actions: 'sayChoiceHelp' },
      },
    },
    stockNews: { type: 'final', entry: 'showStockNews' },
    marketNews: { type: 'final', entry: 'showMarketNews' },
    cancelled: { type: 'final', entry: 'sayCancelled' },
    expired: { type: 'final', entry: 'sayExpired' },
  },
});

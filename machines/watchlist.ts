/**
 * 自選股: the list lives in the chat's settings, so its commands are pure
 * functions of those settings; adding by dialogue is a one-step machine.
 */
import { assign, emit, setup } from 'xstate';
import { copy, MAX_WATCHLIST, watchlistCopy } from './copy.ts';
import type { DialogueEvent, DialogueInput } from './events.ts';
import type { Intent, Shortcut, StockRef } from './intents.ts';
import { askStockIntent, candidatesOf, chooseStockIntent, foundStock, isCandidate, lookupOf, shortQuery, stockNotFoundIntent, type StockStepContext } from './stock-step.ts';

export interface WatchlistSettings {
  watchlist: StockRef[];
  /** Opted in to the 每日收盤摘要 push after the close. */
  digest: boolean;
}

/**
 * Returns the quick replies under the 自選股 list and its replies. The digest
 * reports the listed stocks, so 開啟每日摘要 is offered only once the list has
 * one. 關閉每日摘要 stays while the digest is on, even for an emptied list.
 */
export function watchlistShortcuts(settings: WatchlistSettings): Shortcut[] {
  const shortcuts: Shortcut[] = [{ label: '新增自選股', command: 'menu:watchAdd' }];
  if (settings.digest) {
    shortcuts.push({ label: '關閉每日摘要', command: 'watch:digest:off' });
  } else if (settings.watchlist.length > 0) {
    shortcuts.push({ label: '開啟每日摘要', command: 'watch:digest:on' });
  }
  return shortcuts;
}

/**
 * Applies a `watch:…` command (or adds a stock chosen by dialogue) and
 * returns the new settings with the reply; null for anything else.
 */
export function applyWatchCommand(settings: WatchlistSettings, command: string, stock: StockRef | null): { settings: WatchlistSettings; intents: Intent[] } | null {
  const [, action, argument] = command.split(':');
  const reply = (text: string, next: WatchlistSettings = settings) => ({ settings: next, intents: [{ type: 'say' as const, text, shortcuts: watchlistShortcuts(next) }] });

  switch (action) {
    case 'list':
      return { settings, intents: [{ type: 'showWatchlist', stocks: settings.watchlist, title: '我的自選股', shortcuts: watchlistShortcuts(settings) }] };
    case 'add': {
      if (!stock) return null;
      if (settings.watchlist.some((entry) => entry.code === stock.code)) return reply(watchlistCopy.already(stock));
      if (settings.watchlist.length >= MAX_WATCHLIST) return reply(watchlistCopy.full);
      const next = { ...settings, watchlist: [...settings.watchlist, stock] };
      return reply(watchlistCopy.added(stock, next.watchlist.length), next);
    }
    case 'remove': {
      const entry = settings.watchlist.find((candidate) => candidate.code === argument);
      if (!entry) return reply(watchlistCopy.notThere);
      const next = { ...settings, watchlist: settings.watchlist.filter((candidate) => candidate.code !== argument) };
      return reply(watchlistCopy.removed(entry), next);
    }
    case 'digest': {
      const next = { ...settings, digest: argument === 'on' };
      if (!next.digest) {
        return reply(watchlistCopy.digestOff, next);
      }
      // An 開啟每日摘要 button from before the list was emptied can still be tapped.
      return reply(next.watchlist.length > 0 ? watchlistCopy.digestOn : watchlistCopy.digestOnEmpty, next);
    }
    default:
      return null;
  }
}

const DIALOGUE = 'watchAdd';

export const watchAddMachine = setup({
  types: {
    context: {} as StockStepContext,
    events: {} as DialogueEvent,
    input: {} as DialogueInput,
    emitted: {} as Intent,
  },
  guards: {
    found: ({ event }) => lookupOf(event).kind === 'found',
    ambiguous: ({ event }) => lookupOf(event).kind === 'ambiguous',
    isCandidate: ({ context, event }) => isCandidate(context, event),
    quiet: ({ context }) => context.quiet,
  },
  actions: {
    rememberStock: assign({ stock: ({ event }) => foundStock(event) }),
    rememberCandidates: assign({ candidates: ({ event }) => candidatesOf(event), query: ({ event }) => shortQuery(event) }),
    askStock: emit(() => askStockIntent(DIALOGUE, watchlistCopy.askStock)),
    askStockAgain: emit(({ event }) => stockNotFoundIntent(DIALOGUE, event)),
    askChoice: emit(({ context }) => chooseStockIntent(DIALOGUE, context)),
    sayStockHelp: emit({ type: 'say' as const, text: copy.askStockHelp }),
    sayFirstStep: emit({ type: 'say' as const, text: copy.firstStep }),
    sayCancelled: emit({ type: 'say' as const, text: copy.cancelled }),
    sayExpired: emit({ type: 'say' as const, text: copy.expired }),
    add: emit(({ context }) => ({ type: 'watchAdd' as const, stock: context.stock! })),
  },
}).createMachine({
  id: 'watchAdd',
  context: ({ input }) => ({ quiet: input.quiet ?? false, stock: null, candidates: [], query: '' }),
  initial: 'askStock',
  on: {
    CANCEL: { target: '.cancelled' },
    EXPIRE: { target: '.expired' },
  },
  states: {
    askStock: {
      entry: 'askStock',
      on: {
        TEXT: [
          { guard: 'found', target: 'done', actions: 'rememberStock' },
          { guard: 'ambiguous', target: 'chooseStock', actions: 'rememberCandidates' },
          { guard: 'quiet' },
          { actions: 'askStockAgain' },
        ],
        CHOOSE: [{ guard: 'found', target: 'done', actions: 'rememberStock' }, { actions: 'askStockAgain' }],
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
          { guard: 'quiet' },
          { target: 'askStock', actions: 'askStockAgain' },
        ],
        BACK: { target: 'askStock' },
        HELP: { target: 'chooseStock', reenter: true, actions: 'sayStockHelp' },
      },
    },
    done: { type: 'final', entry: 'add' },
    cancelled: { type: 'final', entry: 'sayCancelled' },
    expired: { type: 'final', entry: 'sayExpired' },
  },
});

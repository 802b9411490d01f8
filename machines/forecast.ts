/**
 * 機器學習預測: stock → model → a confirmation that states how long it takes
 * → `runForecast`, which the runtime turns into a forecast job.
 */
import { assign, emit, setup } from 'xstate';
import { CANCEL_CHOICE, isCancelChoice } from './cancel-choice.ts';
import { isConfirmWord } from './confirm-words.ts';
import { copy, forecastCopy } from './copy.ts';
import type { DialogueEvent, DialogueInput } from './events.ts';
import type { Intent } from './intents.ts';
import { askStockIntent, inputOf, candidatesOf, chooseStockIntent, foundStock, isCandidate, lookupOf, shortQuery, stockNotFoundIntent, type StockStepContext } from './stock-step.ts';

export const FORECAST_MODELS = [
  { value: 'lstm', label: 'LSTM', duration: '10～30 秒' },
  { value: 'rf', label: '隨機森林', duration: '幾秒鐘' },
] as const;

interface ForecastContext extends StockStepContext {
  model: 'lstm' | 'rf' | null;
}

const DIALOGUE = 'forecast';
const START = 'start';

/** Typed words that start the forecast besides the shared confirmations. */
const START_WORDS = ['開始', forecastCopy.start];

function modelOf(event: DialogueEvent) {
  const value = inputOf(event).trim().toLowerCase();
  return FORECAST_MODELS.find((model) => model.value === value || model.label.toLowerCase() === value);
}

function wantsStart(event: DialogueEvent): boolean {
  if (event.type === 'CHOOSE') {
    return event.value === START;
  }
  return event.type === 'TEXT' && (isConfirmWord(event.text) || START_WORDS.includes(event.text.trim()));
}

export const forecastMachine = setup({
  types: {
    context: {} as ForecastContext,
    events: {} as DialogueEvent,
    input: {} as DialogueInput,
    emitted: {} as Intent,
  },
  guards: {
    hasStock: ({ context }) => context.stock !== null,
    found: ({ event }) => lookupOf(event).kind === 'found',
    ambiguous: ({ event }) => lookupOf(event).kind === 'ambiguous',
    isCandidate: ({ context, event }) => isCandidate(context, event),
    quiet: ({ context }) => context.quiet,
    validModel: ({ event }) => modelOf(event) !== undefined,
    wantsStart: ({ event }) => wantsStart(event),
    cancelChosen: ({ event }) => isCancelChoice(event),
  },
  actions: {
    rememberStock: assign({ stock: ({ event }) => foundStock(event) }),
    rememberCandidates: assign({ candidates: ({ event }) => candidatesOf(event), query: ({ event }) => shortQuery(event) }),
    rememberModel: assign({ model: ({ event }) => modelOf(event)!.value }),
    askStock: emit(() => askStockIntent(DIALOGUE)),
    askStockAgain: emit(({ event }) => stockNotFoundIntent(DIALOGUE, event)),
    askChoice: emit(({ context }) => chooseStockIntent(DIALOGUE, context)),
    askModel: emit(({ context }) => ({
      type: 'ask' as const,
      dialogue: DIALOGUE,
      step: 'askModel',
      text: forecastCopy.askModel(context.stock!),
      choices: FORECAST_MODELS.map((model) => ({ label: model.label, value: model.value })),
    })),
    askConfirm: emit(({ context }) => {
      const model = FORECAST_MODELS.find((candidate) => candidate.value === context.model)!;
      return { type: 'ask' as const, dialogue: DIALOGUE, step: 'confirm', text: forecastCopy.confirm(model.label, model.duration), choices: [{ label: forecastCopy.start, value: START }, CANCEL_CHOICE] };
    }),
    sayInvalidModel: emit({ type: 'say' as const, text: forecastCopy.invalidModel }),
    sayModelHelp: emit({ type: 'say' as const, text: forecastCopy.modelHelp }),
    sayConfirmHelp: emit({ type: 'say' as const, text: forecastCopy.confirmHelp }),
    sayConfirmAgain: emit({ type: 'say' as const, text: forecastCopy.confirmAgain }),
    sayStockHelp: emit({ type: 'say' as const, text: copy.askStockHelp }),
    sayChoiceHelp: emit({ type: 'say' as const, text: copy.chooseStockHelp }),
    sayFirstStep: emit({ type: 'say' as const, text: copy.firstStep }),
    sayCancelled: emit({ type: 'say' as const, text: copy.cancelled }),
    sayExpired: emit({ type: 'say' as const, text: copy.expired }),
    requestForecast: emit(({ context }) => ({ type: 'runForecast' as const, stock: context.stock!, model: context.model! })),
  },
}).createMachine({
  id: 'forecast',
  context: ({ input }) => ({ quiet: input.quiet ?? false, stock: input.stock ?? null, candidates: [], query: '', model: null }),
  initial: 'start',
  on: {
    CANCEL: { target: '.cancelled' },
    EXPIRE: { target: '.expired' },
  },
  states: {
    start: {
      always: [{ guard: 'hasStock', target: 'askModel' }, { target: 'askStock' }],
    },
    askStock: {
      entry: 'askStock',
      on: {
        TEXT: [
          { guard: 'found', target: 'askModel', actions: 'rememberStock' },
          { guard: 'ambiguous', target: 'chooseStock', actions: 'rememberCandidates' },
          { guard: 'quiet' },
          { actions: 'askStockAgain' },
        ],
        CHOOSE: [{ guard: 'found', target: 'askModel', actions: 'rememberStock' }, { actions: 'askStockAgain' }],
        BACK: { target: 'askStock', reenter: true, actions: 'sayFirstStep' },
        HELP: { target: 'askStock', reenter: true, actions: 'sayStockHelp' },
      },
    },
    chooseStock: {
      entry: 'askChoice',
      on: {
        CHOOSE: [{ guard: 'isCandidate', target: 'askModel', actions: 'rememberStock' }, { target: 'chooseStock', reenter: true }],
        TEXT: [
          { guard: 'found', target: 'askModel', actions: 'rememberStock' },
          { guard: 'ambiguous', target: 'chooseStock', reenter: true, actions: 'rememberCandidates' },
          { guard: 'quiet' },
          { target: 'askStock', actions: 'askStockAgain' },
        ],
        BACK: { target: 'askStock' },
        HELP: { target: 'chooseStock', reenter: true, actions: 'sayChoiceHelp' },
      },
    },
    askModel: {
      entry: 'askModel',
      on: {
        TEXT: [{ guard: 'validModel', target: 'confirm', actions: 'rememberModel' }, { guard: 'quiet' }, { target: 'askModel', reenter: true, actions: 'sayInvalidModel' }],
        CHOOSE: [{ guard: 'validModel', target: 'confirm', actions: 'rememberModel' }, { target: 'askModel', reenter: true, actions: 'sayInvalidModel' }],
        BACK: { target: 'askStock' },
        HELP: { target: 'askModel', reenter: true, actions: 'sayModelHelp' },
      },
    },
    confirm: {
      entry: 'askConfirm',
      on: {
        TEXT: [{ guard: 'wantsStart', target: 'done' }, { guard: 'quiet' }, { target: 'confirm', reenter: true, actions: 'sayConfirmAgain' }],
        CHOOSE: [{ guard: 'wantsStart', target: 'done' }, { guard: 'cancelChosen', target: 'cancelled' }, { target: 'confirm', reenter: true, actions: 'sayConfirmAgain' }],
        BACK: { target: 'askModel' },
        HELP: { target: 'confirm', reenter: true, actions: 'sayConfirmHelp' },
      },
    },
    done: { type: 'final', entry: 'requestForecast' },
    cancelled: { type: 'final', entry: 'sayCancelled' },
    expired: { type: 'final', entry: 'sayExpired' },
  },
});

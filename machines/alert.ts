/**
 * 到價提醒: stock → condition (漲破, 跌破, 漲幅達, 跌幅達) → value, checked
 * against the current price the runtime attaches → confirmation → saved.
 */
import { assign, emit, setup } from 'xstate';
import { checkAlertValue, conditionOf, CONDITIONS, describeAlert, type AlertCondition } from './alert-rules.ts';
import { CANCEL_CHOICE, isCancelChoice } from './cancel-choice.ts';
import { isConfirmWord } from './confirm-words.ts';
import { alertCopy, copy } from './copy.ts';
import type { DialogueEvent, DialogueInput } from './events.ts';
import type { Intent } from './intents.ts';
import { askStockIntent, inputOf, candidatesOf, chooseStockIntent, foundStock, isCandidate, lookupOf, shortQuery, stockNotFoundIntent, type StockStepContext } from './stock-step.ts';

interface AlertContext extends StockStepContext {
  condition: AlertCondition | null;
  value: number | null;
}

const DIALOGUE = 'alert';
const OK = 'ok';

function valueCheck(context: AlertContext, event: DialogueEvent) {
  const reference = event.type === 'TEXT' ? (event.reference ?? null) : null;
  return checkAlertValue(context.condition!, inputOf(event), reference);
}

/** Returns whether the event is a tap on 確認 or a typed confirmation such as 好 or OK. */
function wantsOk(event: DialogueEvent): boolean {
  if (event.type === 'CHOOSE') {
    return event.value === OK;
  }
  return event.type === 'TEXT' && isConfirmWord(event.text);
}

function sentence(context: AlertContext): string {
  return describeAlert(context.stock!.name, context.stock!.code, context.condition!, context.value!);
}

export const alertMachine = setup({
  types: {
    context: {} as AlertContext,
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
    validCondition: ({ event }) => conditionOf(inputOf(event)) !== undefined,
    validValue: ({ context, event }) => event.type === 'TEXT' && valueCheck(context, event).ok,
    isText: ({ event }) => event.type === 'TEXT',
    cancelChosen: ({ event }) => isCancelChoice(event),
    wantsOk: ({ event }) => wantsOk(event),
  },
  actions: {
    rememberStock: assign({ stock: ({ event }) => foundStock(event) }),
    rememberCandidates: assign({ candidates: ({ event }) => candidatesOf(event), query: ({ event }) => shortQuery(event) }),
    rememberCondition: assign({ condition: ({ event }) => conditionOf(inputOf(event))!.value }),
    rememberValue: assign({ value: ({ context, event }) => {
      const check = valueCheck(context, event);
      return check.ok ? check.value : null;
    } }),
    askStock: emit(() => askStockIntent(DIALOGUE)),
    askStockAgain: emit(({ event }) => stockNotFoundIntent(DIALOGUE, event)),
    askChoice: emit(({ context }) => chooseStockIntent(DIALOGUE, context)),
    askCondition: emit(({ context }) => ({
      type: 'ask' as const,
      dialogue: DIALOGUE,
      step: 'askCondition',
      text: alertCopy.askCondition(context.stock!),
      choices: CONDITIONS.map((condition) => ({ label: condition.label, value: condition.value })),
    })),
    askValue: emit(({ context }) => {
      const condition = conditionOf(context.condition!)!;
      const text = condition.unit === 'price' ? alertCopy.askPrice(condition.label) : alertCopy.askPercent(condition.label);
      return { type: 'ask' as const, dialogue: DIALOGUE, step: 'askValue', text };
    }),
    askConfirm: emit(({ context }) => ({
      type: 'ask' as const,
      dialogue: DIALOGUE,
      step: 'confirm',
      text: alertCopy.confirm(sentence(context)),
      choices: [{ label: alertCopy.ok, value: OK }, CANCEL_CHOICE],
    })),
    sayInvalidValue: emit(({ context, event }) => {
      const check = valueCheck(context, event);
      return { type: 'say' as const, text: check.ok ? alertCopy.valueHelp : check.reason };
    }),
    sayInvalidCondition: emit({ type: 'say' as const, text: alertCopy.invalidCondition }),
    sayConditionHelp: emit({ type: 'say' as const, text: alertCopy.conditionHelp }),
    sayValueHelp: emit({ type: 'say' as const, text: alertCopy.valueHelp }),
    sayConfirmHelp: emit({ type: 'say' as const, text: alertCopy.confirmHelp }),
    sayConfirmAgain: emit({ type: 'say' as const, text: alertCopy.confirmAgain }),
    sayStockHelp: emit({ type: 'say' as const, text: copy.askStockHelp }),
    sayChoiceHelp: emit({ type: 'say' as const, text: copy.chooseStockHelp }),
    sayFirstStep: emit({ type: 'say' as const, text: copy.firstStep }),
    sayCancelled: emit({ type: 'say' as const, text: copy.cancelled }),
    sayExpired: emit({ type: 'say' as const, text: copy.expired }),
    save: emit(({ context }) => ({ type: 'saveAlert' as const, stock: context.stock!, condition: context.condition!, value: context.value! })),
  },
}).createMachine({
  id: 'alert',
  context: ({ input }) => ({ quiet: input.quiet ?? false, stock: input.stock ?? null, candidates: [], query: '', condition: null, value: null }),
  initial: 'start',
  on: {
    CANCEL: { target: '.cancelled' },
    EXPIRE: { target: '.expired' },
  },
  states: {
    start: {
      always: [{ guard: 'hasStock', target: 'askCondition' }, { target: 'askStock' }],
    },
    askStock: {
      entry: 'askStock',
      on: {
        TEXT: [
          { guard: 'found', target: 'askCondition', actions: 'rememberStock' },
          { guard: 'ambiguous', target: 'chooseStock', actions: 'rememberCandidates' },
          { guard: 'quiet' },
          { actions: 'askStockAgain' },
        ],
        CHOOSE: [{ guard: 'found', target: 'askCondition', actions: 'rememberStock' }, { actions: 'askStockAgain' }],
        BACK: { target: 'askStock', reenter: true, actions: 'sayFirstStep' },
        HELP: { target: 'askStock', reenter: true, actions: 'sayStockHelp' },
      },
    },
    chooseStock: {
      entry: 'askChoice',
      on: {
        CHOOSE: [{ guard: 'isCandidate', target: 'askCondition', actions: 'rememberStock' }, { target: 'chooseStock', reenter: true }],
        TEXT: [
          { guard: 'found', target: 'askCondition', actions: 'rememberStock' },
          { guard: 'ambiguous', target: 'chooseStock', reenter: true, actions: 'rememberCandidates' },
          { guard: 'quiet' },
          { target: 'askStock', actions: 'askStockAgain' },
        ],
        BACK: { target: 'askStock' },
        HELP: { target: 'chooseStock', reenter: true, actions: 'sayChoiceHelp' },
      },
    },
    askCondition: {
      entry: 'askCondition',
      on: {
        TEXT: [{ guard: 'validCondition', target: 'askValue', actions: 'rememberCondition' }, { guard: 'quiet' }, { target: 'askCondition', reenter: true, actions: 'sayInvalidCondition' }],
        CHOOSE: [{ guard: 'validCondition', target: 'askValue', actions: 'rememberCondition' }, { target: 'askCondition', reenter: true, actions: 'sayInvalidCondition' }],
        BACK: { target: 'askStock' },
        HELP: { target: 'askCondition', reenter: true, actions: 'sayConditionHelp' },
      },
    },
    askValue: {
      entry: 'askValue',
      on: {
        TEXT: [{ guard: 'validValue', target: 'confirm', actions: 'rememberValue' }, { guard: 'quiet' }, { target: 'askValue', reenter: true, actions: 'sayInvalidValue' }],
        CHOOSE: { target: 'askValue', reenter: true, actions: 'sayValueHelp' },
        BACK: { target: 'askCondition' },
        HELP: { target: 'askValue', reenter: true, actions: 'sayValueHelp' },
      },
    },
    confirm: {
      entry: 'askConfirm',
      on: {
        TEXT: [{ guard: 'wantsOk', target: 'done' }, { guard: 'quiet' }, { target: 'confirm', reenter: true, actions: 'sayConfirmAgain' }],
        CHOOSE: [{ guard: 'wantsOk', target: 'done' }, { guard: 'cancelChosen', target: 'cancelled' }, { target: 'confirm', reenter: true, actions: 'sayConfirmAgain' }],
        BACK: { target: 'askValue' },
        HELP: { target: 'confirm', reenter: true, actions: 'sayConfirmHelp' },
      },
    },
    done: { type: 'final', entry: 'save' },
    cancelled: { type: 'final', entry: 'sayCancelled' },
    expired: { type: 'final', entry: 'sayExpired' },
  },
});

/**
 * 意見回饋: ask for the feedback, show it back for confirmation, then emit
 * `saveFeedback`, which the runtime stores in the same transaction.
 */
import { assign, emit, setup } from 'xstate';
import { CANCEL_CHOICE, isCancelChoice } from './cancel-choice.ts';
import { isConfirmWord } from './confirm-words.ts';
import { copy, feedbackCopy, MAX_FEEDBACK_CHARS } from './copy.ts';
import type { DialogueEvent, DialogueInput } from './events.ts';
import type { Intent } from './intents.ts';

interface FeedbackContext {
  quiet: boolean;
  text: string;
}

const DIALOGUE = 'feedback';
const SEND = 'send';
const EDIT = 'edit';

function typed(event: DialogueEvent): string {
  return event.type === 'TEXT' ? event.text.trim() : '';
}

function answer(event: DialogueEvent): string {
  if (event.type === 'CHOOSE') return event.value;
  const text = typed(event);
  if (text === feedbackCopy.send || isConfirmWord(text)) return SEND;
  if (text === feedbackCopy.edit || text === '修改') return EDIT;
  return '';
}

/** Counts characters as people do: an emoji is one, not two UTF-16 units. */
function length(text: string): number {
  return [...text].length;
}

export const feedbackMachine = setup({
  types: {
    context: {} as FeedbackContext,
    events: {} as DialogueEvent,
    input: {} as DialogueInput,
    emitted: {} as Intent,
  },
  guards: {
    empty: ({ event }) => typed(event) === '',
    tooLong: ({ event }) => length(typed(event)) > MAX_FEEDBACK_CHARS,
    isText: ({ event }) => event.type === 'TEXT',
    wantsSend: ({ event }) => answer(event) === SEND,
    wantsEdit: ({ event }) => answer(event) === EDIT,
    cancelChosen: ({ event }) => isCancelChoice(event),
  },
  actions: {
    rememberText: assign({ text: ({ event }) => typed(event) }),
    ask: emit({ type: 'ask' as const, dialogue: DIALOGUE, step: 'askText', text: feedbackCopy.ask }),
    askConfirm: emit(({ context }) => ({
      type: 'ask' as const,
      dialogue: DIALOGUE,
      step: 'confirm',
      text: feedbackCopy.confirm(context.text),
      choices: [
        { label: feedbackCopy.send, value: SEND },
        { label: feedbackCopy.edit, value: EDIT },
        CANCEL_CHOICE,
      ],
    })),
    sayEmpty: emit({ type: 'say' as const, text: feedbackCopy.empty }),
    sayTooLong: emit(({ event }) => ({ type: 'say' as const, text: feedbackCopy.tooLong(length(typed(event))) })),
    sayAskHelp: emit({ type: 'say' as const, text: feedbackCopy.askHelp }),
    sayConfirmHelp: emit({ type: 'say' as const, text: feedbackCopy.confirmHelp }),
    sayConfirmAgain: emit({ type: 'say' as const, text: feedbackCopy.confirmAgain }),
    sayFirstStep: emit({ type: 'say' as const, text: copy.firstStep }),
    sayCancelled: emit({ type: 'say' as const, text: copy.cancelled }),
    sayExpired: emit({ type: 'say' as const, text: copy.expired }),
    save: emit(({ context }) => ({ type: 'saveFeedback' as const, text: context.text })),
  },
}).createMachine({
  id: 'feedback',
  context: ({ input }) => ({ quiet: input.quiet ?? false, text: '' }),
  initial: 'askText',
  on: {
    CANCEL: { target: '.cancelled' },
    EXPIRE: { target: '.expired' },
  },
  states: {
    askText: {
      entry: 'ask',
      on: {
        TEXT: [
          { guard: 'empty', target: 'askText', reenter: true, actions: 'sayEmpty' },
          { guard: 'tooLong', target: 'askText', reenter: true, actions: 'sayTooLong' },
          { target: 'confirm', actions: 'rememberText' },
        ],
        CHOOSE: { target: 'askText', reenter: true },
        BACK: { target: 'askText', reenter: true, actions: 'sayFirstStep' },
        HELP: { target: 'askText', reenter: true, actions: 'sayAskHelp' },
      },
    },
    confirm: {
      entry: 'askConfirm',
      on: {
        TEXT: [
          { guard: 'wantsSend', target: 'done' },
          { guard: 'wantsEdit', target: 'askText' },
          { target: 'confirm', reenter: true, actions: 'sayConfirmAgain' },
        ],
        CHOOSE: [
          { guard: 'wantsSend', target: 'done' },
          { guard: 'wantsEdit', target: 'askText' },
          { guard: 'cancelChosen', target: 'cancelled' },
          { target: 'confirm', reenter: true, actions: 'sayConfirmAgain' },
        ],
        BACK: { target: 'askText' },
        HELP: { target: 'confirm', reenter: true, actions: 'sayConfirmHelp' },
      },
    },
    done: { type: 'final', entry: 'save' },
    cancelled: { type: 'final', entry: 'sayCancelled' },
    expired: { type: 'final', entry: 'sayExpired' },
  },
});

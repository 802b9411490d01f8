import type { messagingApi } from '@line/bot-sdk';

import type { Choice, Shortcut } from '../../../machines/intents.ts';
import { encodeChoice, encodeCommand } from '../../conversation/postback.ts';
import { MAX_DISPLAY_TEXT, MAX_QUICK_REPLY_ITEMS, MAX_QUICK_REPLY_LABEL, truncateUtf16 } from '../limits.ts';

/** One quick-reply button: what it shows and the postback data it sends. */
export interface QuickReplyButton {
  label: string;
  data: string;
}

/**
 * Builds a quick reply of postback buttons, or undefined when there are none
 * (LINE rejects an empty item list). Labels over 20 UTF-16 units are cut with
 * `…`, and the tap shows the full label in the chat as `displayText`. Buttons
 * after the 13th are dropped silently; callers that care compare the counts.
 */
export function quickReply(buttons: QuickReplyButton[]): messagingApi.QuickReply | undefined {
  if (buttons.length === 0) {
    return undefined;
  }

  const items = buttons.slice(0, MAX_QUICK_REPLY_ITEMS).map((button): messagingApi.QuickReplyItem => {
    const action: messagingApi.PostbackAction = {
      type: 'postback',
      label: truncateUtf16(button.label, MAX_QUICK_REPLY_LABEL),
      data: button.data,
      displayText: truncateUtf16(button.label, MAX_DISPLAY_TEXT),
    };
    return { type: 'action', action };
  });

  return { items };
}

/**
 * Maps the choices of one dialogue step to buttons. Throws RangeError when
 * the encoded postback data would exceed LINE's 300 characters.
 */
export function choiceButtons(dialogue: string, step: string, choices: Choice[]): QuickReplyButton[] {
  return choices.map((choice) => ({ label: choice.label, data: encodeChoice(dialogue, step, choice.value) }));
}

/** Maps shortcuts to command buttons; throws RangeError like `choiceButtons`. */
export function shortcutButtons(shortcuts: Shortcut[]): QuickReplyButton[] {
  return shortcuts.map((shortcut) => ({ label: shortcut.label, data: encodeCommand(shortcut.command) }));
}

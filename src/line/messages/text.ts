import type { messagingApi } from '@line/bot-sdk';

import { MAX_TEXT_LENGTH, truncateUtf16 } from '../limits.ts';

/**
 * Builds a text message. Text over LINE's 5,000 UTF-16 units is cut and ends
 * with `…`; a surrogate pair is never split.
 */
export function text(content: string, quickReply?: messagingApi.QuickReply): messagingApi.TextMessage {
  const message: messagingApi.TextMessage = { type: 'text', text: truncateUtf16(content, MAX_TEXT_LENGTH) };
  if (quickReply) {
    message.quickReply = quickReply;
  }
  return message;
}

// Builds the chat's message rows from LINE message objects. Bot content is
// untrusted: every string goes in through textContent.

import { renderFlex, safeUrl } from './flex.js';

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

function clockTime(date) {
  return date.toLocaleTimeString('zh-TW', { hour: '2-digit', minute: '2-digit', hour12: false });
}

/** Wraps a bubble in a row: the bot's on the left with its avatar, the user's on the right. */
export function messageRow(side, content, at = new Date()) {
  const row = element('div', `msg msg-${side}`);
  if (side === 'bot') {
    row.append(element('div', 'avatar', '股'));
  }
  const stack = element('div', 'msg-stack');
  stack.append(content);
  row.append(stack, element('time', 'msg-time', clockTime(at)));
  return row;
}

export function textBubble(side, text) {
  return element('div', `bubble bubble-${side}`, text);
}

/** Shows a preview that opens the original image in a new tab, as a tap does in LINE. */
function imageBubble(message) {
  const button = element('button', 'msg-image');
  button.type = 'button';
  button.title = '開啟原始圖片';
  const preview = safeUrl(message.previewImageUrl) ?? safeUrl(message.originalContentUrl);
  const original = safeUrl(message.originalContentUrl);
  if (preview) {
    const img = element('img');
    img.src = preview;
    img.alt = '圖片';
    button.append(img);
  } else {
    button.textContent = '［圖片網址無效］';
  }
  button.addEventListener('click', () => {
    if (original) {
      window.open(original, '_blank', 'noopener');
    }
  });
  return button;
}

/** Renders one message the bot sent; `onAction` runs the actions of Flex buttons. */
export function botMessage(message, onAction) {
  switch (message?.type) {
    case 'text':
      return textBubble('bot', message.text ?? '');
    case 'flex': {
      const wrapper = element('div', 'msg-flex');
      wrapper.title = message.altText ?? '';
      wrapper.append(renderFlex(message.contents, onAction));
      return wrapper;
    }
    case 'image':
      return imageBubble(message);
    case 'sticker':
      return textBubble('bot', '［貼圖］');
    default:
      return textBubble('bot', `［模擬器無法顯示「${String(message?.type)}」類型的訊息］`);
  }
}

/** Builds a centred grey line, as LINE shows system notices. */
export function notice(text) {
  return element('div', 'notice', text);
}

/** LINE's three bouncing dots while the bot is "typing". */
export function loadingRow() {
  const dots = element('div', 'bubble bubble-bot typing');
  dots.setAttribute('aria-label', '對方正在輸入');
  dots.append(element('span'), element('span'), element('span'));
  return messageRow('bot', dots);
}

/** Builds the quick-reply chips; `onAction` runs the tapped item's action. */
export function quickReplyChips(items, onAction) {
  const chips = [];
  for (const item of items ?? []) {
    const action = item?.action;
    if (!action) {
      continue;
    }
    const chip = element('button', 'chip');
    chip.type = 'button';
    const icon = safeUrl(item.imageUrl);
    if (icon) {
      const img = element('img');
      img.src = icon;
      img.alt = '';
      chip.append(img);
    }
    chip.append(document.createTextNode(action.label ?? ''));
    chip.addEventListener('click', () => onAction(action));
    chips.push(chip);
  }
  return chips;
}

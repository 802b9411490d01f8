// One simulated LINE user: a phone-sized chat with its own user id, quick
// replies, the rich menu and a text box. What the user does goes to
// `api/send`, which posts it to the bot as a signed webhook.

import { safeUrl } from './flex.js';
import { botMessage, loadingRow, messageRow, notice, quickReplyChips, textBubble } from './messages.js';

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

function button(className, text, onClick) {
  const node = element('button', className, text);
  node.type = 'button';
  node.addEventListener('click', onClick);
  return node;
}

export class Phone {
  /**
   * @param {{ userId: string, botName: string, richMenu: object | null, onClose: (() => void) | null }} options
   */
  constructor({ userId, botName, richMenu, onClose }) {
    this.userId = userId;
    this.sending = Promise.resolve();
    this.loading = null;
    this.loadingTimer = 0;

    this.root = element('section', 'phone');
    this.root.dataset.userId = userId;

    const header = element('header', 'phone-header');
    const titles = element('div', 'phone-titles');
    const user = element('div', 'phone-user', '使用者 ');
    user.append(element('span', 'phone-user-id', `${userId.slice(0, 9)}…`));
    titles.append(element('div', 'phone-title', botName), user);
    titles.title = userId;
    const actions = element('div', 'phone-actions');
    actions.append(
      button('header-button', '加入好友', () => this.follow()),
      button('header-button', '封鎖', () => this.unfollow()),
    );
    if (onClose) {
      actions.append(button('header-button header-close', '×', onClose));
      actions.lastChild.setAttribute('aria-label', '關閉這位使用者');
    }
    header.append(titles, actions);

    this.chat = element('div', 'chat');
    this.chat.setAttribute('role', 'log');
    // Images and fonts load after a row is added, and quick replies shrink the chat, so the view
    // follows to the end unless the user has scrolled up.
    this.atEnd = true;
    this.autoScrollTop = 0;
    this.chat.addEventListener('scroll', () => {
      if (this.chat.scrollTop !== this.autoScrollTop) {
        this.atEnd = this.chat.scrollHeight - this.chat.scrollTop - this.chat.clientHeight < 40;
      }
    });
    this.resizes = new ResizeObserver(() => {
      if (this.atEnd) {
        this.scrollToEnd();
      }
    });
    this.resizes.observe(this.chat);
    this.chat.append(notice('點「加入好友」會收到歡迎訊息；也可以直接點選下方選單或輸入股票代號。'));

    this.quickReplies = element('div', 'quick-replies');

    const composer = element('form', 'composer');
    this.input = element('input', 'composer-input');
    this.input.placeholder = '輸入訊息';
    this.input.setAttribute('aria-label', '輸入訊息');
    this.input.maxLength = 5000;
    this.sendButton = element('button', 'composer-send', '傳送');
    composer.append(this.input, this.sendButton);
    composer.addEventListener('submit', (event) => {
      event.preventDefault();
      this.sendText(this.input.value);
    });

    this.root.append(header, this.chat, this.quickReplies, composer);
    if (richMenu) {
      this.root.append(...this.buildRichMenu(richMenu));
    }
  }

  buildRichMenu(menu) {
    const panel = element('div', 'rich-menu');
    const image = element('img', 'rich-menu-image');
    image.src = 'richmenu.png';
    image.alt = '圖文選單';
    panel.append(image);

    for (const area of menu.areas ?? []) {
      const { x, y, width, height } = area.bounds;
      const label = area.action?.label ?? area.action?.displayText ?? '';
      const tile = button('rich-menu-area', '', () => this.runAction(area.action));
      tile.setAttribute('aria-label', label);
      tile.title = label;
      tile.style.left = `${(x / menu.size.width) * 100}%`;
      tile.style.top = `${(y / menu.size.height) * 100}%`;
      tile.style.width = `${(width / menu.size.width) * 100}%`;
      tile.style.height = `${(height / menu.size.height) * 100}%`;
      panel.append(tile);
    }
    panel.style.aspectRatio = `${menu.size.width} / ${menu.size.height}`;

    // The chat bar text opens and closes the menu, as in LINE.
    const bar = button('chat-bar', '', () => setOpen(panel.hidden));
    const setOpen = (open) => {
      panel.hidden = !open;
      bar.textContent = `${menu.chatBarText ?? '選單'} ${open ? '▾' : '▴'}`;
      bar.setAttribute('aria-expanded', String(open));
    };
    setOpen(menu.selected !== false);
    return [bar, panel];
  }

  /** Shows what the bot sent in one accepted API call (a reply, a push or a loading animation). */
  receive(record) {
    if (record.kind === 'loading') {
      this.showLoading((record.loadingSeconds ?? 20) * 1000);
      return;
    }
    this.hideLoading();

    const at = new Date(record.at ?? Date.now());
    for (const message of record.messages ?? []) {
      this.append(messageRow('bot', botMessage(message, (action) => this.runAction(action)), at));
    }
    // LINE shows only the last message's quick replies.
    this.setQuickReplies(record.messages?.at(-1)?.quickReply?.items ?? []);
  }

  showLoading(ms) {
    this.hideLoading();
    this.loading = loadingRow();
    this.append(this.loading);
    this.loadingTimer = window.setTimeout(() => this.hideLoading(), ms);
  }

  hideLoading() {
    window.clearTimeout(this.loadingTimer);
    this.loading?.remove();
    this.loading = null;
  }

  setQuickReplies(items) {
    this.quickReplies.replaceChildren(...quickReplyChips(items, (action) => this.runAction(action)));
  }

  append(node) {
    // The loading dots stay the last row until a message replaces them.
    if (this.loading && node !== this.loading) {
      this.chat.insertBefore(node, this.loading);
    } else {
      this.chat.append(node);
    }
    this.resizes.observe(node);
    this.atEnd = true;
    this.scrollToEnd();
  }

  scrollToEnd() {
    this.chat.scrollTop = this.chat.scrollHeight;
    this.autoScrollTop = this.chat.scrollTop;
  }

  showUserText(text) {
    this.append(messageRow('user', textBubble('user', text)));
  }

  showNotice(text) {
    this.append(notice(text));
  }

  /** Does what LINE does when a button, chip or menu area with this action is tapped. */
  runAction(action) {
    if (!action || this.rejectWhileBlocked()) {
      return;
    }
    this.setQuickReplies([]);

    switch (action.type) {
      case 'postback': {
        // LINE echoes displayText (or the older `text`) as the user's message but never sends it in the webhook.
        const echoedText = action.displayText ?? action.text;
        if (echoedText) {
          this.showUserText(echoedText);
        }
        this.post({ event: 'postback', data: action.data ?? '', displayText: echoedText });
        return;
      }
      case 'message':
        this.sendText(action.text ?? '');
        return;
      case 'uri': {
        const url = safeUrl(action.uri);
        if (url) {
          window.open(url, '_blank', 'noopener');
        } else {
          this.showNotice(`模擬器無法開啟這個連結：${String(action.uri)}`);
        }
        return;
      }
      case 'clipboard':
        void navigator.clipboard?.writeText(action.clipboardText ?? '');
        this.showNotice('已複製到剪貼簿');
        return;
      default:
        this.showNotice(`模擬器不支援「${action.label ?? action.type}」這類按鈕（${String(action.type)}）`);
    }
  }

  sendText(raw) {
    const text = raw.trim() === '' ? '' : raw;
    if (text === '' || this.rejectWhileBlocked()) {
      return;
    }
    this.input.value = '';
    this.setQuickReplies([]);
    this.showUserText(text);
    this.post({ event: 'text', text });
  }

  follow() {
    this.setBlocked(false);
    this.showNotice('你已將這個官方帳號加入好友');
    this.post({ event: 'follow' });
  }

  unfollow() {
    this.setBlocked(true);
    this.showNotice('你已封鎖這個官方帳號');
    this.setQuickReplies([]);
    this.post({ event: 'unfollow' });
  }

  /** In LINE a user who blocked the account cannot message it until they unblock it. */
  setBlocked(blocked) {
    this.blocked = blocked;
    this.input.disabled = blocked;
    this.sendButton.disabled = blocked;
    this.input.placeholder = blocked ? '已封鎖，點「加入好友」即可解除' : '輸入訊息';
  }

  /** Returns true, after showing a notice, while the user has the account blocked. */
  rejectWhileBlocked() {
    if (this.blocked) {
      this.showNotice('你已封鎖這個官方帳號，點「加入好友」解除封鎖後才能傳送訊息。');
    }
    return this.blocked === true;
  }

  /** Sends one event; events of one user go out one after another, in the order tapped. */
  post(payload) {
    this.sending = this.sending.then(async () => {
      try {
        const response = await fetch('api/send', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ userId: this.userId, ...payload }),
        });
        const body = await response.json().catch(() => ({}));
        if (!response.ok) {
          this.showNotice(`傳送失敗：${body.message ?? `HTTP ${response.status}`}`);
        } else if (body.status < 200 || body.status > 299) {
          this.showNotice(`機器人的 webhook 回應 HTTP ${body.status}，訊息可能沒有被處理。`);
        }
      } catch {
        this.showNotice('無法連線到模擬器的伺服器，請確認 npm start 還在執行。');
      }
    });
  }
}

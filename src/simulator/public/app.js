// Entry point of the simulator page: loads the settings and the rich menu,
// restores this tab's simulated users, and long-polls the fake LINE API's
// inbox for what the bot sends them.

import { Phone } from './phone.js';

const USERS_KEY = 'gulema.simulator.userIds';
const INBOX_WAIT_MS = 20_000;
const RETRY_DELAY_MS = 2_000;

const phones = new Map();
const container = document.getElementById('phones');

/** Returns a LINE-style user id: `U` and 32 random hex digits. */
function createUserId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `U${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

function storedUserIds() {
  try {
    const ids = JSON.parse(sessionStorage.getItem(USERS_KEY) ?? '[]');
    return Array.isArray(ids) ? ids.filter((id) => typeof id === 'string' && /^U[0-9a-f]{32}$/.test(id)) : [];
  } catch {
    return [];
  }
}

function saveUserIds() {
  sessionStorage.setItem(USERS_KEY, JSON.stringify([...phones.keys()]));
}

async function fetchJson(url, init) {
  const response = await fetch(url, init);
  if (!response.ok) {
    throw new Error(`${url} 回應 HTTP ${response.status}`);
  }
  return response.json();
}

function addPhone(settings, userId) {
  const phone = new Phone({
    userId,
    botName: settings.botName,
    richMenu: settings.richMenu,
    onClose: () => {
      if (phones.size > 1) {
        phones.delete(userId);
        phone.root.remove();
        saveUserIds();
      }
    },
  });
  phones.set(userId, phone);
  container.append(phone.root);
  saveUserIds();
}

/**
 * Reads the inbox for every panel with one long poll and hands each record
 * to its user's panel. One poll for all panels, rather than one per user,
 * because Chromium opens at most 6 HTTP/1.1 connections to one host and a
 * poll keeps one busy for up to INBOX_WAIT_MS.
 */
async function pollInbox(inboxPath) {
  // A fresh random user id matches no record, so the response carries lastSeq without the whole history.
  const first = await fetchJson(`${inboxPath}?after=0&waitMs=0&to=${createUserId()}`);
  let after = first.lastSeq;
  let offline = false;

  for (;;) {
    try {
      const page = await fetchJson(`${inboxPath}?after=${after}&waitMs=${INBOX_WAIT_MS}`);
      if (offline) {
        phones.forEach((phone) => phone.showNotice('已重新連線'));
        offline = false;
      }
      for (const record of page.items) {
        after = Math.max(after, record.seq);
        phones.get(record.to)?.receive(record);
      }
    } catch {
      if (!offline) {
        phones.forEach((phone) => phone.showNotice('與伺服器的連線中斷，正在重新連線…'));
        offline = true;
      }
      await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
    }
  }
}

async function start() {
  const [config, richMenu] = await Promise.all([
    fetchJson('config.json'),
    fetchJson('richmenu.json').catch(() => null),
  ]);
  const settings = { botName: config.botName, richMenu };

  const ids = storedUserIds();
  for (const id of ids.length > 0 ? ids : [createUserId()]) {
    addPhone(settings, id);
  }
  document.getElementById('add-user').addEventListener('click', () => addPhone(settings, createUserId()));

  await pollInbox(config.inboxPath);
}

start().catch((error) => {
  const message = document.createElement('p');
  message.className = 'fatal';
  message.textContent = `模擬器無法啟動：${error.message}。請確認伺服器以本機模式（未設定 LINE 憑證）執行。`;
  container.replaceChildren(message);
});

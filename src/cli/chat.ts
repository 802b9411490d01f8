/**
 * Terminal chat with a local gulema server (`npm run chat`). Each typed line
 * becomes a signed LINE webhook, and a long poll on the fake LINE API prints
 * what the bot sends back to this user.
 */
import { clearLine, createInterface, cursorTo } from 'node:readline';
import type { Interface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { CHAT_USAGE, UsageError, parseChatOptions } from './chat-options.ts';
import type { ChatOptions } from './chat-options.ts';
import { formatMessages } from './format-message.ts';
import type { Choice } from './format-message.ts';
import { fetchInbox, sendFollowEvent, sendPostbackEvent, sendTextEvent } from './webhook-client.ts';
import type { WebhookResult, WebhookTarget } from './webhook-client.ts';

const INBOX_WAIT_MS = 20_000;
const RECONNECT_DELAY_MS = 2_000;
/** Time to keep printing replies after piped input ends. */
const PIPED_LINGER_MS = 2_000;

/** How long to wait for the bot's answer before reading the next line, so choices refer to it. */
const REPLY_WAIT_MS = 5_000;

type Session = {
  options: ChatOptions;
  target: WebhookTarget;
  rl: Interface;
  choices: Choice[];
  /** Messages received so far; `send` waits for this to grow. */
  received: number;
  closed: boolean;
};

async function main(): Promise<number> {
  let options: ChatOptions;
  try {
    options = parseChatOptions(process.argv.slice(2), process.env);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`chat: ${error.message}\n\n${CHAT_USAGE}`);
      return 2;
    }
    throw error;
  }

  if (options.help) {
    console.log(CHAT_USAGE);
    return 0;
  }

  const target: WebhookTarget = { url: options.url, channelSecret: options.channelSecret };

  // The first inbox read checks that the server runs in local mode and skips older messages.
  let after: number;
  try {
    after = (await fetchInbox(target, { to: options.userId, after: 0, waitMs: 0 })).lastSeq;
  } catch (error) {
    console.error(`chat: ${(error as Error).message}`);
    return 1;
  }

  const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: '你> ' });
  rl.on('SIGINT', () => rl.close());

  // Lines read before the iterator exists would be dropped, and piped input arrives at once.
  const lines = rl[Symbol.asyncIterator]();
  const session: Session = { options, target, rl, choices: [], received: 0, closed: false };
  rl.on('close', () => {
    session.closed = true;
  });

  console.log(`Connected to ${options.url} as ${options.userId}. Type /quit or press Ctrl-D to leave.`);

  const stopPolling = new AbortController();
  const polling = pollInbox(session, after, stopPolling.signal);

  if (options.follow) {
    await send(session, () => sendFollowEvent({ ...target, userId: options.userId }));
  }

  let quit = false;
  prompt(session);
  for await (const line of lines) {
    const input = line.trim();
    if (input === '/quit') {
      quit = true;
      break;
    }
    if (input !== '') {
      await handleInput(session, input);
    }
    prompt(session);
  }

  if (!quit && !process.stdin.isTTY) {
    await sleep(PIPED_LINGER_MS);
  }

  stopPolling.abort();
  await polling;
  rl.close();
  return 0;
}

async function handleInput(session: Session, input: string): Promise<void> {
  const { options, target } = session;

  if (input.startsWith('\\')) {
    await send(session, () => sendTextEvent({ ...target, userId: options.userId, text: input.slice(1) }));
    return;
  }

  // Only one or two digits count as a tap, so stock codes such as 2330 go out as text.
  const choice = /^\d{1,2}$/.test(input) ? session.choices.find((candidate) => candidate.number === Number(input)) : undefined;
  if (choice === undefined) {
    await send(session, () => sendTextEvent({ ...target, userId: options.userId, text: input }));
    return;
  }

  const action = choice.action;
  switch (action.type) {
    case 'postback': {
      const displayText = (action as { displayText?: string }).displayText;
      if (displayText) {
        print(session, `你> ${displayText}`);
      }
      const data = (action as { data: string }).data;
      await send(session, () => sendPostbackEvent({ ...target, userId: options.userId, data }));
      return;
    }
    case 'message': {
      const text = (action as { text: string }).text;
      print(session, `你> ${text}`);
      await send(session, () => sendTextEvent({ ...target, userId: options.userId, text }));
      return;
    }
    case 'uri':
      print(session, `[連結] ${(action as { uri: string }).uri}`);
      return;
    default:
      print(session, `（終端機無法操作「${action.type ?? '未知'}」類型的按鈕）`);
  }
}

async function send(session: Session, sendEvent: () => Promise<WebhookResult>): Promise<void> {
  const before = session.received;
  try {
    const result = await sendEvent();
    if (result.status < 200 || result.status > 299) {
      print(session, `chat: ${session.options.url}/callback returned HTTP ${result.status}${result.body ? `: ${result.body.slice(0, 200)}` : ''}`);
      return;
    }
  } catch (error) {
    print(session, `chat: sending the webhook failed: ${(error as Error).message}`);
    return;
  }

  // Some inputs get no answer (group chatter), so the wait is bounded.
  const deadline = Date.now() + REPLY_WAIT_MS;
  while (session.received === before && Date.now() < deadline) {
    await sleep(50);
  }
}

function prompt(session: Session): void {
  if (!session.closed && process.stdin.isTTY) {
    session.rl.prompt();
  }
}

async function pollInbox(session: Session, startAfter: number, signal: AbortSignal): Promise<void> {
  let after = startAfter;
  let reportedOutage = false;

  while (!signal.aborted) {
    try {
      const page = await fetchInbox(session.target, { to: session.options.userId, after, waitMs: INBOX_WAIT_MS, signal });
      reportedOutage = false;

      for (const item of page.items) {
        after = Math.max(after, item.seq);
        showSent(session, item.kind, item.messages);
      }
    } catch (error) {
      if (signal.aborted) {
        return;
      }
      if (!reportedOutage) {
        print(session, `chat: reading the bot's messages failed, retrying: ${(error as Error).message}`);
        reportedOutage = true;
      }
      await sleep(RECONNECT_DELAY_MS, undefined, { signal }).catch(() => undefined);
    }
  }
}

function showSent(session: Session, kind: string, messages: Parameters<typeof formatMessages>[0]): void {
  if (kind === 'loading') {
    print(session, '（正在輸入…）');
    return;
  }

  const rendered = formatMessages(messages);
  session.choices = rendered.choices;
  session.received += 1;

  const [first = '', ...rest] = rendered.text.split('\n');
  print(session, [`bot> ${first}`, ...rest.map((line) => `     ${line}`)].join('\n'));
}

/** Prints above the prompt without mixing into what the user is typing. */
function print(session: Session, text: string): void {
  if (!process.stdout.isTTY) {
    console.log(text);
    return;
  }

  clearLine(process.stdout, 0);
  cursorTo(process.stdout, 0);
  console.log(text);
  if (!session.closed) {
    session.rl.prompt(true);
  }
}

process.exitCode = await main();

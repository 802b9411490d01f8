import { createHash } from 'node:crypto';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { LOCAL_CHANNEL_SECRET } from '../line/local-secret.ts';

export type ChatOptions = {
  /** Server origin without a trailing slash. */
  url: string;
  userId: string;
  channelSecret: string;
  /** Sends a follow event at start, as LINE does when a user adds the bot. */
  follow: boolean;
  help: boolean;
};

export const CHAT_USAGE = `Usage: npm run chat -- [options]

Chats with a local gulema server as a LINE user would.

Options:
  --url <url>      server origin (default http://127.0.0.1:$PORT, PORT defaults to 3000)
  --user <id>      LINE user id, U followed by 32 hex digits (default derived from the OS user name)
  --no-follow      do not send a follow event at start
  -h, --help       show this help

Environment:
  LINE_CHANNEL_SECRET  secret the webhooks are signed with (default: the local-mode secret)

In the chat, type a message and press Enter. Type the number of a listed
choice to tap it, prefix a line with \\ to send it as typed, and end with
/quit or Ctrl-D.`;

const USER_ID_PATTERN = /^U[0-9a-f]{32}$/;

export class UsageError extends Error {
  override name = 'UsageError';
}

/** Parses argv (without node and script) and the environment; throws UsageError on bad input. */
export function parseChatOptions(argv: string[], env: NodeJS.ProcessEnv, osUserName: string = currentUserName()): ChatOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowNegative: true,
      options: {
        url: { type: 'string' },
        user: { type: 'string' },
        follow: { type: 'boolean', default: true },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }

  const { values } = parsed;
  const port = env.PORT?.trim() || '3000';
  const url = (values.url ?? `http://127.0.0.1:${port}`).replace(/\/+$/, '');
  if (URL.parse(url) === null) {
    throw new UsageError(`--url ${JSON.stringify(url)} is not a URL; expected e.g. http://127.0.0.1:3000`);
  }

  const userId = values.user ?? defaultUserId(osUserName);
  if (!USER_ID_PATTERN.test(userId)) {
    throw new UsageError(`--user ${JSON.stringify(userId)} is invalid; expected U followed by 32 lowercase hex digits`);
  }

  return {
    url,
    userId,
    channelSecret: env.LINE_CHANNEL_SECRET?.trim() || LOCAL_CHANNEL_SECRET,
    follow: values.follow,
    help: values.help,
  };
}

/** Returns a stable user id for an OS user, so the same developer keeps the same bot state between runs. */
export function defaultUserId(osUserName: string): string {
  const digest = createHash('sha256').update(`gulema-local-user:${osUserName}`).digest('hex');
  return `U${digest.slice(0, 32)}`;
}

function currentUserName(): string {
  try {
    return userInfo().username;
  } catch {
    // userInfo() throws when the uid has no passwd entry, as in some containers.
    return process.env.USER ?? 'local';
  }
}

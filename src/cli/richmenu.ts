/**
 * Syncs the bot's rich menu with LINE (`npm run richmenu [-- --dry-run]`).
 * Meant for a release step, never for web start-up: creating a rich menu is
 * limited to 100 requests per hour per channel.
 */
import { formatSyncReport } from '../richmenu/report.ts';
import { readMenuImage } from '../richmenu/image.ts';
import { RichMenuSyncError, syncRichMenu } from '../richmenu/sync.ts';

const USAGE = `usage: npm run richmenu [-- --dry-run]

Creates the rich menu on LINE when its definition or image changed, makes it
the default and deletes this bot's stale menus. A second run changes nothing.

  --dry-run   list the planned changes without making them

environment:
  LINE_CHANNEL_ACCESS_TOKEN  channel access token (required)
  LINE_API_BASE_URL          Messaging API origin (default https://api.line.me)
  LINE_DATA_API_BASE_URL     data API origin for the image (default https://api-data.line.me)`;

const DEFAULT_API_BASE_URL = 'https://api.line.me';
const DEFAULT_DATA_API_BASE_URL = 'https://api-data.line.me';

async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const unknown = argv.filter((arg) => arg !== '--dry-run' && arg !== '--help');
  if (argv.includes('--help') || unknown.length > 0) {
    if (unknown.length > 0) {
      console.error(`richmenu: unknown argument ${unknown.join(' ')}`);
    }
    console.error(USAGE);
    return unknown.length > 0 ? 2 : 0;
  }

  const token = env.LINE_CHANNEL_ACCESS_TOKEN?.trim();
  if (!token) {
    console.error('richmenu: LINE_CHANNEL_ACCESS_TOKEN is not set; set it to the bot\'s channel access token and run again');
    return 2;
  }

  const apiBaseUrl = env.LINE_API_BASE_URL?.trim() || undefined;
  const dataApiBaseUrl = env.LINE_DATA_API_BASE_URL?.trim() || undefined;
  // Half a pair would send the token and image to LINE while the rest goes elsewhere.
  if ((apiBaseUrl === undefined) !== (dataApiBaseUrl === undefined)) {
    console.error('richmenu: set LINE_API_BASE_URL and LINE_DATA_API_BASE_URL together, or neither to use LINE\'s hosts');
    return 2;
  }

  try {
    const report = await syncRichMenu({
      channelAccessToken: token,
      apiBaseUrl: apiBaseUrl ?? DEFAULT_API_BASE_URL,
      dataApiBaseUrl: dataApiBaseUrl ?? DEFAULT_DATA_API_BASE_URL,
      image: await readMenuImage(),
      dryRun: argv.includes('--dry-run'),
    });
    console.log(formatSyncReport(report));
    return 0;
  } catch (error) {
    if (error instanceof RichMenuSyncError) {
      console.error(`richmenu: ${error.message}${error.requestId ? ` (x-line-request-id ${error.requestId})` : ''}`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2), process.env);

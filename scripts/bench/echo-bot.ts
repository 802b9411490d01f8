/**
 * Reference bot for the benchmark, in the shape of LINE's echo-bot example:
 * express, @line/bot-sdk's `middleware` for the signature, and one
 * `replyMessage` per text event, with no database and no dialogue state.
 * It answers the webhook after its replies return, as that example does.
 * Prints `listening <url>` once ready; stops on SIGTERM.
 *
 * Usage: node scripts/bench/echo-bot.ts
 *   env PORT, LINE_CHANNEL_SECRET, LINE_CHANNEL_ACCESS_TOKEN, LINE_API_BASE_URL
 */
import { once } from 'node:events';
import express from 'express';
import { messagingApi, middleware, type webhook } from '@line/bot-sdk';

const channelSecret = process.env.LINE_CHANNEL_SECRET ?? '';
const channelAccessToken = process.env.LINE_CHANNEL_ACCESS_TOKEN ?? '';
const baseURL = process.env.LINE_API_BASE_URL ?? '';
if (!channelSecret || !channelAccessToken || !baseURL.startsWith('http://127.0.0.1:')) {
  console.error('echo-bot: set LINE_CHANNEL_SECRET, LINE_CHANNEL_ACCESS_TOKEN and a loopback LINE_API_BASE_URL');
  process.exit(2);
}

const client = new messagingApi.MessagingApiClient({ channelAccessToken, baseURL });

async function echo(event: webhook.Event): Promise<void> {
  if (event.type !== 'message' || event.message.type !== 'text' || !event.replyToken) {
    return;
  }
  await client.replyMessage({ replyToken: event.replyToken, messages: [{ type: 'text', text: event.message.text }] });
}

const app = express();
app.post('/callback', middleware({ channelSecret }), async (req, res) => {
  const { events } = req.body as webhook.CallbackRequest;
  try {
    await Promise.all(events.map(echo));
    res.status(200).json({});
  } catch (error) {
    console.error('echo-bot: reply failed', error);
    res.status(500).end();
  }
});

const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
await once(server, 'listening');
const address = server.address();
console.log(`listening http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);

process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});

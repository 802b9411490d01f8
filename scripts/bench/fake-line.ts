/**
 * Runs the fake LINE Messaging API on a loopback port in its own process,
 * so its CPU and memory are not counted to gulema or to the generator.
 * Prints `listening <baseUrl>` once ready; stops on SIGTERM.
 *
 * Usage: node scripts/bench/fake-line.ts   (env BENCH_LINE_TOKEN)
 */
import { startFakeLineServer } from '../../src/line/fake-api.ts';

const token = process.env.BENCH_LINE_TOKEN;
if (!token) {
  console.error('fake-line: BENCH_LINE_TOKEN is not set; set it to the access token the bots will send');
  process.exit(2);
}

const server = await startFakeLineServer({ channelAccessToken: token, allowInsecureImageUrls: true });
console.log(`listening ${server.baseUrl}`);

process.on('SIGTERM', () => {
  const replies = server.api.sent().filter((record) => record.kind === 'reply').length;
  const pushes = server.api.sent().filter((record) => record.kind === 'push').length;
  console.log(`received ${replies} replies, ${pushes} pushes`);
  void server.close().then(() => process.exit(0));
});

/**
 * A WebSocket relay on 127.0.0.1 that passes inspection messages from the
 * runtime to Stately inspector pages. It replaces @statelyai/inspect's own
 * server, which listens on every interface and opens a browser. GET / serves
 * a small page that frames the inspector UI and forwards each message to it
 * with postMessage. Any other WebSocket client receives the raw JSON.
 */
import { once } from 'node:events';
import http from 'node:http';
import { WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../logger.ts';
import { bridgePage } from './bridge-page.ts';
import type { InspectMessage } from './messages.ts';

/** The relay never listens anywhere else: it carries user dialogue state. */
export const RELAY_HOST = '127.0.0.1';

/** The hosted inspector UI that @statelyai/inspect 0.7.2 frames by default. */
export const DEFAULT_INSPECTOR_URL = 'https://stately.ai/inspect';

/** Messages kept for pages that connect later, as @statelyai/inspect's server does (it keeps 200). */
const REPLAY_LIMIT = 200;

export interface InspectRelayOptions {
  /** 0 picks a free port. */
  port: number;
  logger: Logger;
  inspectorUrl?: string;
}

export interface InspectRelay {
  /** The address the relay listens on, always RELAY_HOST. */
  address: string;
  port: number;
  /** The page to open in a browser. */
  url: string;
  broadcast(messages: readonly InspectMessage[]): void;
  close(): Promise<void>;
}

export async function createInspectRelay(options: InspectRelayOptions): Promise<InspectRelay> {
  const inspectorUrl = options.inspectorUrl ?? DEFAULT_INSPECTOR_URL;
  const replay: string[] = [];
  let port = options.port;

  const server = http.createServer((request, response) => {
    if (request.method !== 'GET' || request.url !== '/') {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    response.end(bridgePage(inspectorUrl));
  });

  // Browsers let any web page open a WebSocket to loopback, so only this relay's own page (or a client with no Origin) may connect.
  const sockets = new WebSocketServer({
    server,
    verifyClient: ({ origin }: { origin?: string }) => origin === undefined || origin === `http://${RELAY_HOST}:${port}` || origin === `http://localhost:${port}`,
  });

  sockets.on('connection', (socket) => {
    for (const message of replay) socket.send(message);
    // Messages from pages are dropped: only the runtime's own steps are relayed.
    socket.on('message', () => undefined);
    socket.on('error', (error) => options.logger.warn({ err: error }, 'inspector client connection failed'));
  });
  sockets.on('error', (error) => options.logger.error({ err: error }, 'inspector relay failed'));

  server.listen(options.port, RELAY_HOST);
  await once(server, 'listening');
  const address = server.address();
  if (typeof address !== 'object' || address === null) {
    throw new Error('inspector relay has no TCP address after listening');
  }
  port = address.port;
  const url = `http://${RELAY_HOST}:${port}/`;
  options.logger.info({ url }, 'XState inspector relay listening');

  return {
    address: address.address,
    port,
    url,
    broadcast(messages) {
      for (const message of messages) {
        const text = JSON.stringify(message);
        replay.push(text);
        if (replay.length > REPLAY_LIMIT) replay.shift();

        for (const client of sockets.clients) {
          if (client.readyState === WebSocket.OPEN) client.send(text);
        }
      }
    },
    async close() {
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
      options.logger.info({ url }, 'XState inspector relay stopped');
    },
  };
}

/**
 * A loopback HTTP proxy that sends each request to the next of its targets
 * in turn, as a load balancer in front of several web processes would. The
 * method, path, headers and raw body pass through unchanged, so a LINE
 * signature computed over the body still verifies behind it.
 */
import { once } from 'node:events';
import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RoundRobinProxy {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Requests forwarded to each target so far, in the order the targets were given. */
  counts(): number[];
  /** Replaces the targets and resets the counts, so the proxy's origin can be handed out before the targets start. */
  setTargets(targets: string[]): void;
  close(): Promise<void>;
}

/**
 * Starts the proxy on a free port of 127.0.0.1. Targets are origins such as
 * `http://127.0.0.1:3001`, and with no targets every request gets 502.
 */
export async function startRoundRobinProxy(initialTargets: string[] = []): Promise<RoundRobinProxy> {
  const agent = new Agent({ keepAlive: true });
  let targets = [...initialTargets];
  let counts = targets.map(() => 0);
  let next = 0;

  const server = createServer((incoming: IncomingMessage, outgoing: ServerResponse) => {
    if (targets.length === 0) {
      incoming.resume();
      outgoing.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'round-robin proxy has no targets yet' }));
      return;
    }
    next %= targets.length;
    const index = next;
    next = (next + 1) % targets.length;
    counts[index]! += 1;
    forward(new URL(targets[index]!), incoming, outgoing, agent);
  });

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    counts: () => [...counts],
    setTargets(replacement) {
      targets = [...replacement];
      counts = targets.map(() => 0);
      next = 0;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}

function forward(target: URL, incoming: IncomingMessage, outgoing: ServerResponse, agent: Agent): void {
  // The target's own host header keeps express from seeing the proxy's port; nothing else changes.
  const headers = { ...incoming.headers, host: target.host };
  const upstream = request(
    { host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers, agent },
    (response) => {
      outgoing.writeHead(response.statusCode ?? 502, response.headers);
      response.pipe(outgoing);
    },
  );

  // A load balancer returns 502 for a dead target, and LINE then redelivers.
  upstream.on('error', (error) => {
    if (!outgoing.headersSent) {
      outgoing.writeHead(502, { 'content-type': 'application/json' });
    }
    outgoing.end(JSON.stringify({ message: `upstream ${target.host} failed: ${error.message}` }));
  });

  incoming.pipe(upstream);
}

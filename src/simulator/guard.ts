/**
 * Access rules of the simulator. It can send webhooks signed with the
 * channel secret, so only this machine may use it, and only pages served by
 * this server: a page from another site open in the same browser must not
 * drive the bot.
 */
import type { NextFunction, Request, Response } from 'express';

const LOOPBACK_ADDRESSES = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const LOOPBACK_HOSTNAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Tells whether a socket's remote address is this machine's loopback interface. */
export function isLoopbackAddress(address: string | undefined): boolean {
  return address !== undefined && LOOPBACK_ADDRESSES.has(address);
}

/**
 * Tells whether a Host header names the loopback interface, so a DNS name
 * rebound to 127.0.0.1 by another site does not pass.
 */
export function isLoopbackHost(host: string | undefined): boolean {
  if (host === undefined) {
    return false;
  }
  const hostname = host.replace(/:\d+$/, '').toLowerCase();
  return LOOPBACK_HOSTNAMES.has(hostname);
}

/** Rejects with 403 any request that is not from loopback to a loopback host name. */
export function loopbackOnly(req: Request, res: Response, next: NextFunction): void {
  if (!isLoopbackAddress(req.socket.remoteAddress) || !isLoopbackHost(req.get('host'))) {
    res.status(403).json({ message: 'the simulator accepts requests from this machine only (127.0.0.1 or ::1)' });
    return;
  }
  next();
}

/**
 * Rejects with 403 a cross-site request: an `Origin` other than this
 * server's. Browsers send `Origin` on every POST, so a form or fetch from
 * another site is caught even though it comes from loopback.
 */
export function sameOriginOnly(req: Request, res: Response, next: NextFunction): void {
  const origin = req.get('origin');
  if (origin !== undefined && origin !== `${req.protocol}://${req.get('host')}`) {
    res.status(403).json({ message: `requests from origin ${origin} are not accepted; open the simulator from this server` });
    return;
  }
  next();
}

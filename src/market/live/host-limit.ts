/**
 * A counting semaphore per host, so one slow exchange cannot take every
 * socket and a burst of look-ups does not hit one host with dozens of
 * parallel requests. Waiters are served first come, first served.
 */
export class HostLimiter {
  readonly #limit: number;
  readonly #active = new Map<string, number>();
  readonly #waiting = new Map<string, (() => void)[]>();

  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError(`HostLimiter: limit must be a positive integer, got ${limit}`);
    }

    this.#limit = limit;
  }

  /** Waits for a free slot on `host` and returns the function that frees it; calls after the first do nothing. */
  async acquire(host: string): Promise<() => void> {
    const active = this.#active.get(host) ?? 0;
    if (active < this.#limit) {
      this.#active.set(host, active + 1);
    } else {
      // The releasing caller hands its slot straight to this waiter, so the count stays put.
      await new Promise<void>((resolve) => {
        const queue = this.#waiting.get(host) ?? [];
        queue.push(resolve);
        this.#waiting.set(host, queue);
      });
    }

    let released = false;
    return () => {
      if (released) {
        return;
      }

      released = true;
      this.#release(host);
    };
  }

  #release(host: string): void {
    const next = this.#waiting.get(host)?.shift();
    if (next !== undefined) {
      next();
      return;
    }

    const active = (this.#active.get(host) ?? 1) - 1;
    if (active === 0) {
      this.#active.delete(host);
      this.#waiting.delete(host);
    } else {
      this.#active.set(host, active);
    }
  }
}

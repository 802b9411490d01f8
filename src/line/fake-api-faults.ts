import { STATUS_CODES } from 'node:http';

/** A failure response that the fake LINE API returns in place of its normal result. */
export type InjectedFault = {
  status: number;
  /** Response body; defaults to a LINE-style `{ message }` for the status. */
  body?: unknown;
  /** Delay before the response is sent. */
  delayMs?: number;
  /**
   * Records the send (and its retry key) before responding with the fault,
   * like a 5xx or timeout after LINE already delivered. By default a faulted
   * request is not recorded, because LINE does not process a request that
   * gets a 429.
   */
  deliver?: boolean;
};

/** Pending injected faults and held responses of one fake LINE API. */
export class FaultQueue {
  #faults: InjectedFault[] = [];
  #hangs: number[] = [];
  #pendingDelays = new Set<() => void>();

  failNext(count: number, fault: InjectedFault): void {
    if (!Number.isInteger(count) || count < 0) {
      throw new RangeError(`failNext count must be a non-negative integer, got ${count}`);
    }

    for (let i = 0; i < count; i += 1) {
      this.#faults.push(fault);
    }
  }

  hang(ms: number): void {
    this.#hangs.push(ms);
  }

  takeFault(): InjectedFault | undefined {
    return this.#faults.shift();
  }

  takeHang(): number {
    return this.#hangs.shift() ?? 0;
  }

  /** Waits ms; dispose() ends every pending wait at once. */
  delay(ms: number): Promise<void> {
    if (ms <= 0) {
      return Promise.resolve();
    }

    return new Promise((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        this.#pendingDelays.delete(finish);
        resolve();
      };

      const timer = setTimeout(finish, ms);
      this.#pendingDelays.add(finish);
    });
  }

  dispose(): void {
    this.#faults = [];
    this.#hangs = [];
    for (const finish of [...this.#pendingDelays]) {
      finish();
    }
  }

  static defaultBody(status: number): { message: string } {
    if (status === 429) {
      return { message: 'The API rate limit has been exceeded. Try again later.' };
    }
    if (status === 500) {
      return { message: 'An internal server error occurred' };
    }
    return { message: STATUS_CODES[status] ?? `HTTP ${status}` };
  }
}

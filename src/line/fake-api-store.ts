import type { messagingApi } from '@line/bot-sdk';

export type SentKind = 'reply' | 'push' | 'loading';

/** A send request that the fake LINE API accepted. */
export type SentRecord = {
  /** Position in the fake's lifetime, starting at 1; it keeps growing after clear(). */
  seq: number;
  kind: SentKind;
  /** Chat id; null for a reply whose token was never registered. */
  to: string | null;
  replyToken?: string;
  retryKey?: string;
  /** Empty for a loading animation. */
  messages: messagingApi.Message[];
  loadingSeconds?: number;
  /** The x-line-request-id header of the fake's response. */
  requestId: string;
  /** Milliseconds since the epoch. */
  at: number;
};

type Listener = (record: SentRecord) => void;

/** In-memory log of accepted sends, with waits for sends that have not happened yet. */
export class SentStore {
  #records: SentRecord[] = [];
  #lastSeq = 0;
  #listeners = new Set<Listener>();
  #cancels = new Set<() => void>();

  get lastSeq(): number {
    return this.#lastSeq;
  }

  add(entry: Omit<SentRecord, 'seq'>): SentRecord {
    this.#lastSeq += 1;
    const record: SentRecord = { seq: this.#lastSeq, ...entry };
    this.#records.push(record);

    for (const listener of [...this.#listeners]) {
      listener(record);
    }
    return record;
  }

  all(): SentRecord[] {
    return [...this.#records];
  }

  sentTo(chatId: string): SentRecord[] {
    return this.#records.filter((record) => record.to === chatId);
  }

  clear(): void {
    this.#records = [];
  }

  /**
   * Resolves with the first record, already stored or still to come, that
   * matches the predicate; rejects after timeoutMs.
   */
  waitFor(predicate: (record: SentRecord) => boolean, timeoutMs: number): Promise<SentRecord> {
    const existing = this.#records.find(predicate);
    if (existing) {
      return Promise.resolve(existing);
    }

    return new Promise((resolve, reject) => {
      const listener: Listener = (record) => {
        if (predicate(record)) {
          cleanup();
          resolve(record);
        }
      };

      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`fake LINE API: no sent record matched within ${timeoutMs} ms (${this.#records.length} recorded)`));
      }, timeoutMs);

      const cancel = (): void => {
        cleanup();
        reject(new Error('fake LINE API was disposed while waiting for a sent record'));
      };

      const cleanup = (): void => {
        clearTimeout(timer);
        this.#listeners.delete(listener);
        this.#cancels.delete(cancel);
      };

      this.#listeners.add(listener);
      this.#cancels.add(cancel);
    });
  }

  /**
   * Returns the records after `after` that match the filter, waiting up to
   * waitMs for one to arrive when there are none yet. An aborted signal ends
   * the wait early with an empty list.
   */
  waitForNewer(filter: (record: SentRecord) => boolean, after: number, waitMs: number, signal?: AbortSignal): Promise<SentRecord[]> {
    const select = (): SentRecord[] => this.#records.filter((record) => record.seq > after && filter(record));

    const ready = select();
    if (ready.length > 0 || waitMs <= 0 || signal?.aborted) {
      return Promise.resolve(ready);
    }

    return new Promise((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        this.#listeners.delete(listener);
        this.#cancels.delete(finish);
        signal?.removeEventListener('abort', finish);
        resolve(select());
      };

      const listener: Listener = (record) => {
        if (record.seq > after && filter(record)) {
          finish();
        }
      };

      const timer = setTimeout(finish, waitMs);
      this.#listeners.add(listener);
      this.#cancels.add(finish);
      signal?.addEventListener('abort', finish);
    });
  }

  /** Ends every pending wait: waitFor rejects and waitForNewer resolves. */
  dispose(): void {
    for (const cancel of [...this.#cancels]) {
      cancel();
    }
  }
}

/**
 * Group commit for webhook events. Requests arrive one event at a time, and
 * a transaction per event spends most of its time in round trips and in
 * the commit's WAL flush. The batcher queues events that arrive while
 * earlier batches run and hands them to `run` together, so one transaction
 * carries many events. A single event on an idle server still starts at
 * once, after the current turn of the event loop.
 */

export type Settled<R> = { ok: true; value: R } | { ok: false; error: unknown };

export interface BatcherOptions {
  /** Largest number of items handed to one `run` call. */
  maxBatchSize: number;
  /** How many `run` calls may be in progress at once. */
  maxConcurrentBatches: number;
}

interface Waiting<T, R> {
  item: T;
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Creates a queue whose `submit` resolves with the item's own result.
 * `run` must return one result per item, in order. When `run` itself
 * rejects, every item of that batch is rejected with its error.
 */
export function createBatcher<T, R>(run: (items: T[]) => Promise<Settled<R>[]>, options: BatcherOptions) {
  let queue: Waiting<T, R>[] = [];
  let running = 0;
  let scheduled = false;

  function schedule(): void {
    if (scheduled) {
      return;
    }
    scheduled = true;
    // Waiting for the rest of this event-loop turn lets requests read in the same turn share a batch.
    setImmediate(() => {
      scheduled = false;
      pump();
    });
  }

  function pump(): void {
    while (running < options.maxConcurrentBatches && queue.length > 0) {
      const batch = queue.slice(0, options.maxBatchSize);
      queue = queue.slice(batch.length);
      running += 1;

      void runBatch(batch).finally(() => {
        running -= 1;
        pump();
      });
    }
  }

  async function runBatch(batch: Waiting<T, R>[]): Promise<void> {
    let results: Settled<R>[];
    try {
      results = await run(batch.map((waiting) => waiting.item));
    } catch (error) {
      batch.forEach((waiting) => waiting.reject(error));
      return;
    }

    batch.forEach((waiting, index) => {
      const result = results[index];
      if (result === undefined) {
        waiting.reject(new Error(`batch returned ${results.length} results for ${batch.length} items`));
      } else if (result.ok) {
        waiting.resolve(result.value);
      } else {
        waiting.reject(result.error);
      }
    });
  }

  return {
    submit(item: T): Promise<R> {
      return new Promise<R>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        schedule();
      });
    },

    /** Items waiting for a batch, and batches in progress. */
    stats(): { queued: number; running: number } {
      return { queued: queue.length, running };
    },
  };
}

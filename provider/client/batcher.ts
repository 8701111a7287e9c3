/**
 * Coalescing of single-key lookups into batched calls (after graphql/dataloader), one mechanism for
 * get_group_info reads and account_check lookups. Loads for the same `group` (e.g. the same response
 * filter) join one pending batch. It is sent when it holds `maxBatch` keys, when no new key has
 * joined for `idleMs`, or `maxWaitMs` after its first load — whichever comes first. The idle rule
 * matters because Pulumi's engine delivers a refresh's reads (and a plan's checks) as separate gRPC
 * calls spread over the program's run, milliseconds apart: a same-tick batch would send one call
 * per resource. With `idleMs` 0 a batch is the loads of one tick, as in DataLoader. Nothing is
 * cached across batches: every load sees the live value.
 */

/** Timing and size of batches. */
export interface BatchTiming {
  /** Keys per call. */
  maxBatch: number;
  /** Send once no new key has joined for this long (ms); 0 = the loads of one tick. */
  idleMs: number;
  /** Send at the latest this long after the batch's first load (ms). */
  maxWaitMs: number;
}

/** Fetches one batch: an outcome per key, a value or an Error (a missing key is an error). */
export type BatchRun<T> = (group: string, keys: string[]) => Promise<ReadonlyMap<string, T | Error>>;

interface Waiter<T> {
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

interface Pending<T> {
  waiters: Map<string, Array<Waiter<T>>>;
  firstAt: number;
  timer?: NodeJS.Timeout;
}

/** Coalesces `load(key)` calls into `run(group, keys)` calls. */
export class Batcher<T> {
  readonly #pending = new Map<string, Pending<T>>();

  constructor(
    private readonly timing: BatchTiming,
    private readonly run: BatchRun<T>,
    private readonly missing: (key: string) => Error,
  ) {}

  /** The value for `key`, fetched in a batch with other keys of the same `group`. */
  load(key: string, group = ""): Promise<T> {
    let batch = this.#pending.get(group);
    if (batch === undefined) {
      batch = { waiters: new Map(), firstAt: Date.now() };
      this.#pending.set(group, batch);
      if (this.timing.idleMs <= 0) {
        const created = batch;
        // Like DataLoader: after the current promise jobs, so callers awaiting one step join too.
        void Promise.resolve().then(() => process.nextTick(() => this.#flush(group, created)));
      }
    }
    const current = batch;
    const isNew = !current.waiters.has(key);
    const loaded = new Promise<T>((resolve, reject) => {
      const list = current.waiters.get(key);
      if (list === undefined) current.waiters.set(key, [{ resolve, reject }]);
      else list.push({ resolve, reject });
    });
    if (current.waiters.size >= this.timing.maxBatch) this.#flush(group, current);
    else if (isNew && this.timing.idleMs > 0) this.#schedule(group, current);
    return loaded;
  }

  #schedule(group: string, batch: Pending<T>): void {
    clearTimeout(batch.timer);
    const untilMax = batch.firstAt + this.timing.maxWaitMs - Date.now();
    batch.timer = setTimeout(
      () => this.#flush(group, batch),
      Math.max(0, Math.min(this.timing.idleMs, untilMax)),
    );
  }

  #flush(group: string, batch: Pending<T>): void {
    if (this.#pending.get(group) !== batch) return;
    this.#pending.delete(group);
    clearTimeout(batch.timer);
    const keys = [...batch.waiters.keys()];
    for (let start = 0; start < keys.length; start += this.timing.maxBatch) {
      void this.#send(group, keys.slice(start, start + this.timing.maxBatch), batch);
    }
  }

  async #send(group: string, keys: string[], batch: Pending<T>): Promise<void> {
    let outcomes: ReadonlyMap<string, T | Error>;
    try {
      outcomes = await this.run(group, keys);
    } catch (error) {
      for (const key of keys) for (const waiter of batch.waiters.get(key)!) waiter.reject(error);
      return;
    }
    for (const key of keys) {
      const outcome = outcomes.has(key) ? outcomes.get(key)! : this.missing(key);
      for (const waiter of batch.waiters.get(key)!) {
        if (outcome instanceof Error) waiter.reject(outcome);
        else waiter.resolve(outcome);
      }
    }
  }
}

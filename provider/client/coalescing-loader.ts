/**
 * Coalescing of single-key loads into batched calls (after graphql/dataloader), one mechanism for
 * get_group_info reads and account_check lookups. Loads of the same `partition` (e.g. the same
 * response filter) join one pending batch. Nothing is cached across batches: every load sees the
 * live value.
 *
 * Pulumi's engine delivers a refresh's reads as separate gRPC calls, milliseconds apart with pauses
 * of tens of milliseconds, at most `--parallel` of them open (unanswered) at once: a same-tick batch
 * would send one call per resource. So a batch goes:
 * - at once when it holds `maxBatch` keys, or loads whose weights (e.g. expected answer bytes) add
 *   up to `maxWeight`; a load that would take a batch over `maxWeight` sends the batch first and
 *   starts the next one (next-fit packing, in arrival order);
 * - at once when it holds every load the caller has been seen to keep open at a time, and none of
 *   our calls is in flight (no more can come before it is answered: at `--parallel 8`, once the
 *   first batch has shown the peak, a batch of 8 goes without waiting);
 * - after `idleMs` without a new load, counted only while none of its calls is in flight (an answer
 *   in flight releases more loads when it arrives, so quiet then means nothing) and no sooner than
 *   `afterAnswerMs` after the last answer (the engine needs ~100 ms to turn 50 answers into new
 *   reads);
 * - at the latest `maxWaitMs` after its first load.
 * With `idleMs` 0 a batch is the loads of one tick, as in DataLoader.
 */

/** Timing and size of the batches of a {@link CoalescingLoader}. */
export interface CoalescingTiming {
  /** Keys per call. */
  maxBatch: number;
  /**
   * The most the weights of one call's loads may add up to (e.g. the answer bytes a call may
   * carry); default unlimited. A single load heavier than this goes alone.
   */
  maxWeight?: number;
  /** Send once no new key has joined for this long (ms) while no call is in flight; 0 = one tick. */
  idleMs: number;
  /**
   * The least quiet after the last answer (ms) before a partial batch goes: the caller needs time
   * to process answers before its next loads come. Default `idleMs`.
   */
  afterAnswerMs?: number;
  /** Send at the latest this long after the batch's first load (ms). */
  maxWaitMs: number;
}

/**
 * Fetches one batch of a partition: an outcome per key, a value or an Error (a key the answer
 * lacks gets the loader's `missing` error).
 */
export type LoadBatch<T> = (partition: string, keys: string[]) => Promise<ReadonlyMap<string, T | Error>>;

interface Waiter<T> {
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

interface Pending<T> {
  waiters: Map<string, Array<Waiter<T>>>;
  /** When the first load arrived (performance.now()). */
  firstAt: number;
  /** The most loads seen open at once before this batch began (0: nothing learnt yet). */
  peakBefore: number;
  /** Sum of the weights of its keys (each key counted once). */
  weight: number;
  /** The pending send by the idle or max-wait rule (absent for a one-tick batch). */
  timer?: NodeJS.Timeout;
}

/** Coalesces `load(key, partition)` calls into `run(partition, keys)` calls. */
export class CoalescingLoader<T> {
  readonly #pending = new Map<string, Pending<T>>();
  /** run() calls not answered yet. */
  #inFlight = 0;
  /** Loads not answered yet (waiting in a batch or in flight). */
  #open = 0;
  /** The most loads ever open at once: how many the caller keeps waiting at a time. */
  #peakOpen = 0;
  /** When the last run() call was answered (performance.now()). */
  #answeredAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly timing: CoalescingTiming,
    private readonly run: LoadBatch<T>,
    private readonly missing: (key: string) => Error,
  ) {}

  /**
   * The value for `key`, fetched in a batch with other keys of the same `partition`; `weight` is
   * what the key adds to its call (counted once per key and batch; see `maxWeight`). `now`: the
   * caller knows no other load can join this one (a read made in a provider's `check`, which the
   * engine sends one resource at a time: docs/pulumi-notes.md §3.4), so its batch goes at once
   * instead of waiting `idleMs` — after `peakOpen` has seen parallel loads, such a lone load
   * would otherwise wait for companions that never come (200 ms a check: DECISIONS.md 2026-12-06).
   */
  load(key: string, partition = "", weight = 0, now = false): Promise<T> {
    const maxWeight = this.timing.maxWeight ?? Number.POSITIVE_INFINITY;
    let batch = this.#pending.get(partition);
    if (batch !== undefined && !batch.waiters.has(key) && batch.weight + weight > maxWeight) {
      // Full by weight: what it holds goes now, and this load starts the next batch.
      this.#flush(partition, batch);
      batch = undefined;
    }
    if (batch === undefined) {
      batch = { waiters: new Map(), firstAt: performance.now(), peakBefore: this.#peakOpen, weight: 0 };
      this.#pending.set(partition, batch);
      if (this.timing.idleMs <= 0) {
        const created = batch;
        // Like DataLoader: after the current promise jobs, so callers awaiting one step join too.
        void Promise.resolve().then(() => process.nextTick(() => this.#flush(partition, created)));
      }
    }
    const current = batch;
    const isNew = !current.waiters.has(key);
    if (isNew) current.weight += weight;
    const loaded = new Promise<T>((resolve, reject) => {
      const list = current.waiters.get(key);
      if (list === undefined) current.waiters.set(key, [{ resolve, reject }]);
      else list.push({ resolve, reject });
    });
    this.#open += 1;
    this.#peakOpen = Math.max(this.#peakOpen, this.#open);
    if (
      now ||
      current.waiters.size >= this.timing.maxBatch ||
      current.weight >= maxWeight ||
      this.#holdsAllOpen(current)
    ) {
      this.#flush(partition, current);
    } else if (isNew && this.timing.idleMs > 0) this.#schedule(partition, current);
    return loaded;
  }

  /** Every load the caller was seen to keep open at once is waiting in this one batch. */
  #holdsAllOpen(batch: Pending<T>): boolean {
    return (
      this.timing.idleMs > 0 &&
      this.#inFlight === 0 &&
      this.#pending.size === 1 &&
      batch.peakBefore > 0 &&
      this.#open >= batch.peakBefore
    );
  }

  /**
   * (Re)arms a batch's timer: `idleMs` of quiet while nothing is in flight and at least
   * `afterAnswerMs` after the last answer, capped by `maxWaitMs`.
   */
  #schedule(partition: string, batch: Pending<T>): void {
    clearTimeout(batch.timer);
    const now = performance.now();
    const untilMax = batch.firstAt + this.timing.maxWaitMs - now;
    const quiet = Math.max(
      this.timing.idleMs,
      this.#answeredAt + (this.timing.afterAnswerMs ?? this.timing.idleMs) - now,
    );
    const due = this.#inFlight > 0 ? untilMax : Math.min(quiet, untilMax);
    batch.timer = setTimeout(() => this.#flush(partition, batch), Math.max(0, due));
  }

  #flush(partition: string, batch: Pending<T>): void {
    if (this.#pending.get(partition) !== batch) return;
    this.#pending.delete(partition);
    clearTimeout(batch.timer);
    const keys = [...batch.waiters.keys()];
    for (let start = 0; start < keys.length; start += this.timing.maxBatch) {
      void this.#send(partition, keys.slice(start, start + this.timing.maxBatch), batch);
    }
  }

  async #send(partition: string, keys: string[], batch: Pending<T>): Promise<void> {
    let outcomes: ReadonlyMap<string, T | Error>;
    this.#inFlight += 1;
    try {
      outcomes = await this.run(partition, keys);
    } catch (error) {
      this.#answered(keys, batch);
      for (const key of keys) for (const waiter of batch.waiters.get(key)!) waiter.reject(error);
      return;
    }
    this.#answered(keys, batch);
    for (const key of keys) {
      const outcome = outcomes.has(key) ? outcomes.get(key)! : this.missing(key);
      for (const waiter of batch.waiters.get(key)!) {
        if (outcome instanceof Error) waiter.reject(outcome);
        else waiter.resolve(outcome);
      }
    }
  }

  /**
   * A call was answered: its loads are no longer open (counted now, before any caller hears of it),
   * and with no call left in flight the batches waiting start counting quiet time.
   */
  #answered(keys: string[], batch: Pending<T>): void {
    for (const key of keys) this.#open -= batch.waiters.get(key)!.length;
    this.#inFlight -= 1;
    this.#answeredAt = performance.now();
    if (this.#inFlight > 0 || this.timing.idleMs <= 0) return;
    for (const [partition, pending] of this.#pending) this.#schedule(partition, pending);
  }
}

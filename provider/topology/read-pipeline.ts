/**
 * How the exporter reads many groups at once: `window` workers each take the next group id and
 * read it (profile, then members), so the reads of many groups are open together. The client
 * packs open reads into full get_group_info calls (client/coalescing-loader.ts) and its rate
 * limit stays busy from the first second to the last; windows read one after another waited for
 * their last, partial call every time (DECISIONS.md 2026-12-06, "the exporter reads as a pipeline").
 *
 * Two things the coalescing loader cannot know, the pipeline tells each read:
 * - whether it is the last of its kind (no group left to start, no profile read left open), so its
 *   partial call goes at once instead of waiting out the loader's quiet time (~0.3 s, twice);
 * - how many members may be held at once (read and not yet written): a budget, so an app of large
 *   groups never has thousands of member lists in memory together.
 *
 * One pipeline serves one export; it holds no state beyond {@link ReadPipeline.run}.
 */

/** What one group's read learns from the pipeline. */
export interface ReadTurn {
  /** No other group's profile read can join this one: none is left to start. */
  readonly lastProfile: boolean;
  /**
   * Records that this group's profile read was answered; true when no other member read can
   * follow this group's (every group started, every profile answered).
   */
  profileAnswered(): boolean;
  /**
   * Waits until `members` more members may be held (at most the whole budget), and returns the
   * function that gives them back (call it once the group is written, or when it holds none).
   */
  holdMembers(members: number): Promise<() => void>;
}

/** Options of a {@link ReadPipeline}. */
export interface ReadPipelineOptions {
  /** Groups read at once. */
  window: number;
  /** Members held at once (read and not yet written). */
  memberBudget: number;
}

/** Runs one read per group id, `window` at a time; see the module comment. */
export class ReadPipeline {
  readonly #options: ReadPipelineOptions;

  constructor(options: ReadPipelineOptions) {
    if (!(options.window >= 1) || !(options.memberBudget >= 1)) {
      throw new RangeError(
        `ReadPipeline: window (${options.window}) and memberBudget (${options.memberBudget}) must be at least 1`,
      );
    }
    this.#options = options;
  }

  /**
   * Reads every id with `read`; resolves when all are read. The first read to fail stops the
   * others from starting new groups, and its error rejects the run.
   */
  async run(ids: readonly string[], read: (id: string, turn: ReadTurn) => Promise<void>): Promise<void> {
    const budget = new MemberBudget(this.#options.memberBudget);
    let next = 0;
    let profilesOpen = 0;
    let failed = false;
    const worker = async () => {
      while (!failed && next < ids.length) {
        const id = ids[next++]!;
        profilesOpen++;
        let open = true;
        const turn: ReadTurn = {
          lastProfile: next >= ids.length,
          profileAnswered: () => {
            if (open) profilesOpen--;
            open = false;
            return next >= ids.length && profilesOpen === 0;
          },
          holdMembers: (members) => budget.take(members),
        };
        try {
          await read(id, turn);
        } catch (error) {
          failed = true;
          throw error;
        } finally {
          turn.profileAnswered();
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.#options.window, ids.length) }, worker));
  }
}

/** A count of members that may be held at once; takers wait in arrival order. */
class MemberBudget {
  readonly #capacity: number;
  #free: number;
  readonly #waiting: Array<{ units: number; resolve: () => void }> = [];

  constructor(capacity: number) {
    this.#capacity = capacity;
    this.#free = capacity;
  }

  /** Waits for `members` units (capped at the whole budget, so any group can be read) and returns their release. */
  async take(members: number): Promise<() => void> {
    const units = Math.min(Math.max(0, members), this.#capacity);
    if (this.#waiting.length === 0 && units <= this.#free) this.#free -= units;
    else await new Promise<void>((resolve) => this.#waiting.push({ units, resolve }));
    let given = false;
    return () => {
      if (given) return;
      given = true;
      this.#give(units);
    };
  }

  #give(units: number): void {
    this.#free += units;
    while (this.#waiting.length > 0 && this.#waiting[0]!.units <= this.#free) {
      const waiter = this.#waiting.shift()!;
      this.#free -= waiter.units;
      waiter.resolve();
    }
  }
}

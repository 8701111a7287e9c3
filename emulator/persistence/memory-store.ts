/** A store that keeps nothing: state lives only as long as the process (the default). */

import type { Store } from "./store";

/** Nothing survives a restart; every method is a no-op. */
export class MemoryStore<Op, Snapshot> implements Store<Op, Snapshot> {
  readonly location = "memory";

  async open(): Promise<void> {}

  append(): void {}

  async flush(): Promise<void> {}

  async close(): Promise<void> {}
}

/** A store that keeps nothing: state lives only as long as the process (the default). */

import type { Store, StoreHost } from "./store";

/** Nothing survives a restart; every method is a no-op. */
export class MemoryStore<Op, Snapshot> implements Store<Op, Snapshot> {
  readonly location = "memory";

  async open(host: StoreHost<Op, Snapshot>): Promise<void> {
    host.restore(undefined);
  }

  append(): void {}

  async flush(): Promise<void> {}

  async close(): Promise<void> {}
}

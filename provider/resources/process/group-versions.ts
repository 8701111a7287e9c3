/**
 * How many times this process has written to each group. Part of the {@link ProviderSession}
 * (session.ts), shared by the reads it keeps (live-reads.ts, profile-reads.ts): a read records the
 * group's version when taken and answers only while the group is still at it, so one write
 * ({@link ProviderSession.groupChanged}) retires every read of the group taken before.
 */
export class GroupVersions {
  readonly #versions = new Map<string, number>();

  /** The group's current version (0 until the process first writes to it). */
  of(groupId: string): number {
    return this.#versions.get(groupId) ?? 0;
  }

  /** The process wrote to the group: reads taken before no longer answer for it. */
  bump(groupId: string): void {
    this.#versions.set(groupId, this.of(groupId) + 1);
  }
}

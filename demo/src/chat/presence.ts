/** A "left" followed by a "joined" of the same user within this time is a reconnect: both lines go. */
export const FLAP_MS = 60_000;
/** After this client reconnects, others re-joining are not announced for this long. */
export const SETTLE_MS = 10_000;
/**
 * "Left" lines this close before this client's own drop are the same outage (a server restart
 * closes every socket within moments): they go when the drop is seen.
 */
export const OUTAGE_MS = 3000;

/** What to do with a `USER_JOINED` of someone else. */
export type JoinedAction =
  /** Show "X joined". */
  | { readonly kind: "announce" }
  /** It undoes a recent "X left": remove that line and show nothing. */
  | { readonly kind: "remove"; readonly entryId: number }
  /** A re-join right after this client reconnected: show nothing. */
  | { readonly kind: "silent" };

/**
 * Keeps presence lines quiet across reconnects: a user's "left" then "joined" within
 * {@link FLAP_MS} cancel out; "left" lines just before this client's own drop are the same
 * outage and go; for {@link SETTLE_MS} after this client reconnects (and while it is
 * disconnected) others' joins are not announced. Counts are not its business.
 */
export interface PresenceFilter {
  /** Someone else joined `room`. */
  joined(room: string | undefined, user: string): JoinedAction;
  /** Someone else left `room`; `entryId` is the line that says so. */
  left(room: string | undefined, user: string, entryId: number): void;
  /** This client's connection dropped: returns the "left" lines to remove (see {@link OUTAGE_MS}). */
  dropped(): number[];
  /** This client's connection is open again. */
  reopened(): void;
}

/** Creates a {@link PresenceFilter}; `now` is injectable for tests. */
export function createPresenceFilter(now: () => number = Date.now): PresenceFilter {
  const lastLeft = new Map<string, { entryId: number; at: number }>();
  let quietUntil = 0;
  const key = (room: string | undefined, user: string) => `${room}\n${user}`;
  return {
    joined(room, user) {
      const left = lastLeft.get(key(room, user));
      lastLeft.delete(key(room, user));
      if (left !== undefined && now() - left.at < FLAP_MS) return { kind: "remove", entryId: left.entryId };
      return now() < quietUntil ? { kind: "silent" } : { kind: "announce" };
    },
    left(room, user, entryId) {
      lastLeft.set(key(room, user), { entryId, at: now() });
    },
    dropped() {
      quietUntil = Number.POSITIVE_INFINITY;
      const outage: number[] = [];
      for (const [user, left] of lastLeft) {
        if (now() - left.at > OUTAGE_MS) continue;
        outage.push(left.entryId);
        lastLeft.delete(user);
      }
      return outage;
    },
    reopened() {
      quietUntil = now() + SETTLE_MS;
    },
  };
}

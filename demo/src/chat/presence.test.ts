import { expect, test } from "vitest";
import { createPresenceFilter, FLAP_MS, OUTAGE_MS, SETTLE_MS } from "./presence.ts";

function clock() {
  let now = 1_000_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

test("a join nobody left before is announced", () => {
  const presence = createPresenceFilter(clock().now);
  expect(presence.joined("room", "bob")).toEqual({ kind: "announce" });
});

test("left then joined again soon is a reconnect: the left line goes, no joined line", () => {
  const time = clock();
  const presence = createPresenceFilter(time.now);
  presence.left("room", "bob", 7);
  time.advance(FLAP_MS - 1);
  expect(presence.joined("room", "bob")).toEqual({ kind: "remove", entryId: 7 });
  // Only once: the next join is a real one.
  expect(presence.joined("room", "bob")).toEqual({ kind: "announce" });
});

test("left then joined much later, or in another room, is announced", () => {
  const time = clock();
  const presence = createPresenceFilter(time.now);
  presence.left("room", "bob", 7);
  expect(presence.joined("other room", "bob")).toEqual({ kind: "announce" });
  time.advance(FLAP_MS);
  expect(presence.joined("room", "bob")).toEqual({ kind: "announce" });
});

test("joins are silent while this client is disconnected and for a while after it reconnects", () => {
  const time = clock();
  const presence = createPresenceFilter(time.now);
  presence.dropped();
  time.advance(60_000);
  expect(presence.joined("room", "ada")).toEqual({ kind: "silent" });
  presence.reopened();
  time.advance(SETTLE_MS - 1);
  expect(presence.joined("room", "bob")).toEqual({ kind: "silent" });
  time.advance(1);
  expect(presence.joined("room", "cleo")).toEqual({ kind: "announce" });
});

test("'left' lines just before this client's own drop are the same outage and go", () => {
  const time = clock();
  const presence = createPresenceFilter(time.now);
  presence.left("room", "old", 1);
  time.advance(OUTAGE_MS + 1);
  presence.left("room", "mo", 2);
  presence.left("room", "bob", 3);
  time.advance(OUTAGE_MS);
  expect(presence.dropped()).toEqual([2, 3]);
  // They are gone: a later join of theirs is a settle-time re-join, not a flap.
  presence.reopened();
  expect(presence.joined("room", "mo")).toEqual({ kind: "silent" });
  // The older "left" still cancels out with its join.
  expect(presence.joined("room", "old")).toEqual({ kind: "remove", entryId: 1 });
});

import { expect, test } from "vitest";
import { createDeliveryTracker } from "./delivery.ts";

test("publications confirm pending messages by text; refusals take the oldest", () => {
  const tracker = createDeliveryTracker();
  tracker.sent(1, "a", true);
  tracker.sent(2, "b", true);
  tracker.sent(3, "c", true);
  expect(tracker.published("a")).toBe(1);
  expect(tracker.refused()).toBe(2);
  // A text this tab never sent (another tab of the same user) confirms nothing.
  expect(tracker.published("from another tab")).toBeUndefined();
  expect(tracker.published("c")).toBe(3);
  expect(tracker.size).toBe(0);
  expect(tracker.refused()).toBeUndefined();
});

test("the same text twice is confirmed oldest first", () => {
  const tracker = createDeliveryTracker();
  tracker.sent(1, "hi", true);
  tracker.sent(2, "hi", true);
  expect(tracker.published("hi")).toBe(1);
  expect(tracker.published("hi")).toBe(2);
});

test("a drop makes what the socket carried uncertain: the replay confirms it, settling fails the rest", () => {
  const tracker = createDeliveryTracker();
  tracker.sent(1, "published before the drop", true);
  tracker.sent(2, "lost with the socket", true);
  tracker.sent(3, "queued", false);
  tracker.dropped();
  expect(tracker.size).toBe(3);
  tracker.reopened();
  // The refusal of a rate limit answers the new socket's oldest, not a dropped socket's message.
  tracker.sent(4, "after the reconnect", true);
  expect(tracker.refused()).toBe(3);
  expect(tracker.published("published before the drop")).toBe(1); // from the replay
  expect(tracker.settled()).toEqual([2]);
  expect(tracker.size).toBe(1);
  // Flushed onto the new socket: a second drop makes it uncertain too.
  tracker.dropped();
  expect(tracker.settled()).toEqual([4]);
  expect(tracker.size).toBe(0);
});

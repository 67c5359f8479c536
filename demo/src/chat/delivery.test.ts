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

test("a drop loses what the socket carried; queued messages stay pending and go on the next socket", () => {
  const tracker = createDeliveryTracker();
  tracker.sent(1, "on the socket", true);
  tracker.sent(2, "queued", false);
  expect(tracker.dropped()).toEqual([1]);
  expect(tracker.size).toBe(1);
  tracker.reopened();
  // Flushed onto the new socket: a second drop before its publication loses it too.
  expect(tracker.dropped()).toEqual([2]);
  expect(tracker.size).toBe(0);
});

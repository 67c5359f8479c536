import { describe, expect, test } from "bun:test";
import { createRouter } from "../router.ts";
import type { TopicStore } from "../topics/store.ts";
import { message, topic, z } from "../zod.ts";
import { publishNow } from "./publish-now.ts";

const NewMessage = message("NEW_MESSAGE", { text: z.string() });
const Other = message("OTHER");
const Room = topic("room:{roomId}", [NewMessage]);

describe("publishNow", () => {
  test("numbers and stores the publication, and returns its offset at once", () => {
    const router = createRouter().topic(Room);
    expect(publishNow(router, Room({ roomId: "a" }), NewMessage, { text: "one" }).offset).toBe(1);
    expect(publishNow(router, Room({ roomId: "a" }), NewMessage, { text: "two" })).toMatchObject({
      topic: "room:a",
      offset: 2,
    });
    expect(router.topicStore.head("room:a")).toMatchObject({ offset: 2 });
  });

  test("throws for a topic not declared on the router, or a message it does not carry", () => {
    const router = createRouter();
    expect(() => publishNow(router, Room({ roomId: "a" }), NewMessage, { text: "x" })).toThrow(/not declared/);
    router.topic(Room);
    // @ts-expect-error the topic does not carry OTHER
    expect(() => publishNow(router, Room({ roomId: "a" }), Other)).toThrow(/does not carry OTHER/);
  });

  test("throws with an asynchronous topic store (its offset is not known at once)", () => {
    const store: TopicStore = {
      append: async () => ({ epoch: "e", offset: 1 }),
      head: async () => ({ epoch: "e", offset: 0 }),
      readAfter: async () => [],
    };
    const router = createRouter({ topicStore: store }).topic(Room);
    expect(() => publishNow(router, Room({ roomId: "a" }), NewMessage, { text: "x" })).toThrow(
      /synchronous topic store/,
    );
  });
});

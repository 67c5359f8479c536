/**
 * Topic edge cases on a real server: requests of one connection handled in order while an
 * authorization is pending, close during a pending subscribe, `excludeSelf`, and a fan-out the
 * runtime dropped (the gap is recovered by a re-subscribe with `since`).
 */
import { afterEach, describe, expect, test } from "bun:test";
import { BunPubSub, createRouter, type PubSub, type ServerSocket, type TopicPosition } from "../src/index.ts";
import { topicHub } from "../src/topics/index.ts";
import { message, z } from "../src/zod.ts";
import { rawClient, start, stopAll } from "./setup.ts";
import { ask, expectNothingElse, NewMessage, nextFrames, offsetsOf, Room, subscribe } from "./topics-helpers.ts";

afterEach(stopAll);

/** A gate a test opens by hand. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  let entered!: () => void;
  const reached = new Promise<void>((resolve) => (entered = resolve));
  return { opened, open, reached, entered };
}

describe("ordering and lifetime", () => {
  test("an unsubscribe sent while the subscribe's authorize is pending is answered after it, and wins", async () => {
    const wait = gate();
    const router = createRouter();
    router.topic(Room, {
      authorize: async () => {
        wait.entered();
        await wait.opened;
        return true;
      },
    });
    const { url } = start(router);
    const client = await rawClient(url);
    client.send({ type: "$ws:subscribe", meta: { correlationId: "s" }, payload: { topic: "room:a" } });
    await wait.reached;
    client.send({ type: "$ws:unsubscribe", meta: { correlationId: "u" }, payload: { topic: "room:a" } });
    wait.open();
    const [first, second] = await nextFrames(client, 2);
    expect(first).toMatchObject({ type: "$ws:subscribed", meta: { correlationId: "s" } });
    expect(second).toMatchObject({ type: "$ws:unsubscribed", meta: { correlationId: "u" } });
    await router.publish(Room({ roomId: "a" }), NewMessage, { text: "after" });
    await expectNothingElse(client);
    expect(topicHub(router.core).activeTopics).toBe(0);
  });

  test("a connection that closes while its subscribe is pending leaves nothing behind", async () => {
    const wait = gate();
    const router = createRouter();
    router.topic(Room, {
      authorize: async () => {
        wait.entered();
        await wait.opened;
        return true;
      },
    });
    let closed!: () => void;
    const serverSawClose = new Promise<void>((resolve) => (closed = resolve));
    router.onClose(() => closed());
    const { url } = start(router);
    const client = await rawClient(url);
    client.send({ type: "$ws:subscribe", meta: { correlationId: "s" }, payload: { topic: "room:a" } });
    await wait.reached;
    client.close();
    await serverSawClose;
    wait.open();
    // One turn of the event loop: every microtask of the pending subscribe has run.
    await new Promise((resolve) => setImmediate(resolve));
    const hub = topicHub(router.core);
    expect(hub.subscribedConnections).toBe(0);
    expect(hub.activeTopics).toBe(0);
  });

  test("a refused re-subscribe ends the subscription the connection had", async () => {
    let allowed = true;
    const router = createRouter();
    router.topic(Room, { authorize: () => allowed });
    const { url } = start(router);
    const client = await rawClient(url);
    expect((await subscribe(client, "room:a")).type).toBe("$ws:subscribed");
    allowed = false;
    expect((await subscribe(client, "room:a")).payload).toMatchObject({ code: "AUTHORIZATION_FAILED" });
    await router.publish(Room({ roomId: "a" }), NewMessage, { text: "not for you" });
    await expectNothingElse(client);
    expect(topicHub(router.core).activeTopics).toBe(0);
  });
});

describe("publishing", () => {
  test("ctx.publish with excludeSelf to a declared topic skips the sender's topic subscription too", async () => {
    const Say = message("SAY", { text: z.string() });
    const Said = message("SAID");
    const router = createRouter();
    router.topic(Room);
    router.on(Say, (ctx) => {
      ctx.publish("room:a", NewMessage, { text: ctx.payload.text }, { excludeSelf: true });
      ctx.reply(Said);
    });
    const { url } = start(router);
    const [sender, other] = await Promise.all([rawClient(url), rawClient(url)]);
    await subscribe(sender, "room:a");
    await subscribe(other, "room:a");
    expect((await ask(sender, "SAY", { text: "hi" })).type).toBe("SAID");
    expect(offsetsOf([await other.next()], "room:a")).toEqual([1]);
    await expectNothingElse(sender);
  });

  test("a fan-out the runtime dropped shows as a gap, and a re-subscribe with since fills it", async () => {
    const router = createRouter();
    router.topic(Room);
    let dropNext = false;
    /** Bun's topics, except that one chosen publication to topic subscribers is dropped. */
    const lossy = (server: ConstructorParameters<typeof BunPubSub>[0]): PubSub => {
      const bun = new BunPubSub(server);
      return {
        publish(topic: string, frame: string, exclude?: ServerSocket) {
          if (dropNext && topic.startsWith("$ws:topic:")) {
            dropNext = false;
            return { recipients: 0, dropped: 1, missedBy: [] };
          }
          return bun.publish(topic, frame, exclude);
        },
        subscribe: (ws, topic) => bun.subscribe(ws, topic),
        unsubscribe: (ws, topic) => bun.unsubscribe(ws, topic),
      };
    };
    const { url } = start(router, { pubsub: lossy });
    const client = await rawClient(url);
    const { epoch } = (await subscribe(client, "room:a")).payload;
    const room = Room({ roomId: "a" });
    await router.publish(room, NewMessage, { text: "1" });
    dropNext = true;
    await router.publish(room, NewMessage, { text: "2" });
    await router.publish(room, NewMessage, { text: "3" });
    expect(offsetsOf(await nextFrames(client, 2), "room:a")).toEqual([1, 3]); // 2 is missing: a gap
    expect(router.stats.droppedPublishes).toBe(1);
    const resumed = await subscribe(client, "room:a", { epoch, offset: 1 });
    expect(resumed.payload).toMatchObject({ recovered: true, offset: 3 });
    // After a drop the server cannot tell which offsets arrived: it replays from since (3 again; clients drop it).
    expect(offsetsOf(await nextFrames(client, 2), "room:a")).toEqual([2, 3]);
    await router.publish(room, NewMessage, { text: "4" });
    expect(offsetsOf([await client.next()], "room:a")).toEqual([4]);
    await expectNothingElse(client);
    expect((router.topicStore.head("room:a") as TopicPosition).offset).toBe(4);
  });
});

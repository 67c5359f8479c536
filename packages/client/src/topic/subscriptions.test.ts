import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { caught, createHarness, type Harness, type ReceivedFrame, reply } from "../../test/mock-server.ts";
import type { WsClient } from "../client/types.ts";
import { ConnectionClosedError, ServerError, ValidationError } from "../errors.ts";
import { onTopicReset, subscribe } from "../topics.ts";
import { message, topic, withResponse, z } from "../zod.ts";
import type { PublicationInfo, TopicReset, TopicSubscribed } from "./subscription-types.ts";

const NewMessage = message("NEW_MESSAGE", { text: z.string() });
const UserJoined = message("USER_JOINED", { userId: z.string() });
const Chat = message("CHAT", { text: z.string() });
const Echo = withResponse(message("ECHO", { n: z.number() }), message("ECHO_REPLY", { n: z.number() }), {
  retryable: true,
});
const Room = topic("room:{roomId}", [NewMessage, UserJoined]);
const general = Room({ roomId: "general" });

let h: Harness;
beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  h?.dispose();
  vi.useRealTimers();
});

/** A harness whose reconnect delay is always half the ceiling (125 ms for the first retry). */
async function opened(): Promise<Harness> {
  h = createHarness({ random: () => 0.5 });
  await Promise.all([h.client.connect(), h.tick()]);
  return h;
}

/** Subscribes to room:general, recording each delivery as "offset:text". */
function record(harness: Harness) {
  const got: string[] = [];
  const infos: PublicationInfo[] = [];
  const subscribed: TopicSubscribed[] = [];
  const handle = subscribe(harness.client, general, {
    onMessage: (msg, info) => {
      got.push(`${info.offset}:${msg.type === "NEW_MESSAGE" ? msg.payload.text : msg.payload.userId}`);
      infos.push(info);
    },
    onSubscribed: (event) => subscribed.push(event),
  });
  return { got, infos, subscribed, handle };
}

const publish = (harness: Harness, offset: number, text = `m${offset}`, name = "room:general") =>
  harness.push(JSON.stringify({ type: "NEW_MESSAGE", meta: { topic: name, offset, timestamp: 5 }, payload: { text } }));

const lastSubscribe = (harness: Harness): ReceivedFrame => harness.ofType("$ws:subscribe").at(-1) as ReceivedFrame;

function answer(harness: Harness, epoch: string, offset: number, recovered?: boolean): void {
  const payload = { topic: "room:general", epoch, offset, ...(recovered !== undefined && { recovered }) };
  reply(harness, lastSubscribe(harness), "$ws:subscribed", payload);
}

async function drop(harness: Harness): Promise<void> {
  harness.socket().close({ code: 1006, reason: "", wasClean: false });
  await harness.tick(5);
}

describe("subscribe", () => {
  it("sends $ws:subscribe, turns active on $ws:subscribed and delivers publications once, in order", async () => {
    await opened();
    const { got, infos, subscribed, handle } = record(h);
    const viaOn: unknown[] = [];
    h.client.on(NewMessage, (msg) => viaOn.push(msg));
    expect(handle.state).toBe("subscribing");
    await h.tick();
    const frame = lastSubscribe(h);
    expect(frame).toEqual({
      type: "$ws:subscribe",
      meta: { correlationId: expect.any(String) },
      payload: { topic: "room:general" },
    });
    answer(h, "e1", 4);
    await h.tick();
    await expect(handle.ready).resolves.toBeUndefined();
    expect(handle).toMatchObject({ state: "active", epoch: "e1", offset: 4 });
    expect(subscribed).toEqual([{ topic: "room:general", epoch: "e1", offset: 4, recovered: undefined, missed: 0 }]);

    for (const offset of [5, 6, 6, 4, 7]) publish(h, offset);
    await h.tick();
    expect(got).toEqual(["5:m5", "6:m6", "7:m7"]);
    expect(infos[0]).toEqual({ topic: "room:general", epoch: "e1", offset: 5, replayed: false });
    expect(handle.offset).toBe(7);
    // `on()` handlers get the same publications, meta without topic/offset (strict schemas pass).
    expect(viaOn).toEqual([
      { type: "NEW_MESSAGE", meta: { timestamp: 5 }, payload: { text: "m5" } },
      { type: "NEW_MESSAGE", meta: { timestamp: 5 }, payload: { text: "m6" } },
      { type: "NEW_MESSAGE", meta: { timestamp: 5 }, payload: { text: "m7" } },
    ]);
    expect(h.errors).toEqual([]);
    expect(h.unhandled).toEqual([]);
  });

  it("subscribes on open when subscribed before connecting", async () => {
    h = createHarness();
    record(h);
    await Promise.all([h.client.connect(), h.tick()]);
    expect(h.received.map((f) => f.type)).toEqual(["$ws:subscribe"]);
  });

  it("reports a publication of a type the topic does not declare, and skips it", async () => {
    await opened();
    const { got } = record(h);
    await h.tick();
    answer(h, "e1", 0);
    h.push(JSON.stringify({ type: "CHAT", meta: { topic: "room:general", offset: 1 }, payload: { text: "x" } }));
    h.push(JSON.stringify({ type: "NEW_MESSAGE", meta: { topic: "room:general", offset: 2 }, payload: { text: 3 } }));
    publish(h, 3);
    await h.tick();
    expect(got).toEqual(["3:m3"]);
    expect(h.errors.map((e) => [e.kind, (e.error as ValidationError).messageType])).toEqual([
      ["invalid-message", "CHAT"],
      ["invalid-message", "NEW_MESSAGE"],
    ]);
    expect(h.errors[0]?.error).toBeInstanceOf(ValidationError);
    expect(h.ofType("$ws:subscribe")).toHaveLength(1); // no gap: invalid ones still count
  });
});

describe("bad answers and throwing handlers", () => {
  it("a $ws:subscribed without epoch/offset ends the subscription with a ServerError, reported", async () => {
    await opened();
    const { handle } = record(h);
    const ready = caught(handle.ready);
    await h.tick();
    reply(h, lastSubscribe(h), "$ws:subscribed", { topic: "room:general", epoch: 7 });
    expect(await ready).toMatchObject({ name: "ServerError", code: "INVALID_MESSAGE_FORMAT" });
    expect(handle.state).toBe("error");
    expect(h.errors.map((e) => e.kind)).toEqual(["server-error"]);
  });

  it("a throwing onMessage is reported and the other subscribers still get the message", async () => {
    await opened();
    const seen: number[] = [];
    subscribe(h.client, general, {
      onMessage: () => {
        throw new Error("boom");
      },
    });
    subscribe(h.client, general, { onMessage: (_, info) => seen.push(info.offset) });
    await h.tick();
    answer(h, "e1", 0);
    publish(h, 1);
    await h.tick();
    expect(seen).toEqual([1]);
    expect(h.errors).toMatchObject([{ kind: "handler-error", messageType: "room:general" }]);
  });
});

describe("after a reconnect", () => {
  it("re-subscribes with since before the queued sends, and gets what was missed once", async () => {
    await opened();
    const { got, infos, subscribed, handle } = record(h);
    await h.tick();
    answer(h, "e1", 0);
    publish(h, 1);
    publish(h, 2);
    await h.tick();
    await drop(h);
    expect(handle.state).toBe("subscribing");
    h.client.send(Chat, { text: "typed offline" });
    await h.tick(200); // the retry after 125 ms
    expect(h.sockets).toHaveLength(2);
    const after = h.received.slice(h.received.findIndex((f) => f.type === "CHAT") - 1);
    expect(after).toEqual([
      {
        type: "$ws:subscribe",
        meta: { correlationId: expect.any(String) },
        payload: { topic: "room:general", since: { epoch: "e1", offset: 2 } },
      },
      { type: "CHAT", meta: {}, payload: { text: "typed offline" } },
    ]);
    answer(h, "e1", 4, true);
    publish(h, 2); // already seen
    publish(h, 3);
    publish(h, 4);
    publish(h, 5);
    await h.tick();
    expect(got).toEqual(["1:m1", "2:m2", "3:m3", "4:m4", "5:m5"]);
    expect(infos.map((i) => i.replayed)).toEqual([false, false, true, true, false]);
    expect(subscribed.at(-1)).toEqual({ topic: "room:general", epoch: "e1", offset: 4, recovered: true, missed: 2 });
    expect(handle.state).toBe("active");
  });

  it("every open runs the restore first: re-subscribe, then retryable requests re-sent, then the queue flushed", async () => {
    await opened();
    subscribe(h.client, general);
    await h.tick();
    answer(h, "e1", 0);
    const pending = caught(h.client.request(Echo, { n: 1 }));
    await h.tick();
    await drop(h);
    h.client.send(Chat, { text: "typed offline" });
    await h.tick(200); // the retry after 125 ms
    expect(h.sockets).toHaveLength(2);
    const types = h.received.map((frame) => frame.type);
    expect(types).toEqual(["$ws:subscribe", "ECHO", "$ws:subscribe", "ECHO", "CHAT"]); // the second socket's: the last three
    reply(h, h.ofType("ECHO").at(-1) as ReceivedFrame, "ECHO_REPLY", { n: 1 });
    await h.tick();
    expect(await pending).toMatchObject({ type: "ECHO_REPLY", payload: { n: 1 } });
  });

  it("reports recovered: false on the handle and the client, then takes the new epoch's replay", async () => {
    await opened();
    const resets: TopicReset[] = [];
    onTopicReset(h.client, (event) => resets.push(event));
    const { got, infos, subscribed } = record(h);
    await h.tick();
    answer(h, "e1", 0);
    publish(h, 1);
    await h.tick();
    await drop(h);
    await h.tick(200);
    expect(lastSubscribe(h).payload).toEqual({ topic: "room:general", since: { epoch: "e1", offset: 1 } });
    answer(h, "e2", 2, false); // a restart: the new epoch holds 2 publications, replayed from 1
    publish(h, 1, "new1");
    publish(h, 2, "new2");
    publish(h, 3, "new3");
    await h.tick();
    expect(got).toEqual(["1:m1", "1:new1", "2:new2", "3:new3"]);
    expect(infos.map((i) => [i.epoch, i.replayed])).toEqual([
      ["e1", false],
      ["e2", true],
      ["e2", true],
      ["e2", false],
    ]);
    expect(subscribed.at(-1)?.recovered).toBe(false);
    expect(resets).toEqual([{ topic: "room:general", epoch: "e2", offset: 2 }]);
  });

  it("after recovered: false with nothing replayed, goes on live from the head", async () => {
    await opened();
    const { got } = record(h);
    await h.tick();
    answer(h, "e1", 0);
    publish(h, 1);
    await h.tick();
    await drop(h);
    await h.tick(200);
    answer(h, "e2", 7, false); // history not held: no replay
    publish(h, 8);
    await h.tick();
    expect(got).toEqual(["1:m1", "8:m8"]);
    expect(h.ofType("$ws:subscribe")).toHaveLength(2); // no gap re-subscribe
  });

  it("rejects ready with ConnectionClosedError when the client closes before the answer", async () => {
    await opened();
    const { handle } = record(h);
    const ready = caught(handle.ready);
    h.client.close();
    expect(await ready).toBeInstanceOf(ConnectionClosedError);
  });
});

describe("gaps", () => {
  it("a live publication that skips ahead re-subscribes with since, and the replay fills the gap", async () => {
    await opened();
    const { got } = record(h);
    await h.tick();
    answer(h, "e1", 0);
    publish(h, 1);
    publish(h, 3); // 2 is missing
    publish(h, 4);
    await h.tick();
    expect(got).toEqual(["1:m1"]);
    const subscribes = h.ofType("$ws:subscribe");
    expect(subscribes).toHaveLength(2); // one re-subscribe for the gap, not one per frame
    expect(subscribes[1]?.payload).toEqual({ topic: "room:general", since: { epoch: "e1", offset: 1 } });
    answer(h, "e1", 4, true);
    for (const offset of [2, 3, 4, 5]) publish(h, offset);
    await h.tick();
    expect(got).toEqual(["1:m1", "2:m2", "3:m3", "4:m4", "5:m5"]);
  });
});

describe("refusals", () => {
  it.each(["AUTHORIZATION_FAILED", "RESOURCE_NOT_FOUND"])(
    "%s rejects ready with a ServerError and is not retried",
    async (code) => {
      await opened();
      const { handle } = record(h);
      const ready = caught(handle.ready);
      await h.tick();
      reply(h, lastSubscribe(h), "ERROR", { code, message: "no" });
      const error = (await ready) as ServerError;
      expect(error).toBeInstanceOf(ServerError);
      expect(error).toMatchObject({ code, messageType: "$ws:subscribe" });
      expect(handle).toMatchObject({ state: "error", error });
      await drop(h);
      await h.tick(200);
      expect(h.sockets).toHaveLength(2);
      expect(h.ofType("$ws:subscribe")).toHaveLength(1);
      expect(h.unhandled).toEqual([]);
    },
  );
});

describe("sharing and unsubscribe", () => {
  it("subscribers of one topic share one wire subscription; the last unsubscribe sends $ws:unsubscribe", async () => {
    await opened();
    const a: string[] = [];
    const b: string[] = [];
    const first = subscribe(h.client, general, { onMessage: (msg) => a.push(msg.type) });
    const second = subscribe(h.client, general, { onMessage: (msg) => b.push(msg.type) });
    await h.tick();
    expect(h.ofType("$ws:subscribe")).toHaveLength(1);
    answer(h, "e1", 0);
    await h.tick();
    await expect(second.ready).resolves.toBeUndefined();
    // A third one on an active topic is ready at once.
    const third = subscribe(h.client, general);
    await expect(third.ready).resolves.toBeUndefined();
    third.unsubscribe();
    first.unsubscribe();
    first.unsubscribe();
    publish(h, 1);
    await h.tick();
    expect([a, b]).toEqual([[], ["NEW_MESSAGE"]]);
    expect(h.ofType("$ws:unsubscribe")).toEqual([]);
    second.unsubscribe();
    await h.tick();
    expect(h.ofType("$ws:unsubscribe")).toEqual([
      { type: "$ws:unsubscribe", meta: { correlationId: expect.any(String) }, payload: { topic: "room:general" } },
    ]);
    reply(h, h.ofType("$ws:unsubscribe")[0] as ReceivedFrame, "$ws:unsubscribed", { topic: "room:general" });
    publish(h, 2); // in flight before the server saw the unsubscribe
    await h.tick();
    expect(b).toEqual(["NEW_MESSAGE"]);
    expect(h.unhandled).toEqual([]);
    await drop(h);
    await h.tick(200);
    expect(h.ofType("$ws:subscribe")).toHaveLength(1); // not restored
  });

  it("unsubscribing and subscribing again in one task (StrictMode) keeps the one wire subscription", async () => {
    await opened();
    const handle = subscribe(h.client, general);
    handle.unsubscribe();
    const again = subscribe(h.client, general);
    await h.tick();
    answer(h, "e1", 0);
    await h.tick();
    expect(h.received.map((f) => f.type)).toEqual(["$ws:subscribe"]);
    expect(again.state).toBe("active");
  });

  it("notifies onChange listeners of state and offset changes", async () => {
    await opened();
    const handle = subscribe(h.client, general);
    const seen: string[] = [];
    handle.onChange(() => seen.push(`${handle.state}@${handle.offset}`));
    await h.tick();
    answer(h, "e1", 3);
    publish(h, 4);
    await h.tick();
    await drop(h);
    expect(seen).toEqual(["active@3", "active@4", "subscribing@4"]);
  });

  it("throws a TypeError for a client not made by wsClient() (no extension seam)", () => {
    h = createHarness();
    // A copy of the methods without the symbol-keyed seam: what a hand-made fake client looks like.
    const fake = Object.fromEntries(Object.entries(h.client)) as unknown as WsClient;
    expect(() => subscribe(fake, general)).toThrow(/client made by wsClient\(\)/);
  });

  it("throws a TypeError for something that is not a topic reference", async () => {
    await opened();
    expect(() => subscribe(h.client, "room:general" as never)).toThrow(/topic reference/);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { caught, createHarness, type Harness } from "../../test/mock-server.ts";
import { LimitExceededError } from "../errors.ts";
import { message, z } from "../zod.ts";
import { withDefaults } from "./options.ts";
import { createQueue, DEFAULT_QUEUE, type OutboundEntry, utf8Length } from "./queue.ts";

const Chat = message("CHAT", { text: z.string() });
const Echo = message("ECHO", { n: z.number() });
const EchoReply = message("ECHO_REPLY", { n: z.number() });

function entry(data: string, onDrop?: (e: LimitExceededError) => void): OutboundEntry {
  return onDrop === undefined ? { type: "T", data } : { type: "T", data, onDrop };
}

describe("OutboundQueue", () => {
  it("defaults to 1000 messages, 1 MiB, drop-oldest", () => {
    expect(withDefaults(DEFAULT_QUEUE)).toEqual({ maxMessages: 1000, maxBytes: 1_048_576, overflow: "drop-oldest" });
  });

  it("drains in insertion order", () => {
    const queue = createQueue({ options: withDefaults(DEFAULT_QUEUE), onDrop: vi.fn(), onChange: vi.fn() });
    for (const d of ["a", "b", "c"]) queue.push(entry(d));
    expect(queue.drain().map((e) => e.data)).toEqual(["a", "b", "c"]);
    expect(queue.drain()).toEqual([]);
  });

  it("drop-oldest evicts from the front, reporting each drop", () => {
    const dropped: string[] = [];
    const queue = createQueue({
      options: withDefaults(DEFAULT_QUEUE, { maxMessages: 2 }),
      onDrop: (e) => dropped.push(e.data),
      onChange: vi.fn(),
    });
    for (const d of ["a", "b", "c", "d"]) queue.push(entry(d));
    expect(dropped).toEqual(["a", "b"]);
    expect(queue.drain().map((e) => e.data)).toEqual(["c", "d"]);
  });

  it("drop-newest discards the incoming message and calls its onDrop", () => {
    const dropped: string[] = [];
    const ownDrop = vi.fn();
    const queue = createQueue({
      options: withDefaults(DEFAULT_QUEUE, { maxMessages: 2, overflow: "drop-newest" }),
      onDrop: (e) => dropped.push(e.data),
      onChange: vi.fn(),
    });
    queue.push(entry("a"));
    queue.push(entry("b"));
    queue.push(entry("c", ownDrop));
    expect(dropped).toEqual(["c"]);
    expect(ownDrop).toHaveBeenCalledWith(expect.any(LimitExceededError));
    expect(queue.drain().map((e) => e.data)).toEqual(["a", "b"]);
  });

  it("reject throws LimitExceededError and queues nothing", () => {
    const onDrop = vi.fn();
    const queue = createQueue({
      options: withDefaults(DEFAULT_QUEUE, { maxMessages: 1, overflow: "reject" }),
      onDrop,
      onChange: vi.fn(),
    });
    queue.push(entry("a"));
    expect(() => queue.push(entry("b"))).toThrow(LimitExceededError);
    expect(onDrop).not.toHaveBeenCalled();
    expect(queue.drain().map((e) => e.data)).toEqual(["a"]);
  });

  it("bounds by UTF-8 bytes too", () => {
    expect(utf8Length("aé€😀")).toBe(1 + 2 + 3 + 4);
    const dropped: string[] = [];
    const queue = createQueue({
      options: withDefaults(DEFAULT_QUEUE, { maxBytes: 10 }),
      onDrop: (e) => dropped.push(e.data),
      onChange: vi.fn(),
    });
    queue.push(entry("aaaa"));
    queue.push(entry("€€")); // 6 bytes: 10 in all
    expect(dropped).toEqual([]);
    queue.push(entry("b"));
    expect(dropped).toEqual(["aaaa"]); // 7 bytes left…
    queue.push(entry("ccc"));
    expect(dropped).toEqual(["aaaa"]); // …so 3 more fit exactly
    // Bigger than the whole queue: dropped itself rather than emptying the queue.
    queue.push(entry("x".repeat(11)));
    expect(dropped).toEqual(["aaaa", "x".repeat(11)]);
    expect(queue.drain().map((e) => e.data)).toEqual(["€€", "b", "ccc"]);
  });
});

describe("offline queue in the client", () => {
  let h: Harness;
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    h?.dispose();
    vi.useRealTimers();
  });

  it("flushes queued sends in order on open, before sends made when open", async () => {
    h = createHarness();
    h.client.send(Chat, { text: "1" });
    h.client.send(Chat, { text: "2" });
    expect(h.client.state.queued).toBe(2);
    h.client.onState((s) => {
      if (s.status === "open") h.client.send(Chat, { text: "from listener" });
    });
    const connected = h.client.connect();
    h.client.send(Chat, { text: "3" });
    await h.tick();
    await connected;
    h.client.send(Chat, { text: "4" });
    await h.tick();
    expect(h.ofType("CHAT").map((f) => (f.payload as { text: string }).text)).toEqual([
      "1",
      "2",
      "3",
      "from listener",
      "4",
    ]);
    expect(h.client.state.queued).toBe(0);
  });

  it("reports each drop through onError with kind queue-drop and the message type", async () => {
    h = createHarness({ queue: { maxMessages: 2 } });
    h.client.send(Chat, { text: "1" });
    h.client.send(Chat, { text: "2" });
    h.client.send(Chat, { text: "3" });
    expect(h.errors).toEqual([{ kind: "queue-drop", error: expect.any(LimitExceededError), messageType: "CHAT" }]);
    await Promise.all([h.client.connect(), h.tick()]);
    await h.tick();
    expect(h.ofType("CHAT").map((f) => (f.payload as { text: string }).text)).toEqual(["2", "3"]);
  });

  it("rejects a queued request that drop-oldest evicts", async () => {
    h = createHarness({ queue: { maxMessages: 1 } });
    const first = caught(h.client.request(Echo, { n: 1 }, EchoReply));
    h.client.send(Chat, { text: "x" });
    expect(await first).toBeInstanceOf(LimitExceededError);
  });

  it("throws from send with policy reject, and rejects the request", async () => {
    h = createHarness({ autoConnect: false, queue: { maxMessages: 1, overflow: "reject" } }); // stays offline
    h.client.send(Chat, { text: "1" });
    expect(() => h.client.send(Chat, { text: "2" })).toThrow(LimitExceededError);
    const refused = h.client.request(Echo, { n: 1 }, EchoReply);
    expect(h.client.state.queued).toBe(1); // before the connection opens and flushes the queue
    await expect(refused).rejects.toMatchObject({ limit: "queue" });
  });

  it("throws when not open and the queue is disabled", () => {
    h = createHarness({ queue: false });
    expect(() => h.client.send(Chat, { text: "1" })).toThrow(/queue is disabled/);
  });

  it("clears the queue on close()", async () => {
    h = createHarness();
    h.client.send(Chat, { text: "1" });
    h.client.close();
    expect(h.client.state.queued).toBe(0);
    await Promise.all([h.client.connect(), h.tick()]);
    await h.tick();
    expect(h.received).toEqual([]);
  });
});

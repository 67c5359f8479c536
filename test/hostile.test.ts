/**
 * Hostile clients against a real `@typed-ws/server-bun` server on 127.0.0.1 (PROTOCOL.md v1.1):
 * mangled requests, abort-then-reuse of an id, oversized `type`s, authentication that hangs or
 * throws, one socket flooding, a subscriber that stops reading. Every case is bounded in count and
 * time and ends by itself (no timed assertions: deadlines only stop a broken run early).
 */
import { afterEach, describe, expect, test } from "bun:test";
import { message, z } from "@typed-ws/client/zod";
import { createRouter, type ErrorInfo, type ServeOptions } from "@typed-ws/server-bun";
import { closeAll, startServer, track } from "./helpers/network.ts";
import { PausedSocket } from "./helpers/paused-socket.ts";

afterEach(closeAll);

const Echo = message("ECHO", { n: z.number() });
const EchoReply = message("ECHO_REPLY", { n: z.number() });
const Hang = message("HANG", { n: z.number() });
const Tick = message("TICK", { n: z.number() });

interface Frame {
  type: string;
  meta?: { correlationId?: string };
  payload?: { code?: string; message?: string; n?: number; retryAfterMs?: number; context?: unknown };
}

/** A raw socket that keeps every frame it gets, and resolves waiters as frames arrive. */
class Raw {
  readonly frames: Frame[] = [];
  readonly closed: Promise<CloseEvent>;
  readonly #waiters: { test: (frame: Frame) => boolean; resolve: (frame: Frame) => void }[] = [];
  constructor(readonly ws: WebSocket) {
    ws.onmessage = (event) => {
      const frame = JSON.parse(String(event.data)) as Frame;
      this.frames.push(frame);
      for (const waiter of this.#waiters.filter((w) => w.test(frame))) {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        waiter.resolve(frame);
      }
    };
    this.closed = new Promise((resolve) => ws.addEventListener("close", resolve, { once: true }));
  }

  static async open(url: string, protocols?: string[]): Promise<Raw> {
    const ws = track(new WebSocket(url, protocols));
    const raw = new Raw(ws); // listeners before open: a frame sent right after the upgrade is kept
    await new Promise((resolve, reject) => {
      ws.addEventListener("open", resolve, { once: true });
      ws.addEventListener("error", reject, { once: true });
    });
    return raw;
  }

  send(data: unknown): void {
    this.ws.send(typeof data === "string" ? data : JSON.stringify(data));
  }

  /** The first frame (already received or still to come) that passes `test`. */
  when(test: (frame: Frame) => boolean): Promise<Frame> {
    const seen = this.frames.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.#waiters.push({ test, resolve }));
  }

  /** The answer carrying `correlationId`. */
  answer(correlationId: string): Promise<Frame> {
    return this.when((frame) => frame.meta?.correlationId === correlationId);
  }
}

/** A router with `ECHO` (answered at once), `HANG` (never settles) and `TICK` (fire-and-forget). */
function hostileRouter() {
  const errors: { error: unknown; info: ErrorInfo<Record<string, unknown>> }[] = [];
  const hung: AbortSignal[] = [];
  const ticks = { n: 0 };
  const router = createRouter()
    .on(Echo, (ctx) => void ctx.reply(EchoReply, { n: ctx.payload.n }))
    .on(Hang, (ctx) => {
      hung.push(ctx.signal);
      return new Promise(() => {});
    })
    .on(Tick, () => void ticks.n++)
    .onError((error, info) => errors.push({ error, info }));
  return { router, errors, hung, ticks, opened: 0 };
}

function serveHostile(options: ServeOptions<Record<string, unknown>> = {}) {
  const app = hostileRouter();
  app.router.onOpen(() => void app.opened++);
  const { url, server } = startServer(app.router, options);
  return { ...app, url, server };
}

describe("mangled frames", () => {
  test("invalid JSON with a readable correlation id is answered INVALID_MESSAGE_FORMAT with that id", async () => {
    const { url } = serveHostile();
    const raw = await Raw.open(url);
    const ids = Array.from({ length: 20 }, (_, i) => `bad-${i}`);
    for (const id of ids) raw.send(`{"type":"ECHO","meta":{"correlationId":"${id}"},"payload":{"n":`);
    raw.send({ type: "ECHO", meta: { correlationId: "after" }, payload: { n: 1 } });
    const answers = await Promise.all(ids.map((id) => raw.answer(id)));
    for (const answer of answers) {
      expect(answer.type).toBe("ERROR");
      expect(answer.payload?.code).toBe("INVALID_MESSAGE_FORMAT");
    }
    expect((await raw.answer("after")).type).toBe("ECHO_REPLY");
    expect(raw.frames).toHaveLength(21); // one answer each, nothing else
  });

  test("a type over 128 characters is INVALID_MESSAGE_FORMAT, and no error echoes over 128 characters of input", async () => {
    const { url } = serveHostile();
    const raw = await Raw.open(url);
    const long = "T".repeat(300_000);
    raw.send({ type: long, meta: { correlationId: "long" } });
    raw.send({ type: "X".repeat(129), meta: { correlationId: "129" } });
    raw.send({ type: "Y".repeat(128), meta: { correlationId: "128" } });
    raw.send({ type: "ECHO", meta: { correlationId: "key" }, payload: { n: 1, ["k".repeat(5000)]: 1 } });
    raw.send({ type: "ECHO", meta: { correlationId: "id".repeat(10), ["m".repeat(5000)]: 1 }, payload: { n: 1 } });
    const [overLong, over, atLimit, badKey, badMeta] = await Promise.all(
      ["long", "129", "128", "key", "id".repeat(10)].map((id) => raw.answer(id)),
    );
    expect(overLong?.payload?.code).toBe("INVALID_MESSAGE_FORMAT");
    expect(over?.payload?.code).toBe("INVALID_MESSAGE_FORMAT");
    expect(atLimit?.payload?.code).toBe("UNSUPPORTED_MESSAGE_TYPE");
    expect(badKey?.payload?.code).toBe("VALIDATION_FAILED");
    expect(badMeta?.payload?.code).toBe("VALIDATION_FAILED");
    for (const frame of raw.frames) {
      // No run of client input longer than 128 characters survives anywhere in an answer.
      expect(JSON.stringify(frame)).not.toMatch(/T{129}|X{129}|Y{129}|k{129}|m{129}/);
    }
  });
});

describe("abort", () => {
  test("after $ws:abort the correlation id is free at once, though the handler never settles", async () => {
    const { url, hung } = serveHostile();
    const raw = await Raw.open(url);
    for (let round = 0; round < 5; round++) {
      raw.send({ type: "HANG", meta: { correlationId: "same" }, payload: { n: round } });
      raw.send({ type: "$ws:abort", meta: { correlationId: "same" } });
    }
    raw.send({ type: "ECHO", meta: { correlationId: "same" }, payload: { n: 7 } });
    const answer = await raw.answer("same");
    expect(answer).toMatchObject({ type: "ECHO_REPLY", payload: { n: 7 } });
    expect(hung).toHaveLength(5); // every HANG ran: the id was free again after each abort
    expect(hung.every((signal) => signal.aborted)).toBe(true);
  });
});

describe("authentication", () => {
  /** Opens a socket that the server refuses: resolves with its frames and close event. */
  async function refused(url: string, protocols?: string[]) {
    const raw = await Raw.open(url, protocols);
    const close = await raw.closed;
    return { raw, close };
  }

  test("an authenticate that never settles is refused at authTimeoutMs: ERROR AUTHENTICATION_FAILED, close 1008, onError", async () => {
    const app = serveHostile({ authenticate: () => new Promise(() => {}), authTimeoutMs: 50 });
    const attempts = await Promise.all(Array.from({ length: 10 }, () => refused(app.url)));
    for (const { raw, close } of attempts) {
      expect(raw.frames.map((f) => f.payload?.code)).toEqual(["AUTHENTICATION_FAILED"]);
      expect(close.code).toBe(1008);
    }
    expect(app.errors).toHaveLength(10);
    expect(app.errors.every(({ info }) => info.phase === "authenticate")).toBe(true);
    expect(app.opened).toBe(0);
  });

  test("a throwing authenticate reaches onError; the client learns nothing of the cause", async () => {
    const secret = "db password hunter2";
    const app = serveHostile({
      authenticate: () => {
        throw new Error(secret);
      },
    });
    const { raw, close } = await refused(`${app.url}?access_token=tok`, ["bearer.tok"]);
    expect(raw.ws.protocol).toBe("bearer.tok"); // echoed, or a browser would fail the handshake
    expect(raw.frames).toHaveLength(1);
    expect(raw.frames[0]).toMatchObject({ type: "ERROR", payload: { code: "AUTHENTICATION_FAILED" } });
    expect(JSON.stringify(raw.frames[0])).not.toContain("hunter2");
    expect(close.code).toBe(1008);
    expect(app.errors).toHaveLength(1);
    expect(app.errors[0]?.info.phase).toBe("authenticate");
    expect(app.errors[0]?.error).toBeInstanceOf(Error);
    expect(String(app.errors[0]?.error)).toContain(secret);
  });

  test("authenticate returning false: ERROR + 1008, no handler, hook or onError sees the connection", async () => {
    const app = serveHostile({ authenticate: () => false });
    const raw = await Raw.open(app.url);
    raw.send({ type: "ECHO", meta: { correlationId: "sneak" }, payload: { n: 1 } });
    const close = await raw.closed;
    expect(close.code).toBe(1008);
    expect(raw.frames.map((f) => f.payload?.code)).toEqual(["AUTHENTICATION_FAILED"]);
    expect(app.opened).toBe(0);
    expect(app.errors).toEqual([]);
  });

  test('authFailure: "http-401" keeps the bare 401 for non-browser clients', async () => {
    const app = serveHostile({ authenticate: () => false, authFailure: "http-401" });
    const response = await fetch(app.url.replace("ws://", "http://"), {
      headers: {
        Upgrade: "websocket",
        Connection: "Upgrade",
        "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
        "Sec-WebSocket-Version": "13",
      },
    });
    expect(response.status).toBe(401);
    expect(app.opened).toBe(0);
  });
});

describe("a subscriber that stops reading", () => {
  const Published = message("PUBLISHED", { n: z.number(), pad: z.string() });
  const pad = "p".repeat(1000);
  /** Most publishes a case makes: bounds the run if the limit were never reached. */
  const MAX_PUBLISHES = 60_000;

  function fanoutServer(options: ServeOptions<Record<string, unknown>>) {
    const app = serveHostile({ backpressureLimit: 64 * 1024, ...options });
    let subscribed = 0;
    app.router.onOpen((ctx) => {
      ctx.subscribe("feed");
      subscribed++;
    });
    return { ...app, subscribed: () => subscribed };
  }

  /** Publishes `n` frames to "feed", yielding every 50 so readers drain; stops early when `stop()` says so. */
  async function publish(app: ReturnType<typeof fanoutServer>, n: number, stop = () => false): Promise<number> {
    let published = 0;
    while (published < n && !stop()) {
      app.router.publish("feed", Published, { n: published, pad });
      published++;
      if (published % 50 === 0) await Bun.sleep(0);
    }
    return published;
  }

  test("is closed with 1013 past backpressureLimit; droppedPublishes equals what it missed; others get everything", async () => {
    const app = fanoutServer({});
    const paused = track(await PausedSocket.connect(app.url));
    const healthy = await Raw.open(app.url);
    await paused.until(() => app.subscribed() === 2);
    paused.pause();

    const published = await publish(app, MAX_PUBLISHES, () => app.router.stats.slowConsumersClosed > 0);
    expect(app.router.stats.slowConsumersClosed).toBe(1);
    expect(app.errors.map(({ info }) => info.phase)).toEqual(["backpressure"]);
    await healthy.when((frame) => frame.payload?.n === published - 1);
    expect(healthy.frames).toHaveLength(published); // the healthy subscriber missed nothing

    paused.resume();
    expect(await paused.closed).toBe(1013);
    // Exact: every publish either reached the paused socket or is counted as dropped for it.
    expect(paused.frames.length + app.router.stats.droppedPublishes).toBe(published);
    expect(app.router.stats.droppedPublishes).toBeGreaterThan(0);
  });

  test('with slowConsumers: "drop" it stays open, and droppedPublishes equals exactly what it missed', async () => {
    const app = fanoutServer({ slowConsumers: "drop" });
    const paused = track(await PausedSocket.connect(app.url));
    await paused.until(() => app.subscribed() === 1);
    paused.pause();

    const published = await publish(app, 30_000);
    expect(app.router.stats.droppedPublishes).toBeGreaterThan(0); // it did fall behind
    paused.resume();
    // Markers until one arrives (a marker published before its buffer drained is dropped, and counted).
    const isMarker = (frame: unknown) => (frame as { payload: { n: number } }).payload.n < 0;
    let markers = 0;
    while (!paused.frames.some(isMarker) && markers < 1000) {
      app.router.publish("feed", Published, { n: -++markers, pad: "" });
      await Bun.sleep(2);
    }
    const total = published + markers;
    const settled = () => paused.frames.length + app.router.stats.droppedPublishes === total;
    await Promise.race([paused.until(settled), Bun.sleep(2000)]); // the deadline only ends a broken run
    expect(paused.frames.length + app.router.stats.droppedPublishes).toBe(total);
    expect(app.router.stats.slowConsumersClosed).toBe(0);
  });
});

describe("one connection flooding", () => {
  const rateLimit = { perSecond: 100, burst: 200, closeAfterRejected: 300 };
  const FLOOD = 20_000;

  test("requests past the budget get RATE_LIMIT_EXCEEDED with their id and retryAfterMs, then close 1008; a bystander is served", async () => {
    const app = serveHostile({ rateLimit });
    const flooder = await Raw.open(app.url);
    const bystander = await Raw.open(app.url);
    for (let i = 0; i < FLOOD; i++) flooder.send({ type: "ECHO", meta: { correlationId: `f${i}` }, payload: { n: i } });
    const close = await flooder.closed;
    expect(close.code).toBe(1008);
    bystander.send({ type: "ECHO", meta: { correlationId: "me" }, payload: { n: 1 } });
    expect((await bystander.answer("me")).type).toBe("ECHO_REPLY");

    const replies = flooder.frames.filter((f) => f.type === "ECHO_REPLY");
    const limited = flooder.frames.filter((f) => f.payload?.code === "RATE_LIMIT_EXCEEDED");
    // Admitted frames run in fair turns; those still waiting when the flooder is cut off are dropped.
    expect(replies.length).toBeGreaterThan(0);
    expect(replies.length).toBeLessThanOrEqual(rateLimit.burst + 100);
    expect(limited).toHaveLength(rateLimit.closeAfterRejected + 1); // every rejected request answered, then closed
    for (const frame of limited) {
      expect(frame.meta?.correlationId).toMatch(/^f\d+$/);
      expect(frame.payload?.retryAfterMs).toBeGreaterThan(0);
    }
    // One answer per id, never two.
    const ids = flooder.frames.map((f) => f.meta?.correlationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(app.errors.map(({ info }) => info.phase)).toEqual(["rate-limit"]);
  });

  test("fire-and-forget frames past the budget: one RATE_LIMIT_EXCEEDED, handlers not run, then close 1008", async () => {
    const app = serveHostile({ rateLimit });
    const flooder = await Raw.open(app.url);
    for (let i = 0; i < FLOOD; i++) flooder.send({ type: "TICK", payload: { n: i } });
    expect((await flooder.closed).code).toBe(1008);
    const limited = flooder.frames.filter((f) => f.payload?.code === "RATE_LIMIT_EXCEEDED");
    expect(limited.length).toBeLessThanOrEqual(2); // the first rejection, and the one that closed it
    expect(limited.length).toBeGreaterThanOrEqual(1);
    expect(app.ticks.n).toBeLessThan(FLOOD / 10); // the rest never reached a handler
  });

  test("a burst within the budget is answered in full and in order, though it waits for fair turns", async () => {
    const app = serveHostile({ rateLimit: { perSecond: 100, burst: 3000 } });
    const raw = await Raw.open(app.url);
    for (let i = 0; i < 3000; i++) raw.send({ type: "ECHO", meta: { correlationId: `o${i}` }, payload: { n: i } });
    await raw.answer("o2999");
    expect(raw.frames.map((f) => f.payload?.n)).toEqual(Array.from({ length: 3000 }, (_, i) => i));
  });

  test("rateLimit: false turns the budget off", async () => {
    const app = serveHostile({ rateLimit: false });
    const raw = await Raw.open(app.url);
    for (let i = 0; i < 6000; i++) raw.send({ type: "TICK", payload: { n: i } });
    raw.send({ type: "ECHO", meta: { correlationId: "last" }, payload: { n: 0 } });
    await raw.answer("last");
    expect(app.ticks.n).toBe(6000);
  });
});

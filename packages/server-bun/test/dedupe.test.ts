/** Dedupe over real sockets: remembered answers, a running request answered on the connection that asked last, identities. */
import { afterEach, describe, expect, test } from "bun:test";
import { createRouter, MemoryRequestStore, type RequestStore } from "../src/index.ts";
import { Echo, EchoReply, Fail, Ping, Pong } from "./schemas.ts";
import { rawClient, start, stopAll } from "./setup.ts";

afterEach(stopAll);

const echo = (id: string, text = "hi") => ({ type: "ECHO", meta: { correlationId: id }, payload: { text } });

/** A router whose ECHO handler counts its runs and replies with the run number. */
function countingRouter() {
  const router = createRouter();
  const runs: string[] = [];
  router.on(Echo, (ctx) => {
    runs.push(ctx.payload.text);
    ctx.reply(EchoReply, { text: `${ctx.payload.text}#${runs.length}` });
  });
  return { router, runs };
}

describe("dedupe (on by default)", () => {
  test("a remembered request gets the same terminal frame again, without running the handler", async () => {
    const { router, runs } = countingRouter();
    const { url } = start(router);
    const a = await rawClient(url);
    const first = await a.roundTrip(echo("id-1"));
    const again = await a.roundTrip(echo("id-1"));
    const b = await rawClient(url); // another connection of the same (anonymous) identity
    const fromB = await b.roundTrip(echo("id-1", "different payload: still the remembered answer"));
    expect(runs).toEqual(["hi"]);
    for (const frame of [again, fromB]) {
      expect(frame.type).toBe(first.type);
      expect(frame.meta.correlationId).toBe("id-1");
      expect(frame.payload).toEqual({ text: "hi#1" });
    }
  });

  test("an ERROR from a handler that threw is remembered too", async () => {
    const router = createRouter();
    let runs = 0;
    router.on(Fail, () => {
      runs++;
      throw new Error("boom");
    });
    router.onError(() => {});
    const client = await rawClient(start(router).url);
    const frame = { type: "FAIL", meta: { correlationId: "f" }, payload: { mode: "throw" } };
    const first = await client.roundTrip(frame);
    const second = await client.roundTrip(frame);
    expect(first).toMatchObject({ type: "ERROR", payload: { code: "INTERNAL_SERVER_ERROR" } });
    expect(second).toEqual(first);
    expect(runs).toBe(1);
  });

  test("answers given before the handler ran (validation, middleware) are not remembered", async () => {
    const { router, runs } = countingRouter();
    let refuse = true;
    router.use((ctx, next) => {
      if (refuse && ctx.type === "ECHO")
        return void ctx.error("RATE_LIMIT", "slow down", undefined, { retryAfterMs: 5 });
      return next();
    });
    const client = await rawClient(start(router).url);
    const invalid = await client.roundTrip(echo("v", "x".repeat(60)));
    expect(invalid).toMatchObject({ type: "ERROR", payload: { code: "VALIDATION_FAILED" } });
    const limited = await client.roundTrip(echo("v"));
    expect(limited).toMatchObject({ type: "ERROR", payload: { code: "RATE_LIMIT" } });
    refuse = false;
    const ran = await client.roundTrip(echo("v"));
    expect(ran).toMatchObject({ type: "ECHO_REPLY", payload: { text: "hi#1" } });
    expect(runs).toEqual(["hi"]);
  });

  test("a request still running is not run again: its one answer goes to the connection that asked last", async () => {
    const router = createRouter();
    let runs = 0;
    let release: () => void = () => {};
    const started = Promise.withResolvers<void>();
    router.on(Echo, async (ctx) => {
      runs++;
      started.resolve();
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      ctx.reply(EchoReply, { text: `done#${runs}` });
    });
    router.on(Ping, (ctx) => ctx.send(Pong)); // frames of one connection are handled in order: PONG means ECHO was seen
    const { url } = start(router);
    const a = await rawClient(url);
    a.send(echo("r"));
    await started.promise;
    a.close();
    await a.closed;
    const b = await rawClient(url);
    b.send(echo("r"));
    expect(await b.roundTrip({ type: "PING" })).toMatchObject({ type: "PONG" });
    const c = await rawClient(url);
    c.send(echo("r")); // asked last
    expect(await c.roundTrip({ type: "PING" })).toMatchObject({ type: "PONG" });
    release();
    const answer = await c.next();
    expect(answer).toMatchObject({ type: "ECHO_REPLY", meta: { correlationId: "r" }, payload: { text: "done#1" } });
    expect(runs).toBe(1);
    expect(b.buffered).toBe(0);
    expect(await b.roundTrip(echo("r"))).toMatchObject({ payload: { text: "done#1" } }); // now remembered
  });

  test("a different identity reusing an id is a different request", async () => {
    const { router, runs } = countingRouter();
    const { url } = start(router, {
      authenticate: (request) => ({ identity: new URL(request.url).searchParams.get("user") ?? undefined }),
    });
    const alice = await rawClient(`${url}/?user=alice`);
    const bob = await rawClient(`${url}/?user=bob`);
    const anonymous = await rawClient(url);
    expect((await alice.roundTrip(echo("same", "a"))).payload).toEqual({ text: "a#1" });
    expect((await bob.roundTrip(echo("same", "b"))).payload).toEqual({ text: "b#2" });
    expect((await anonymous.roundTrip(echo("same", "n"))).payload).toEqual({ text: "n#3" });
    expect((await alice.roundTrip(echo("same", "a2"))).payload).toEqual({ text: "a#1" });
    expect(runs).toEqual(["a", "b", "n"]);
  });

  test("`dedupe: false` runs every request", async () => {
    const { router, runs } = countingRouter();
    const client = await rawClient(start(router, { dedupe: false }).url);
    await client.roundTrip(echo("x"));
    await client.roundTrip(echo("x"));
    expect(runs).toEqual(["hi", "hi"]);
  });

  test("protocol frames and messages without correlationId are not remembered", async () => {
    const router = createRouter();
    let pings = 0;
    router.on(Ping, (ctx) => {
      pings++;
      ctx.send(Pong);
    });
    const client = await rawClient(start(router).url);
    await client.roundTrip({ type: "PING" });
    await client.roundTrip({ type: "PING" });
    expect(pings).toBe(2);
  });

  test("an asynchronous store (as Redis would be): replays, and duplicates that arrive during the lookup run once", async () => {
    const memory = new MemoryRequestStore();
    const calls: string[] = [];
    const store: RequestStore = {
      get: async (identity, id) => {
        calls.push(`get ${id}`);
        await Bun.sleep(1);
        return memory.get(identity, id);
      },
      set: async (identity, id, frame) => {
        calls.push(`set ${id}`);
        await Bun.sleep(1);
        memory.set(identity, id, frame);
      },
    };
    const { router, runs } = countingRouter();
    const client = await rawClient(start(router, { dedupe: store }).url);
    client.send(echo("a"));
    client.send(echo("a")); // while the first is being looked up: attaches to it
    const first = await client.next();
    expect(await client.roundTrip(echo("a"))).toEqual(first);
    expect(runs).toEqual(["hi"]);
    expect(client.buffered).toBe(0);
    expect(calls).toEqual(["get a", "set a", "get a"]);
  });

  test("$ws:abort from the connection a retry attached on aborts the run and frees the id", async () => {
    const router = createRouter();
    const signals: AbortSignal[] = [];
    const started = Promise.withResolvers<void>();
    router.on(Echo, async (ctx) => {
      signals.push(ctx.signal);
      started.resolve();
      if (ctx.payload.text === "hold") await new Promise(() => {}); // never settles
      ctx.reply(EchoReply, { text: "fresh" });
    });
    router.on(Ping, (ctx) => ctx.send(Pong));
    const { url } = start(router);
    const a = await rawClient(url);
    a.send(echo("x", "hold"));
    await started.promise;
    const b = await rawClient(url);
    b.send(echo("x", "hold")); // attaches to the run started on a
    expect(await b.roundTrip({ type: "PING" })).toMatchObject({ type: "PONG" });
    b.send({ type: "$ws:abort", meta: { correlationId: "x" } });
    expect(await b.roundTrip({ type: "PING" })).toMatchObject({ type: "PONG" });
    expect(signals[0]?.aborted).toBe(true);
    expect(await b.roundTrip(echo("x", "new"))).toMatchObject({ payload: { text: "fresh" } });
    expect(signals).toHaveLength(2);
  });
});

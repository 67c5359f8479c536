/**
 * The real client (`wsClient`, Bun's native WebSocket) against the real server
 * (`@typed-ws/server-bun`) on 127.0.0.1: one contract, validated by Zod on one end and Valibot on
 * the other (and the other way round). Covers a server crash and restart with queued and
 * in-flight work, abort, timeouts counted from flush, server errors, heartbeats and auth.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { AbortError, ConnectionClosedError, type ConnectionState, ServerError, TimeoutError } from "@typed-ws/client";
import { createHandler, RequestAbortedError } from "@typed-ws/server-bun";
import { appRouter } from "./helpers/app-router.ts";
import { contracts } from "./helpers/contract.ts";
import { ManualClock } from "./helpers/manual-clock.ts";
import { Counter, closeAll, makeClient, startServer, trackServer, until } from "./helpers/network.ts";

afterEach(closeAll);

describe("server killed and restarted on the same port (Zod client, Valibot server)", () => {
  test("queued sends arrive once and in order, every request settles, state goes reconnecting → open", async () => {
    const client$ = contracts.zod;
    const { router, log } = appRouter(contracts.valibot);
    const first = startServer(router);
    const client = makeClient(first.url);
    const states: ConnectionState["status"][] = [];
    client.onState((state) => {
      if (states.at(-1) !== state.status) states.push(state.status);
    });
    await client.connect();

    const inFlight = Array.from({ length: 10 }, (_, n) =>
      client.request(client$.Hold, { n }, client$.EchoReply, { timeoutMs: 5000 }),
    );
    await log.holdCount.reach(10); // all ten are running on the server

    first.server.stop(true);
    await until(client, (s) => s.status === "reconnecting");
    // The server closed: every held handler saw its signal abort because of the close.
    for (const held of log.held) expect((held.signal.reason as RequestAbortedError).by).toBe("close");

    for (let n = 0; n < 100; n++) client.send(client$.Seq, { n });
    const queued = Array.from({ length: 10 }, (_, n) =>
      client.request(client$.Echo, { n: 1000 + n }, client$.EchoReply, { timeoutMs: 5000 }),
    );
    expect(client.state.queued).toBe(110);

    startServer(router, { port: first.port });
    const results = await Promise.allSettled([...inFlight, ...queued]);

    // In flight when the server died: rejected with ConnectionClosedError, not left hanging.
    for (const result of results.slice(0, 10)) {
      expect(result.status).toBe("rejected");
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(ConnectionClosedError);
    }
    // Queued while down: sent after the restart and answered.
    expect(results.slice(10).map((r) => (r.status === "fulfilled" ? r.value.payload.n : r.reason))).toEqual(
      Array.from({ length: 10 }, (_, n) => 1000 + n),
    );
    // Every queued send exactly once, in order (the queued requests were answered after them,
    // and one connection delivers in order, so the sends have all been handled by now).
    expect(log.seqs).toEqual(Array.from({ length: 100 }, (_, n) => n));
    expect(client.state).toMatchObject({ status: "open", queued: 0 });
    expect(states).toEqual(["connecting", "open", "reconnecting", "open"]);
    // Late replies of the held handlers were dropped by the server, not sent.
    expect(await Promise.all(log.held.map((h) => h.lateReply))).toEqual(Array(10).fill("dropped"));
  });
});

describe("abort and timeout (Valibot client, Zod server)", () => {
  test("aborting a request aborts the handler's ctx.signal and no reply arrives", async () => {
    const client$ = contracts.valibot;
    const { router, log } = appRouter(contracts.zod);
    const { url } = startServer(router);
    const client = makeClient(url);
    const stray: unknown[] = [];
    client.on(client$.EchoReply, (msg) => stray.push(msg));
    await client.connect();

    const controller = new AbortController();
    const pending = client.request(client$.Hold, { n: 7 }, client$.EchoReply, { signal: controller.signal });
    await log.holdCount.reach(1);
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(AbortError);

    const [held] = log.held;
    expect(await held?.lateReply).toBe("dropped");
    expect(held?.signal.reason).toBeInstanceOf(RequestAbortedError);
    expect(held?.signal.reason).toMatchObject({ by: "client" });
    // A later round trip on the same connection: nothing for the aborted request came before it.
    expect((await client.request(client$.Echo, { n: 8 }, client$.EchoReply)).payload.n).toBe(8);
    expect(stray).toEqual([]);
    expect(log.errors).toEqual([]);
  });

  test("the timeout counts from the call, queued time included; a request that times out queued is never sent", async () => {
    const client$ = contracts.valibot;
    const { router, log } = appRouter(contracts.zod);
    const { url } = startServer(router);
    const clock = new ManualClock();
    const client = makeClient(url, { clock, reconnect: false, autoConnect: false });

    let settled = false;
    const queuedOnly = client.request(client$.Hold, { n: 0 }, client$.EchoReply, { timeoutMs: 500 });
    const pending = client.request(client$.Hold, { n: 1 }, client$.EchoReply, { timeoutMs: 1000 });
    pending.catch(() => {}).finally(() => (settled = true));
    clock.advance(600); // queued (not connected) for 600 ms: the first times out unsent
    const unsent = await queuedOnly.catch((e: unknown) => e);
    expect(unsent).toMatchObject({ name: "TimeoutError", sent: false });
    await client.connect();
    await log.holdCount.reach(1); // the second flushed and running on the server

    clock.advance(399);
    await client.request(client$.Echo, { n: 0 }, client$.EchoReply); // lets any settlement surface
    expect(settled).toBe(false);

    clock.advance(1);
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 1000, sent: true });
    expect(log.held.map((h) => h.n)).toEqual([1]); // the timed-out queued request never reached the server
    // A timeout sends $ws:abort: the handler's signal aborts, its late reply is dropped.
    expect(await log.held[0]?.lateReply).toBe("dropped");
    expect(log.held[0]?.signal.reason).toMatchObject({ by: "client" });
  });
});

describe("server errors surface as ServerError", () => {
  for (const [clientSide, serverSide] of [
    ["zod", "valibot"],
    ["valibot", "zod"],
  ] as const) {
    test(`ctx.error with retryAfterMs, and a throwing handler (${clientSide} client, ${serverSide} server)`, async () => {
      const client$ = contracts[clientSide];
      const { router, log } = appRouter(contracts[serverSide]);
      const { url } = startServer(router);
      const client = makeClient(url);
      await client.connect();

      const limited = await client.request(client$.Limited, { n: 1 }, client$.EchoReply).catch((e: unknown) => e);
      expect(limited).toBeInstanceOf(ServerError);
      expect(limited).toMatchObject({
        code: "RATE_LIMIT_EXCEEDED",
        message: "Too many requests",
        context: { limit: 3, windowMs: 1000 },
        retryAfterMs: 1500,
      });

      const boom = await client.request(client$.Boom, { n: 2 }, client$.EchoReply).catch((e: unknown) => e);
      expect(boom).toBeInstanceOf(ServerError);
      expect((boom as ServerError).code).toBe("INTERNAL_SERVER_ERROR");
      expect((boom as ServerError).message).not.toContain("secret");
      expect((boom as ServerError).retryAfterMs).toBeUndefined();
      // The details stayed on the server.
      expect(log.errors.map((e) => [e.info.phase, e.info.code, (e.error as Error).message])).toEqual([
        ["handler", "INTERNAL_SERVER_ERROR", "secret database detail"],
      ]);
      // Errors are per request: the connection still works.
      expect((await client.request(client$.Echo, { n: 3 }, client$.EchoReply)).payload.n).toBe(3);
    });
  }
});

describe("heartbeat", () => {
  test("the server acks every heartbeat, so the connection is never declared dead", async () => {
    const { router } = appRouter(contracts.zod);
    const handler = createHandler(router);
    const heartbeats = new Counter();
    const server = trackServer(
      Bun.serve({
        hostname: "127.0.0.1",
        port: 0,
        fetch: handler.fetch,
        websocket: {
          ...handler.websocket,
          message(ws, raw) {
            if (String(raw).includes('"__heartbeat"')) heartbeats.bump();
            return handler.websocket.message?.(ws, raw);
          },
        },
      }),
    );
    const client = makeClient(`ws://127.0.0.1:${server.port}/`, { heartbeat: { intervalMs: 20, timeoutMs: 60 } });
    await client.connect();
    // Twelve intervals: without acks the client would have closed (4000) after the first timeout.
    await heartbeats.reach(12);
    expect(client.state).toMatchObject({ status: "open", attempt: 0, lastClose: undefined });
  });
});

describe("auth", () => {
  test("getToken as the access_token query parameter", async () => {
    const { router, log, authenticate } = appRouter(contracts.zod);
    const { url } = startServer(router, { authenticate });
    const client = makeClient(url, { auth: { getToken: async () => "alpha" } });
    await client.connect();
    const who = await client.request(contracts.valibot.WhoAmI, contracts.valibot.Identity);
    expect(who.payload.token).toBe("alpha");
    expect(new URL(log.upgrades[0]?.url ?? "").searchParams.get("access_token")).toBe("alpha");
    expect(log.upgrades[0]?.protocols).toBeNull();
  });

  test("getToken as a bearer.<token> subprotocol, echoed by the server", async () => {
    const { router, log, authenticate } = appRouter(contracts.valibot);
    const { url } = startServer(router, { authenticate, protocols: ["app.v1"] });
    const client = makeClient(url, { protocols: "app.v1", auth: { getToken: () => "beta", attach: "protocol" } });
    await client.connect();
    const who = await client.request(contracts.zod.WhoAmI, contracts.zod.Identity);
    expect(who.payload.token).toBe("beta");
    expect(log.upgrades[0]?.protocols).toBe("app.v1, bearer.beta");
    expect(new URL(log.upgrades[0]?.url ?? "").searchParams.has("access_token")).toBe(false);
  });

  test("a 1008 close makes the client fetch a token once more; a second 1008 stops it", async () => {
    const { router, log, authenticate } = appRouter(contracts.zod);
    const { url } = startServer(router, { authenticate });
    const tokens: string[] = [];
    const client = makeClient(url, {
      auth: {
        getToken: () => {
          tokens.push(`revoked-${tokens.length + 1}`);
          return tokens.at(-1);
        },
      },
    });
    client.connect().catch(() => {}); // opens, then the server closes it
    const closed = await until(client, (s) => s.status === "closed");
    expect(tokens).toEqual(["revoked-1", "revoked-2"]);
    expect(log.upgrades).toHaveLength(2);
    expect(closed.lastClose?.code).toBe(1008);
  });

  test("after a 1008, a fresh valid token reconnects", async () => {
    const { router, authenticate } = appRouter(contracts.valibot);
    const { url } = startServer(router, { authenticate });
    const tokens = ["revoked-1", "gamma"];
    let calls = 0;
    const client = makeClient(url, { auth: { getToken: () => tokens[calls++] } });
    client.connect().catch(() => {});
    await until(client, (s) => s.status === "reconnecting" && s.lastClose?.code === 1008);
    await until(client, (s) => s.status === "open");
    expect(calls).toBe(2);
    const who = await client.request(contracts.zod.WhoAmI, contracts.zod.Identity);
    expect(who.payload.token).toBe("gamma");
  });
});

/**
 * RedisRequestStore on a real `redis-server`: two store instances stand for two server
 * processes; a request retried on either runs once, and a retry waiting on one process gets the
 * answer finished on the other.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { createRouter, serve } from "@typed-ws/server-bun";
import { RedisRequestStore } from "@typed-ws/server-bun/redis";
import { rpc, z } from "@typed-ws/server-bun/zod";
import { RawClient } from "../packages/server-bun/test/raw-client.ts";
import { RedisProcess } from "./helpers/redis.ts";

let redis: RedisProcess;
const stores: RedisRequestStore[] = [];
beforeAll(async () => {
  redis = await RedisProcess.start();
});
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
});
afterAll(async () => {
  await redis?.stop();
});

let prefixes = 0;
async function pair(): Promise<[RedisRequestStore, RedisRequestStore]> {
  const prefix = `r${++prefixes}:`;
  const made: [RedisRequestStore, RedisRequestStore] = [
    new RedisRequestStore({ url: redis.url, prefix }),
    new RedisRequestStore({ url: redis.url, prefix }),
  ];
  stores.push(...made);
  await Promise.all(made.map((store) => store.ready));
  return made;
}

const FRAME = '{"type":"MESSAGE_POSTED","meta":{"correlationId":"c1"},"payload":{"offset":7}}';

describe("RedisRequestStore", () => {
  test("exactly one of many concurrent claims on two processes runs the request", async () => {
    const [a, b] = await pair();
    const claims = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).claim("alice", "c1", 60_000)),
    );
    expect(claims.filter((claim) => claim.state === "run")).toHaveLength(1);
    expect(claims.filter((claim) => claim.state === "running")).toHaveLength(19);
  });

  test("a finished request gives its terminal frame to a claim on the other process", async () => {
    const [a, b] = await pair();
    expect(await a.claim("alice", "c1", 60_000)).toEqual({ state: "run" });
    await a.finish("alice", "c1", FRAME, 60_000);
    expect(await b.claim("alice", "c1", 60_000)).toEqual({ state: "done", frame: FRAME });
    expect(await a.claim("alice", "c1", 60_000)).toEqual({ state: "done", frame: FRAME });
  });

  test("a retry waiting on B gets the answer the moment A finishes", async () => {
    const [a, b] = await pair();
    await a.claim("alice", "c1", 60_000);
    expect(await b.claim("alice", "c1", 60_000)).toEqual({ state: "running" });
    const waiting = b.wait("alice", "c1", 10_000);
    const alsoWaiting = b.wait("alice", "c1", 10_000);
    await a.finish("alice", "c1", FRAME, 60_000);
    expect(await waiting).toBe(FRAME);
    expect(await alsoWaiting).toBe(FRAME);
    expect(await b.wait("alice", "c1", 10_000)).toBe(FRAME); // already done: at once
  });

  test("another identity with the same correlation id is another request", async () => {
    const [a, b] = await pair();
    expect(await a.claim("alice", "c1", 60_000)).toEqual({ state: "run" });
    expect(await b.claim("bob", "c1", 60_000)).toEqual({ state: "run" });
    // Identities are length-prefixed: "a:b" + "c" is not "a" + "b:c".
    expect(await a.claim("a:b", "c", 60_000)).toEqual({ state: "run" });
    expect(await a.claim("a", "b:c", 60_000)).toEqual({ state: "run" });
  });

  test("a claim whose process died expires: the wait ends empty and a retry may run it", async () => {
    const [a, b] = await pair();
    expect(await a.claim("alice", "c1", 30)).toEqual({ state: "run" });
    // A never finishes (it was killed). B's wait ends when its time is up, then the claim has expired.
    expect(await b.wait("alice", "c1", 60)).toBeUndefined();
    expect(await b.claim("alice", "c1", 60_000)).toEqual({ state: "run" });
  });

  test("renew and release touch only the instance's own claim, never an answer", async () => {
    const [a, b] = await pair();
    expect(await a.claim("alice", "c1", 60_000)).toEqual({ state: "run" });
    expect(await b.renew("alice", "c1", 60_000)).toBe(false); // not B's claim
    await b.release("alice", "c1");
    expect(await b.claim("alice", "c1", 60_000)).toEqual({ state: "running" }); // still A's
    expect(await a.renew("alice", "c1", 60_000)).toBe(true);
    await a.release("alice", "c1");
    expect(await b.claim("alice", "c1", 60_000)).toEqual({ state: "run" }); // released: free at once
    await b.finish("alice", "c1", FRAME, 60_000);
    expect(await b.renew("alice", "c1", 60_000)).toBe(false); // answered: nothing to renew
    await b.release("alice", "c1");
    expect(await a.claim("alice", "c1", 60_000)).toEqual({ state: "done", frame: FRAME });
  });

  test("a renewed claim outlives its first ttl; one not renewed expires", async () => {
    const [a, b] = await pair();
    await a.claim("alice", "kept", 300);
    await a.claim("alice", "dropped", 300);
    const renewing = setInterval(() => void a.renew("alice", "kept", 300), 50);
    try {
      // B waits past both claims' first ttl: the dropped one expires (B may run it), the kept one is still held.
      expect(await b.wait("alice", "dropped", 700)).toBeUndefined();
      expect(await b.claim("alice", "dropped", 60_000)).toEqual({ state: "run" });
      expect(await b.claim("alice", "kept", 60_000)).toEqual({ state: "running" });
    } finally {
      clearInterval(renewing);
    }
  });

  test("after a Redis restart both instances reconnect by themselves and a wait on B still wakes when A finishes", async () => {
    const [a, b] = await pair();
    await redis.restart(); // every key is gone (persistence off); both instances reconnect
    let claim = await a.claim("alice", "c2", 60_000).catch(() => undefined);
    for (let attempt = 0; attempt < 200 && claim === undefined; attempt++) {
      await Bun.sleep(25);
      claim = await a.claim("alice", "c2", 60_000).catch(() => undefined);
    }
    expect(claim).toEqual({ state: "run" });
    // B's subscription is back once B can answer a wait that A wakes (retried until it is).
    let woke: string | undefined;
    for (let attempt = 0; attempt < 200 && woke === undefined; attempt++) {
      const id = `c3-${attempt}`;
      await a.claim("alice", id, 60_000);
      const waiting = b.wait("alice", id, 200).catch(() => undefined);
      await a.finish("alice", id, FRAME, 60_000).catch(() => undefined);
      woke = await waiting;
    }
    expect(woke).toBe(FRAME);
  }, 20_000);

  test("as the router's RequestStore: get reads what set (or finish) remembered on the other process", async () => {
    const [a, b] = await pair();
    expect(await b.get("alice", "c1")).toBeUndefined();
    await a.claim("alice", "c1", 60_000);
    expect(await b.get("alice", "c1")).toBeUndefined(); // running: nothing to answer with yet
    await a.set("alice", "c1", FRAME);
    expect(await b.get("alice", "c1")).toBe(FRAME);
    expect(await b.get("bob", "c1")).toBeUndefined();
  });

  test("serve(router, { dedupe }) on two processes: a retry reaching B after A answered is answered from Redis, not run", async () => {
    const [storeA, storeB] = await pair();
    const Charge = rpc("CHARGE", { cents: z.number() }, "CHARGED", { runs: z.number() });
    let runs = 0;
    const servers = [storeA, storeB].map((dedupe) => {
      const router = createRouter();
      router.on(Charge, (ctx) => {
        ctx.reply(Charge.response, { runs: ++runs });
      });
      return serve(router, { hostname: "127.0.0.1", port: 0, dedupe });
    });
    try {
      const frame = { type: "CHARGE", meta: { correlationId: "pay-1" }, payload: { cents: 100 } };
      const [onA, onB] = await Promise.all(servers.map((server) => RawClient.connect(`ws://127.0.0.1:${server.port}`)));
      const first = await onA!.roundTrip(frame);
      expect(first).toMatchObject({ type: "CHARGED", payload: { runs: 1 } });
      const retried = await onB!.roundTrip(frame); // the retry after a reconnect to the other process
      expect(retried).toEqual(first);
      expect(runs).toBe(1);
      onA!.close();
      onB!.close();
    } finally {
      for (const server of servers) server.stop(true);
    }
  });

  test("serve(router, { dedupe }): a request answered before its handler ran (validation) frees its claim at once for a retry on B", async () => {
    const prefix = `r${++prefixes}:`;
    // Claims live a minute: a retry on B would wait that long if A kept its claim.
    const [storeA, storeB] = [0, 1].map(() => new RedisRequestStore({ url: redis.url, prefix, claimMs: 60_000 }));
    stores.push(storeA!, storeB!);
    await Promise.all([storeA!.ready, storeB!.ready]);
    const Charge = rpc("CHARGE", { cents: z.number() }, "CHARGED", { runs: z.number() });
    let runs = 0;
    const servers = [storeA!, storeB!].map((dedupe) => {
      const router = createRouter();
      router.on(Charge, (ctx) => {
        ctx.reply(Charge.response, { runs: ++runs });
      });
      return serve(router, { hostname: "127.0.0.1", port: 0, dedupe });
    });
    try {
      const [onA, onB] = await Promise.all(servers.map((server) => RawClient.connect(`ws://127.0.0.1:${server.port}`)));
      const bad = await onA!.roundTrip({ type: "CHARGE", meta: { correlationId: "pay-2" }, payload: { cents: "x" } });
      expect(bad).toMatchObject({ type: "ERROR", payload: { code: "VALIDATION_FAILED" } });
      expect(runs).toBe(0);
      let answer = await onB!.roundTrip({ type: "CHARGE", meta: { correlationId: "pay-2" }, payload: { cents: 100 } });
      // A released its claim right after sending the ERROR: B runs it now, not a minute later.
      expect(answer).toMatchObject({ type: "CHARGED", payload: { runs: 1 } });
      answer = await onA!.roundTrip({ type: "CHARGE", meta: { correlationId: "pay-2" }, payload: { cents: 100 } });
      expect(answer).toMatchObject({ type: "CHARGED", payload: { runs: 1 } });
      expect(runs).toBe(1);
      onA!.close();
      onB!.close();
    } finally {
      for (const server of servers) server.stop(true);
    }
  });
});

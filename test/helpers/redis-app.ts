/**
 * A typed-ws server on a `RedisTopicStore`, run as a child process by the Redis tests
 * (test/helpers/redis.ts). Prints `listening on port <port>` once it serves on 127.0.0.1:$PORT.
 *
 * - topic `room:{roomId}` carrying `NEW_MESSAGE` (history: the last 1000, 10 minutes);
 * - `POST { roomId, text }` → publishes `NEW_MESSAGE` to the room, answers `POSTED { offset }`
 *   (an `ERROR` when Redis cannot be reached);
 * - `JOIN { roomId }` → `ctx.subscribe("room:<roomId>")` (plain envelope), answers `JOINED`;
 * - `SHOUT { channel, text, excludeSelf? }` → `ctx.publish(channel)` (a declared topic's name or
 *   any other), answers `SHOUTED`;
 *   `LISTEN { channel }` → `ctx.subscribe(channel)`, answers `LISTENING`.
 *
 * - `CHARGE { account, workMs }` → runs once per correlation id across processes
 *   (`RedisRequestStore`): counts a run in Redis, answers `CHARGED { account, runs, by }`.
 *
 * - `PAY { account, gated? }` → no claim in the handler: with `DEDUPE=redis` the router's dedupe
 *   (a `RedisRequestStore`, claims living `CLAIM_MS`) runs it once across processes. Counts its
 *   starts (`pay-started:<account>`), waits for an item on `pay-gate:<account>` when `gated`,
 *   then counts its runs and answers `PAID { account, runs }`.
 *
 * `TOPIC_STORE=memory` runs it without Redis (one process), for the benchmark's baseline.
 */
import { createRouter, serve } from "@typed-ws/server-bun";
import { RedisRequestStore, RedisTopicStore } from "@typed-ws/server-bun/redis";
import { message, z } from "@typed-ws/server-bun/zod";
import { RedisClient } from "bun";
import { NewMessage, Room } from "./redis-app-schemas.ts";

const Post = message("POST", { roomId: z.string(), text: z.string() });
const Posted = message("POSTED", { offset: z.number() });
const Join = message("JOIN", { roomId: z.string() });
const Joined = message("JOINED");
const Shout = message("SHOUT", { channel: z.string(), text: z.string(), excludeSelf: z.boolean().optional() });
const Shouted = message("SHOUTED");
const Listen = message("LISTEN", { channel: z.string() });
const Charge = message("CHARGE", { account: z.string(), workMs: z.number() });
const Charged = message("CHARGED", { account: z.string(), runs: z.number(), by: z.string() });
const Listening = message("LISTENING");
const Pay = message("PAY", { account: z.string(), gated: z.boolean().optional() });
const Paid = message("PAID", { account: z.string(), runs: z.number() });

// TOPIC_STORE=memory: the same app in one process without Redis (the benchmark's baseline).
const memory = process.env.TOPIC_STORE === "memory";
const store = memory ? undefined : new RedisTopicStore({ url: process.env.REDIS_URL as string });
const router = createRouter(store ? { topicStore: store } : {});
router.topic(Room, { history: { maxCount: 1000, maxAgeMs: 600_000 } });
router.on(Post, async (ctx) => {
  const { offset } = await router.publish(Room({ roomId: ctx.payload.roomId }), NewMessage, { text: ctx.payload.text });
  ctx.reply(Posted, { offset });
});
router.on(Join, (ctx) => {
  ctx.subscribe(`room:${ctx.payload.roomId}`);
  ctx.reply(Joined);
});
router.on(Shout, (ctx) => {
  ctx.publish(ctx.payload.channel, NewMessage, { text: ctx.payload.text }, { excludeSelf: ctx.payload.excludeSelf });
  ctx.reply(Shouted);
});
router.on(Listen, (ctx) => {
  ctx.subscribe(ctx.payload.channel);
  ctx.reply(Listening);
});
// Retry dedupe across processes claimed by hand in the handler (SharedRequestStore); PAY below
// relies on the router's dedupe instead: the same correlation id runs once on whichever process claims it.
const requests = memory ? undefined : new RedisRequestStore({ url: process.env.REDIS_URL as string });
const counter = memory ? undefined : new RedisClient(process.env.REDIS_URL as string);
const me = `pid ${process.pid}`;
router.on(Charge, async (ctx) => {
  if (requests === undefined || counter === undefined) throw new Error("CHARGE needs Redis");
  const id = ctx.meta.correlationId as string;
  const claim = await requests.claim("anonymous", id, 60_000);
  let answer: string | undefined;
  if (claim.state === "done") answer = claim.frame;
  else if (claim.state === "running") answer = await requests.wait("anonymous", id, 10_000);
  else {
    await Bun.sleep(ctx.payload.workMs); // the work (a real handler: charge the card)
    const runs = Number(await counter.send("INCR", [`charges:${ctx.payload.account}`]));
    answer = JSON.stringify({ account: ctx.payload.account, runs, by: me });
    await requests.finish("anonymous", id, answer, 60_000);
  }
  if (answer === undefined) throw new Error(`request ${id} did not finish`);
  ctx.reply(Charged, JSON.parse(answer));
});
// No claim here: with DEDUPE=redis the router's dedupe (RedisRequestStore) makes it run once across processes.
router.on(Pay, async (ctx) => {
  if (counter === undefined) throw new Error("PAY needs Redis");
  const { account, gated } = ctx.payload;
  await counter.send("INCR", [`pay-started:${account}`]);
  if (gated) {
    const gate = new RedisClient(process.env.REDIS_URL as string); // BLPOP blocks its connection
    try {
      await gate.send("BLPOP", [`pay-gate:${account}`, "0"]);
    } finally {
      gate.close();
    }
  }
  const runs = Number(await counter.send("INCR", [`pay-runs:${account}`]));
  ctx.reply(Paid, { account, runs });
});
router.onError(() => {}); // expected failures (Redis down) are answered with ERROR frames

await store?.ready;
// DEDUPE=redis: remembered answers and claims shared by the processes (its own prefix: CHARGE claims by hand).
const dedupe =
  process.env.DEDUPE === "redis"
    ? new RedisRequestStore({
        url: process.env.REDIS_URL as string,
        prefix: "typed-ws:router:",
        claimMs: Number(process.env.CLAIM_MS ?? 10_000),
      })
    : undefined;
await dedupe?.ready;
const server = serve(router, { hostname: "127.0.0.1", port: Number(process.env.PORT ?? 0), dedupe });
console.log(`listening on port ${server.port}`);

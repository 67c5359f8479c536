/**
 * typed-ws server for the topics figure: SUBSCRIBE joins the plain topic (`ctx.subscribe`, as
 * ws-kit), `$ws:subscribe` joins the declared topic `bench:1`; TOPIC_BURST publishes `count`
 * Ticks either with plain `router.publish(name)` or to the declared topic (offsets + history in
 * the memory store, default bounds), and answers with the CPU time the publish loop took (Bun
 * writes to every subscriber's socket inside `publish`, so that is the server's fan-out cost).
 * Production settings, as `servers/typed-ws.ts`.
 */
import { createRouter, serve } from "@typed-ws/server-bun";
import { message, topic, z } from "@typed-ws/server-bun/zod";
import { PAYLOAD } from "../lib/payload.ts";
import { Published, Subscribe, Subscribed, Tick, TOPIC } from "../lib/schemas.ts";
import { announce } from "../lib/server-util.ts";

/** Publish `count` Ticks, plainly or to the declared topic. */
const TopicBurst = message("TOPIC_BURST", { count: z.number().int().positive(), mode: z.enum(["plain", "topic"]) });
/** Asks for the CPU time (user + system, µs) the last burst's publish loop took. */
const BurstStats = message("BURST_STATS");
const BurstDone = message("BURST_DONE", { cpuMicros: z.number() });
const Stream = topic("bench:{id}", [Tick]);

const router = createRouter();
router.topic(Stream);
router.on(Subscribe, (ctx) => {
  ctx.subscribe(TOPIC);
  ctx.reply(Subscribed);
});
let lastCpuMicros = Number.NaN;
router.on(BurstStats, (ctx) => {
  ctx.reply(BurstDone, { cpuMicros: lastCpuMicros });
});
router.on(TopicBurst, (ctx) => {
  const { count, mode } = ctx.payload;
  const stream = Stream({ id: "1" });
  const cpu = process.cpuUsage();
  if (mode === "topic") for (let i = 0; i < count; i++) void router.publish(stream, Tick, PAYLOAD);
  else for (let i = 0; i < count; i++) router.publish(TOPIC, Tick, PAYLOAD);
  const used = process.cpuUsage(cpu);
  lastCpuMicros = used.user + used.system;
  ctx.reply(Published, { count });
});

const server = serve(router, { port: 0, hostname: "127.0.0.1", development: false });
announce(server.port);

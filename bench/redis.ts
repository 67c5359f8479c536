/**
 * `pnpm exec bun --conditions=@typed-ws/source bench/redis.ts [--quick]`: topic fan-out across
 * server processes through Redis vs one process, in the same run. Starts `redis-server` (free
 * port, persistence off) and the test app (test/helpers/redis-app.ts) as child processes:
 *
 * - one process (memory store): publisher and subscribers on server A;
 * - Redis, same instance: publisher and subscribers on A, numbering and fan-out through Redis;
 * - Redis, cross-instance: publisher on A, subscribers on B.
 *
 * The publisher sends `POST` requests (a window of 32 in flight), each publishing a
 * `NEW_MESSAGE` carrying its send time to `room:bench`; every subscriber (`$ws:subscribe`) records
 * deliveries and publish→deliver latency (send time to receipt; the processes share the clock).
 * Redis round trips per publish come from `INFO commandstats` (calls from clients vs executed).
 */
import { RedisClient } from "bun";
import { AppProcess, RedisProcess } from "../test/helpers/redis.ts";
import { percentile } from "./lib/stats.ts";

const quick = process.argv.includes("--quick");
const SUBSCRIBERS = 100;
const PUBLISHES = quick ? 500 : 3_000;
const WINDOW = 32;

const now = () => performance.timeOrigin + performance.now();

interface Result {
  name: string;
  deliveriesPerSecond: number;
  p50: number;
  p99: number;
}

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.onopen = () => resolve(ws);
    ws.onerror = () => reject(new Error(`cannot connect to ${url}`));
  });
}

async function run(
  name: string,
  publishUrl: string,
  subscribeUrl: string,
  topic: string,
  beforePublishing: () => Promise<unknown> = async () => {},
): Promise<Result> {
  const latencies: number[] = [];
  let delivered = 0;
  const expected = SUBSCRIBERS * PUBLISHES;
  let allDelivered: () => void = () => {};
  const done = new Promise<void>((resolve) => (allDelivered = resolve));
  const subscribers = await Promise.all(Array.from({ length: SUBSCRIBERS }, () => open(subscribeUrl)));
  await Promise.all(
    subscribers.map(
      (ws, i) =>
        new Promise<void>((resolve) => {
          ws.onmessage = (event) => {
            const frame = JSON.parse(String(event.data));
            if (frame.type === "$ws:subscribed") return resolve();
            if (frame.type !== "NEW_MESSAGE") return;
            latencies.push(now() - Number(frame.payload.text));
            if (++delivered === expected) allDelivered();
          };
          ws.send(JSON.stringify({ type: "$ws:subscribe", meta: { correlationId: `s${i}` }, payload: { topic } }));
        }),
    ),
  );
  const publisher = await open(publishUrl);
  await beforePublishing();
  const roomId = topic.slice("room:".length);
  let sent = 0;
  let answered = 0;
  const post = () => {
    sent++;
    publisher.send(
      JSON.stringify({ type: "POST", meta: { correlationId: `p${sent}` }, payload: { roomId, text: String(now()) } }),
    );
  };
  const started = performance.now();
  publisher.onmessage = (event) => {
    const frame = JSON.parse(String(event.data));
    if (frame.type !== "POSTED") throw new Error(`publish failed: ${String(event.data)}`);
    answered++;
    if (sent < PUBLISHES) post();
  };
  for (let i = 0; i < WINDOW && sent < PUBLISHES; i++) post();
  await done;
  const seconds = (performance.now() - started) / 1000;
  for (const ws of [...subscribers, publisher]) ws.close();
  if (answered < PUBLISHES && delivered < expected) throw new Error("incomplete run");
  return {
    name,
    deliveriesPerSecond: expected / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

/** Calls of EVALSHA/EVAL/PUBLISH from clients and every command executed, from INFO commandstats. */
async function commandStats(admin: RedisClient): Promise<Map<string, number>> {
  const info = String(await admin.send("INFO", ["commandstats"]));
  const stats = new Map<string, number>();
  for (const match of info.matchAll(/cmdstat_([a-z|]+):calls=(\d+)/g)) stats.set(match[1] as string, Number(match[2]));
  return stats;
}

const redis = await RedisProcess.start();
const apps: AppProcess[] = [];
try {
  const [memoryApp, a, b] = await Promise.all([
    AppProcess.start(redis.url, { TOPIC_STORE: "memory" }),
    AppProcess.start(redis.url),
    AppProcess.start(redis.url),
  ]);
  apps.push(memoryApp, a, b);
  const admin = new RedisClient(redis.url);
  const results: Result[] = [];
  // A short warm-up of each path, then the measured runs.
  await run("warm-up", memoryApp.url, memoryApp.url, "room:warm1");
  await run("warm-up", a.url, b.url, "room:warm2");
  results.push(await run("one process (memory store)", memoryApp.url, memoryApp.url, "room:one"));
  results.push(await run("Redis, publisher and subscribers on A", a.url, a.url, "room:same"));
  // Round trips of the subscribes (counted from here to the first publish), then of the publishes.
  await admin.send("CONFIG", ["RESETSTAT"]);
  let subscribeCalls = 0;
  const resetStats = async () => {
    const atSubscribe = await commandStats(admin);
    subscribeCalls = (atSubscribe.get("evalsha") ?? 0) + (atSubscribe.get("eval") ?? 0);
    await admin.send("CONFIG", ["RESETSTAT"]);
  };
  results.push(await run("Redis, publisher on A, subscribers on B", a.url, b.url, "room:cross", resetStats));
  const stats = await commandStats(admin);
  admin.close();
  const base = results[0] as Result;
  console.log(`subscribers ${SUBSCRIBERS}, publishes ${PUBLISHES}, window ${WINDOW}`);
  console.log("setup                                      deliveries/s   ratio   p50 ms   p99 ms");
  for (const r of results) {
    console.log(
      `${r.name.padEnd(42)} ${Math.round(r.deliveriesPerSecond).toLocaleString("en-US").padStart(12)}   ${(r.deliveriesPerSecond / base.deliveriesPerSecond).toFixed(2).padStart(5)}   ${r.p50.toFixed(2).padStart(6)}   ${r.p99.toFixed(2).padStart(6)}`,
    );
  }
  const fromClients = (stats.get("evalsha") ?? 0) + (stats.get("eval") ?? 0);
  const executed = [...stats]
    .filter(([name]) => name !== "config|resetstat")
    .reduce((sum, [, calls]) => sum + calls, 0);
  console.log(
    `Redis round trips per publish (EVALSHA from servers): ${(fromClients / PUBLISHES).toFixed(2)}; commands executed per publish (inside the script too): ${(executed / PUBLISHES).toFixed(2)}`,
  );
  console.log(`Redis round trips per $ws:subscribe (no since): ${(subscribeCalls / SUBSCRIBERS).toFixed(2)}`);
} finally {
  await Promise.all(apps.map((app) => app.kill()));
  await redis.stop();
}

/**
 * The router's own dedupe on a shared `RedisRequestStore` (`serve(router, { dedupe })`, no claim
 * in the handler), two server processes on one real `redis-server`: the same retryable request
 * sent to A and, while A's handler runs, to B runs its handler once, and B's connection gets the
 * one answer; a claim whose process was killed expires and the retry then runs once.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { RedisClient } from "bun";
import { type Frame, RawClient } from "../packages/server-bun/test/raw-client.ts";
import { AppProcess, RedisProcess } from "./helpers/redis.ts";

/** Router dedupe on Redis, with claims that expire 1.5 s after a killed process last renewed them. */
const ENV = { DEDUPE: "redis", CLAIM_MS: "1500" };

let redis: RedisProcess;
let admin: RedisClient;
let a: AppProcess;
let b: AppProcess;
let doomed: AppProcess | undefined;
const clients: RawClient[] = [];

beforeAll(async () => {
  redis = await RedisProcess.start();
  admin = new RedisClient(redis.url);
  [a, b] = await Promise.all([AppProcess.start(redis.url, ENV), AppProcess.start(redis.url, ENV)]);
});

afterAll(async () => {
  for (const client of clients.splice(0)) client.close();
  admin?.close();
  await Promise.all([a?.kill(), b?.kill(), doomed?.kill()]);
  await redis?.stop();
});

async function connect(app: AppProcess): Promise<RawClient> {
  const client = await RawClient.connect(app.url);
  clients.push(client);
  return client;
}

function pay(correlationId: string, account: string, gated = false) {
  return { type: "PAY", meta: { correlationId }, payload: { account, gated } };
}

/** A counter the test app keeps in Redis ("0" when unset). */
async function count(key: string): Promise<string> {
  return ((await admin.send("GET", [key])) as string | null) ?? "0";
}

/** Polls Redis until `key` reads `value`: the only view the test has of another process's handler. */
async function until(key: string, value: string): Promise<void> {
  for (let attempt = 0; attempt < 1000; attempt++) {
    if ((await count(key)) === value) return;
    await Bun.sleep(10);
  }
  throw new Error(`${key} never became ${value} (it is ${await count(key)})`);
}

/**
 * Proves `client`'s server has taken up every frame sent on it so far: a later request on the
 * same connection is answered first (its claim follows theirs on the store's one Redis
 * connection, so theirs completed before it).
 */
async function takenUp(client: RawClient, account: string): Promise<void> {
  client.send(pay(`probe-${account}`, account));
  const frame: Frame = await client.next();
  expect(frame).toMatchObject({ type: "PAID", meta: { correlationId: `probe-${account}` } });
}

describe("router dedupe on a shared RedisRequestStore, two processes", () => {
  test("the same request sent to A and, while A's handler runs, to B runs its handler once; B's connection gets the one answer", async () => {
    const [onA, onB] = await Promise.all([connect(a), connect(b)]);
    const request = pay("pay-1", "acc1", true);
    onA.send(request);
    await until("pay-started:acc1", "1"); // A's handler runs (held at the gate)
    onB.send(request); // the client's retry after a reconnect to the other process
    await takenUp(onB, "probe1");
    expect(await count("pay-started:acc1")).toBe("1"); // B waits for A instead of running it

    await admin.send("LPUSH", ["pay-gate:acc1", "go"]); // A's handler finishes
    const fromA = await onA.next();
    const fromB = await onB.next();
    expect(fromA).toMatchObject({
      type: "PAID",
      meta: { correlationId: "pay-1" },
      payload: { account: "acc1", runs: 1 },
    });
    expect(fromB).toEqual(fromA); // the one terminal frame, byte for byte
    expect(await count("pay-started:acc1")).toBe("1");
    expect(await count("pay-runs:acc1")).toBe("1");

    const later = await connect(b);
    later.send(request); // a retry after it finished: answered from Redis
    expect(await later.next()).toEqual(fromA);
    expect(await count("pay-started:acc1")).toBe("1");
  });

  test("a claim whose process was killed expires and the retry waiting on B then runs once", async () => {
    doomed = await AppProcess.start(redis.url, ENV);
    const [onDoomed, onB] = await Promise.all([connect(doomed), connect(b)]);
    const request = pay("pay-2", "acc2", true);
    onDoomed.send(request);
    await until("pay-started:acc2", "1"); // the doomed process claimed it and runs it (held at the gate)
    onB.send(request);
    await takenUp(onB, "probe2");
    expect(await count("pay-started:acc2")).toBe("1"); // B waits while the claim is alive

    await doomed.kill(); // its claim is renewed no more
    await until("pay-started:acc2", "2"); // the claim expired: B runs it
    await admin.send("LPUSH", ["pay-gate:acc2", "go"]);
    const fromB = await onB.next();
    expect(fromB).toMatchObject({
      type: "PAID",
      meta: { correlationId: "pay-2" },
      payload: { account: "acc2", runs: 1 },
    });
    expect(await count("pay-runs:acc2")).toBe("1");

    onB.send(request); // and it is remembered now: not run a third time
    expect(await onB.next()).toEqual(fromB);
    expect(await count("pay-started:acc2")).toBe("2");
  }, 20_000);
});

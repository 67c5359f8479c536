/**
 * Scale out on Redis: two typed-ws server processes on one real `redis-server` (started by the
 * test harness on a free port, persistence off) behave as one server on the wire.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { RedisClient } from "bun";
import { type Frame, RawClient } from "../packages/server-bun/test/raw-client.ts";
import { AppProcess, RedisProcess } from "./helpers/redis.ts";

let redis: RedisProcess;
let a: AppProcess;
let b: AppProcess;
const clients: RawClient[] = [];

beforeAll(async () => {
  redis = await RedisProcess.start();
  [a, b] = await Promise.all([AppProcess.start(redis.url), AppProcess.start(redis.url)]);
});

afterAll(async () => {
  for (const client of clients.splice(0)) client.close();
  await Promise.all([a?.kill(), b?.kill()]);
  await redis?.stop();
});

async function connect(app: AppProcess): Promise<RawClient> {
  const client = await RawClient.connect(app.url);
  clients.push(client);
  return client;
}

let ids = 0;

/** Sends a request and resolves with its answer (the next frame carrying its correlation id). */
async function ask(client: RawClient, type: string, payload: unknown): Promise<Frame> {
  const correlationId = `q${++ids}`;
  client.send({ type, meta: { correlationId }, payload });
  const frame = await client.next();
  expect(frame.meta.correlationId).toBe(correlationId);
  return frame;
}

interface Subscribed {
  topic: string;
  epoch: string;
  offset: number;
  recovered?: boolean;
}

async function subscribe(client: RawClient, topic: string, since?: { epoch: string; offset: number }) {
  const frame = await ask(client, "$ws:subscribe", since ? { topic, since } : { topic });
  expect(frame.type).toBe("$ws:subscribed");
  return frame.payload as Subscribed;
}

async function post(client: RawClient, roomId: string, text: string): Promise<number> {
  const frame = await ask(client, "POST", { roomId, text });
  expect(frame.type).toBe("POSTED");
  return (frame.payload as { offset: number }).offset;
}

/** Sends every post at once; resolves with their offsets, in the order of `texts`. */
async function postAll(client: RawClient, roomId: string, texts: string[]): Promise<number[]> {
  const first = ids + 1;
  for (const text of texts)
    client.send({ type: "POST", meta: { correlationId: `q${++ids}` }, payload: { roomId, text } });
  const offsets: number[] = [];
  for (const frame of await frames(client, texts.length)) {
    expect(frame.type).toBe("POSTED");
    offsets[Number(frame.meta.correlationId?.slice(1)) - first] = (frame.payload as { offset: number }).offset;
  }
  return offsets;
}

async function frames(client: RawClient, count: number): Promise<Frame[]> {
  const out: Frame[] = [];
  for (let i = 0; i < count; i++) out.push(await client.next());
  return out;
}

/** [offset, text] of topic publications (checking each is a NEW_MESSAGE of `topic`). */
function publications(list: Frame[], topic: string): [number, string][] {
  return list.map((frame) => {
    expect(frame.type).toBe("NEW_MESSAGE");
    expect(frame.meta.topic).toBe(topic);
    return [frame.meta.offset as number, (frame.payload as { text: string }).text];
  });
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** Proves nothing else is queued for the client: a heartbeat's ack is the very next frame. */
async function expectNothingElse(client: RawClient): Promise<void> {
  client.send({ type: "__heartbeat" });
  expect((await client.next()).type).toBe("__heartbeat_ack");
}

describe("two server processes on one Redis", () => {
  test("publications from A and B reach topic and ctx.subscribe subscribers on both, one gap-free offset sequence", async () => {
    const topic = "room:fanout";
    const [subA, subB, joinedB, posterA, posterB] = await Promise.all([
      connect(a),
      connect(b),
      connect(b),
      connect(a),
      connect(b),
    ]);
    expect(await subscribe(subA, topic)).toMatchObject({ topic, offset: 0 });
    expect(await subscribe(subB, topic)).toMatchObject({ topic, offset: 0 });
    expect((await ask(joinedB, "JOIN", { roomId: "fanout" })).type).toBe("JOINED");

    // 40 posts, half on each process, all in flight at once.
    const [evens, odds] = await Promise.all([
      postAll(
        posterA,
        "fanout",
        range(1, 20).map((i) => `m${2 * i}`),
      ),
      postAll(
        posterB,
        "fanout",
        range(1, 20).map((i) => `m${2 * i - 1}`),
      ),
    ]);
    const offsets = range(1, 40).map((i) => (i % 2 === 0 ? evens[i / 2 - 1] : odds[(i - 1) / 2]) as number);
    expect([...offsets].sort((x, y) => x - y)).toEqual(range(1, 40));

    const onA = publications(await frames(subA, 40), topic);
    const onB = publications(await frames(subB, 40), topic);
    expect(onA.map(([offset]) => offset)).toEqual(range(1, 40));
    expect(onB).toEqual(onA);
    // Each post's answer names the offset its publication got.
    for (const [offset, text] of onA) expect(offsets[Number(text.slice(1)) - 1]).toBe(offset);

    const plain = await frames(joinedB, 40);
    for (const frame of plain) expect(frame.meta.topic).toBeUndefined();
    expect(plain.map((frame) => (frame.payload as { text: string }).text)).toEqual(onA.map(([, text]) => text));
    await Promise.all([subA, subB, joinedB].map(expectNothingElse));
  });

  test("a subscription begun on A recovers on B what was published meanwhile, then goes on live", async () => {
    const topic = "room:recover";
    const [subA, posterA, posterB] = await Promise.all([connect(a), connect(a), connect(b)]);
    const first = await subscribe(subA, topic);
    for (let i = 1; i <= 5; i++) await post(posterA, "recover", `early${i}`);
    const seen = publications(await frames(subA, 5), topic);
    expect(seen.map(([offset]) => offset)).toEqual(range(1, 5));
    subA.close();
    for (let i = 6; i <= 10; i++) await post(i % 2 ? posterA : posterB, "recover", `away${i}`);

    const subB = await connect(b);
    const answer = await subscribe(subB, topic, { epoch: first.epoch, offset: 5 });
    expect(answer).toEqual({ topic, epoch: first.epoch, offset: 10, recovered: true });
    expect(publications(await frames(subB, 5), topic).map(([offset]) => offset)).toEqual(range(6, 10));
    await post(posterA, "recover", "live");
    expect(publications(await frames(subB, 1), topic)).toEqual([[11, "live"]]);
    await expectNothingElse(subB);
  });

  test("subscribes on B racing a stream of publications from A: each subscriber gets every offset after its head once, in order", async () => {
    const topic = "room:race";
    const poster = await connect(a);
    const TOTAL = 300;
    const subscribers: { client: RawClient; head: number; since?: number }[] = [];
    // Publish continuously (8 in flight) while subscribers join on B, some with `since` mid-stream.
    let sent = 0;
    let answered = 0;
    let allAnswered: () => void = () => {};
    const finished = new Promise<void>((resolve) => (allAnswered = resolve));
    const send = () => {
      sent++;
      poster.send({
        type: "POST",
        meta: { correlationId: `race${sent}` },
        payload: { roomId: "race", text: `r${sent}` },
      });
    };
    void (async () => {
      for (;;) {
        const frame = await poster.next();
        expect(frame.type).toBe("POSTED");
        if (++answered === TOTAL) return allAnswered();
        if (sent < TOTAL) send();
      }
    })();
    for (let i = 0; i < 8; i++) send();
    let epoch = "";
    for (let i = 0; i < 12; i++) {
      const client = await connect(i % 3 === 2 ? a : b);
      const since = i % 2 === 1 && epoch !== "" ? Math.max(0, answered - 20) : undefined;
      const answer = await subscribe(client, topic, since === undefined ? undefined : { epoch, offset: since });
      epoch = answer.epoch;
      if (since !== undefined) expect(answer.recovered).toBe(true);
      subscribers.push({ client, head: answer.offset, ...(since !== undefined && { since }) });
    }
    await finished;
    for (const { client, head, since } of subscribers) {
      const from = (since ?? head) + 1;
      const got = publications(await frames(client, TOTAL - from + 1), topic).map(([offset]) => offset);
      expect(got).toEqual(range(from, TOTAL));
      await expectNothingElse(client);
    }
  }, 20_000);

  test("ctx.publish with excludeSelf to a declared topic's name: numbered, reaches everyone on both processes but the publisher", async () => {
    const topic = "room:exclude";
    const [shouter, joinedA, subB] = await Promise.all([connect(a), connect(a), connect(b)]);
    for (const client of [shouter, joinedA])
      expect((await ask(client, "JOIN", { roomId: "exclude" })).type).toBe("JOINED");
    await subscribe(subB, topic);
    const answer = await ask(shouter, "SHOUT", { channel: topic, text: "not to me", excludeSelf: true });
    expect(answer.type).toBe("SHOUTED");
    expect((await frames(joinedA, 1))[0]).toMatchObject({ type: "NEW_MESSAGE", payload: { text: "not to me" } });
    expect(publications(await frames(subB, 1), topic)).toEqual([[1, "not to me"]]);
    // A later publication reaches the shouter, so the excluded one would have come before it.
    await ask(shouter, "SHOUT", { channel: topic, text: "to all" });
    expect((await frames(shouter, 1))[0]).toMatchObject({ type: "NEW_MESSAGE", payload: { text: "to all" } });
    await expectNothingElse(shouter);
  });

  test("subscriber connections to Redis dropped (CLIENT KILL TYPE pubsub) mid-traffic: what they missed is read from history, every subscriber gets each offset once, in order", async () => {
    const topic = "room:gap";
    const [subA, subB, joinedB, poster] = await Promise.all([connect(a), connect(b), connect(b), connect(a)]);
    await subscribe(subA, topic);
    await subscribe(subB, topic);
    expect((await ask(joinedB, "JOIN", { roomId: "gap" })).type).toBe("JOINED");
    await post(poster, "gap", "m1");
    const admin = new RedisClient(redis.url);
    expect(await admin.send("CLIENT", ["KILL", "TYPE", "pubsub"])).toBeGreaterThanOrEqual(2);
    admin.close();
    // Published while both processes' subscriptions are down or coming back.
    const offsets = await postAll(
      poster,
      "gap",
      range(2, 30).map((i) => `m${i}`),
    );
    expect(offsets).toEqual(range(2, 30));
    for (const client of [subA, subB]) {
      expect(publications(await frames(client, 30), topic).map(([offset]) => offset)).toEqual(range(1, 30));
    }
    const plain = await frames(joinedB, 30);
    expect(plain.map((frame) => (frame.payload as { text: string }).text)).toEqual(range(1, 30).map((i) => `m${i}`));
    await Promise.all([subA, subB, joinedB].map(expectNothingElse));
  });

  test("the same request (one correlation id) sent to A and, while it runs, to B runs once; both get the one answer, and a later retry too", async () => {
    const [onA, onB] = await Promise.all([connect(a), connect(b)]);
    const request = { type: "CHARGE", meta: { correlationId: "charge-1" }, payload: { account: "acc1", workMs: 200 } };
    onA.send(request);
    onB.send(request); // a retry on the other instance while A runs it
    const [fromA, fromB] = await Promise.all([onA.next(), onB.next()]);
    expect(fromA.type).toBe("CHARGED");
    expect(fromB).toEqual({ ...fromA, meta: { ...fromB.meta } });
    expect(fromB.meta.correlationId).toBe("charge-1");
    expect((fromA.payload as { runs: number }).runs).toBe(1);
    const later = await connect(b);
    later.send(request);
    expect((await later.next()).payload).toEqual(fromA.payload);
    const admin = new RedisClient(redis.url);
    expect(await admin.send("GET", ["charges:acc1"])).toBe("1");
    admin.close();
  });

  test("a publication to an undeclared name on A reaches ctx.subscribe subscribers on B once", async () => {
    const [listenerB, listenerA, shouter] = await Promise.all([connect(b), connect(a), connect(a)]);
    expect((await ask(listenerB, "LISTEN", { channel: "plain" })).type).toBe("LISTENING");
    expect((await ask(listenerA, "LISTEN", { channel: "plain" })).type).toBe("LISTENING");
    expect((await ask(shouter, "SHOUT", { channel: "plain", text: "hi" })).type).toBe("SHOUTED");
    for (const listener of [listenerA, listenerB]) {
      const [frame] = await frames(listener, 1);
      expect(frame).toMatchObject({ type: "NEW_MESSAGE", payload: { text: "hi" } });
      await expectNothingElse(listener);
    }
  });

  test("a flushed Redis starts a new epoch: live subscribers are closed with 1012, a re-subscribe says recovered: false and replays the new epoch", async () => {
    const topic = "room:flush";
    const [subA, posterB] = await Promise.all([connect(a), connect(b)]);
    const before = await subscribe(subA, topic);
    for (let i = 1; i <= 3; i++) await post(posterB, "flush", `old${i}`);
    expect(publications(await frames(subA, 3), topic).map(([offset]) => offset)).toEqual([1, 2, 3]);

    const admin = new RedisClient(redis.url);
    await admin.send("FLUSHALL", []);
    admin.close();
    expect(await post(posterB, "flush", "new1")).toBe(1);
    const closed = await subA.closed;
    expect(closed.code).toBe(1012);

    const again = await connect(a);
    const answer = await subscribe(again, topic, { epoch: before.epoch, offset: 3 });
    expect(answer.recovered).toBe(false);
    expect(answer.epoch).not.toBe(before.epoch);
    expect(answer.offset).toBe(1);
    expect(publications(await frames(again, 1), topic)).toEqual([[1, "new1"]]);
    await expectNothingElse(again);
  });

  test("Redis restarted mid-traffic: a publish while it is down is answered ERROR, both servers reconnect and re-subscribe by themselves", async () => {
    const [joinedB, posterA] = await Promise.all([connect(b), connect(a)]);
    expect((await ask(joinedB, "JOIN", { roomId: "restart" })).type).toBe("JOINED");
    await post(posterA, "restart", "before");
    expect((await frames(joinedB, 1))[0]?.payload).toEqual({ text: "before" });

    await redis.stop();
    const refused = await ask(posterA, "POST", { roomId: "restart", text: "while-down" });
    expect(refused.type).toBe("ERROR");
    expect((refused.payload as { code: string }).code).toBe("INTERNAL_SERVER_ERROR");

    await redis.restart();
    // A's command connection comes back by itself: retry until a post is accepted (bounded).
    let accepted = false;
    for (let attempt = 0; attempt < 200 && !accepted; attempt++) {
      const answer = await ask(posterA, "POST", { roomId: "restart", text: "after" });
      accepted = answer.type === "POSTED";
      if (!accepted) await Bun.sleep(25);
    }
    expect(accepted).toBe(true);
    // B's subscription to the channel came back too: the publication reaches its subscriber.
    const [after] = await frames(joinedB, 1);
    expect(after?.payload).toEqual({ text: "after" });
    await expectNothingElse(joinedB);
  }, 20_000);

  test("an instance killed: its clients reconnect to the other and recover their topic without loss", async () => {
    const topic = "room:failover";
    const [subA, posterB] = await Promise.all([connect(a), connect(b)]);
    const first = await subscribe(subA, topic);
    for (let i = 1; i <= 3; i++) await post(posterB, "failover", `m${i}`);
    expect(publications(await frames(subA, 3), topic).map(([offset]) => offset)).toEqual([1, 2, 3]);

    await a.kill();
    await subA.closed;
    for (let i = 4; i <= 6; i++) await post(posterB, "failover", `m${i}`);

    const moved = await connect(b);
    const answer = await subscribe(moved, topic, { epoch: first.epoch, offset: 3 });
    expect(answer).toEqual({ topic, epoch: first.epoch, offset: 6, recovered: true });
    await post(posterB, "failover", "m7");
    const rest = publications(await frames(moved, 4), topic);
    expect(rest).toEqual([
      [4, "m4"],
      [5, "m5"],
      [6, "m6"],
      [7, "m7"],
    ]);
    await expectNothingElse(moved);
  }, 20_000);
});

describe("two server processes on a Redis that keeps its data (append-only file)", () => {
  test("steady posts through a Redis crash and restart: every post answered POSTED reaches the subscribers on B once, in order, in one epoch", async () => {
    const durable = await RedisProcess.start({ persistent: true });
    const apps: AppProcess[] = [];
    try {
      apps.push(...(await Promise.all([AppProcess.start(durable.url), AppProcess.start(durable.url)])));
      const [appA, appB] = apps as [AppProcess, AppProcess];
      const [joinedB, subB, poster] = await Promise.all([connect(appB), connect(appB), connect(appA)]);
      expect((await ask(joinedB, "JOIN", { roomId: "steady" })).type).toBe("JOINED");
      const { epoch } = await subscribe(subB, "room:steady");
      const posted: string[] = [];
      let errors = 0;
      let postedAfterRestart = 0;
      let restarted = false;
      let restart: Promise<void> | undefined;
      for (let i = 1; i <= 2000 && postedAfterRestart < 20; i++) {
        const answer = await ask(poster, "POST", { roomId: "steady", text: `s${i}` });
        if (answer.type === "POSTED") {
          posted.push(`s${i}`);
          if (restarted) postedAfterRestart++;
        } else {
          expect((answer.payload as { code: string }).code).toBe("INTERNAL_SERVER_ERROR");
          errors++;
          await Bun.sleep(10);
        }
        if (posted.length === 20 && restart === undefined) {
          restart = durable.restart().then(() => {
            restarted = true;
          });
        }
      }
      await restart;
      expect(errors).toBeGreaterThan(0);
      expect(postedAfterRestart).toBe(20);
      // Every POSTED publication reached B, once and in order: what B's subscription to Redis missed
      // around the crash was read back from the history. (An ERROR one may have been stored anyway.)
      const last = posted.at(-1);
      const plain: string[] = [];
      while (plain.at(-1) !== last) plain.push(((await joinedB.next()).payload as { text: string }).text);
      expect(plain.filter((text) => posted.includes(text))).toEqual(posted);
      expect(new Set(plain).size).toBe(plain.length);
      const topic = publications(await frames(subB, plain.length), "room:steady");
      expect(topic.map(([offset]) => offset)).toEqual(range(1, plain.length));
      expect(topic.map(([, text]) => text)).toEqual(plain);
      expect((await subscribe(await connect(appB), "room:steady")).epoch).toBe(epoch);
      await Promise.all([joinedB, subB].map(expectNothingElse));
    } finally {
      await Promise.all(apps.map((app) => app.kill()));
      await durable.stop();
    }
  }, 30_000);
});

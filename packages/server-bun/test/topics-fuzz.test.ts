/**
 * Seeded fuzzing of `$ws:subscribe` / `$ws:unsubscribe` (replay with `FUZZ_SEED=<printed seed>`):
 * ~1,500 frames mixing valid and broken payloads, meta and root keys at a real server over a raw
 * WebSocket, with publications in between. Each frame gets exactly one answer with its
 * correlation id, the answer an oracle predicts from PROTOCOL.md; nothing crashes; the
 * connection still subscribes and receives afterwards.
 */
import { afterEach, expect, test } from "bun:test";
import { fuzzSeed, Rng } from "../../../test/helpers/prng.ts";
import { createRouter, type TopicPosition } from "../src/index.ts";
import type { Frame } from "./raw-client.ts";
import { rawClient, start, stopAll } from "./setup.ts";
import { Announcement, Lobby, NewMessage, Room } from "./topics-helpers.ts";

afterEach(stopAll);

const FRAMES = 1500;

type Expected =
  | { type: "$ws:subscribed"; topic: string; since: boolean }
  | { type: "$ws:unsubscribed"; topic: string }
  | { type: "ERROR"; code: string };

function randomString(rng: Rng): string {
  return rng.weighted([
    [4, `room:${rng.pick(["a", "b", "secret", "ü😀", "x:y", " "])}`],
    [2, "lobby"],
    [1, ""],
    [1, "room:"],
    [1, `room:${"z".repeat(rng.int(240, 270))}`],
    [1, "x".repeat(rng.int(250, 260))],
    [1, String.fromCharCode(...Array.from({ length: rng.int(1, 12) }, () => rng.int(0, 0xffff)))],
    [1, "$ws:topic:lobby"],
  ]);
}

function randomValue(rng: Rng, depth = 0): unknown {
  const kinds: (readonly [number, () => unknown])[] = [
    [2, () => randomString(rng)],
    [2, () => rng.int(-5, 50)],
    [1, () => rng.next() * 100],
    [1, () => null],
    [1, () => rng.chance(0.5)],
    [1, () => 2 ** 60],
  ];
  if (depth < 2) {
    kinds.push([1, () => [randomValue(rng, depth + 1)]]);
    kinds.push([1, () => ({ [randomString(rng).slice(0, 8)]: randomValue(rng, depth + 1) })]);
  }
  return rng.weighted(kinds)();
}

/** A since: valid most of the time, else one broken field. */
function randomSince(rng: Rng, epoch: string): unknown {
  const since: Record<string, unknown> = {
    epoch: rng.weighted<unknown>([
      [5, epoch],
      [2, "old-epoch"],
      [1, ""],
      [1, "e".repeat(129)],
      [1, randomValue(rng)],
    ]),
    offset: rng.weighted<unknown>([
      [6, rng.int(0, 40)],
      [1, -1],
      [1, 1.5],
      [1, "3"],
      [1, 2 ** 60],
    ]),
  };
  if (rng.chance(0.05)) delete since.offset;
  if (rng.chance(0.05)) since.extra = 1;
  return rng.chance(0.05) ? randomValue(rng) : since;
}

const isValidTopic = (topic: unknown): topic is string =>
  typeof topic === "string" && topic.length >= 1 && topic.length <= 256;

/** What PROTOCOL.md says the answer to this frame is. */
function oracle(frame: {
  type: string;
  meta: Record<string, unknown>;
  payload?: unknown;
  extra?: boolean;
  badMeta?: boolean;
}): Expected {
  const invalid: Expected = { type: "ERROR", code: "VALIDATION_FAILED" };
  if (frame.extra || frame.badMeta) return invalid;
  const payload = frame.payload as Record<string, unknown> | undefined;
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) return invalid;
  const subscribe = frame.type === "$ws:subscribe";
  const allowed = subscribe ? ["topic", "since"] : ["topic"];
  if (Object.keys(payload).some((key) => !allowed.includes(key))) return invalid;
  if (!isValidTopic(payload.topic)) return invalid;
  if (!subscribe) return { type: "$ws:unsubscribed", topic: payload.topic };
  const since = payload.since as Record<string, unknown> | undefined;
  if (since !== undefined) {
    if (typeof since !== "object" || since === null || Array.isArray(since)) return invalid;
    if (Object.keys(since).some((key) => key !== "epoch" && key !== "offset")) return invalid;
    if (typeof since.epoch !== "string" || since.epoch.length < 1 || since.epoch.length > 128) return invalid;
    if (!Number.isSafeInteger(since.offset) || (since.offset as number) < 0) return invalid;
  }
  const room = Room.match(payload.topic);
  if (room === undefined && Lobby.match(payload.topic) === undefined)
    return { type: "ERROR", code: "RESOURCE_NOT_FOUND" };
  if (room?.roomId === "secret") return { type: "ERROR", code: "AUTHORIZATION_FAILED" };
  return { type: "$ws:subscribed", topic: payload.topic, since: since !== undefined };
}

test("fuzzed $ws:subscribe / $ws:unsubscribe frames each get the answer PROTOCOL.md prescribes", async () => {
  const rng = new Rng(fuzzSeed("topics fuzz"));
  const router = createRouter();
  router.topic(Room, { authorize: (_, { roomId }) => roomId !== "secret", history: { maxCount: 20 } });
  router.topic(Lobby);
  const reported: unknown[] = [];
  router.onError((error) => reported.push(error));
  const { url } = start(router);
  const client = await rawClient(url);
  const epoch = (router.topicStore.head("lobby") as TopicPosition).epoch;

  const expected = new Map<string, Expected>();
  for (let i = 0; i < FRAMES; i++) {
    if (rng.chance(0.1)) await router.publish(Room({ roomId: rng.pick(["a", "b"]) }), NewMessage, { text: `${i}` });
    if (rng.chance(0.05)) await router.publish(Lobby(), Announcement, { text: `${i}` });
    const type = rng.chance(0.8) ? "$ws:subscribe" : "$ws:unsubscribe";
    const correlationId = `f${i}`;
    const meta: Record<string, unknown> = { correlationId };
    let badMeta = false;
    if (rng.chance(0.05)) meta.topic = randomValue(rng); // reserved: stripped
    if (rng.chance(0.05)) meta.offset = randomValue(rng); // reserved: stripped
    if (rng.chance(0.03)) {
      meta.unknown = 1;
      badMeta = true;
    }
    if (rng.chance(0.03)) {
      meta.timestamp = "later";
      badMeta = true;
    }
    const payload: Record<string, unknown> = { topic: rng.chance(0.9) ? randomString(rng) : randomValue(rng) };
    if (rng.chance(0.5)) payload.since = randomSince(rng, epoch);
    if (rng.chance(0.04)) payload[randomString(rng).slice(0, 6) || "k"] = randomValue(rng);
    const extra = rng.chance(0.03);
    const frame: Record<string, unknown> = { type, meta };
    if (rng.chance(0.97)) frame.payload = rng.chance(0.03) ? randomValue(rng) : payload;
    if (extra) frame.extra = true;
    expected.set(correlationId, oracle({ type, meta, payload: frame.payload, extra, badMeta }));
    client.send(frame);
  }

  const answers = new Map<string, Frame>();
  while (answers.size < FRAMES) {
    const frame = await client.next();
    if (frame.meta.topic !== undefined && frame.meta.correlationId === undefined) continue; // a publication
    const id = frame.meta.correlationId as string;
    expect(answers.has(id)).toBe(false);
    answers.set(id, frame);
  }
  for (const [id, want] of expected) {
    const answer = answers.get(id) as Frame;
    const payload = answer.payload as Record<string, unknown>;
    expect({ id, type: answer.type }).toEqual({ id, type: want.type });
    if (want.type === "ERROR") expect({ id, code: payload.code }).toEqual({ id, code: want.code });
    else expect(payload.topic).toBe(want.topic);
    if (want.type === "$ws:subscribed") {
      expect(payload.epoch).toBe(epoch);
      expect(Number.isSafeInteger(payload.offset)).toBe(true);
      expect("recovered" in payload).toBe(want.since);
    }
  }
  // The run covered every kind of answer.
  const kinds = new Set([...expected.values()].map((want) => (want.type === "ERROR" ? want.code : want.type)));
  expect([...kinds].sort()).toEqual([
    "$ws:subscribed",
    "$ws:unsubscribed",
    "AUTHORIZATION_FAILED",
    "RESOURCE_NOT_FOUND",
    "VALIDATION_FAILED",
  ]);
  // Only validation problems reached onError, as typed errors.
  for (const error of reported) expect(error).toBeInstanceOf(TypeError);

  // The connection still works: a clean subscribe, then a publication arrives with its offset.
  await expectNothingElseAfterPublications(client);
  const clean = await client.roundTrip({
    type: "$ws:subscribe",
    meta: { correlationId: "end" },
    payload: { topic: "room:end" },
  });
  expect(clean).toMatchObject({ type: "$ws:subscribed", payload: { topic: "room:end", offset: 0 } });
  await router.publish(Room({ roomId: "end" }), NewMessage, { text: "still here" });
  expect(await client.next()).toMatchObject({ type: "NEW_MESSAGE", meta: { topic: "room:end", offset: 1 } });
});

/** Reads publications still queued (from the fuzz's subscriptions) until a heartbeat's ack. */
async function expectNothingElseAfterPublications(client: Awaited<ReturnType<typeof rawClient>>): Promise<void> {
  client.send({ type: "__heartbeat" });
  for (;;) {
    const frame = await client.next();
    if (frame.type === "__heartbeat_ack") return;
    expect(typeof frame.meta.topic).toBe("string");
  }
}

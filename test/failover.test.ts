/**
 * Failover: a real `wsClient` given two server processes (`url: [a, b]`) on one real Redis. When
 * A is killed (SIGKILL, no goodbye), the client moves to B and its topic subscription recovers
 * there: every publication B made meanwhile arrives exactly once, in order.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import type { WebSocketConstructor } from "@typed-ws/client";
import { type PublicationInfo, subscribe, type TopicSubscribed } from "@typed-ws/client/topics";
import { type Frame, RawClient } from "../packages/server-bun/test/raw-client.ts";
import { closeAll, makeClient, track, until } from "./helpers/network.ts";
import { AppProcess, RedisProcess } from "./helpers/redis.ts";
import { Room } from "./helpers/redis-app-schemas.ts";

let redis: RedisProcess;
let a: AppProcess;
let b: AppProcess;

beforeAll(async () => {
  redis = await RedisProcess.start();
  [a, b] = await Promise.all([AppProcess.start(redis.url), AppProcess.start(redis.url)]);
});

afterAll(async () => {
  await closeAll();
  await Promise.all([a?.kill(), b?.kill()]);
  await redis?.stop();
});

/** Bun's WebSocket, recording the URL of every socket the client creates. */
function recordingWebSocket(urls: string[]): WebSocketConstructor {
  return class extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      urls.push(String(url));
      super(url, protocols);
    }
  } as unknown as WebSocketConstructor;
}

let ids = 0;

/** Posts `text` to the room through `poster` and resolves with the publication's offset. */
async function post(poster: RawClient, roomId: string, text: string): Promise<number> {
  const correlationId = `p${++ids}`;
  const frame: Frame = await poster.roundTrip({ type: "POST", meta: { correlationId }, payload: { roomId, text } });
  expect(frame).toMatchObject({ type: "POSTED", meta: { correlationId } });
  return (frame.payload as { offset: number }).offset;
}

test("instance A killed: the client reconnects to B and gets every publication exactly once, in order", async () => {
  const roomId = "failover";
  const urls: string[] = [];
  const client = makeClient(a.url, { url: [a.url, b.url], WebSocket: recordingWebSocket(urls) });
  const texts: string[] = [];
  const infos: PublicationInfo[] = [];
  const subscribed: TopicSubscribed[] = [];
  const waiting: { count: number; resolve: () => void }[] = [];
  const reach = (count: number) =>
    texts.length >= count ? Promise.resolve() : new Promise<void>((resolve) => waiting.push({ count, resolve }));
  const room = subscribe(client, Room({ roomId }), {
    onMessage(msg, info) {
      texts.push(msg.payload.text);
      infos.push(info);
      for (const wait of waiting.filter((w) => texts.length >= w.count)) wait.resolve();
    },
    onSubscribed: (event) => subscribed.push(event),
  });
  const poster = track(await RawClient.connect(b.url));

  await client.connect();
  await room.ready;
  expect(urls).toEqual([a.url]);
  let sent = 0;
  const offsets: number[] = [];
  for (; sent < 3; ) offsets.push(await post(poster, roomId, `m${++sent}`));
  await reach(3);

  // B keeps publishing while A dies and the client moves over, and a few more once it is there.
  const reopened = until(client, (s) => s.status === "reconnecting").then(() =>
    until(client, (s) => s.status === "open"),
  );
  let moved = false;
  void reopened.then(() => {
    moved = true;
  });
  await a.kill();
  let afterMove = 0;
  while (afterMove < 5 && sent < 2000) {
    offsets.push(await post(poster, roomId, `m${++sent}`));
    if (moved) afterMove++;
  }
  await reopened;
  await reach(sent);

  const expected = Array.from({ length: sent }, (_, i) => `m${i + 1}`);
  expect(texts).toEqual(expected);
  expect(infos.map((info) => info.offset)).toEqual(offsets);
  const first = offsets[0] as number;
  expect(offsets).toEqual(Array.from({ length: sent }, (_, i) => first + i)); // gap-free
  expect(subscribed.map((event) => event.recovered)).toEqual([undefined, true]);
  // The reconnect tried A first (the URL that worked), found it dead, and went on to B.
  expect(urls).toEqual([a.url, a.url, b.url]);
  expect(client.state.status).toBe("open");
}, 20_000);

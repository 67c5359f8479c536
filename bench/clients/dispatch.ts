/**
 * Figure 3 (in-process): inbound frames/s (best of 5 alternating rounds) through the client's parse + validate + handler
 * dispatch (`client.on(Tick, handler)` fed by a fake socket), versus bare `JSON.parse` of the
 * same frames; and topic publications (`meta.topic`/`meta.offset`) through `subscribe(client, …)` of `@typed-ws/client/topics`:
 * the offset check, validation against the topic's messages, `onMessage` and `on()` handlers.
 */
import { type WebSocketConstructor, wsClient } from "@typed-ws/client";
import { subscribe } from "@typed-ws/client/topics";
import { topic } from "@typed-ws/client/zod";
import { arg, emitResult } from "../lib/child.ts";
import { FakeSocket, FakeWebSocket } from "../lib/fake-socket.ts";
import { PAYLOAD } from "../lib/payload.ts";
import { Tick } from "../lib/schemas.ts";

const total = Number(arg("frames", "500000"));
const frames = Array.from({ length: 1024 }, (_, i) =>
  JSON.stringify({ type: "TICK", meta: { timestamp: 1_763_790_000_000 + i }, payload: PAYLOAD }),
);

const ROUNDS = 5;

/** Frames per second of `step` over `count` frames. */
function rate(step: (frame: string) => void, count: number): number {
  const start = performance.now();
  for (let i = 0; i < count; i++) step(frames[i & 1023]!);
  return count / ((performance.now() - start) / 1000);
}

let sink = 0;
const parseOnly = (frame: string) => {
  sink += (JSON.parse(frame) as { payload: { text: string } }).payload.text.length;
};

const client = wsClient({ url: "ws://bench.invalid", WebSocket: FakeWebSocket, reconnect: false, heartbeat: false });
await client.connect();
let handled = 0;
client.on(Tick, (message) => {
  handled += message.payload.text.length > 0 ? 1 : 0;
});
const socket = FakeSocket.last!;
const dispatchFrame = (frame: string) => socket.receive(frame);
// Warm up both, then alternate in rounds and keep each one's best round (the machine is shared).
rate(parseOnly, total / 10);
rate(dispatchFrame, total / 10);
let bare = 0;
let typed = 0;
for (let round = 0; round < ROUNDS; round++) {
  bare = Math.max(bare, rate(parseOnly, total / ROUNDS));
  typed = Math.max(typed, rate(dispatchFrame, total / ROUNDS));
}
client.close();
if (handled !== total + total / 10) throw new Error(`handled ${handled} of ${total + total / 10} frames`);

// Topic publications: a socket that answers `$ws:subscribe` at once, frames with growing offsets
// (built before each round, so only the client's work is timed).
class TopicSocket extends FakeSocket {
  protected override onSend(data: string): void {
    const id = /"correlationId":"([^"]+)"/.exec(data)?.[1];
    if (data.startsWith('{"type":"$ws:subscribe"') && id !== undefined) {
      const answer = `{"type":"$ws:subscribed","meta":{"correlationId":"${id}"},"payload":{"topic":"ticks","epoch":"e","offset":0}}`;
      queueMicrotask(() => this.receive(answer));
    }
  }
}
const Ticks = topic("ticks", [Tick]);
const topicClient = wsClient({
  url: "ws://bench.invalid",
  WebSocket: TopicSocket as unknown as WebSocketConstructor,
  reconnect: false,
  heartbeat: false,
});
let delivered = 0;
const subscription = subscribe(topicClient, Ticks(), {
  onMessage: (message) => {
    delivered += message.payload.text.length > 0 ? 1 : 0;
  },
});
await topicClient.connect();
await subscription.ready;
const topicSocket = FakeSocket.last!;
const body = JSON.stringify(PAYLOAD);
let offset = 0;
const nextFrames = (count: number) =>
  Array.from(
    { length: count },
    () => `{"type":"TICK","meta":{"topic":"ticks","offset":${++offset},"timestamp":1763790000000},"payload":${body}}`,
  );
const topicRate = (count: number) => {
  const batch = nextFrames(count);
  const start = performance.now();
  for (let i = 0; i < count; i++) topicSocket.receive(batch[i]!);
  return count / ((performance.now() - start) / 1000);
};
topicRate(total / 10);
let topicTyped = 0;
for (let round = 0; round < ROUNDS; round++) topicTyped = Math.max(topicTyped, topicRate(total / ROUNDS));
topicClient.close();
if (delivered !== offset) throw new Error(`delivered ${delivered} of ${offset} topic publications`);
emitResult({ bare, typed, topic: topicTyped, sink });

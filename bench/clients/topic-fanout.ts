/**
 * Figure 8, the client side (Bun): `--subscribers` sockets subscribe either plainly (SUBSCRIBE →
 * `ctx.subscribe`) or to the declared topic (`$ws:subscribe`), a control socket asks for
 * `--publishes` publications, and we time until every subscriber has counted every frame. Topic
 * subscribers also check that offsets arrive gap-free.
 */
import { deliveryCounter, openInBatches, subscriber, timeBurst } from "../lib/burst.ts";
import { arg, emitResult } from "../lib/child.ts";

const mode = arg("mode", "plain") as "plain" | "topic";
const url = arg("url", "");
const subscribers = Number(arg("subscribers", "1000"));
const publishes = Number(arg("publishes", "100"));

let id = 0;
const subscribeFrame = () =>
  mode === "plain"
    ? JSON.stringify({ type: "SUBSCRIBE", meta: { correlationId: `s${id++}` } })
    : JSON.stringify({ type: "$ws:subscribe", meta: { correlationId: `s${id++}` }, payload: { topic: "bench:1" } });
const publishFrame = JSON.stringify({
  type: "TOPIC_BURST",
  meta: { correlationId: "p" },
  payload: { count: publishes, mode },
});

const counter = deliveryCounter();
let outOfOrder = 0;

/** A subscriber that counts frames and, for topic subscribers, checks offsets arrive gap-free. */
function open(): Promise<WebSocket> {
  let next = 0;
  return subscriber(
    url,
    subscribeFrame(),
    (data) => {
      if (mode === "topic") {
        // The offset is the first meta key the server writes: read it without a full parse.
        const text = String(data);
        const at = text.indexOf('"offset":') + 9;
        const offset = Number.parseInt(text.slice(at, at + 16), 10);
        if (offset !== next) outOfOrder++;
        next = offset + 1;
      }
      counter.delivered++;
      counter.onDelivered();
    },
    (answer) => {
      if (mode === "topic") next = (JSON.parse(String(answer)) as { payload: { offset: number } }).payload.offset + 1;
    },
  );
}

const sockets = await openInBatches(subscribers, open);
const expected = subscribers * publishes;
const elapsed = await timeBurst(url, publishFrame, expected, counter);
const { delivered } = counter;
// The server's CPU time for the publish loop, asked for once everything arrived.
const cpuMicros = await new Promise<number>((resolve) => {
  const stats = new WebSocket(url);
  stats.onopen = () => stats.send(JSON.stringify({ type: "BURST_STATS", meta: { correlationId: "stats" } }));
  stats.onmessage = (event) => {
    resolve((JSON.parse(String(event.data)) as { payload: { cpuMicros: number } }).payload.cpuMicros);
    stats.close();
  };
});
for (const socket of sockets) socket.close();
emitResult({ deliveriesPerSec: delivered / (elapsed / 1000), delivered, expected, outOfOrder, cpuMicros });

/**
 * Figure 8, the client side (Bun): `--subscribers` sockets subscribe either plainly (SUBSCRIBE →
 * `ctx.subscribe`) or to the declared topic (`$ws:subscribe`), a control socket asks for
 * `--publishes` publications, and we time until every subscriber has counted every frame. Topic
 * subscribers also check that offsets arrive gap-free.
 */
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

let delivered = 0;
let outOfOrder = 0;
let onDelivered = (): void => {};

/** Opens a socket, subscribes, resolves on the answer; then counts frames (and checks offsets). */
function subscriber(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.onopen = () => socket.send(subscribeFrame());
    socket.onerror = () => reject(new Error("subscriber failed to connect"));
    socket.onmessage = (answer) => {
      let next =
        mode === "topic" ? (JSON.parse(String(answer.data)) as { payload: { offset: number } }).payload.offset + 1 : 0;
      socket.onmessage = (event) => {
        if (mode === "topic") {
          // The offset is the first meta key the server writes: read it without a full parse.
          const text = String(event.data);
          const at = text.indexOf('"offset":') + 9;
          const offset = Number.parseInt(text.slice(at, at + 16), 10);
          if (offset !== next) outOfOrder++;
          next = offset + 1;
        }
        delivered++;
        onDelivered();
      };
      resolve(socket);
    };
  });
}

const sockets: WebSocket[] = [];
for (let i = 0; i < subscribers; i += 100) {
  const batch = Array.from({ length: Math.min(100, subscribers - i) }, subscriber);
  sockets.push(...(await Promise.all(batch)));
}
const control = new WebSocket(url);
await new Promise((resolve) => {
  control.onopen = resolve;
});

const expected = subscribers * publishes;
const start = performance.now();
const elapsed = await new Promise<number>((resolve) => {
  const stall = setTimeout(() => resolve(performance.now() - start), 30_000);
  onDelivered = () => {
    if (delivered === expected) {
      clearTimeout(stall);
      resolve(performance.now() - start);
    }
  };
  control.send(publishFrame);
});
control.close();
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

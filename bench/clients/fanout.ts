/**
 * Figure 4, the client side (Bun): `--subscribers` sockets subscribe, one control socket triggers
 * `--publishes` publishes, and we time until every subscriber has counted every frame.
 */
import { arg, emitResult } from "../lib/child.ts";

const impl = arg("impl", "raw");
const url = arg("url", "");
const subscribers = Number(arg("subscribers", "100"));
const publishes = Number(arg("publishes", "1000"));

let id = 0;
const subscribeFrame = () =>
  impl === "raw" ? "sub" : JSON.stringify({ type: "SUBSCRIBE", meta: { correlationId: `s${id++}` } });
const publishFrame =
  impl === "raw"
    ? `pub:${publishes}`
    : JSON.stringify({ type: "PUBLISH_BURST", meta: { correlationId: "p" }, payload: { count: publishes } });

let delivered = 0;
let onDelivered = (): void => {};

/** Opens a socket, sends the subscribe frame and resolves on its first reply; then counts frames. */
function subscriber(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.onopen = () => socket.send(subscribeFrame());
    socket.onerror = () => reject(new Error("subscriber failed to connect"));
    socket.onmessage = () => {
      socket.onmessage = () => {
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
for (const socket of sockets) socket.close();
control.close();
emitResult({ deliveriesPerSec: delivered / (elapsed / 1000), delivered, expected });

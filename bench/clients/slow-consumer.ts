/**
 * Figure 10 workload: one subscriber that stops reading (a bare TCP WebSocket, paused), one
 * healthy subscriber, and a control socket that asks for `--publishes` publishes. Then the paused
 * one reads again until the server closes it or nothing more comes for 500 ms. Reports the
 * server's memory and counters, and what each subscriber actually received.
 */
import { PausedSocket } from "../../test/helpers/paused-socket.ts";
import { arg, emitResult } from "../lib/child.ts";

const url = arg("url", "");
const publishes = Number(arg("publishes", "200000"));

const open = (u: string) =>
  new Promise<WebSocket>((resolve, reject) => {
    const ws = new WebSocket(u);
    ws.onopen = () => resolve(ws);
    ws.onerror = reject;
  });

const paused = await PausedSocket.connect(`${url}/?sub=1`);
paused.pause();
const healthy = await open(`${url}/?sub=1`);
let healthyReceived = 0;
healthy.onmessage = () => healthyReceived++;
const control = await open(url);
const report = await new Promise<Record<string, number>>((resolve) => {
  control.onmessage = (event) => resolve(JSON.parse(String(event.data)).payload);
  control.send(JSON.stringify({ type: "SLOW_BURST", meta: { correlationId: "burst" }, payload: { count: publishes } }));
});

paused.resume();
let seen = -1;
let closeCode: number | undefined;
void paused.closed.then((code) => {
  closeCode = code;
});
while (closeCode === undefined && paused.frames.length !== seen) {
  seen = paused.frames.length;
  await Bun.sleep(500);
}
emitResult({ ...report, pausedReceived: paused.frames.length, healthyReceived, closeCode: closeCode ?? 0 });

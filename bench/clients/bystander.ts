/**
 * Figure 9 workload: a bystander doing one round trip at a time, 1 ms apart (under 1,000/s, inside
 * the default budget; a raw WebSocket, so only the server is measured) until "stop" arrives on stdin. Each sample is the wall-clock send time
 * (ms since the epoch, sub-ms precision, comparable across processes) and the round trip in ms.
 * Sends the same ECHO request frame to either server: typed-ws answers it, the plain Bun echo
 * sends it back. The samples are written as JSON to `--out`.
 */
import { arg, emitResult } from "../lib/child.ts";
import { PAYLOAD } from "../lib/payload.ts";

const url = arg("url", "");
const out = arg("out", "");
const now = () => performance.timeOrigin + performance.now();

let stop = false;
void (async () => {
  for await (const chunk of Bun.stdin.stream()) if (new TextDecoder().decode(chunk).includes("stop")) break;
  stop = true;
})();

const ws = new WebSocket(url);
await new Promise((resolve, reject) => {
  ws.onopen = resolve;
  ws.onerror = reject;
});
let answer: (() => void) | undefined;
ws.onmessage = () => answer?.();

const samples: [number, number][] = [];
for (let i = 0; !stop; i++) {
  const frame = JSON.stringify({ type: "ECHO", meta: { correlationId: `b${i}` }, payload: PAYLOAD });
  const sent = now();
  await new Promise<void>((resolve) => {
    answer = resolve;
    ws.send(frame);
  });
  samples.push([sent, now() - sent]);
  await Bun.sleep(1);
}
ws.close();
// Tens of thousands of samples: too many for one stdout line before exit; they go to a file.
await Bun.write(out, JSON.stringify(samples));
emitResult({ out, count: samples.length });

/**
 * Figure 9 workload: one connection sends `--frames` ECHO requests (each with its correlation id)
 * as fast as it can (in chunks of 1,000, reading answers in between), then reads until every one
 * is answered, the server closes the connection, or no answer came for 500 ms (a plain echo
 * server drops echoes past its backpressure limit). Reports when the flood started and when its
 * last answer came (ms since the epoch), the answers, and the close code.
 */
import { arg, emitResult } from "../lib/child.ts";
import { PAYLOAD } from "../lib/payload.ts";

const url = arg("url", "");
const frames = Number(arg("frames", "200000"));
const now = () => performance.timeOrigin + performance.now();

const ws = new WebSocket(url);
await new Promise((resolve, reject) => {
  ws.onopen = resolve;
  ws.onerror = reject;
});
let answers = 0;
let limited = 0;
let closeCode = 0;
let lastAnswer = 0;
const done = Promise.withResolvers<void>();
ws.onmessage = (event) => {
  answers++;
  lastAnswer = now();
  if (String(event.data).includes("RATE_LIMIT_EXCEEDED")) limited++;
  if (answers === frames) done.resolve();
};
ws.onclose = (event) => {
  closeCode = event.code;
  done.resolve();
};

const start = now();
for (let i = 0; i < frames && closeCode === 0; i++) {
  ws.send(JSON.stringify({ type: "ECHO", meta: { correlationId: `f${i}` }, payload: PAYLOAD }));
  if (i % 1000 === 999) await Bun.sleep(0);
}
const quiet = setInterval(() => {
  if (now() - lastAnswer > 500) done.resolve();
}, 100);
await done.promise;
clearInterval(quiet);
emitResult({ start, end: closeCode === 0 ? lastAnswer : now(), answers, limited, closeCode });

/**
 * Figure 6 (in-process): heap after `--cycles` request/response cycles (each with a timeout set)
 * against a fake echo socket, versus the heap after the first 10,000 — both after a forced GC.
 * Nothing should be retained per request.
 */
import { wsClient } from "@typed-ws/client";
import { arg, emitResult } from "../lib/child.ts";
import { EchoWebSocket } from "../lib/fake-socket.ts";
import { PAYLOAD } from "../lib/payload.ts";
import { Echo, EchoResult } from "../lib/schemas.ts";

const cycles = Number(arg("cycles", "1000000"));
const WARM = 10_000;
const IN_FLIGHT = 100;

/** Forces a full collection in Bun (`Bun.gc`) or Node (`--expose-gc`) and returns the used heap. */
function heapAfterGc(): number {
  const bun = (globalThis as { Bun?: { gc(force: boolean): void } }).Bun;
  const gc = (globalThis as { gc?: () => void }).gc;
  if (bun) bun.gc(true);
  else if (gc) gc();
  else throw new Error("run Node with --expose-gc");
  return process.memoryUsage().heapUsed;
}

const client = wsClient({ url: "ws://bench.invalid", WebSocket: EchoWebSocket, reconnect: false, heartbeat: false });
await client.connect();

/** Runs `count` cycles with {@link IN_FLIGHT} requests outstanding. */
async function run(count: number): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < count) {
      next++;
      await client.request(Echo, PAYLOAD, EchoResult, { timeoutMs: 30_000 });
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
}

await run(WARM);
const afterWarm = heapAfterGc();
const start = performance.now();
await run(cycles - WARM);
const seconds = (performance.now() - start) / 1000;
const afterAll = heapAfterGc();
client.close();
emitResult({ afterWarm, afterAll, cyclesPerSec: (cycles - WARM) / seconds });

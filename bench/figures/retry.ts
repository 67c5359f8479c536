/**
 * Figure 11: retryable requests. Request/response with `retryable: true` against a server with
 * dedupe on (the default `MemoryRequestStore`: every answer remembered) vs plain requests against
 * the same server with `dedupe: false`, in one client run (interleaved rounds), and the memory a
 * remembered answer costs (the store's own accounting and the measured heap per answer).
 */
import { MemoryRequestStore } from "@typed-ws/server-bun";
import { type Runtime, runClient, startServer } from "../lib/harness.ts";
import { PAYLOAD } from "../lib/payload.ts";
import type { Row } from "../lib/table.ts";
import type { RrSizes } from "./request-response.ts";

interface RrResult {
  throughput: number;
  p50: number;
  p99: number;
}

/** Heap and accounted bytes per remembered answer, for `count` answers like the bench's ECHO_RESULT. */
function bytesPerAnswer(count: number): { heap: number; accounted: number } {
  const gc = () => Bun.gc(true);
  const store = new MemoryRequestStore({ maxBytes: 1024 ** 3 });
  gc();
  const before = process.memoryUsage().heapUsed;
  const prefix = "0zik0zk1k3x9az2pq0w7n";
  for (let i = 0; i < count; i++) {
    const id = `${prefix}.${i.toString(36)}`;
    const frame = JSON.stringify({
      type: "ECHO_RESULT",
      meta: { correlationId: id, timestamp: Date.now() },
      payload: PAYLOAD,
    });
    store.set("anonymous", id, frame);
  }
  gc();
  const heap = (process.memoryUsage().heapUsed - before) / count;
  if (store.size !== count) throw new Error(`expected ${count} answers, the store holds ${store.size}`);
  return { heap, accounted: store.bytes / count };
}

/** Runs figure 11 (client in Bun). */
export async function retry(sizes: RrSizes, answers: number): Promise<Row[]> {
  const runtime: Runtime = "bun";
  const [plain, dedupe] = await Promise.all([
    startServer("servers/typed-ws-plain.ts"),
    startServer("servers/typed-ws.ts"),
  ]);
  let results: { typed?: RrResult; retryable?: RrResult };
  try {
    const args = ["--targets", `typed=${plain.url},retryable=${dedupe.url}`];
    args.push("--total", String(sizes.total), "--inflight", String(sizes.inflight));
    args.push("--seq", String(sizes.seq), "--rounds", String(sizes.rounds));
    results = await runClient(runtime, "clients/rr.ts", args, { timeoutMs: 240_000 });
  } finally {
    await Promise.all([plain.stop(), dedupe.stop()]);
  }
  const rows: Row[] = [];
  const { typed, retryable } = results;
  if (typed && retryable) {
    const baseline = "plain requests, dedupe off (bun)";
    rows.push(
      { figure: "11", name: "plain requests, server dedupe off, pipelined", value: typed.throughput, unit: "req/s" },
      {
        figure: "11",
        name: "retryable requests, server dedupe on, pipelined",
        value: retryable.throughput,
        unit: "req/s",
        baseline,
        ratio: retryable.throughput / typed.throughput,
      },
      { figure: "11", name: "plain requests, server dedupe off, p50", value: typed.p50, unit: "µs" },
      {
        figure: "11",
        name: "retryable requests, server dedupe on, p50",
        value: retryable.p50,
        unit: "µs",
        baseline,
        ratio: retryable.p50 / typed.p50,
      },
    );
  }
  const { heap, accounted } = bytesPerAnswer(answers);
  rows.push(
    {
      figure: "11",
      name: `remembered answer, heap per answer (${answers.toLocaleString("en-US")})`,
      value: Math.round(heap),
      unit: "B",
    },
    {
      figure: "11",
      name: "remembered answer, as the store accounts it (maxBytes)",
      value: Math.round(accounted),
      unit: "B",
    },
  );
  return rows;
}

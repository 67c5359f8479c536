/**
 * Figures 1–2: request/response over loopback, 60-byte payloads. For each client runtime (Bun,
 * Node with `ws`) and each implementation (raw echo, typed-ws, socket.io, ws-kit) a fresh server
 * child and a fresh client child: pipelined throughput and one-at-a-time p50/p99.
 */
import type { Impl } from "../clients/rr-adapters.ts";
import { type Runtime, runClient, startServer } from "../lib/harness.ts";
import type { Row, Target } from "../lib/table.ts";

/** Sizes of the request/response runs. */
export interface RrSizes {
  total: number;
  inflight: number;
  seq: number;
  /** Interleaved rounds the totals are split into. */
  rounds: number;
}

interface RrResult {
  throughput: number;
  p50: number;
  p99: number;
}

const SERVERS: Record<Impl, string> = {
  raw: "servers/raw-echo.ts",
  rawjson: "servers/raw-echo.ts",
  typed: "servers/typed-ws.ts",
  retryable: "servers/typed-ws.ts",
  socketio: "servers/socketio.ts",
  wskit: "servers/ws-kit.ts",
  bare: "servers/typed-ws.ts",
};

const LABELS: Record<Impl, string> = {
  raw: "raw echo",
  rawjson: "raw echo, JSON per request",
  typed: "typed-ws",
  retryable: "typed-ws, retryable requests",
  bare: "bare (typed-ws frames, no validation)",
  socketio: "socket.io",
  wskit: "ws-kit",
};

/** Starts one server per implementation, then one client child that interleaves them all. */
async function measure(runtime: Runtime, impls: Impl[], sizes: RrSizes): Promise<Partial<Record<Impl, RrResult>>> {
  const servers = await Promise.all(impls.map((impl) => startServer(SERVERS[impl])));
  try {
    const targets = impls.map((impl, i) => `${impl}=${servers[i]!.url}`).join(",");
    const args = ["--targets", targets, "--total", String(sizes.total), "--inflight", String(sizes.inflight)];
    args.push("--seq", String(sizes.seq), "--rounds", String(sizes.rounds));
    return await runClient<Partial<Record<Impl, RrResult>>>(runtime, "clients/rr.ts", args, { timeoutMs: 240_000 });
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}

function rowsFor(runtime: Runtime, results: Partial<Record<Impl, RrResult>>): Row[] {
  const raw = results.raw;
  const rows: Row[] = [];
  const baseline = `raw echo (${runtime})`;
  for (const impl of Object.keys(LABELS) as Impl[]) {
    const r = results[impl];
    if (!r || !raw) continue;
    const isTyped = impl === "typed";
    const peers = (["socketio", "wskit"] as const).filter((p) => results[p]);
    const tputTargets: Target[] = isTyped
      ? [
          { label: "≥ 0.6× raw", pass: r.throughput >= 0.6 * raw.throughput },
          ...peers.map((p) => ({ label: `> ${LABELS[p]}`, pass: r.throughput > results[p]!.throughput })),
        ]
      : [];
    const p50Targets: Target[] = isTyped
      ? [
          { label: "≤ 1.3× raw", pass: r.p50 <= 1.3 * raw.p50 },
          ...peers.map((p) => ({ label: `< ${LABELS[p]}`, pass: r.p50 < results[p]!.p50 })),
        ]
      : [];
    const name = `${LABELS[impl]} client@${runtime}`;
    const ratio = (value: number, base: number) => (impl === "raw" ? undefined : value / base);
    rows.push(
      {
        figure: "1",
        name: `${name} pipelined`,
        value: r.throughput,
        unit: "req/s",
        baseline,
        ratio: ratio(r.throughput, raw.throughput),
        targets: tputTargets,
      },
      {
        figure: "1",
        name: `${name} p50`,
        value: r.p50,
        unit: "µs",
        baseline,
        ratio: ratio(r.p50, raw.p50),
        targets: p50Targets,
      },
      { figure: "1", name: `${name} p99`, value: r.p99, unit: "µs", baseline, ratio: ratio(r.p99, raw.p99) },
    );
  }
  return rows.map((row) =>
    row.name.startsWith("socket.io") || row.name.startsWith("ws-kit") ? { ...row, figure: "2" } : row,
  );
}

/** Runs figures 1–2 for the given runtimes and implementations. */
export async function requestResponse(runtimes: Runtime[], impls: Impl[], sizes: RrSizes): Promise<Row[]> {
  const rows: Row[] = [];
  for (const runtime of runtimes) {
    try {
      const results = await measure(runtime, impls, sizes);
      for (const [impl, r] of Object.entries(results)) console.error(`  ${runtime} ${impl}: ${JSON.stringify(r)}`);
      rows.push(...rowsFor(runtime, results));
    } catch (error) {
      console.error(`  ${runtime}: FAILED ${(error as Error).message}`);
    }
  }
  return rows;
}

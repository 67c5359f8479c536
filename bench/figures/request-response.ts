/**
 * Figures 1–2: request/response over loopback, 60-byte payloads. For each client runtime (Bun,
 * Node with `ws`) one server child per implementation (raw echo, typed-ws, socket.io, ws-kit) and
 * one client child interleaving them all: pipelined throughput and one-at-a-time p50/p99, each as
 * a ratio to the constant-string raw echo and to the raw echo with JSON per request.
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

/**
 * Targets of issue 17 on the typed-ws rows: pipelined throughput and p50 ahead of socket.io and
 * ws-kit, and typed ÷ bare ≥ 0.8 (what the client and validation cost over the frames themselves).
 */
function typedTargets(results: Partial<Record<Impl, RrResult>>, r: RrResult): { tput: Target[]; p50: Target[] } {
  const peers = (["socketio", "wskit"] as const).filter((p) => results[p]);
  const bare = results.bare;
  return {
    tput: [
      ...peers.map((p) => ({ label: `> ${LABELS[p]}`, pass: r.throughput > results[p]!.throughput })),
      ...(bare ? [{ label: "≥ 0.8× bare", pass: r.throughput >= 0.8 * bare.throughput }] : []),
    ],
    p50: peers.map((p) => ({ label: `< ${LABELS[p]}`, pass: r.p50 < results[p]!.p50 })),
  };
}

function rowsFor(runtime: Runtime, results: Partial<Record<Impl, RrResult>>, suffix: string): Row[] {
  const raw = results.raw;
  const json = results.rawjson;
  const rows: Row[] = [];
  const baseline = `raw echo (${runtime})`;
  const baseline2 = json ? `raw echo, JSON/req (${runtime})` : undefined;
  for (const impl of Object.keys(LABELS) as Impl[]) {
    const r = results[impl];
    if (!r || !raw) continue;
    const targets = impl === "typed" ? typedTargets(results, r) : { tput: [], p50: [] };
    const name = `${LABELS[impl]} client@${runtime}`;
    const ratio = (value: number, base: number) => (impl === "raw" ? undefined : value / base);
    const ratio2 = (pick: (x: RrResult) => number) =>
      json && impl !== "rawjson" ? { baseline2, ratio2: pick(r) / pick(json) } : {};
    rows.push(
      {
        figure: "1",
        name: `${name} pipelined${suffix}`,
        value: r.throughput,
        unit: "req/s",
        baseline,
        ratio: ratio(r.throughput, raw.throughput),
        ...ratio2((x) => x.throughput),
        targets: targets.tput,
      },
      {
        figure: "1",
        name: `${name} p50${suffix}`,
        value: r.p50,
        unit: "µs",
        baseline,
        ratio: ratio(r.p50, raw.p50),
        ...ratio2((x) => x.p50),
        targets: targets.p50,
      },
      {
        figure: "1",
        name: `${name} p99${suffix}`,
        value: r.p99,
        unit: "µs",
        baseline,
        ratio: ratio(r.p99, raw.p99),
        ...ratio2((x) => x.p99),
      },
    );
  }
  return rows.map((row) =>
    row.name.startsWith("socket.io") || row.name.startsWith("ws-kit") ? { ...row, figure: "2" } : row,
  );
}

/** Runs figures 1–2 for the given runtimes and implementations. */
export async function requestResponse(
  runtimes: Runtime[],
  impls: Impl[],
  sizes: RrSizes,
  /** Appended to every row name, e.g. " (run 2/3)". */
  suffix = "",
): Promise<Row[]> {
  const rows: Row[] = [];
  for (const runtime of runtimes) {
    try {
      const results = await measure(runtime, impls, sizes);
      for (const [impl, r] of Object.entries(results)) console.error(`  ${runtime} ${impl}: ${JSON.stringify(r)}`);
      rows.push(...rowsFor(runtime, results, suffix));
    } catch (error) {
      console.error(`  ${runtime}: FAILED ${(error as Error).message}`);
    }
  }
  return rows;
}

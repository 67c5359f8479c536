/**
 * Figure 9: server capacity, typed-ws against socket.io and ws-kit in the same run, each server a
 * Bun child with a stdin control channel (`lib/control.ts`) and its clients in a separate Bun
 * process (`clients/capacity.ts`), all on 127.0.0.1.
 *
 * - Memory per idle connection: server RSS after a forced GC with `connections` idle sockets
 *   open, minus the same before they connected, divided by `connections`; median of rounds,
 *   servers alternating, a fresh server each time.
 * - Validated inbound messages per second per server core: 1,000 connected clients send
 *   fire-and-forget frames (the 60-byte payload, a strict schema the server validates);
 *   messages ÷ server CPU seconds (`process.cpuUsage()` reported by the server), median of rounds.
 */
import { join } from "node:path";
import type { ServerStats } from "../lib/control.ts";
import { type ControlledServer, startControlledServer } from "../lib/controlled-server.ts";
import type { CapacityImpl } from "../lib/ingest.ts";
import type { Row } from "../lib/table.ts";

const SERVERS: Record<CapacityImpl, string> = {
  raw: "servers/capacity-raw.ts",
  typed: "servers/capacity-typed.ts",
  socketio: "servers/capacity-socketio.ts",
  wskit: "servers/capacity-wskit.ts",
};
const LABELS: Record<CapacityImpl, string> = {
  raw: "bare Bun.serve (floor)",
  typed: "typed-ws",
  socketio: "socket.io",
  wskit: "ws-kit",
};
const IMPLS: CapacityImpl[] = ["typed", "socketio", "wskit"];
/** The memory row also measures a bare Bun server: what a connection costs Bun itself. */
const IDLE_IMPLS: CapacityImpl[] = ["raw", ...IMPLS];

/** Sizes of the capacity figure. */
export interface CapacitySizes {
  /** Idle connections per server for the memory row. */
  idleConnections: number;
  /** Rounds of the memory row (servers alternating, a fresh server each; median). */
  idleRounds: number;
  /** Connected clients for the inbound-messages row. */
  ingestClients: number;
  /** Messages per round. */
  ingestMessages: number;
  /** Rounds (median). */
  ingestRounds: number;
}

/** The capacity client child, driven over stdin/stdout. */
async function startClient(impl: CapacityImpl, url: string, connections: number, messages: number) {
  const proc = Bun.spawn(
    [
      process.execPath,
      "--conditions=@typed-ws/source",
      join(import.meta.dir, "../clients/capacity.ts"),
      ...["--impl", impl, "--url", url, "--connections", String(connections), "--messages", String(messages)],
    ],
    { stdin: "pipe", stdout: "pipe", stderr: "inherit" },
  );
  const reader = proc.stdout.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const waitFor = async (line: string, timeoutMs: number) => {
    const timer = setTimeout(() => proc.kill(), timeoutMs);
    try {
      while (!text.includes(`${line}\n`)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`capacity client (${impl}) exited before ${line}`);
        text += decoder.decode(value);
      }
      text = text.slice(text.indexOf(`${line}\n`) + line.length + 1);
    } finally {
      clearTimeout(timer);
    }
  };
  const tell = (command: string) => {
    proc.stdin.write(`${command}\n`);
    proc.stdin.flush();
  };
  await waitFor("READY", 180_000);
  return {
    go: () => tell("go"),
    async close() {
      tell("close");
      const timer = setTimeout(() => proc.kill(), 10_000);
      await proc.exited;
      clearTimeout(timer);
    },
  };
}

/** Polls the server until it has counted `count` messages. */
async function untilCounted(server: ControlledServer, count: number, timeoutMs = 180_000): Promise<ServerStats> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const stats = await server.command("stats");
    if (stats.count >= count) return stats;
    if (Date.now() > deadline) throw new Error(`server counted ${stats.count} of ${count} messages`);
    await Bun.sleep(50);
  }
}

/** The median of `xs` (the mean of the middle two for an even count). */
function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

interface IdleResult {
  rssPerConnection: number;
  heapPerConnection: number;
}

async function idle(impl: CapacityImpl, connections: number): Promise<IdleResult> {
  const server = await startControlledServer(SERVERS[impl]);
  try {
    await Bun.sleep(500);
    const before = await server.command("gc");
    const client = await startClient(impl, server.url, connections, 0);
    await Bun.sleep(1_000);
    const after = await server.command("gc");
    await client.close();
    return {
      rssPerConnection: (after.rss - before.rss) / connections,
      heapPerConnection: (after.heapUsed - before.heapUsed) / connections,
    };
  } finally {
    await server.stop();
  }
}

interface IngestResult {
  perCpuSecond: number;
  perWallSecond: number;
}

async function ingest(impl: CapacityImpl, sizes: CapacitySizes): Promise<IngestResult> {
  const server = await startControlledServer(SERVERS[impl]);
  try {
    const client = await startClient(impl, server.url, sizes.ingestClients, sizes.ingestMessages);
    const cpu: number[] = [];
    const wall: number[] = [];
    try {
      for (let round = 1; round <= sizes.ingestRounds; round++) {
        const before = await server.command("stats");
        const started = performance.now();
        client.go();
        const after = await untilCounted(server, before.count + sizes.ingestMessages);
        wall.push(sizes.ingestMessages / ((performance.now() - started) / 1000));
        cpu.push(sizes.ingestMessages / ((after.cpuMicros - before.cpuMicros) / 1e6));
      }
    } finally {
      await client.close();
    }
    return { perCpuSecond: median(cpu), perWallSecond: median(wall) };
  } finally {
    await server.stop();
  }
}

/** Runs figure 9. */
export async function capacity(sizes: CapacitySizes): Promise<Row[]> {
  const rows: Row[] = [];
  const idles: Partial<Record<CapacityImpl, IdleResult>> = {};
  const ingests: Partial<Record<CapacityImpl, IngestResult>> = {};
  const idleRuns: Record<CapacityImpl, IdleResult[]> = { raw: [], typed: [], socketio: [], wskit: [] };
  for (let round = 0; round < sizes.idleRounds; round++) {
    for (const impl of IDLE_IMPLS) {
      try {
        const result = await idle(impl, sizes.idleConnections);
        idleRuns[impl].push(result);
        console.error(`  idle ${impl}: ${JSON.stringify(result)}`);
      } catch (error) {
        console.error(`  idle ${impl}: FAILED ${(error as Error).message}`);
      }
    }
  }
  for (const impl of IDLE_IMPLS) {
    const runs = idleRuns[impl];
    if (runs.length === 0) continue;
    idles[impl] = {
      rssPerConnection: median(runs.map((r) => r.rssPerConnection)),
      heapPerConnection: median(runs.map((r) => r.heapPerConnection)),
    };
  }
  for (const impl of IMPLS) {
    try {
      ingests[impl] = await ingest(impl, sizes);
      console.error(`  ingest ${impl}: ${JSON.stringify(ingests[impl])}`);
    } catch (error) {
      console.error(`  ingest ${impl}: FAILED ${(error as Error).message}`);
    }
  }
  const vs = <T>(results: Partial<Record<CapacityImpl, T>>, impl: CapacityImpl, pick: (r: T) => number) => {
    const value = results[impl];
    const io = results.socketio;
    const kit = results.wskit;
    if (impl !== "typed" || value === undefined) return {};
    return {
      ...(io === undefined ? {} : { baseline: "socket.io", ratio: pick(value) / pick(io) }),
      ...(kit === undefined ? {} : { baseline2: "ws-kit", ratio2: pick(value) / pick(kit) }),
    };
  };
  for (const impl of IDLE_IMPLS) {
    const r = idles[impl];
    if (!r) continue;
    const peers = (["socketio", "wskit"] as const).flatMap((p) => (idles[p] ? [idles[p].rssPerConnection] : []));
    const lightest = Math.min(...peers);
    rows.push({
      figure: "12",
      name: `${LABELS[impl]} server RSS per idle connection (${sizes.idleConnections.toLocaleString("en-US")}; heap ${(r.heapPerConnection / 1024).toFixed(1)} KiB)`,
      value: r.rssPerConnection / 1024,
      unit: "KiB",
      ...vs(idles, impl, (x) => x.rssPerConnection),
      ...(impl === "typed" && peers.length > 0
        ? { targets: [{ label: "≤ lightest peer", pass: r.rssPerConnection <= lightest }] }
        : {}),
    });
  }
  for (const impl of IMPLS) {
    const r = ingests[impl];
    if (!r) continue;
    rows.push({
      figure: "12",
      name: `${LABELS[impl]} validated msgs per server CPU-s, ${sizes.ingestClients.toLocaleString("en-US")} clients (wall ${Math.round(r.perWallSecond).toLocaleString("en-US")}/s)`,
      value: r.perCpuSecond,
      unit: "msg/s",
      ...vs(ingests, impl, (x) => x.perCpuSecond),
    });
  }
  return rows;
}

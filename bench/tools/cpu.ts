/**
 * CPU time per request, client and server, for profiling work (not part of `pnpm bench`):
 * wall-clock numbers on a shared 2-core machine are noisy, CPU time per request much less so.
 *
 *   bun --conditions=@typed-ws/source tools/cpu.ts [--impls raw,typed,wskit] [--total 200000] [--reps 3]
 *
 * Starts one server per implementation, runs `--total` pipelined requests (1,000 in flight) from
 * this Bun process, and prints µs of CPU per request for this client (`process.cpuUsage`) and
 * for the server (utime + stime from /proc/<pid>/stat). Median of `--reps` alternating runs.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { connect, type Impl, type RrClient } from "../clients/rr-adapters.ts";
import { arg } from "../lib/child.ts";

const SERVERS: Record<Impl, string> = {
  raw: "servers/raw-echo.ts",
  rawjson: "servers/raw-echo.ts",
  typed: "servers/typed-ws.ts",
  retryable: "servers/typed-ws.ts",
  wskit: "servers/ws-kit.ts",
  socketio: "servers/socketio.ts",
  bare: "servers/typed-ws.ts",
};
const TICKS_PER_SECOND = 100;

function serverCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  // fields[11] = utime, fields[12] = stime (0-based after the comm field)
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

function pipelined(client: RrClient, total: number, inflight: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let done = 0;
    const next = (): void => {
      if (sent === total) return;
      sent++;
      client.request().then(onReply, reject);
    };
    const onReply = (): void => {
      if (++done === total) resolve();
      else next();
    };
    for (let i = 0; i < Math.min(inflight, total); i++) next();
  });
}

async function start(file: string): Promise<{ pid: number; url: string; kill(): void }> {
  const proc = Bun.spawn([process.execPath, "--conditions=@typed-ws/source", join(import.meta.dir, "..", file)], {
    stdout: "pipe",
    stderr: "inherit",
  });
  const reader = proc.stdout.getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  const port = /PORT (\d+)/.exec(text)?.[1];
  if (port === undefined) throw new Error(`${file}: no port`);
  return { pid: proc.pid, url: `ws://127.0.0.1:${port}`, kill: () => proc.kill() };
}

const impls = arg("impls", "raw,typed").split(",") as Impl[];
const total = Number(arg("total", "200000"));
const reps = Number(arg("reps", "3"));
const runs = [];
for (const impl of impls) {
  const server = await start(SERVERS[impl]);
  const client = await connect(impl, server.url);
  await pipelined(client, 20_000, 1000); // warm-up
  runs.push({ impl, server, client, clientUs: [] as number[], serverUs: [] as number[], wallUs: [] as number[] });
}
for (let rep = 0; rep < reps; rep++) {
  for (const run of runs) {
    const c0 = process.cpuUsage();
    const s0 = serverCpuMs(run.server.pid);
    const t0 = performance.now();
    await pipelined(run.client, total, 1000);
    const wall = performance.now() - t0;
    const c = process.cpuUsage(c0);
    run.clientUs.push((c.user + c.system) / total);
    run.serverUs.push(((serverCpuMs(run.server.pid) - s0) * 1000) / total);
    run.wallUs.push((wall * 1000) / total);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const run of runs) {
  console.log(
    `${run.impl.padEnd(6)} client ${median(run.clientUs).toFixed(2)} µs/req  server ${median(run.serverUs).toFixed(2)} µs/req  wall ${median(run.wallUs).toFixed(2)} µs/req (${Math.round(1e6 / median(run.wallUs)).toLocaleString()} req/s)`,
  );
  run.client.close();
  run.server.kill();
}
process.exit(0);

/**
 * Figure 9: fairness under a flood. A bystander does one round trip at a time (idle first), then
 * one other connection floods the server with 200,000 ECHO requests. On plain `Bun.serve`
 * (echo), typed-ws with its default inbound budget, and typed-ws with `rateLimit: false`: the
 * bystander's p50/p99 idle, its worst round trip while the flooder was connected, and p50/p99
 * over a common window — as long as the flood lasted on plain Bun (median run), from the flood's
 * first frame. Three rounds; the median run is reported. Target (PROTOCOL.md v1.1, fairness):
 * typed-ws bystander p99 within 1.5× of plain Bun's over that window.
 */
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runClient, type ServerHandle, startServer } from "../lib/harness.ts";
import { percentile } from "../lib/stats.ts";
import type { Row } from "../lib/table.ts";

interface FloodResult {
  start: number;
  end: number;
  answers: number;
  limited: number;
  closeCode: number;
}

interface Measured {
  idle: number[];
  /** Round trips sent while the flooder was connected (until fully answered or cut off). */
  flood: number[];
  /** Every sample after the flood began: [ms after flood start, round trip ms]. */
  after: [number, number][];
  flooder: FloodResult;
}

/** Round trips sent within `windowMs` after the flood began. */
function inWindow(m: Measured, windowMs: number): number[] {
  return m.after.filter(([t]) => t <= windowMs).map(([, rtt]) => rtt);
}

const IDLE_MS = 1000;
/** Bystander time after the flooder is done: covers the common window when typed-ws cut the flood short. */
const TAIL_MS = 1500;
const WARMUP = 200;

/** Spawns the bystander (its stdin carries "stop"), returning its result promise and a stop function. */
function bystander(url: string): { result: Promise<[number, number][]>; stop(): void } {
  const out = join(tmpdir(), `typed-ws-bystander-${process.pid}-${Date.now()}.json`);
  const script = join(import.meta.dir, "../clients/bystander.ts");
  const proc = Bun.spawn([process.execPath, "--conditions=@typed-ws/source", script, "--url", url, "--out", out], {
    stdin: "pipe",
    stdout: "pipe",
    stderr: "inherit",
  });
  const result = new Response(proc.stdout).text().then(async (text) => {
    if (!text.includes("RESULT ")) throw new Error("bystander printed no RESULT");
    const samples = (await Bun.file(out).json()) as [number, number][];
    rmSync(out, { force: true });
    return samples;
  });
  return {
    result,
    stop() {
      proc.stdin.write("stop\n");
      proc.stdin.end();
    },
  };
}

async function measure(serverFile: string, frames: number): Promise<Measured> {
  const server: ServerHandle = await startServer(serverFile);
  try {
    const watcher = bystander(server.url);
    let flooder: FloodResult;
    try {
      await Bun.sleep(IDLE_MS);
      const args = ["--url", server.url, "--frames", String(frames)];
      flooder = await runClient<FloodResult>("bun", "clients/flooder.ts", args, { timeoutMs: 120_000 });
      await Bun.sleep(TAIL_MS);
    } finally {
      watcher.stop();
    }
    const samples = await watcher.result;
    return {
      idle: samples
        .slice(WARMUP)
        .filter(([t]) => t < flooder.start)
        .map(([, rtt]) => rtt),
      flood: samples.filter(([t]) => t >= flooder.start && t <= flooder.end).map(([, rtt]) => rtt),
      after: samples.filter(([t]) => t >= flooder.start).map(([t, rtt]) => [t - flooder.start, rtt]),
      flooder,
    };
  } finally {
    await server.stop();
  }
}

const REPEATS = 3;

/**
 * Runs figure 9 with a flood of `frames` requests from one socket: the three servers in turn,
 * {@link REPEATS} rounds, the run with the median p99 under flood reported for each.
 */
export async function flood(frames: number): Promise<Row[]> {
  const rows: Row[] = [];
  const runs = [
    ["plain Bun.serve echo", "servers/raw-echo.ts"],
    ["typed-ws (default rateLimit)", "servers/typed-ws-limited.ts"],
    ["typed-ws, rateLimit: false", "servers/typed-ws.ts"],
  ] as const;
  const results = new Map<string, Measured[]>();
  for (let round = 0; round < REPEATS; round++) {
    for (const [name, file] of runs) {
      const m = await measure(file, frames);
      results.set(name, [...(results.get(name) ?? []), m]);
      const f = m.flooder;
      console.error(
        `  ${name}: p99 idle ${percentile(m.idle, 99).toFixed(2)} ms, under flood ${percentile(m.flood, 99).toFixed(2)} ms ` +
          `(n=${m.flood.length} over ${(f.end - f.start).toFixed(0)} ms); flooder got ${f.answers} answers ` +
          `(${f.limited} RATE_LIMIT_EXCEEDED), close ${f.closeCode || "-"}`,
      );
    }
  }
  // The common window: as long as the flood lasted on plain Bun. On typed-ws the flooder is cut
  // off early, and this is what a bystander sees over the same span after the flood begins.
  const middle = (list: Measured[], key: (m: Measured) => number) =>
    [...list].sort((a, b) => key(a) - key(b))[Math.floor(list.length / 2)]!;
  const plain = middle(results.get("plain Bun.serve echo")!, (m) => m.flooder.end - m.flooder.start);
  const windowMs = plain.flooder.end - plain.flooder.start;
  const plainP99 = percentile(inWindow(plain, windowMs), 99);
  for (const [name] of runs) {
    const all = results.get(name)!;
    const p99Of = (m: Measured) => percentile(inWindow(m, windowMs), 99);
    const m = middle(all, p99Of);
    const p99 = p99Of(m);
    const isPlain = name === "plain Bun.serve echo";
    const isTyped = name === "typed-ws (default rateLimit)";
    const f = m.flooder;
    const flood = `${(f.end - f.start).toFixed(0)} ms, ${f.answers} answers${f.closeCode ? `, closed ${f.closeCode}` : ""}`;
    rows.push(
      { figure: "9", name: `${name}: bystander p50 idle`, value: percentile(m.idle, 50), unit: "ms" },
      { figure: "9", name: `${name}: bystander p99 idle`, value: percentile(m.idle, 99), unit: "ms" },
      {
        figure: "9",
        name: `${name}: bystander max while the flooder was connected (${flood})`,
        value: Math.max(...m.flood),
        unit: "ms",
      },
      {
        figure: "9",
        name: `${name}: bystander p50 in the first ${windowMs.toFixed(0)} ms of the flood`,
        value: percentile(inWindow(m, windowMs), 50),
        unit: "ms",
      },
      {
        figure: "9",
        name: `${name}: bystander p99 in the first ${windowMs.toFixed(0)} ms of the flood`,
        value: p99,
        unit: "ms",
        ...(!isPlain && { baseline: "plain Bun p99, same window", ratio: p99 / plainP99 }),
        ...(isTyped && { targets: [{ label: "≤ 1.5× plain Bun", pass: p99 <= 1.5 * plainP99 }] }),
      },
    );
  }
  return rows;
}

/**
 * `pnpm bench --profile`: CPU profiles (`--cpu-prof`) of the request/response hot paths — the
 * typed-ws client in Node (with `ws`) and the typed-ws server in Bun — written to the git-ignored
 * `bench/.out/profiles/`, then summarised (top self time) on stdout. One run of the
 * figure-1 workload (pipelined, then one at a time) against the typed-ws server only.
 */
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { startControlledServer } from "../lib/controlled-server.ts";
import { runClient } from "../lib/harness.ts";
import { summarise } from "../tools/profile-summary.ts";
import type { RrSizes } from "./request-response.ts";

/** Where the profiles go (ignored by git). */
export const PROFILE_DIR = join(import.meta.dir, "..", ".out", "profiles");

/** Writes `node-client-*.cpuprofile` and `bun-server-*.cpuprofile`; returns their summaries. */
export async function profile(sizes: RrSizes): Promise<string> {
  rmSync(PROFILE_DIR, { recursive: true, force: true });
  const clientDir = join(PROFILE_DIR, "node-client");
  const serverDir = join(PROFILE_DIR, "bun-server");
  mkdirSync(clientDir, { recursive: true });
  mkdirSync(serverDir, { recursive: true });
  const server = await startControlledServer("servers/typed-ws.ts", {
    preload: true,
    bunArgs: ["--cpu-prof", `--cpu-prof-dir=${serverDir}`],
  });
  try {
    const args = ["--targets", `typed=${server.url}`, "--total", String(sizes.total)];
    args.push("--inflight", String(sizes.inflight), "--seq", String(sizes.seq), "--rounds", "1");
    const result = await runClient("node", "clients/rr.ts", args, {
      timeoutMs: 240_000,
      runtimeArgs: ["--cpu-prof", `--cpu-prof-dir=${clientDir}`],
    });
    console.error(`  node typed (profiled): ${JSON.stringify(result)}`);
  } finally {
    await server.stop();
  }
  const files = [clientDir, serverDir].flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => f.endsWith(".cpuprofile"))
      .map((f) => join(dir, f)),
  );
  if (files.length < 2) throw new Error(`expected a client and a server profile, found ${files.join(", ") || "none"}`);
  return files.map((file) => summarise(file)).join("\n\n");
}

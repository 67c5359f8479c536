/**
 * scripts/ensure-system-deps.sh with a fake PATH: `id` and `apt-get` are stubs that log their
 * calls, and `redis-server` is missing. As root it installs with apt-get; as another user it
 * stops with the one command to run and installs nothing.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "./helpers/docs.ts";

const script = join(repoRoot, "scripts", "ensure-system-deps.sh");
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Runs the script as `uid` on a PATH holding only stubs (so redis-server is missing). */
function runAs(uid: number, env: Record<string, string> = {}) {
  const bin = mkdtempSync(join(tmpdir(), "typed-ws-deps-"));
  dirs.push(bin);
  const log = join(bin, "calls.log");
  const stub = (name: string, body: string) => {
    writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  stub("id", `echo ${uid}`);
  stub("apt-get", `echo "apt-get $*" >> "${log}"`);
  const run = Bun.spawnSync(["/bin/bash", script], {
    env: { PATH: bin, CHROMIUM_PATH: process.execPath, ...env }, // any executable stands in for Chromium
    stdout: "pipe",
    stderr: "pipe",
  });
  return {
    code: run.exitCode,
    stderr: run.stderr.toString(),
    calls: existsSync(log) ? readFileSync(log, "utf8").trim().split("\n") : [],
  };
}

describe("ensure-system-deps.sh", () => {
  test("as root, a missing redis-server is installed with apt-get", () => {
    const { code, calls } = runAs(0);
    expect(code).toBe(0);
    expect(calls).toEqual(["apt-get update -qq", "apt-get install -y -qq --no-install-recommends redis-server"]);
  });

  test("as another user, it stops at once with the one command to run, installing nothing", () => {
    const { code, stderr, calls } = runAs(1000);
    expect(code).toBe(1);
    expect(stderr).toContain("not installed: redis-server");
    expect(stderr).toContain("  sudo apt-get update && sudo apt-get install -y redis-server\n");
    expect(calls).toEqual([]);
  });

  test("a CHROMIUM_PATH that is not executable is an error, not an install", () => {
    const { code, stderr, calls } = runAs(0, { CHROMIUM_PATH: "/nonexistent/chromium" });
    expect(code).toBe(1);
    expect(stderr).toContain("CHROMIUM_PATH=/nonexistent/chromium is not an executable");
    expect(calls).toEqual([]);
  });
});

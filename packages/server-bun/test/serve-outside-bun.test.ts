/**
 * `serve()` under Node: bundles the package's source for Node with Bun, then runs it with the
 * `node` on PATH. It must fail at once with an error that names the package, the function and
 * what to do — not a late `ReferenceError: Bun is not defined`.
 */
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const dir = mkdtempSync(join(tmpdir(), "typed-ws-serve-node-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("serve() outside Bun throws a clear error naming the fix", async () => {
  const build = await Bun.build({
    entrypoints: [join(import.meta.dir, "..", "src", "index.ts")],
    target: "node",
    format: "esm",
    conditions: ["@typed-ws/source"],
    outdir: dir,
  });
  expect(build.success).toBe(true);
  const script = join(dir, "main.mjs");
  writeFileSync(
    script,
    [
      'import { createRouter, serve } from "./index.js";',
      "try { serve(createRouter(), { port: 0 }); console.log('served'); }",
      'catch (error) { console.log(error.name + ": " + error.message); process.exitCode = 3; }',
    ].join("\n"),
  );
  const node = Bun.spawnSync(["node", script], { stdout: "pipe", stderr: "pipe" });
  const out = node.stdout.toString();
  expect(node.exitCode).toBe(3);
  expect(out).toStartWith("Error: @typed-ws/server-bun: serve() needs the Bun runtime");
  expect(out).toContain("`bun server.ts`");
  expect(out).not.toContain("is not defined");
});

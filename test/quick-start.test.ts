/**
 * The root README's quick start, run as written: `server.ts` under Bun (the harness swaps
 * `{ port: 3000 }` for port 0 on 127.0.0.1 and reads the port it prints), then `client.ts`
 * against it (the harness swaps the URL's port) — it must print the sum. Both are the README's
 * own blocks, extracted the same way the snippet type-check extracts them (docs/snippets.md).
 */
import { afterEach, describe, expect, test } from "bun:test";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Subprocess } from "bun";
import { repoRoot } from "./helpers/docs.ts";
import { buildModules, extractBlocks } from "./helpers/snippets.ts";

const runRoot = join(repoRoot, "docs", ".snippets-run", "quick-start");
const processes: Subprocess[] = [];

afterEach(() => {
  for (const proc of processes.splice(0)) proc.kill();
});

/** The README's named blocks (`// server.ts`…) written to runRoot, after `edit`. */
function writeQuickStart(edit: (path: string, code: string) => string): Map<string, string> {
  rmSync(runRoot, { recursive: true, force: true });
  const files = new Map<string, string>();
  const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
  for (const module of buildModules(extractBlocks(readme, "README.md"))) {
    const code = edit(module.path, module.code);
    const path = join(runRoot, module.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, code);
    files.set(module.path, code);
  }
  return files;
}

/** Starts `bun <file>` in runRoot with the workspace's source condition. */
function run(file: string): Subprocess<"ignore", "pipe", "pipe"> {
  const proc = Bun.spawn([process.execPath, "--conditions=@typed-ws/source", file], {
    cwd: runRoot,
    stdout: "pipe",
    stderr: "pipe",
  });
  processes.push(proc);
  return proc;
}

/**
 * Resolves with the first stdout match of `pattern`; rejects if the process exits first or
 * `deadlineMs` passes (a failure guard, not a timing assertion), with what it printed.
 */
async function waitForOutput(
  proc: Subprocess<"ignore", "pipe", "pipe">,
  pattern: RegExp,
  what: string,
  deadlineMs = 10_000,
): Promise<RegExpMatchArray> {
  let stdout = "";
  const stderr = new Response(proc.stderr).text();
  const explain = async (why: string) =>
    new Error(
      `${what}: ${why}\n--- stdout ---\n${stdout}\n--- stderr ---\n${proc.killed ? "" : await Promise.race([stderr, ""])}`,
    );
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(async () => {
      proc.kill();
      reject(await explain(`nothing matching ${pattern} within ${deadlineMs} ms`));
    }, deadlineMs);
  });
  const read = (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of proc.stdout) {
      stdout += decoder.decode(chunk, { stream: true });
      const match = stdout.match(pattern);
      if (match) return match;
    }
    throw await explain(`exited with code ${await proc.exited} before printing ${pattern}`);
  })();
  try {
    return await Promise.race([read, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

describe("README quick start, run as written", () => {
  test("server.ts serves, client.ts connects on its first request and prints 8", async () => {
    let port = 0;
    const edits = (path: string, code: string) => {
      if (path === "server.ts") {
        expect(code).toContain("serve(router, { port: 3000 })");
        return code.replace("serve(router, { port: 3000 })", 'serve(router, { port: 0, hostname: "127.0.0.1" })');
      }
      if (path === "client.ts") {
        expect(code).toContain('"ws://localhost:3000"');
        return code.replace('"ws://localhost:3000"', `"ws://127.0.0.1:${port}"`);
      }
      return code;
    };
    const files = writeQuickStart(edits);
    expect([...files.keys()]).toEqual(expect.arrayContaining(["shared/messages.ts", "server.ts", "client.ts"]));

    const server = run("server.ts");
    const [, printed] = await waitForOutput(server, /listening on ws:\/\/localhost:(\d+)/, "server.ts");
    port = Number(printed);
    expect(port).toBeGreaterThan(0);

    writeQuickStart(edits); // client.ts again, now with the real port
    const client = run("client.ts");
    const [line] = await waitForOutput(client, /^.*\n/, "client.ts (does the client connect on its first request?)");
    expect(line).toBe("8\n");
  }, 30_000);
});

/**
 * The root README's quick start, run as written: `server.ts` under Bun (the harness swaps
 * `{ port: 3000 }` for port 0 on 127.0.0.1 and reads the port it prints), then `client.ts`
 * against it (the harness swaps the URL's port) — it must print the sum; then `App.tsx` rendered
 * with React DOM in a jsdom document against the same kind of server: it must show the open
 * connection and the sum, and a click must bring the server's broadcast back. All are the
 * README's own blocks, extracted as the snippet type-check extracts them (docs/snippets.md).
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

/** The README's server.ts, on port 0 at 127.0.0.1; resolves with the port it printed. */
async function startServer(): Promise<number> {
  writeQuickStart((path, code) => {
    if (path !== "server.ts") return code;
    expect(code).toContain("serve(router, { port: 3000 })");
    return code.replace("serve(router, { port: 3000 })", 'serve(router, { port: 0, hostname: "127.0.0.1" })');
  });
  const [, printed] = await waitForOutput(run("server.ts"), /listening on ws:\/\/localhost:(\d+)/, "server.ts");
  return Number(printed);
}

/** The README's blocks again, with `ws://localhost:3000` pointing at `port`. */
function pointAt(port: number, extra: (path: string, code: string) => string = (_, code) => code) {
  return writeQuickStart((path, code) =>
    extra(path, code.replaceAll('"ws://localhost:3000"', `"ws://127.0.0.1:${port}"`)),
  );
}

/**
 * Renders the README's App.tsx in a jsdom document (its own Bun process, so no DOM globals leak
 * into other tests), prints the button's text once it shows the open connection and the sum,
 * clicks it, and prints the text once the server's broadcast arrived. Waits on a
 * MutationObserver; a deadline guards failure.
 */
const renderApp = (jsdom: string) => `
import { JSDOM } from ${JSON.stringify(jsdom)};
const dom = new JSDOM('<!doctype html><div id="root"></div>', { url: "http://localhost/" });
for (const key of ["window", "document", "navigator", "HTMLElement", "HTMLIFrameElement", "Node", "Element", "Event"]) {
  globalThis[key] = key === "window" ? dom.window : dom.window[key];
}
const { App, __client } = await import("./App.tsx");
const React = await import("react");
const { createRoot } = await import("react-dom/client");
const container = document.getElementById("root");
const shows = (pattern) => new Promise((resolve, reject) => {
  const check = () => {
    if (!pattern.test(container.textContent)) return;
    observer.disconnect();
    clearTimeout(timer);
    resolve(container.textContent);
  };
  const observer = new dom.window.MutationObserver(check);
  const timer = setTimeout(() => reject(new Error("never showed " + pattern + ": " + container.textContent)), 10000);
  observer.observe(container, { subtree: true, childList: true, characterData: true });
  check();
});
const root = createRoot(container);
root.render(React.createElement(App));
console.log(await shows(/open · 0 online · 5 \\+ 3 = 8/));
container.querySelector("button").click();
console.log(await shows(/1 online/));
root.unmount();
__client.close();
process.exit(0);
`;

describe("README quick start, run as written", () => {
  test("server.ts serves, client.ts connects on its first request and prints 8", async () => {
    const port = await startServer();
    expect(port).toBeGreaterThan(0);
    const files = pointAt(port);
    expect([...files.keys()]).toEqual(expect.arrayContaining(["shared/messages.ts", "server.ts", "client.ts"]));
    expect(files.get("client.ts")).toContain(`"ws://127.0.0.1:${port}"`);

    const client = run("client.ts");
    const [line] = await waitForOutput(client, /^.*\n/, "client.ts (does the client connect on its first request?)");
    expect(line).toBe("8\n");
  }, 30_000);

  test("App.tsx renders the open connection and the sum; a click joins and the server's broadcast arrives", async () => {
    const port = await startServer();
    // The harness also exports the module-scope client, to close it at the end.
    pointAt(port, (path, code) => (path === "App.tsx" ? `${code}\nexport { client as __client };\n` : code));
    writeFileSync(join(runRoot, "render-app.ts"), renderApp(Bun.resolveSync("jsdom", repoRoot)));

    const [, first, second] = await waitForOutput(run("render-app.ts"), /^(.*)\n(.*)\n/, "App.tsx in jsdom");
    expect(first).toBe("open · 0 online · 5 + 3 = 8");
    expect(second).toBe("open · 1 online · 5 + 3 = 8");
  }, 30_000);
});

/**
 * The bench harness: starts servers as Bun child processes on 127.0.0.1 port 0, runs client
 * workloads as child processes in Bun or Node (Node gets an esbuild bundle, since Node 20 cannot
 * run TypeScript), and reads each child's `RESULT {json}` line.
 */
import { mkdirSync } from "node:fs";
import { basename, join } from "node:path";
import { build } from "esbuild";

/** The runtimes a client workload can run in. */
export type Runtime = "bun" | "node";

const BENCH_DIR = join(import.meta.dir, "..");
const OUT_DIR = join(BENCH_DIR, ".out");
const SOURCE_CONDITION = "@typed-ws/source";

/** A running server child. */
export interface ServerHandle {
  readonly port: number;
  readonly url: string;
  stop(): Promise<void>;
}

/** Starts `bench/<file>` in Bun and waits for its `PORT <n>` line. */
export async function startServer(file: string, timeoutMs = 15_000): Promise<ServerHandle> {
  const proc = Bun.spawn([process.execPath, `--conditions=${SOURCE_CONDITION}`, join(BENCH_DIR, file)], {
    stdout: "pipe",
    stderr: "inherit",
  });
  const reader = proc.stdout.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const deadline = Date.now() + timeoutMs;
  while (!text.includes("\n")) {
    if (Date.now() > deadline) break;
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value);
  }
  reader.releaseLock();
  const match = /^PORT (\d+)/m.exec(text);
  if (!match) {
    proc.kill();
    throw new Error(`${file} did not announce a port (got ${JSON.stringify(text)})`);
  }
  const port = Number(match[1]);
  return {
    port,
    url: `ws://127.0.0.1:${port}`,
    async stop() {
      proc.kill();
      await proc.exited;
    },
  };
}

const bundles = new Map<string, string>();

/** Bundles a workload for Node (ESM), resolving workspace packages to their `src/`. Cached per run. */
async function bundleForNode(file: string): Promise<string> {
  const cached = bundles.get(file);
  if (cached) return cached;
  mkdirSync(OUT_DIR, { recursive: true });
  const outfile = join(OUT_DIR, `${basename(file).replace(/\.tsx?$/, "")}.node.mjs`);
  await build({
    entryPoints: [join(BENCH_DIR, file)],
    outfile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    conditions: [SOURCE_CONDITION],
    external: ["ws", "socket.io-client", "bufferutil", "utf-8-validate", "jsdom"],
    logLevel: "error",
  });
  bundles.set(file, outfile);
  return outfile;
}

/** Options of {@link runClient}. */
export interface RunOptions {
  /** Kill the child after this long. @default 120000 */
  timeoutMs?: number;
  /** Expose a forced GC (`node --expose-gc`; Bun always has `Bun.gc`). */
  exposeGc?: boolean;
  /** Runtime flags before the file, e.g. `--cpu-prof` (bench `--profile`). */
  runtimeArgs?: string[];
  /** Extra environment variables. */
  env?: Record<string, string>;
}

/** Runs `bench/<file>` with `args` in `runtime`; resolves with the JSON of its `RESULT` line. */
export async function runClient<T>(
  runtime: Runtime,
  file: string,
  args: string[],
  options: RunOptions = {},
): Promise<T> {
  const command =
    runtime === "bun"
      ? [
          process.execPath,
          `--conditions=${SOURCE_CONDITION}`,
          ...(options.runtimeArgs ?? []),
          join(BENCH_DIR, file),
          ...args,
        ]
      : [
          "node",
          ...(options.exposeGc ? ["--expose-gc"] : []),
          ...(options.runtimeArgs ?? []),
          await bundleForNode(file),
          ...args,
        ];
  const env = { ...process.env, ...options.env };
  const proc = Bun.spawn(command, { stdout: "pipe", stderr: "inherit", cwd: BENCH_DIR, env });
  const timer = setTimeout(() => proc.kill(), options.timeoutMs ?? 120_000);
  const [stdout, code] = await Promise.all([new Response(proc.stdout).text(), proc.exited]);
  clearTimeout(timer);
  const line = stdout.split("\n").find((l) => l.startsWith("RESULT "));
  if (code !== 0 || !line) {
    throw new Error(`${runtime} ${file} ${args.join(" ")} exited ${code}${line ? "" : " without a RESULT line"}`);
  }
  return JSON.parse(line.slice("RESULT ".length)) as T;
}

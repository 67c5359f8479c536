/**
 * Starts a Bun server child with the stdin control channel (`lib/control.ts`): its port, its pid,
 * and `command()` to ask it for stats, a GC or an exit. Used by the capacity figure and `--profile`.
 */
import { join } from "node:path";
import type { ServerStats } from "./control.ts";

const BENCH_DIR = join(import.meta.dir, "..");

/** A running server child with a control channel. */
export interface ControlledServer {
  readonly pid: number;
  readonly port: number;
  readonly url: string;
  /** Sends `stats` or `gc` and resolves with the server's answer. */
  command(command: "stats" | "gc"): Promise<ServerStats>;
  /** Asks the server to exit (so `--cpu-prof` writes its profile) and waits; kills it after 10 s. */
  stop(): Promise<void>;
}

/** Options of {@link startControlledServer}. */
export interface ControlledServerOptions {
  /** Bun flags before the file, e.g. `["--cpu-prof", "--cpu-prof-dir=…"]`. */
  bunArgs?: string[];
  /** Load the control channel with `--preload` (for servers that do not start it themselves). */
  preload?: boolean;
  timeoutMs?: number;
}

/** Starts `bench/<file>` in Bun and waits for its `PORT <n>` line. */
export async function startControlledServer(
  file: string,
  options: ControlledServerOptions = {},
): Promise<ControlledServer> {
  const preload = options.preload ? ["--preload", join(BENCH_DIR, "lib/control-preload.ts")] : [];
  const proc = Bun.spawn(
    [process.execPath, "--conditions=@typed-ws/source", ...preload, ...(options.bunArgs ?? []), join(BENCH_DIR, file)],
    { stdin: "pipe", stdout: "pipe", stderr: "inherit", cwd: BENCH_DIR },
  );
  const lines: string[] = [];
  const waiters: Array<(line: string) => void> = [];
  void (async () => {
    const decoder = new TextDecoder();
    let text = "";
    for await (const chunk of proc.stdout) {
      text += decoder.decode(chunk);
      for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n")) {
        const line = text.slice(0, i);
        text = text.slice(i + 1);
        const waiter = waiters.shift();
        if (waiter) waiter(line);
        else lines.push(line);
      }
    }
  })();
  const nextLine = (timeoutMs: number) =>
    new Promise<string>((resolve, reject) => {
      const queued = lines.shift();
      if (queued !== undefined) return resolve(queued);
      const timer = setTimeout(() => reject(new Error(`${file}: no answer within ${timeoutMs} ms`)), timeoutMs);
      waiters.push((line) => {
        clearTimeout(timer);
        resolve(line);
      });
    });
  const first = await nextLine(options.timeoutMs ?? 30_000).catch((error: Error) => {
    proc.kill();
    throw error;
  });
  const match = /^PORT (\d+)/.exec(first);
  if (!match) {
    proc.kill();
    throw new Error(`${file} did not announce a port (got ${JSON.stringify(first)})`);
  }
  const port = Number(match[1]);
  return {
    pid: proc.pid,
    port,
    url: `ws://127.0.0.1:${port}`,
    async command(command) {
      proc.stdin.write(`${command}\n`);
      proc.stdin.flush();
      for (;;) {
        const line = await nextLine(60_000);
        if (line.startsWith("STATS ")) return JSON.parse(line.slice("STATS ".length)) as ServerStats;
      }
    },
    async stop() {
      proc.stdin.write("exit\n");
      proc.stdin.flush();
      const timer = setTimeout(() => proc.kill(), 10_000);
      await proc.exited;
      clearTimeout(timer);
    },
  };
}

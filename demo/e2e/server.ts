import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { bunBin, distDir, repoRoot } from "./paths.ts";

const LISTENING = /listening on http:\/\/127\.0\.0\.1:(\d+)/;

/** A demo server (or its supervisor) running as a child process. */
export interface DemoServer {
  readonly port: number;
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything it printed, for failure messages. */
  output(): string;
  /** Waits until it prints its listening line again (after a supervised restart). */
  waitForListening(afterOutputLength: number): Promise<void>;
  /** SIGKILL, as a crash would; resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM; resolves once the process is gone. */
  stop(): Promise<void>;
}

/** Starts `demo/server/main.ts` (or `supervise.ts`) with Bun on 127.0.0.1 and reads its port. */
export async function startDemoServer(options: { port?: number; supervised?: boolean } = {}): Promise<DemoServer> {
  const script = fileURLToPath(new URL(`../server/${options.supervised ? "supervise" : "main"}.ts`, import.meta.url));
  const child = spawn(bunBin, ["--conditions=@typed-ws/source", script], {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(options.port ?? 0), DEMO_DIST: distDir },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const waitForListening = (from: number) =>
    new Promise<number>((resolve, reject) => {
      const check = () => {
        const match = LISTENING.exec(output.slice(from));
        if (match !== null) {
          listeners.delete(check);
          resolve(Number(match[1]));
        }
      };
      listeners.add(check);
      check();
      void exited.then(() => {
        listeners.delete(check);
        reject(new Error(`demo server exited before listening:\n${output}`));
      });
    });

  const port = await waitForListening(0);
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    child,
    output: () => output,
    waitForListening: async (from) => {
      await waitForListening(from);
    },
    kill: () => end("SIGKILL"),
    stop: () => end("SIGTERM"),
  };
}

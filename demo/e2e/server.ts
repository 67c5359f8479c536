import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { bunBin, distDir, repoRoot } from "./paths.ts";

const LISTENING = /listening on http:\/\/127\.0\.0\.1:(\d+)/;

/** A demo server (or its supervisor) running as a child process. */
export interface DemoServer {
  readonly port: number;
  readonly url: string;
  readonly child: ChildProcess;
  /** The SQLite file holding its room history (pass it to a restart to keep the history). */
  readonly topicDb: string;
  /** Everything it printed, for failure messages. */
  output(): string;
  /** Waits until it prints its listening line again (after a supervised restart). */
  waitForListening(afterOutputLength: number): Promise<void>;
  /** SIGKILL, as a crash would; resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM; resolves once the process is gone. */
  stop(): Promise<void>;
}

/** Options of {@link startDemoServer}. */
export interface DemoServerOptions {
  /** @default 0 (a free port) */
  port?: number;
  /** Run under the supervisor (the restart button works). */
  supervised?: boolean;
  /** The room history file. @default a new file in a fresh temporary folder (no history) */
  topicDb?: string;
}

/**
 * Starts `demo/server/main.ts` (or `supervise.ts`) with Bun on 127.0.0.1 and reads its port.
 * Room history goes to its own SQLite file, never the shared `demo/.data/`.
 */
export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const script = fileURLToPath(new URL(`../server/${options.supervised ? "supervise" : "main"}.ts`, import.meta.url));
  const topicDb = options.topicDb ?? join(mkdtempSync(join(tmpdir(), "typed-ws-demo-e2e-")), "topics.sqlite");
  const child = spawn(bunBin, ["--conditions=@typed-ws/source", script], {
    cwd: repoRoot,
    env: {
      ...process.env,
      PORT: String(options.port ?? 0),
      DEMO_DIST: distDir,
      TOPIC_STORE: "sqlite",
      TOPIC_DB: topicDb,
    },
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
    topicDb,
    output: () => output,
    waitForListening: async (from) => {
      await waitForListening(from);
    },
    kill: () => end("SIGKILL"),
    stop: () => end("SIGTERM"),
  };
}
